//! `CREATE TABLE` for SQLite: columns with their declared types, column and
//! table constraints (primary key, unique, foreign keys, checks), defaults,
//! collations, generated columns, and the `STRICT` / `WITHOUT ROWID`
//! options. The grammar followed is SQLite's own (lang_createtable); what
//! SQLite would reject at `CREATE` time (duplicate columns, two primary
//! keys, AUTOINCREMENT off an INTEGER key, constraints on unknown columns,
//! STRICT tables with other types) is reported here, with the span.
//!
//! Names are kept as written: SQLite stores them so, and compares them
//! case-insensitively, so column references in constraints are resolved to
//! the column's declared spelling.

use super::cursor::{fail, Cursor, Name, PResult};
use crate::{expr, types, Span, SqlError};
use sluice_schema::{
    Check, Column, Deferrable, Dialect, Expr, FkAction, ForeignKey, Generated, PrimaryKey,
    QualifiedName, SqlType, Table, Unique,
};
use sqlparser::tokenizer::Token;

/// A parsed `CREATE TABLE` and where its names are.
pub(super) struct TableDecl {
    pub table: Table,
    pub name: Name,
    /// Spans of the column names, parallel to `table.columns`.
    pub column_names: Vec<Span>,
}

/// Key words that end a column's type and start a column constraint.
const COLUMN_CONSTRAINT_START: &[&str] = &[
    "CONSTRAINT",
    "PRIMARY",
    "NOT",
    "NULL",
    "UNIQUE",
    "CHECK",
    "DEFAULT",
    "COLLATE",
    "REFERENCES",
    "GENERATED",
    "AS",
];

/// Key words that start a table constraint.
const TABLE_CONSTRAINT_START: &[&str] = &["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"];

/// Types a `STRICT` table allows.
const STRICT_TYPES: &[&str] = &["INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"];

/// Parse the rest of `CREATE TABLE` (the key words are consumed).
pub(super) fn create_table(cur: &mut Cursor) -> PResult<TableDecl> {
    cur.eat_kws(&["IF", "NOT", "EXISTS"]);
    let name = cur.object_name("a table name")?;
    cur.declared = Some(name.value.clone());
    if cur.peek_kw("AS") {
        return fail(
            cur.error(
                cur.peek_span(),
                "CREATE TABLE ... AS SELECT is not supported",
            )
            .with_label("not supported")
            .with_help(
                "declare the table's columns explicitly: sluice needs their types and constraints",
            ),
        );
    }
    cur.expect(&Token::LParen)?;
    let mut t = TableBuilder {
        table: Table::new(QualifiedName::bare(&name.value)),
        name,
        column_names: Vec::new(),
        column_types: Vec::new(),
    };
    if starts_table_constraint(cur) {
        return fail(cur.expected("a column definition (a table needs at least one column)"));
    }
    loop {
        if starts_table_constraint(cur) {
            t.table_constraints(cur)?;
            break;
        }
        t.column(cur)?;
        if cur.eat(&Token::Comma) {
            continue;
        }
        if !cur.eat(&Token::RParen) {
            return fail(cur.expected("`,` or `)`"));
        }
        break;
    }
    t.options(cur)?;
    t.check(cur)?;
    Ok(TableDecl { table: t.table, name: t.name, column_names: t.column_names })
}

fn starts_table_constraint(cur: &Cursor) -> bool {
    TABLE_CONSTRAINT_START.iter().any(|kw| cur.peek_kw(kw))
}

struct TableBuilder {
    table: Table,
    name: Name,
    column_names: Vec<Span>,
    /// Declared type text and span per column (`None`: no type).
    column_types: Vec<Option<(String, Span)>>,
}

impl TableBuilder {
    fn column(&mut self, cur: &mut Cursor) -> PResult<()> {
        let name = cur.name("a column name or a table constraint")?;
        if let Some(prev) =
            self.table.columns.iter().find(|c| c.name.eq_ignore_ascii_case(&name.value))
        {
            return fail(cur
                .error(name.span, format!("duplicate column `{}` in table `{}`", name.value, self.name.value))
                .with_label("declared again here")
                .with_help(format!(
                    "rename or remove one of the two; SQLite compares column names case-insensitively (`{}` is declared before)",
                    prev.name
                )));
        }
        let ty = type_name(cur)?;
        let sql_type = match &ty {
            Some((text, _)) => types::parse_type(text, Dialect::Sqlite),
            None => SqlType::Other { name: String::new() },
        };
        let mut col = Column::new(&name.value, sql_type);
        let mut last_fk: Option<usize> = None;
        let mut default_span: Option<Span> = None;
        let mut generated_span: Option<Span> = None;
        loop {
            let start = cur.peek_span().start;
            let cname = if cur.eat_kw("CONSTRAINT") {
                Some(cur.name("a constraint name")?.value)
            } else {
                None
            };
            if cur.eat_kws(&["PRIMARY", "KEY"]) {
                direction_not_desc(cur, "PRIMARY KEY")?;
                conflict_clause(cur)?;
                let autoincrement = if cur.peek_kw("AUTOINCREMENT") {
                    let at = cur.advance();
                    if !is_integer(&ty) {
                        return fail(autoincrement_error(cur, at));
                    }
                    true
                } else {
                    false
                };
                let pk = PrimaryKey { name: cname, columns: vec![col.name.clone()], autoincrement };
                self.set_primary_key(cur, pk, Span::new(start, cur.prev_end()))?;
            } else if cur.eat_kws(&["NOT", "NULL"]) {
                col.nullable = false;
                conflict_clause(cur)?;
            } else if cur.eat_kw("NULL") {
                // SQLite accepts an explicit NULL constraint; it changes nothing.
                conflict_clause(cur)?;
            } else if cur.eat_kw("UNIQUE") {
                conflict_clause(cur)?;
                self.table.uniques.push(Unique {
                    name: cname,
                    columns: vec![col.name.clone()],
                    nulls_not_distinct: false,
                    deferrable: Deferrable::NotDeferrable,
                });
            } else if cur.eat_kw("CHECK") {
                let (_, span) = cur.paren_expr()?;
                self.table.checks.push(Check {
                    name: cname,
                    expr: expr::normalize(cur.text(span), Dialect::Sqlite),
                    no_inherit: false,
                });
            } else if cur.eat_kw("DEFAULT") {
                let value = default_value(cur)?;
                if col.default.is_some() {
                    return fail(
                        cur.error(
                            Span::new(start, cur.prev_end()),
                            format!("column `{}` has two DEFAULT clauses", col.name),
                        )
                        .with_help("keep one of them"),
                    );
                }
                col.default = Some(value);
                default_span = Some(Span::new(start, cur.prev_end()));
            } else if cur.eat_kw("COLLATE") {
                col.collation = Some(cur.name("a collation name")?.value);
            } else if cur.peek_kw("REFERENCES") {
                let fk = references(cur, vec![col.name.clone()], cname)?;
                last_fk = Some(self.table.foreign_keys.len());
                self.table.foreign_keys.push(fk);
            } else if cur.peek_kw("GENERATED") || cur.peek_kw("AS") {
                if cur.eat_kw("GENERATED") {
                    cur.expect_kw("ALWAYS")?;
                }
                cur.expect_kw("AS")?;
                let (_, span) = cur.paren_expr()?;
                // SQLite's default is VIRTUAL.
                let stored = if cur.eat_kw("STORED") {
                    true
                } else {
                    cur.eat_kw("VIRTUAL");
                    false
                };
                col.generated = Some(Box::new(Generated {
                    expr: expr::normalize(cur.text(span), Dialect::Sqlite),
                    stored,
                }));
                generated_span = Some(Span::new(start, cur.prev_end()));
            } else if let Some(d) = deferrable(cur)? {
                // SQLite's grammar lets the deferral clause of a column's
                // REFERENCES stand as a constraint of its own.
                match last_fk {
                    Some(i) => self.table.foreign_keys[i].deferrable = d,
                    None => {
                        return fail(
                            cur.error(
                                Span::new(start, cur.prev_end()),
                                "DEFERRABLE without a REFERENCES clause before it",
                            )
                            .with_help(
                                "put DEFERRABLE ... right after the column's REFERENCES clause",
                            ),
                        )
                    }
                }
            } else if cname.is_some() {
                // A dangling `CONSTRAINT name` is accepted by SQLite and names nothing.
                if !matches!(cur.peek(), Token::Comma | Token::RParen) {
                    return fail(cur.expected("a column constraint after CONSTRAINT name"));
                }
            } else {
                break;
            }
        }
        if let (Some(span), Some(_)) = (default_span, generated_span) {
            return fail(
                cur.error(span, format!("generated column `{}` cannot have a DEFAULT", col.name))
                    .with_help(
                        "remove the DEFAULT clause: a generated column's value is its expression",
                    ),
            );
        }
        if generated_span.is_some() && self.primary_key_has(&col.name) {
            return fail(
                cur.error(
                    generated_span.unwrap_or(name.span),
                    format!("generated column `{}` cannot be part of the PRIMARY KEY", col.name),
                )
                .with_help("make the column a plain column, or choose another primary key"),
            );
        }
        self.table.columns.push(col);
        self.column_names.push(name.span);
        self.column_types.push(ty);
        Ok(())
    }

    fn primary_key_has(&self, column: &str) -> bool {
        self.table.primary_key.as_ref().is_some_and(|pk| pk.columns.iter().any(|c| c == column))
    }

    fn set_primary_key(&mut self, cur: &Cursor, pk: PrimaryKey, span: Span) -> PResult<()> {
        if self.table.primary_key.is_some() {
            return fail(cur
                .error(span, format!("table `{}` has more than one primary key", self.name.value))
                .with_label("second primary key")
                .with_help(
                    "declare the primary key once: on one column, or as a table constraint `PRIMARY KEY (a, b)`",
                ));
        }
        self.table.primary_key = Some(pk);
        Ok(())
    }

    /// The declared spelling of a column named in a constraint.
    fn resolve(&self, cur: &Cursor, n: &Name) -> PResult<String> {
        match self.table.columns.iter().find(|c| c.name.eq_ignore_ascii_case(&n.value)) {
            Some(c) => Ok(c.name.clone()),
            None => fail(
                cur.error(
                    n.span,
                    format!("table `{}` has no column named `{}`", self.name.value, n.value),
                )
                .with_label("unknown column")
                .with_help("declare the column in the table, or fix the name"),
            ),
        }
    }

    /// Table constraints up to and including the closing `)`. SQLite lets
    /// the comma between two constraints be left out.
    fn table_constraints(&mut self, cur: &mut Cursor) -> PResult<()> {
        loop {
            self.table_constraint(cur)?;
            if cur.eat(&Token::RParen) {
                return Ok(());
            }
            let comma = cur.eat(&Token::Comma);
            if starts_table_constraint(cur) {
                continue;
            }
            return fail(if comma && matches!(cur.peek(), Token::Word(_)) {
                cur.expected("a table constraint")
                    .with_help("declare all columns before the table constraints")
            } else if comma {
                cur.expected("a table constraint")
            } else {
                cur.expected("`,` or `)`")
            });
        }
    }

    fn table_constraint(&mut self, cur: &mut Cursor) -> PResult<()> {
        let start = cur.peek_span().start;
        let cname = if cur.eat_kw("CONSTRAINT") {
            Some(cur.name("a constraint name")?.value)
        } else {
            None
        };
        if cur.eat_kws(&["PRIMARY", "KEY"]) {
            cur.expect(&Token::LParen)?;
            let (names, autoinc) = key_columns(cur, "PRIMARY KEY", true)?;
            conflict_clause(cur)?;
            let columns =
                names.iter().map(|n| self.resolve(cur, n)).collect::<PResult<Vec<_>>>()?;
            if let Some(at) = autoinc {
                let single_integer = columns.len() == 1
                    && self
                        .table
                        .columns
                        .iter()
                        .position(|c| c.name == columns[0])
                        .is_some_and(|i| is_integer(&self.column_types[i]));
                if !single_integer {
                    return fail(autoincrement_error(cur, at));
                }
            }
            let pk = PrimaryKey { name: cname, columns, autoincrement: autoinc.is_some() };
            self.set_primary_key(cur, pk, Span::new(start, cur.prev_end()))
        } else if cur.eat_kw("UNIQUE") {
            cur.expect(&Token::LParen)?;
            let (names, _) = key_columns(cur, "UNIQUE", false)?;
            conflict_clause(cur)?;
            let columns =
                names.iter().map(|n| self.resolve(cur, n)).collect::<PResult<Vec<_>>>()?;
            self.table.uniques.push(Unique {
                name: cname,
                columns,
                nulls_not_distinct: false,
                deferrable: Deferrable::NotDeferrable,
            });
            Ok(())
        } else if cur.eat_kw("CHECK") {
            let (_, span) = cur.paren_expr()?;
            conflict_clause(cur)?;
            self.table.checks.push(Check {
                name: cname,
                expr: expr::normalize(cur.text(span), Dialect::Sqlite),
                no_inherit: false,
            });
            Ok(())
        } else if cur.eat_kws(&["FOREIGN", "KEY"]) {
            cur.expect(&Token::LParen)?;
            let names = cur.name_list_rest("a column name")?;
            let columns =
                names.iter().map(|n| self.resolve(cur, n)).collect::<PResult<Vec<_>>>()?;
            let fk = references(cur, columns, cname)?;
            self.table.foreign_keys.push(fk);
            Ok(())
        } else {
            fail(cur.expected("PRIMARY KEY, UNIQUE, CHECK or FOREIGN KEY"))
        }
    }

    /// `WITHOUT ROWID` and `STRICT`, comma-separated, after the `)`.
    fn options(&mut self, cur: &mut Cursor) -> PResult<()> {
        if !(cur.peek_kw("WITHOUT") || cur.peek_kw("STRICT")) {
            return Ok(());
        }
        loop {
            if cur.eat_kw("WITHOUT") {
                cur.expect_kw("ROWID")?;
                self.table.options.without_rowid = true;
            } else if cur.eat_kw("STRICT") {
                self.table.options.strict = true;
            } else {
                return fail(cur.expected("WITHOUT ROWID or STRICT"));
            }
            if !cur.eat(&Token::Comma) {
                return Ok(());
            }
        }
    }

    /// What SQLite checks once the whole table is read.
    fn check(&self, cur: &Cursor) -> PResult<()> {
        let t = &self.table;
        if t.columns.iter().all(|c| c.generated.is_some()) {
            return fail(
                cur.error(
                    self.name.span,
                    format!("table `{}` has only generated columns", self.name.value),
                )
                .with_help("a table needs at least one column that is not generated"),
            );
        }
        if t.options.without_rowid {
            match &t.primary_key {
                None => {
                    return fail(
                        cur.error(
                            self.name.span,
                            format!("WITHOUT ROWID table `{}` has no PRIMARY KEY", self.name.value),
                        )
                        .with_help("declare a PRIMARY KEY, or remove WITHOUT ROWID"),
                    )
                }
                Some(pk) if pk.autoincrement => {
                    return fail(
                        cur.error(
                            self.name.span,
                            format!(
                                "WITHOUT ROWID table `{}` cannot use AUTOINCREMENT",
                                self.name.value
                            ),
                        )
                        .with_help("remove AUTOINCREMENT, or remove WITHOUT ROWID"),
                    )
                }
                Some(_) => {}
            }
        }
        if t.options.strict {
            for (i, c) in t.columns.iter().enumerate() {
                match &self.column_types[i] {
                    None => {
                        return fail(cur
                            .error(self.column_names[i], format!("column `{}` of STRICT table `{}` has no type", c.name, self.name.value))
                            .with_help("give it one of INT, INTEGER, REAL, TEXT, BLOB or ANY"))
                    }
                    Some((text, span)) if !STRICT_TYPES.iter().any(|s| s.eq_ignore_ascii_case(text)) => {
                        return fail(cur
                            .error(*span, format!("type `{text}` is not allowed in STRICT table `{}`", self.name.value))
                            .with_label("not a STRICT type")
                            .with_help("use one of INT, INTEGER, REAL, TEXT, BLOB or ANY, or remove STRICT"))
                    }
                    Some(_) => {}
                }
            }
        }
        Ok(())
    }
}

/// The declared type: words up to a constraint key word, then an optional
/// `(n)` or `(n, m)`. Kept as written (SQLite stores the text).
fn type_name(cur: &mut Cursor) -> PResult<Option<(String, Span)>> {
    let start = cur.peek_span().start;
    let mut words = 0;
    while let Token::Word(w) = cur.peek() {
        if w.quote_style.is_none()
            && COLUMN_CONSTRAINT_START.iter().any(|k| w.value.eq_ignore_ascii_case(k))
        {
            break;
        }
        cur.advance();
        words += 1;
    }
    if words == 0 {
        return Ok(None);
    }
    if cur.eat(&Token::LParen) {
        signed_number(cur)?;
        if cur.eat(&Token::Comma) {
            signed_number(cur)?;
        }
        cur.expect(&Token::RParen)?;
    }
    let span = Span::new(start, cur.prev_end());
    Ok(Some((cur.text(span).to_string(), span)))
}

fn signed_number(cur: &mut Cursor) -> PResult<()> {
    if !cur.eat(&Token::Plus) {
        cur.eat(&Token::Minus);
    }
    match cur.peek() {
        Token::Number(..) => {
            cur.advance();
            Ok(())
        }
        _ => fail(cur.expected("a number")),
    }
}

fn is_integer(ty: &Option<(String, Span)>) -> bool {
    ty.as_ref().is_some_and(|(t, _)| t.eq_ignore_ascii_case("integer"))
}

fn autoincrement_error(cur: &Cursor, at: Span) -> SqlError {
    cur.error(at, "AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY")
        .with_help("declare the column's type as exactly INTEGER and make it the only primary key column, or remove AUTOINCREMENT")
}

/// `DEFAULT` value: `(expr)`, a signed number, a literal, or a bare word
/// (SQLite takes `DEFAULT abc` as the string `'abc'`).
fn default_value(cur: &mut Cursor) -> PResult<Expr> {
    let span = match cur.peek() {
        Token::LParen => cur.paren_expr()?.1,
        Token::Plus | Token::Minus => {
            let start = cur.advance().start;
            if !matches!(cur.peek(), Token::Number(..)) {
                return fail(cur.expected("a number after the sign"));
            }
            cur.advance();
            Span::new(start, cur.prev_end())
        }
        Token::Number(..)
        | Token::SingleQuotedString(_)
        | Token::DoubleQuotedString(_)
        | Token::HexStringLiteral(_)
        | Token::NationalStringLiteral(_) => cur.advance(),
        Token::Word(w)
            if w.quote_style.is_some()
                || w.value.eq_ignore_ascii_case("NULL")
                || !COLUMN_CONSTRAINT_START.iter().any(|k| w.value.eq_ignore_ascii_case(k)) =>
        {
            cur.advance()
        }
        _ => {
            return fail(cur
                .expected("a default value")
                .with_help("write a literal (`0`, `'text'`, `NULL`, `CURRENT_TIMESTAMP`), a signed number, or an expression in parentheses"))
        }
    };
    Ok(expr::normalize(cur.text(span), Dialect::Sqlite))
}

/// Optional `ASC` (meaningless) or `DESC` (refused: the model has no place
/// for it, and on an INTEGER PRIMARY KEY it changes what the key is).
fn direction_not_desc(cur: &mut Cursor, what: &str) -> PResult<()> {
    if cur.peek_kw("DESC") {
        let at = cur.advance();
        return fail(cur
            .error(at, format!("DESC in a {what} is not supported"))
            .with_help(match what {
                "UNIQUE" => "remove DESC, or declare the constraint as `CREATE UNIQUE INDEX name ON table (column DESC)`",
                _ => "remove DESC (on an INTEGER PRIMARY KEY it stops the column from being the rowid)",
            }));
    }
    cur.eat_kw("ASC");
    Ok(())
}

/// The columns of a table-level PRIMARY KEY or UNIQUE, `(` consumed, up to
/// and including `)`. Returns the AUTOINCREMENT span if one is allowed and
/// present (`PRIMARY KEY (id AUTOINCREMENT)`).
fn key_columns(
    cur: &mut Cursor,
    what: &str,
    allow_autoinc: bool,
) -> PResult<(Vec<Name>, Option<Span>)> {
    let mut names = Vec::new();
    let mut autoinc = None;
    loop {
        names.push(cur.name("a column name")?);
        if cur.peek_kw("COLLATE") {
            let at = cur.advance();
            return fail(cur
                .error(at, format!("COLLATE in a {what} column list is not supported"))
                .with_help(match what {
                    "UNIQUE" => "declare the column with COLLATE, or use `CREATE UNIQUE INDEX name ON table (column COLLATE ...)`",
                    _ => "declare the column itself with COLLATE",
                }));
        }
        direction_not_desc(cur, what)?;
        if allow_autoinc && cur.peek_kw("AUTOINCREMENT") {
            autoinc = Some(cur.advance());
            cur.expect(&Token::RParen)?;
            return Ok((names, autoinc));
        }
        if !cur.eat(&Token::Comma) {
            cur.expect(&Token::RParen)?;
            return Ok((names, autoinc));
        }
    }
}

/// `ON CONFLICT algorithm`. ABORT is SQLite's default and is accepted;
/// the others change behaviour the model cannot hold, so they are refused.
fn conflict_clause(cur: &mut Cursor) -> PResult<()> {
    if !(cur.peek_kw("ON") && cur.peek_nth_kw(1, "CONFLICT")) {
        return Ok(());
    }
    let start = cur.advance().start;
    cur.advance();
    let algo = match cur.peek() {
        Token::Word(w) if w.quote_style.is_none() => w.value.to_ascii_uppercase(),
        _ => return fail(cur.expected("ROLLBACK, ABORT, FAIL, IGNORE or REPLACE")),
    };
    match algo.as_str() {
        "ABORT" => {
            cur.advance();
            Ok(())
        }
        "ROLLBACK" | "FAIL" | "IGNORE" | "REPLACE" => {
            cur.advance();
            fail(cur
                .error(Span::new(start, cur.prev_end()), format!("ON CONFLICT {algo} is not supported"))
                .with_label("not supported")
                .with_help(
                    "remove the clause (ABORT, SQLite's default, is accepted) and choose the conflict \
                     behaviour in the statements that write (INSERT OR REPLACE, ON CONFLICT DO ...)",
                ))
        }
        _ => fail(cur.expected("ROLLBACK, ABORT, FAIL, IGNORE or REPLACE")),
    }
}

/// `REFERENCES table [(columns)] [ON DELETE|UPDATE action | MATCH name]...
/// [[NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]]`.
fn references(cur: &mut Cursor, columns: Vec<String>, name: Option<String>) -> PResult<ForeignKey> {
    let start = cur.expect_kw("REFERENCES")?.start;
    let table = cur.name("the referenced table")?;
    if *cur.peek() == Token::Period {
        return fail(cur
            .error(table.span, "a SQLite foreign key cannot name a schema")
            .with_help("reference the table by its bare name: SQLite foreign keys only reach tables of the same database"));
    }
    let ref_columns = if cur.eat(&Token::LParen) {
        cur.name_list_rest("a column name")?.into_iter().map(|n| n.value).collect()
    } else {
        Vec::new()
    };
    if !ref_columns.is_empty() && ref_columns.len() != columns.len() {
        return fail(
            cur.error(
                Span::new(start, cur.prev_end()),
                format!(
                    "foreign key has {} column(s) but references {}",
                    columns.len(),
                    ref_columns.len()
                ),
            )
            .with_help("list as many referenced columns as referencing ones"),
        );
    }
    let mut fk = ForeignKey {
        name,
        columns,
        ref_table: QualifiedName::bare(&table.value),
        ref_columns,
        on_delete: FkAction::NoAction,
        on_update: FkAction::NoAction,
        deferrable: Deferrable::NotDeferrable,
        match_full: false,
    };
    loop {
        if cur.peek_kw("ON") && !cur.peek_nth_kw(1, "CONFLICT") {
            cur.advance();
            if cur.eat_kw("DELETE") {
                fk.on_delete = fk_action(cur)?;
            } else if cur.eat_kw("UPDATE") {
                fk.on_update = fk_action(cur)?;
            } else if cur.eat_kw("INSERT") {
                // SQLite's grammar accepts `ON INSERT action` and ignores it.
                fk_action(cur)?;
            } else {
                return fail(cur.expected("DELETE or UPDATE"));
            }
        } else if cur.eat_kw("MATCH") {
            // SQLite parses MATCH and ignores it: every foreign key behaves
            // as MATCH SIMPLE, and the catalog does not record it.
            cur.name("a match type")?;
        } else {
            break;
        }
    }
    if let Some(d) = deferrable(cur)? {
        fk.deferrable = d;
    }
    Ok(fk)
}

fn fk_action(cur: &mut Cursor) -> PResult<FkAction> {
    if cur.eat_kws(&["SET", "NULL"]) {
        Ok(FkAction::SetNull)
    } else if cur.eat_kws(&["SET", "DEFAULT"]) {
        Ok(FkAction::SetDefault)
    } else if cur.eat_kw("CASCADE") {
        Ok(FkAction::Cascade)
    } else if cur.eat_kw("RESTRICT") {
        Ok(FkAction::Restrict)
    } else if cur.eat_kws(&["NO", "ACTION"]) {
        Ok(FkAction::NoAction)
    } else {
        fail(cur.expected("SET NULL, SET DEFAULT, CASCADE, RESTRICT or NO ACTION"))
    }
}

/// `[NOT] DEFERRABLE [INITIALLY DEFERRED | INITIALLY IMMEDIATE]`, if next.
fn deferrable(cur: &mut Cursor) -> PResult<Option<Deferrable>> {
    let not = if cur.peek_kw("NOT") && cur.peek_nth_kw(1, "DEFERRABLE") {
        cur.advance();
        true
    } else if cur.peek_kw("DEFERRABLE") {
        false
    } else {
        return Ok(None);
    };
    cur.expect_kw("DEFERRABLE")?;
    let deferred = if cur.eat_kw("INITIALLY") {
        if cur.eat_kw("DEFERRED") {
            true
        } else if cur.eat_kw("IMMEDIATE") {
            false
        } else {
            return fail(cur.expected("DEFERRED or IMMEDIATE"));
        }
    } else {
        false
    };
    Ok(Some(match (not, deferred) {
        (true, _) => Deferrable::NotDeferrable,
        (false, true) => Deferrable::InitiallyDeferred,
        (false, false) => Deferrable::InitiallyImmediate,
    }))
}
