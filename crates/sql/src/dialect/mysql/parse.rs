//! MySQL/MariaDB schema files -> one [`Schema`]. Each file is split into
//! statements (with their byte spans) and each statement is parsed with
//! sqlparser's `MySqlDialect`; the syntax tree is then read into the model.
//! `CREATE TABLE`, `CREATE INDEX` and `CREATE VIEW` declare objects; `SET`
//! (session settings, as dumps begin with) is ignored; every other
//! statement, and every clause the model cannot hold (ON UPDATE,
//! partitions, other engines...), is a located error, never dropped. Unquoted and quoted names are kept as written (MySQL
//! stores them so on Linux).

use super::canon;
use crate::{ObjectKey, Origin, Parsed, SourceFile, Span, SqlError};
use sluice_schema::{
    Check, Column, Dialect, FkAction, ForeignKey, Generated, Hints, Identity, Index, IndexKey,
    IndexTarget, PrimaryKey, QualifiedName, Schema, Table, View,
};
use sqlparser::ast::{
    ColumnOption, CreateTableOptions, GeneratedExpressionMode, IndexColumn, IndexType, ObjectName,
    ReferentialAction, SqlOption, Statement, TableConstraint,
};
use sqlparser::dialect::MySqlDialect;
use sqlparser::parser::Parser;
use std::collections::BTreeMap;

pub(crate) fn parse(files: &[SourceFile]) -> Parsed {
    let mut p = Parsed {
        schema: Schema::empty(Dialect::Mysql),
        hints: Hints::default(),
        errors: Vec::new(),
        origins: BTreeMap::new(),
    };
    let mut indexes: Vec<(usize, Span, QualifiedName, Index)> = Vec::new();
    for (fi, file) in files.iter().enumerate() {
        let pieces = match crate::split::split(&file.text, Dialect::Mysql) {
            Ok(p) => p,
            Err(e) => {
                let off = offset_of(&file.text, e.line as usize, e.column as usize);
                p.errors.push(SqlError::new(file, one_char(&file.text, off), e.message));
                continue;
            }
        };
        for piece in pieces {
            let ctx = Ctx { file, span: piece.span };
            if let Some(e) = partition_clause(&ctx, &piece.sql) {
                p.errors.push(e);
                continue;
            }
            let stmts = match Parser::parse_sql(&MySqlDialect {}, &piece.sql) {
                Ok(s) => s,
                Err(e) => {
                    p.errors.push(ctx.parse_error(&piece.sql, &e.to_string()));
                    continue;
                }
            };
            for s in stmts {
                let origin = Origin {
                    file: fi,
                    offset: piece.span.start,
                    leading_comment: crate::annotations::leading_comment(
                        &file.text,
                        piece.span.start,
                    ),
                };
                match statement(&ctx, &s) {
                    Ok(Decl::Table(t)) => {
                        if let Some(old) = crate::annotations::renamed_from_as_written(
                            &file.text,
                            piece.span.start,
                        ) {
                            p.hints.tables.push((QualifiedName::bare(&old), t.name.clone()));
                        }
                        if p.schema.table(&t.name).is_some() {
                            p.errors.push(ctx.error(
                                format!("table `{}` is declared twice", t.name),
                                "remove one of the two CREATE TABLE statements",
                            ));
                            continue;
                        }
                        p.origins.insert(ObjectKey::Table(t.name.clone()), origin);
                        p.schema.tables.push(t);
                    }
                    Ok(Decl::Index(table, ix)) => indexes.push((fi, piece.span, table, ix)),
                    Ok(Decl::View(v)) => {
                        p.origins.insert(ObjectKey::View(v.name.clone()), origin);
                        p.schema.views.push(v);
                    }
                    Ok(Decl::Nothing) => {}
                    Err(e) => p.errors.push(*e),
                }
            }
        }
    }
    for (fi, span, table, ix) in indexes {
        match p.schema.table_mut(&table) {
            Some(t) => t.indexes.push(ix),
            None => p.errors.push(
                SqlError::new(
                    &files[fi],
                    span,
                    format!(
                        "index `{}` is on table `{table}`, which no schema file declares",
                        ix.name
                    ),
                )
                .with_label("unknown table")
                .with_help("declare the table, or fix the name"),
            ),
        }
    }
    for t in &mut p.schema.tables {
        let fks: Vec<(Vec<String>, Option<String>)> =
            t.foreign_keys.iter().map(|f| (f.columns.clone(), f.name.clone())).collect();
        for (cols, name) in &fks {
            canon::add_foreign_key_index(t, cols, name.as_deref());
        }
        let table = t.name.name.clone();
        let mut n = 0;
        for fk in &mut t.foreign_keys {
            if fk.name.is_none() {
                n += 1;
                fk.name = Some(format!("{table}_ibfk_{n}"));
            }
        }
    }
    canon::finish(&mut p.schema);
    p
}

/// A `PARTITION BY` after a `CREATE TABLE`'s column list: an error at the
/// keyword (sqlparser reads only part of MySQL's partition syntax, and the
/// model has no place for partitions, so the clause is never dropped
/// quietly).
fn partition_clause(ctx: &Ctx, stmt: &str) -> Option<SqlError> {
    use sqlparser::tokenizer::{Token, Tokenizer};
    let toks = Tokenizer::new(&MySqlDialect {}, stmt).tokenize_with_location().ok()?;
    let word = |i: usize, w: &str| matches!(toks.get(i).map(|t| &t.token), Some(Token::Word(x)) if x.quote_style.is_none() && x.value.eq_ignore_ascii_case(w));
    let code: Vec<usize> =
        (0..toks.len()).filter(|&i| !matches!(toks[i].token, Token::Whitespace(_))).collect();
    if !code.first().is_some_and(|&i| word(i, "CREATE"))
        || !code.iter().take(4).any(|&i| word(i, "TABLE"))
    {
        return None;
    }
    let mut depth = 0i32;
    let mut body_seen = false;
    for (k, &i) in code.iter().enumerate() {
        match toks[i].token {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth -= 1;
                body_seen = true;
            }
            _ if depth == 0
                && body_seen
                && word(i, "PARTITION")
                && code.get(k + 1).is_some_and(|&j| word(j, "BY")) =>
            {
                let loc = toks[i].span.start;
                let at = ctx.span.start + offset_of(stmt, loc.line as usize, loc.column as usize);
                return Some(
                    SqlError::new(ctx.file, Span::new(at, at + "PARTITION".len()), "partitioned tables are not supported: sluice has no place for PARTITION BY and would drop it")
                        .with_label("partitioning")
                        .with_help("remove PARTITION BY from the schema file and manage the partitions in a hand-written migration (`sluice generate --custom`); pull and check then list the table's partitioning as not managed by sluice"),
                );
            }
            _ => {}
        }
    }
    None
}

/// The character at byte `at` (clamped into the text), as a span.
fn one_char(text: &str, at: usize) -> Span {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    Span::new(at, at + text[at..].chars().next().map_or(0, char::len_utf8))
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut off = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let end = l.trim_end_matches(['\n', '\r']).len();
            return off
                + l.char_indices().nth(column.saturating_sub(1)).map_or(end, |(b, _)| b.min(end));
        }
        off += l.len();
    }
    text.len()
}

enum Decl {
    Table(Table),
    Index(QualifiedName, Index),
    View(View),
    Nothing,
}

struct Ctx<'a> {
    file: &'a SourceFile,
    span: Span,
}

type R<T> = Result<T, Box<SqlError>>;

impl Ctx<'_> {
    fn error(&self, msg: impl Into<String>, help: &str) -> SqlError {
        SqlError::new(self.file, self.span, msg).with_label("not supported").with_help(help)
    }
    fn fail<T>(&self, msg: impl Into<String>, help: &str) -> R<T> {
        Err(Box::new(self.error(msg, help)))
    }
    /// sqlparser's message ends in `at Line: l, Column: c` (within the
    /// statement): point there.
    fn parse_error(&self, stmt: &str, msg: &str) -> SqlError {
        let mut at = self.span.start;
        if let Some(i) = msg.rfind("Line: ") {
            let rest = &msg[i + 6..];
            let nums: Vec<usize> = rest
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .filter_map(|s| s.parse().ok())
                .collect();
            if let [line, col, ..] = nums.as_slice() {
                at = self.span.start + offset_of(stmt, *line, *col);
            }
        }
        let msg = msg.trim_start_matches("sql parser error: ");
        let msg = match msg.rfind(" at Line: ") {
            Some(i) => &msg[..i],
            None => msg,
        };
        SqlError::new(self.file, one_char(&self.file.text, at), format!("cannot parse this MySQL statement: {msg}"))
            .with_label("here")
            .with_help("fix the syntax; MySQL schema files may contain CREATE TABLE, CREATE INDEX and CREATE VIEW")
    }
}

fn name_of(n: &ObjectName) -> QualifiedName {
    let parts: Vec<String> =
        n.0.iter().filter_map(|p| p.as_ident().map(|i| i.value.clone())).collect();
    match parts.as_slice() {
        [.., last] => QualifiedName::bare(last),
        [] => QualifiedName::bare(&n.to_string()),
    }
}

fn statement(ctx: &Ctx, s: &Statement) -> R<Decl> {
    match s {
        Statement::CreateTable(ct) => create_table(ctx, ct).map(Decl::Table),
        Statement::CreateIndex(ci) => {
            let table = name_of(&ci.table_name);
            let Some(name) = &ci.name else {
                return ctx.fail("CREATE INDEX needs a name in MySQL", "name the index");
            };
            if ci.predicate.is_some() {
                return ctx.fail("MySQL has no partial indexes (WHERE)", "remove the WHERE clause");
            }
            let keys = index_keys(ctx, &ci.columns)?;
            // InnoDB builds B-trees whatever USING says (and reports BTREE).
            let method = match &ci.using {
                None | Some(IndexType::BTree) | Some(IndexType::Hash) => None,
                Some(other) => {
                    return ctx.fail(
                        format!("index method {other} is not supported by MySQL"),
                        "remove USING",
                    )
                }
            };
            let ix = Index {
                name: name_of(name).name,
                unique: ci.unique,
                method,
                keys,
                include: Vec::new(),
                predicate: None,
                nulls_not_distinct: false,
                comment: None,
            };
            Ok(Decl::Index(table, ix))
        }
        Statement::CreateView(v) => {
            if v.materialized {
                return ctx.fail("MySQL has no materialized views", "use CREATE VIEW");
            }
            Ok(Decl::View(View {
                name: name_of(&v.name),
                definition: crate::expr::normalize_str(&v.query.to_string(), Dialect::Mysql),
                columns: v.columns.iter().map(|c| c.name.value.clone()).collect(),
                materialized: false,
                comment: v.comment.clone(),
            }))
        }
        Statement::Set(_) => Ok(Decl::Nothing),
        other => {
            let first = other.to_string().split_whitespace().take(2).collect::<Vec<_>>().join(" ");
            ctx.fail(
                format!("{first} is not supported in MySQL schema files"),
                "schema files declare the end state with CREATE TABLE, CREATE INDEX and CREATE VIEW; sluice generates ALTERs and DROPs",
            )
        }
    }
}

fn action(a: &Option<ReferentialAction>) -> FkAction {
    match a {
        None | Some(ReferentialAction::NoAction) => FkAction::NoAction,
        Some(ReferentialAction::Restrict) => FkAction::Restrict,
        Some(ReferentialAction::Cascade) => FkAction::Cascade,
        Some(ReferentialAction::SetNull) => FkAction::SetNull,
        Some(ReferentialAction::SetDefault) => FkAction::SetDefault,
    }
}

fn index_keys(ctx: &Ctx, cols: &[IndexColumn]) -> R<Vec<IndexKey>> {
    cols.iter()
        .map(|c| {
            let target = match &c.column.expr {
                sqlparser::ast::Expr::Identifier(i) => IndexTarget::Column(i.value.clone()),
                e => IndexTarget::Expr(canon::expr(&e.to_string())),
            };
            if c.operator_class.is_some() {
                return ctx.fail("MySQL has no operator classes", "remove the operator class");
            }
            Ok(IndexKey {
                target,
                collation: None,
                opclass: None,
                descending: matches!(
                    c.column.options.sort,
                    Some(sqlparser::ast::OrderBySort::Desc)
                ),
                nulls: None,
            })
        })
        .collect()
}

fn create_table(ctx: &Ctx, ct: &sqlparser::ast::CreateTable) -> R<Table> {
    if ct.temporary {
        return ctx.fail("temporary tables are not part of a database schema", "remove TEMPORARY");
    }
    if ct.query.is_some() || ct.like.is_some() {
        return ctx.fail(
            "CREATE TABLE ... AS / LIKE is not supported",
            "declare the table's columns explicitly",
        );
    }
    if ct.partition_by.is_some() {
        return ctx.fail(
            "partitioned tables are not supported: sluice has no place for PARTITION BY and would drop it",
            "remove PARTITION BY and manage the partitions in a hand-written migration (`sluice generate --custom`)",
        );
    }
    let mut t = Table::new(name_of(&ct.name));
    let mut pending_checks: Vec<Check> = Vec::new();
    for cd in &ct.columns {
        let ty = canon::column_type(&cd.data_type.to_string());
        let mut col = Column::new(&cd.name.value, ty);
        let mut default_text: Option<String> = None;
        for o in &cd.options {
            match &o.option {
                ColumnOption::Null => col.nullable = true,
                ColumnOption::NotNull => col.nullable = false,
                ColumnOption::Default(e) => default_text = Some(default_text_of(e)),
                ColumnOption::PrimaryKey(_) => {
                    if t.primary_key.is_some() {
                        return ctx.fail(format!("table `{}` has two primary keys", t.name), "keep one PRIMARY KEY");
                    }
                    t.primary_key = Some(PrimaryKey { name: None, columns: vec![col.name.clone()], autoincrement: false });
                }
                ColumnOption::Unique(_) => t.indexes.push(unique_index(&t, &col.name)),
                ColumnOption::Check(c) => pending_checks.push(Check {
                    name: Some(c.name.as_ref().map_or(col.name.clone(), |n| n.value.clone())),
                    expr: canon::expr(&c.expr.to_string()),
                    no_inherit: false,
                }),
                ColumnOption::DialectSpecific(toks)
                    if toks.len() == 1 && toks[0].to_string().eq_ignore_ascii_case("AUTO_INCREMENT") =>
                {
                    col.identity = Some(Box::new(Identity { always: false, options: Default::default() }));
                }
                ColumnOption::Collation(c) => col.collation = Some(c.to_string()),
                ColumnOption::CharacterSet(_) => {}
                ColumnOption::Comment(c) => col.comment = Some(c.clone()),
                ColumnOption::Generated { generation_expr: Some(e), generation_expr_mode, .. } => {
                    col.generated = Some(Box::new(Generated {
                        expr: canon::expr(&e.to_string()),
                        stored: matches!(generation_expr_mode, Some(GeneratedExpressionMode::Stored)),
                    }))
                }
                ColumnOption::ForeignKey(_) => {
                    return ctx.fail(
                        format!("column `{}`: an inline REFERENCES creates no foreign key on MySQL 8 (MariaDB 10.5+ creates one)", col.name),
                        "declare FOREIGN KEY (column) REFERENCES table (column) as a table constraint, which every MySQL and MariaDB version creates",
                    )
                }
                ColumnOption::OnUpdate(e) => match canon::on_update(&e.to_string()) {
                    Some(x) => col.on_update = Some(x),
                    None => {
                        return ctx.fail(
                            format!("column `{}`: ON UPDATE {e} is not something MySQL accepts", col.name),
                            "write ON UPDATE CURRENT_TIMESTAMP (with the column's precision, e.g. CURRENT_TIMESTAMP(3))",
                        )
                    }
                },
                other => {
                    return ctx.fail(format!("column `{}`: `{other}` is not supported", col.name), "remove the clause")
                }
            }
        }
        col.default = default_text.and_then(|d| canon::default(&d, &col.ty));
        t.columns.push(col);
    }
    let mut table_checks = 0;
    for c in &ct.constraints {
        match c {
            TableConstraint::PrimaryKey(pk) => {
                if t.primary_key.is_some() {
                    return ctx.fail(
                        format!("table `{}` has two primary keys", t.name),
                        "keep one PRIMARY KEY",
                    );
                }
                let keys = index_keys(ctx, &pk.columns)?;
                let columns = keys
                    .into_iter()
                    .map(|k| match k.target {
                        IndexTarget::Column(c) => Ok(c),
                        IndexTarget::Expr(e) => ctx.fail(
                            format!("primary key part `{e}` is not a plain column"),
                            "use plain columns in PRIMARY KEY",
                        ),
                    })
                    .collect::<R<Vec<_>>>()?;
                t.primary_key = Some(PrimaryKey { name: None, columns, autoincrement: false });
            }
            TableConstraint::Unique(u) => {
                let keys = index_keys(ctx, &u.columns)?;
                let name = u.index_name.as_ref().or(u.name.as_ref());
                push_index(&mut t, name, keys, true, None);
            }
            TableConstraint::Index(ix) => {
                let keys = index_keys(ctx, &ix.columns)?;
                let method = match &ix.index_type {
                    Some(IndexType::Hash) => Some("hash"),
                    _ => None,
                };
                push_index(&mut t, ix.name.as_ref(), keys, false, method);
            }
            TableConstraint::FulltextOrSpatial(f) => {
                let keys = index_keys(ctx, &f.columns)?;
                let method = if f.fulltext { "fulltext" } else { "spatial" };
                push_index(&mut t, f.opt_index_name.as_ref(), keys, false, Some(method));
            }
            TableConstraint::ForeignKey(fk) => {
                // MySQL and MariaDB refuse a foreign key without its
                // referenced columns, or with a different number of them
                // (errno 150): say so here rather than at apply.
                if fk.referred_columns.is_empty() {
                    return ctx.fail(
                        format!("a foreign key of table `{}` names no referenced columns", t.name),
                        "MySQL and MariaDB need them: write REFERENCES table (column, ...)",
                    );
                }
                if fk.referred_columns.len() != fk.columns.len() {
                    return ctx.fail(
                        format!(
                            "a foreign key of table `{}` names a different number of referencing and referenced columns",
                            t.name
                        ),
                        "list as many referenced columns as referencing ones",
                    );
                }
                t.foreign_keys.push(ForeignKey {
                    name: fk.name.as_ref().map(|n| n.value.clone()),
                    columns: fk.columns.iter().map(|c| c.value.clone()).collect(),
                    ref_table: name_of(&fk.foreign_table),
                    ref_columns: fk.referred_columns.iter().map(|c| c.value.clone()).collect(),
                    on_delete: action(&fk.on_delete),
                    on_update: action(&fk.on_update),
                    deferrable: Default::default(),
                    match_full: false,
                })
            }
            TableConstraint::Check(c) => {
                let name = match &c.name {
                    Some(n) => n.value.clone(),
                    None => {
                        table_checks += 1;
                        format!("CONSTRAINT_{table_checks}")
                    }
                };
                pending_checks.push(Check {
                    name: Some(name),
                    expr: canon::expr(&c.expr.to_string()),
                    no_inherit: false,
                });
            }
            other => {
                return ctx
                    .fail(format!("`{other}` is not supported by MySQL"), "remove the constraint")
            }
        }
    }
    t.checks = pending_checks;
    if let Some(c) = &ct.comment {
        t.comment = Some(c.to_string());
    }
    let opts: &[SqlOption] = match &ct.table_options {
        CreateTableOptions::None => &[],
        CreateTableOptions::Plain(o)
        | CreateTableOptions::With(o)
        | CreateTableOptions::Options(o)
        | CreateTableOptions::TableProperties(o) => o,
    };
    for o in opts {
        let text = o.to_string();
        let upper = text.to_ascii_uppercase();
        if let SqlOption::Comment(c) = o {
            t.comment = Some(c.to_string());
        } else if upper.starts_with("ENGINE") {
            if !upper.contains("INNODB") {
                return ctx.fail(
                    format!("`{text}`: only InnoDB tables are supported"),
                    "use ENGINE=InnoDB (or leave ENGINE out)",
                );
            }
        } else if [
            "DEFAULT CHARSET",
            "CHARSET",
            "DEFAULT CHARACTER SET",
            "CHARACTER SET",
            "COLLATE",
            "DEFAULT COLLATE",
            "AUTO_INCREMENT",
            "ROW_FORMAT",
        ]
        .iter()
        .any(|k| upper.starts_with(k))
        {
            // Storage details the model does not compare (see README).
        } else {
            return ctx
                .fail(format!("table option `{text}` is not supported"), "remove the option");
        }
    }
    Ok(t)
}

fn unique_index(t: &Table, column: &str) -> Index {
    index(t, None, vec![IndexKey::column(column)], true, None)
}

/// An index of `t` on `keys`, named `name` or as MySQL names it.
fn index(
    t: &Table,
    name: Option<&sqlparser::ast::Ident>,
    keys: Vec<IndexKey>,
    unique: bool,
    method: Option<&str>,
) -> Index {
    let name = match name {
        Some(n) => n.value.clone(),
        None => canon::index_name(t, &keys, &[]),
    };
    Index {
        name,
        unique,
        method: method.map(str::to_string),
        keys,
        include: Vec::new(),
        predicate: None,
        nulls_not_distinct: false,
        comment: None,
    }
}

/// [`index`], added to `t`.
fn push_index(
    t: &mut Table,
    name: Option<&sqlparser::ast::Ident>,
    keys: Vec<IndexKey>,
    unique: bool,
    method: Option<&str>,
) {
    let ix = index(t, name, keys, unique, method);
    t.indexes.push(ix);
}

/// A default's text in the form `information_schema` prints it: a string
/// literal with its quotes doubled and its backslashes escaped (sqlparser
/// hands the value unescaped, and printing it back as it is would let a
/// trailing backslash escape the closing quote).
fn default_text_of(e: &sqlparser::ast::Expr) -> String {
    use sqlparser::ast::{Expr as E, Value};
    if let E::Value(v) = e {
        if let Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) = &v.value {
            return super::render::string(s);
        }
    }
    e.to_string()
}
