//! Model values shared by the dialects' rendering and planning tests.

use sluice_schema::*;

pub fn q(name: &str) -> QualifiedName {
    QualifiedName::bare(name)
}

pub fn col(name: &str, ty: SqlType) -> Column {
    Column::new(name, ty)
}

pub fn not_null(mut c: Column) -> Column {
    c.nullable = false;
    c
}

pub fn with_default(mut c: Column, expr: &str) -> Column {
    c.default = Some(Expr::new(expr));
    c
}

pub fn pk(name: Option<&str>, cols: &[&str]) -> PrimaryKey {
    PrimaryKey {
        name: name.map(str::to_string),
        columns: cols.iter().map(|c| c.to_string()).collect(),
        autoincrement: false,
    }
}

pub fn unique(name: Option<&str>, cols: &[&str]) -> Unique {
    Unique {
        name: name.map(str::to_string),
        columns: cols.iter().map(|c| c.to_string()).collect(),
        nulls_not_distinct: false,
        deferrable: Deferrable::NotDeferrable,
    }
}

pub fn check(name: Option<&str>, expr: &str) -> Check {
    Check { name: name.map(str::to_string), expr: Expr::new(expr), no_inherit: false }
}

pub fn fk(
    name: Option<&str>,
    cols: &[&str],
    table: QualifiedName,
    ref_cols: &[&str],
) -> ForeignKey {
    ForeignKey {
        name: name.map(str::to_string),
        columns: cols.iter().map(|c| c.to_string()).collect(),
        ref_table: table,
        ref_columns: ref_cols.iter().map(|c| c.to_string()).collect(),
        on_delete: FkAction::NoAction,
        on_update: FkAction::NoAction,
        deferrable: Deferrable::NotDeferrable,
        match_full: false,
    }
}

pub fn index(name: &str, cols: &[&str]) -> Index {
    Index {
        name: name.to_string(),
        unique: false,
        method: None,
        keys: cols.iter().map(|c| IndexKey::column(c)).collect(),
        include: Vec::new(),
        predicate: None,
        nulls_not_distinct: false,
        comment: None,
    }
}

/// A PostgreSQL table that uses most of what a table can hold.
pub fn pg_users() -> Table {
    let mut id = not_null(col("id", SqlType::BigInt));
    id.identity = Some(Box::new(Identity { always: true, options: SequenceOptions::default() }));
    let mut email = not_null(col("email", SqlType::Text));
    email.collation = Some("C".into());
    let name = with_default(col("name", SqlType::Varchar { length: Some(100) }), "'anon'");
    let created = not_null(with_default(
        col("created_at", SqlType::Timestamp { precision: None, with_time_zone: true }),
        "now()",
    ));
    let score =
        with_default(col("score", SqlType::Numeric { precision: Some(10), scale: Some(2) }), "0");
    let mut shout = col("shout", SqlType::Text);
    shout.generated = Some(Box::new(Generated { expr: Expr::new("upper(name)"), stored: true }));
    let mut display = col("Display Name", SqlType::Text);
    display.comment = Some("Shown to other users; it's optional".into());
    let mut t = Table::new(QualifiedName::new(Some("app"), "users"));
    t.columns = vec![id, email, name, created, score, shout, display];
    t.primary_key = Some(pk(Some("users_pkey"), &["id"]));
    t.uniques = vec![unique(Some("users_email_key"), &["email"])];
    t.checks = vec![check(Some("users_score_check"), "score >= 0")];
    t.comment = Some("People who sign in".into());
    let mut by_created = index("users_created_at_idx", &["created_at"]);
    by_created.keys[0].descending = true;
    by_created.keys[0].nulls = Some(NullsOrder::Last);
    t.indexes = vec![by_created];
    t
}

/// A PostgreSQL table with a foreign key to [`pg_users`].
pub fn pg_posts() -> Table {
    let mut t = Table::new(QualifiedName::new(Some("app"), "posts"));
    let mut id = not_null(col("id", SqlType::BigInt));
    id.identity = Some(Box::new(Identity { always: false, options: SequenceOptions::default() }));
    t.columns = vec![
        id,
        not_null(col("author_id", SqlType::BigInt)),
        not_null(col("title", SqlType::Text)),
        with_default(
            col("tags", SqlType::Array { element: Box::new(SqlType::Text), dims: 1 }),
            "'{}'",
        ),
    ];
    t.primary_key = Some(pk(Some("posts_pkey"), &["id"]));
    let mut f = fk(
        Some("posts_author_id_fkey"),
        &["author_id"],
        QualifiedName::new(Some("app"), "users"),
        &["id"],
    );
    f.on_delete = FkAction::Cascade;
    t.foreign_keys = vec![f];
    t.indexes = vec![index("posts_author_id_idx", &["author_id"])];
    t.options.unlogged = false;
    t
}

/// A SQLite table: AUTOINCREMENT key, STRICT, a foreign key, an index.
pub fn sq_users() -> Table {
    let mut t = Table::new(q("users"));
    t.columns = vec![
        not_null(col("id", SqlType::Integer)),
        not_null(col("email", SqlType::Text)),
        with_default(col("name", SqlType::Text), "'anon'"),
        with_default(col("created_at", SqlType::Text), "CURRENT_TIMESTAMP"),
        col("team_id", SqlType::Integer),
    ];
    t.primary_key = Some(PrimaryKey { autoincrement: true, ..pk(None, &["id"]) });
    t.uniques = vec![unique(None, &["email"])];
    t.checks = vec![check(None, "length(email) > 3")];
    t.foreign_keys = vec![FkAction::SetNull]
        .into_iter()
        .map(|a| ForeignKey { on_delete: a, ..fk(None, &["team_id"], q("teams"), &["id"]) })
        .collect();
    t.indexes = vec![index("users_name_idx", &["name"])];
    t.options.strict = true;
    t
}

pub fn sq_teams() -> Table {
    let mut t = Table::new(q("teams"));
    t.columns = vec![not_null(col("id", SqlType::Integer)), not_null(col("name", SqlType::Text))];
    t.primary_key = Some(pk(None, &["id"]));
    t
}

pub fn schema(dialect: Dialect, tables: Vec<Table>) -> Schema {
    let mut s = Schema::empty(dialect);
    s.tables = tables;
    s
}

/// Names that are keywords, carry quotes, semicolons, line breaks or
/// non-ASCII letters, and comments that carry quotes.
pub fn hostile_table(schema: Option<&str>) -> Table {
    let mut t = Table::new(QualifiedName::new(schema, "select"));
    t.columns = vec![
        not_null(col("a\"b", SqlType::Integer)),
        col("user", SqlType::Text),
        col("position", SqlType::Integer),
        col("café", SqlType::Text),
        col("x; DROP TABLE y; --", SqlType::Text),
        col("Mixed\nCase", SqlType::Text),
        with_default(col("key", SqlType::Text), "'it''s'"),
    ];
    t.primary_key = Some(pk(Some("select pkey"), &["a\"b"]));
    t.checks = vec![check(Some("no ; here"), "\"position\" > 0")];
    t.indexes = vec![index("idx\"; DROP", &["user", "café"])];
    t
}
