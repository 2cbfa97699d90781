//! squawk's PostgreSQL linter behind our rules: it parses `up.sql` once
//! (error-tolerant, exact spans) and runs the squawk rules some of our
//! rules wrap; each of our rules then takes the violations of its squawk
//! codes, drops the ones on tables created in the same migration and
//! re-words them with our code, group, severity and lock names, keeping
//! squawk's span, help and fix.

use squawk_linter::{Linter, Rule as Sq, Violation};
use std::ops::Range;

/// The squawk rules our rules wrap.
pub const WRAPPED: &[Sq] = &[
    Sq::RequireConcurrentIndexCreation,
    Sq::RequireConcurrentIndexDeletion,
    Sq::ConstraintMissingNotValid,
    Sq::AddingForeignKeyConstraint,
    Sq::AddingNotNullableField,
    Sq::ChangingColumnType,
    Sq::AddingFieldWithDefault,
    Sq::DisallowedUniqueConstraint,
    Sq::AddingSerialPrimaryKeyField,
    Sq::RequireConcurrentReindex,
    Sq::AddingRequiredField,
    Sq::BanDropNotNull,
    Sq::PreferTimestampTz,
    Sq::IdentifierTooLong,
];

/// Parse and lint `text`: the violations, and the syntax errors as byte
/// ranges with messages.
pub fn run(text: &str) -> (Vec<Violation>, Vec<(Range<usize>, String)>) {
    let parse = squawk_syntax::SourceFile::parse(text);
    let errors = parse
        .errors()
        .into_iter()
        .map(|e| {
            let r = e.range();
            (usize::from(r.start())..usize::from(r.end()), e.message().to_string())
        })
        .collect();
    let mut linter = Linter::from(WRAPPED.iter().copied());
    // Tables created earlier in the file are new to squawk too: sluice runs
    // a migration in one transaction.
    linter.settings.assume_in_transaction = true;
    (linter.lint(&parse, text), errors)
}

/// squawk's fix applied to the statement text: the statement as it should
/// be written.
pub fn fixed_statement(v: &Violation, stmt_text: &str, stmt_start: usize) -> Option<String> {
    let fix = v.fix.as_ref()?;
    let mut edits: Vec<_> = fix.edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.text_range.start()));
    let mut out = stmt_text.to_string();
    for e in edits {
        let s = usize::from(e.text_range.start()).checked_sub(stmt_start)?;
        let end = usize::from(e.text_range.end()).checked_sub(stmt_start)?;
        if end > out.len() || !out.is_char_boundary(s) || !out.is_char_boundary(end) {
            return None;
        }
        out.replace_range(s..end, e.text.as_deref().unwrap_or(""));
    }
    Some(format!("{}: {out};", fix.title))
}
