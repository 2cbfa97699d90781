//! Memos for pure functions of short strings (is this name a keyword? does
//! this default need parentheses?) that rendering asks about the same few
//! thousand names and expressions over and over.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Entries kept at most; past that a memo starts over.
const MAX_ENTRIES: usize = 1 << 16;

/// A multiply-rotate hash (as rustc's FxHash): short keys hash in a few
/// instructions, and keys are our own names, never chosen to collide.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Builds [`FxHasher`]s: for maps keyed by names and source texts.
pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
pub(crate) type FxHashMap<K, V> = HashMap<K, V, FxBuild>;

/// Results of a pure function by its argument.
#[derive(Default)]
pub(crate) struct Memo<V> {
    map: FxHashMap<Box<str>, V>,
}

impl<V: Clone> Memo<V> {
    /// `f(key)`, computed once per key.
    pub(crate) fn get(&mut self, key: &str, f: impl FnOnce(&str) -> V) -> V {
        if let Some(v) = self.map.get(key) {
            return v.clone();
        }
        let v = f(key);
        if self.map.len() >= MAX_ENTRIES {
            self.map.clear();
        }
        self.map.insert(key.into(), v.clone());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_per_key() {
        let mut m = Memo::default();
        let mut calls = 0;
        for key in ["a", "b", "a", "a", "b"] {
            let v = m.get(key, |k| {
                calls += 1;
                k.len()
            });
            assert_eq!(v, 1);
        }
        assert_eq!(calls, 2);
    }
}
