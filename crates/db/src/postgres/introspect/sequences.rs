//! Sequences from the catalog rows, sorted by what owns them:
//! - an identity column's sequence (dependency `i`) gives that column's
//!   identity options and is not a schema object of its own;
//! - a sequence owned by a column (dependency `a`: `serial`, or `OWNED BY`)
//!   may be that column's serial sequence, which [`super::tables`] decides
//!   and then takes out;
//! - every other sequence is listed as it is.
//!
//! Options are given relative to PostgreSQL's defaults for the sequence's
//! type and direction (`None` where the server default applies), which is
//! what a `CREATE SEQUENCE` that does not mention them parses to.

use super::{comment, qualified, TextRow};
use sluice_schema::{Sequence, SequenceOptions, SqlType};
use std::collections::HashMap;

/// (table oid, column number).
pub(super) type ColumnKey = (String, i64);

/// A sequence's parameters as the catalog stores them.
#[derive(Debug, Clone)]
pub(super) struct Params {
    pub ty: SqlType,
    pub start: i64,
    pub increment: i64,
    pub min: i64,
    pub max: i64,
    pub cache: i64,
    pub cycle: bool,
}

impl Params {
    /// The options that differ from the defaults. `implied` is the type the
    /// declaration implies (an identity column's type): it is left out too.
    pub fn options(&self, implied: Option<&SqlType>) -> SequenceOptions {
        let (type_min, type_max) = match self.ty {
            SqlType::SmallInt => (i16::MIN as i64, i16::MAX as i64),
            SqlType::Integer => (i32::MIN as i64, i32::MAX as i64),
            _ => (i64::MIN, i64::MAX),
        };
        let ascending = self.increment > 0;
        let (default_min, default_max) = if ascending { (1, type_max) } else { (type_min, -1) };
        let default_start = if ascending { self.min } else { self.max };
        let differs = |v: i64, d: i64| (v != d).then_some(v);
        SequenceOptions {
            ty: (implied != Some(&self.ty)).then(|| self.ty.clone()),
            start: differs(self.start, default_start),
            increment: differs(self.increment, 1),
            min_value: differs(self.min, default_min),
            max_value: differs(self.max, default_max),
            cache: differs(self.cache, 1),
            cycle: self.cycle,
        }
    }
}

/// A sequence owned by a column.
pub(super) struct Owned {
    pub sequence: Sequence,
    pub params: Params,
    /// `oid::regclass` as text: what `nextval('...'::regclass)` names.
    pub regclass: String,
}

pub(super) struct Sequences {
    pub identity: HashMap<ColumnKey, Params>,
    owned: HashMap<ColumnKey, Owned>,
    standalone: Vec<Sequence>,
}

impl Sequences {
    /// The sequence owned by a column, to look at.
    pub fn owned(&self, key: &ColumnKey) -> Option<&Owned> {
        self.owned.get(key)
    }

    /// Take a column's sequence out of the list: it is the column's serial.
    pub fn take_serial(&mut self, key: &ColumnKey) {
        self.owned.remove(key);
    }

    /// Every sequence that is a schema object of its own.
    pub fn standalone(self) -> Vec<Sequence> {
        let mut all = self.standalone;
        all.extend(self.owned.into_values().map(|o| o.sequence));
        all
    }
}

pub(super) fn read(rows: &[TextRow]) -> Sequences {
    let mut out =
        Sequences { identity: HashMap::new(), owned: HashMap::new(), standalone: Vec::new() };
    for r in rows {
        let params = Params {
            ty: sluice_sql::types::parse_type(r.str(3), super::DIALECT),
            start: r.int(4).unwrap_or(1),
            increment: r.int(5).unwrap_or(1),
            min: r.int(6).unwrap_or(1),
            max: r.int(7).unwrap_or(i64::MAX),
            cache: r.int(8).unwrap_or(1),
            cycle: r.bool(9),
        };
        let mut sequence = Sequence {
            name: qualified(r.str(1), r.str(2)),
            options: params.options(None),
            owned_by: None,
            comment: comment(r, 10),
        };
        let key = (r.str(11).to_string(), r.int(12).unwrap_or(0));
        match r.opt(13) {
            Some("i") => {
                out.identity.insert(key, params);
            }
            Some("a") => {
                sequence.owned_by = Some((qualified(r.str(14), r.str(15)), r.str(16).to_string()));
                let regclass = r.str(17).to_string();
                out.owned.insert(key, Owned { sequence, params, regclass });
            }
            _ => out.standalone.push(sequence),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(ty: SqlType, start: i64, increment: i64, min: i64, max: i64) -> Params {
        Params { ty, start, increment, min, max, cache: 1, cycle: false }
    }

    #[test]
    fn defaults_are_left_out() {
        let p = params(SqlType::BigInt, 1, 1, 1, i64::MAX);
        assert_eq!(p.options(Some(&SqlType::BigInt)), SequenceOptions::default());
        let p = params(SqlType::Integer, 1, 1, 1, i32::MAX as i64);
        assert_eq!(
            p.options(None),
            SequenceOptions { ty: Some(SqlType::Integer), ..Default::default() }
        );
        let down = params(SqlType::BigInt, -1, -1, i64::MIN, -1);
        assert_eq!(
            down.options(Some(&SqlType::BigInt)),
            SequenceOptions { increment: Some(-1), ..Default::default() }
        );
        let p = params(SqlType::BigInt, 10, 5, 10, 1000);
        assert_eq!(
            p.options(Some(&SqlType::BigInt)),
            SequenceOptions {
                increment: Some(5),
                min_value: Some(10),
                max_value: Some(1000),
                ..Default::default()
            }
        );
    }
}
