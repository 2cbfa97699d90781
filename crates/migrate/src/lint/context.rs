//! What every rule sees: the statements of `up.sql` (split with spans,
//! tokenized), the planned changes and which statement implements each, the
//! tables created in this migration, squawk's violations and the syntax
//! errors. Built once per migration by [`super::lint_migration`].

use super::config::LintConfig;
use super::finding::{Finding, Severity};
use super::rules::Rule;
use super::squawk;
use super::words::Words;
use super::LintInput;
use sluice_schema::{diff, rename_candidates, Change, Dialect, Hints, RenameCandidate, Schema};
use sluice_sql::split::split;
use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

/// One statement of `up.sql`.
#[derive(Debug, Clone)]
pub struct Stmt<'a> {
    /// Its text, without the trailing `;`.
    pub sql: &'a str,
    /// Where it sits in `up.sql`.
    pub span: Range<usize>,
    pub words: Words<'a>,
    /// Whether sluice runs it inside the migration's transaction.
    pub transactional: bool,
    /// Whether it sits between an explicit `BEGIN` and `COMMIT` of the file.
    pub in_explicit_transaction: bool,
}

pub struct Context<'a> {
    pub input: &'a LintInput<'a>,
    pub config: &'a LintConfig,
    pub dialect: Dialect,
    pub text: &'a str,
    pub stmts: Vec<Stmt<'a>>,
    /// The planned changes (empty for a lone SQL file or a hand-written
    /// migration, whose snapshot equals the previous one).
    pub changes: Vec<Change>,
    /// For each change, the statement implementing it (first one), if found.
    pub change_stmt: Vec<Option<usize>>,
    /// For each statement, the change it implements (generated statements).
    pub stmt_change: Vec<Option<usize>>,
    /// Bare names (as the server stores them) of the tables created in this
    /// migration: changes on them lock nobody.
    pub new_tables: HashSet<String>,
    /// squawk's violations (PostgreSQL only).
    pub squawk: Vec<squawk_linter::Violation>,
    /// Syntax errors: byte range and message.
    pub syntax_errors: Vec<(Range<usize>, String)>,
}

impl<'a> Context<'a> {
    pub fn new(input: &'a LintInput<'a>, config: &'a LintConfig) -> Self {
        let text = input.sql;
        let mut syntax_errors = Vec::new();
        let split = match split(text, input.dialect) {
            Ok(s) => s,
            Err(e) => {
                let offset = offset_of(text, e.line as usize, e.column as usize);
                syntax_errors.push((offset..text.len(), e.message));
                Vec::new()
            }
        };
        let mut stmts = Vec::with_capacity(split.len());
        let mut explicit = false;
        for s in split {
            let sql = &text[s.span.start..s.span.end];
            let words = Words::new(sql);
            let begins = words.starts(&["BEGIN"]) || words.starts(&["START", "TRANSACTION"]);
            let ends = ["COMMIT", "END", "ROLLBACK", "ABORT"].iter().any(|k| words.starts(&[k]));
            if ends {
                explicit = false;
            }
            stmts.push(Stmt {
                sql,
                span: s.span.start..s.span.end,
                words,
                transactional: s.transactional,
                in_explicit_transaction: explicit,
            });
            if begins {
                explicit = true;
            }
        }

        let (changes, change_stmt, stmt_change) = match (input.before, input.after) {
            (Some(before), Some(after)) => planned_changes(input.dialect, before, after, &stmts),
            _ => (Vec::new(), Vec::new(), vec![None; stmts.len()]),
        };
        let mut new_tables: HashSet<String> = changes
            .iter()
            .filter_map(|c| match c {
                Change::CreateTable(t) => Some(t.name.name.clone()),
                _ => None,
            })
            .collect();
        for s in &stmts {
            if s.words.is(0, "CREATE") && !s.words.has("INDEX") {
                let create_table = (1..4).any(|i| s.words.is(i, "TABLE"));
                if create_table {
                    new_tables.extend(s.words.table());
                }
            }
        }

        let squawk = if input.dialect == Dialect::Postgres {
            let (violations, errors) = squawk::run(text);
            syntax_errors.extend(errors);
            violations
        } else {
            Vec::new()
        };
        Context {
            input,
            config,
            dialect: input.dialect,
            text,
            stmts,
            changes,
            change_stmt,
            stmt_change,
            new_tables,
            squawk,
            syntax_errors,
        }
    }

    /// The statement containing byte `offset`.
    pub fn stmt_at(&self, offset: usize) -> Option<usize> {
        let i = self.stmts.partition_point(|s| s.span.end < offset);
        self.stmts.get(i).filter(|s| s.span.start <= offset).map(|_| i)
    }

    /// Whether table `name` (bare, folded) is created in this migration.
    pub fn is_new(&self, name: &str) -> bool {
        self.new_tables.contains(name)
    }

    /// A finding of `rule` on statement `stmt` (its whole span).
    pub fn at(&self, rule: &Rule, stmt: Option<usize>, message: String) -> Finding {
        let span = stmt.and_then(|i| self.stmts.get(i)).map(|s| s.span.clone());
        Finding {
            code: rule.code,
            group: rule.group,
            severity: Severity::Warning,
            message,
            help: rule.help.to_string(),
            fix: None,
            span,
            statement: stmt,
        }
    }

    /// A finding of `rule` on a byte range.
    pub fn at_span(&self, rule: &Rule, span: Range<usize>, message: String) -> Finding {
        let stmt = self.stmt_at(span.start);
        let mut f = self.at(rule, stmt, message);
        f.span = Some(span);
        f
    }

    /// Each change with the statement implementing it.
    pub fn changes(&self) -> impl Iterator<Item = (&Change, Option<usize>)> {
        self.changes.iter().zip(self.change_stmt.iter().copied())
    }

    /// The squawk violations of these squawk rules, with their statement.
    pub fn squawk_of<'s>(
        &'s self,
        codes: &'s [squawk_linter::Rule],
    ) -> impl Iterator<Item = (&'s squawk_linter::Violation, Option<usize>)> + 's {
        self.squawk
            .iter()
            .filter(move |v| codes.contains(&v.code))
            .map(|v| (v, self.stmt_at(usize::from(v.text_range.start()))))
    }

    /// Whether statement `i` was generated for one of the planned changes
    /// (rules that read both changes and statements read it through the
    /// change).
    pub fn generated(&self, i: usize) -> bool {
        self.stmt_change.get(i).is_some_and(Option::is_some)
    }

    /// The table of statement `i`, if it names one.
    pub fn table_of(&self, i: Option<usize>) -> Option<String> {
        i.and_then(|i| self.stmts.get(i)).and_then(|s| s.words.table())
    }
}

/// The changes between the two schemas, renames recognised from the
/// statements (a drop+add pair is a rename when `up.sql` holds the rename
/// statement), and the statement of each change.
fn planned_changes(
    dialect: Dialect,
    before: &Schema,
    after: &Schema,
    stmts: &[Stmt],
) -> (Vec<Change>, Vec<Option<usize>>, Vec<Option<usize>>) {
    let mut owner = vec![None; stmts.len()];
    let Some(d) = sluice_sql::dialect_for(dialect) else {
        return (Vec::new(), Vec::new(), owner);
    };
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let texts: Vec<String> = stmts.iter().map(|s| norm(s.sql)).collect();
    let holds = |c: Change| d.render(&c).first().is_some_and(|st| texts.contains(&norm(&st.sql)));
    let mut hints = Hints::default();
    for _ in 0..1000 {
        let Some(c) = rename_candidates(before, after, &hints).into_iter().next() else { break };
        let change = match &c {
            RenameCandidate::Table { from, to } => {
                Change::RenameTable { from: from.clone(), to: to.clone() }
            }
            RenameCandidate::Column { table, from, to } => {
                Change::RenameColumn { table: table.clone(), from: from.clone(), to: to.clone() }
            }
        };
        if holds(change) {
            hints.accept(&c);
        } else {
            hints.not_renames.push(c);
        }
    }
    let diffed = diff(before, after, &hints);
    let changes = d.plan(before, after, Cow::Owned(diffed)).into_owned();
    // Statements follow the changes in order: search forward from the last
    // match, then anywhere.
    let mut cursor = 0;
    let mut map = Vec::with_capacity(changes.len());
    for (k, c) in changes.iter().enumerate() {
        let mut first = None;
        for st in d.render(c) {
            let f = norm(&st.sql);
            let found = (cursor..texts.len())
                .chain(0..cursor.min(texts.len()))
                .find(|&i| owner[i].is_none() && texts[i] == f);
            if let Some(i) = found {
                cursor = i + 1;
                owner[i] = Some(k);
                first = first.or(Some(i));
            }
        }
        map.push(first);
    }
    (changes, map, owner)
}

/// Byte offset of a 1-based line and column (characters).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[start.min(text.len())..];
    start + rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i)
}
