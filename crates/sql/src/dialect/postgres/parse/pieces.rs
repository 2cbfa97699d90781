//! Reading files in pieces: each file is cut between statements
//! ([`crate::scan::next_cut`]) as the pieces are claimed, worker threads
//! parse the pieces with squawk (lexing, parsing and validation, most of
//! the work), and this thread reads each tree as soon as it is there, in
//! file order (later statements alter earlier objects), then drops it: only
//! a few trees are alive at a time. While the tree it needs is not there
//! yet, this thread parses a piece itself.
//!
//! A piece parsed without errors reads exactly as the same statements of a
//! whole-file tree: trivia between statements belongs to no statement,
//! squawk keeps no state from one statement to the next, and positions are
//! shifted by the piece's offset ([`Builder::abs`]). A piece with a syntax
//! error (or a cut squawk would not make: a `;` inside a body, which leaves
//! an unfinished statement) gives up, and the caller reads every file whole,
//! so that errors are found and worded exactly as on one tree.

use super::{without_psql_restrict, Builder};
use crate::scan::next_cut;
use crate::SourceFile;
use sluice_schema::Dialect;
use squawk_syntax::{Parse, SyntaxKind as K};
use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Condvar, Mutex, MutexGuard};

/// Pieces are at least this long: enough work per piece to keep hand-offs
/// rare, small enough that the first tree is soon there.
pub(super) const PIECE_BYTES: usize = 32 << 10;

/// How many pieces may be parsed ahead of the one being read.
const AHEAD: usize = 4;

/// One piece: a byte range of a file.
#[derive(Clone, Copy)]
struct Piece {
    file: usize,
    start: usize,
    end: usize,
}

/// A parsed piece; `None` when it had errors (or squawk panicked).
type Parsed = Option<Parse<squawk_syntax::SourceFile>>;

struct State {
    /// Where the next piece starts: files are cut as pieces are claimed,
    /// so parsing starts without scanning the files first. `None` once
    /// every file is cut.
    cut_at: Option<(usize, usize)>,
    /// The pieces cut so far, in order; `done[i]` is the parse of
    /// `pieces[i]` once a worker has it.
    pieces: Vec<Piece>,
    done: Vec<Option<Parsed>>,
    /// The piece being read: workers stay within [`AHEAD`] of it.
    reading: usize,
    /// Trees read already, for a worker to drop: taking a tree apart (every
    /// node freed) is work the reader, the slowest stage, is spared.
    read: Vec<Parsed>,
    /// Stop claiming pieces (the reader gave up, or is done).
    stop: bool,
}

struct Shared<'t> {
    texts: &'t [Cow<'t, str>],
    piece_bytes: usize,
    state: Mutex<State>,
    /// Signalled when a piece is parsed and when the reader moves on.
    changed: Condvar,
}

impl Shared<'_> {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Cut the next piece (with the lock held: a boundary is found in a few
    /// dozen microseconds); `None` when all are cut.
    fn claim(&self, state: &mut State) -> Option<(usize, Piece)> {
        let (file, start) = state.cut_at?;
        let text = &self.texts[file];
        let end = next_cut(text, start, Dialect::Postgres, self.piece_bytes).unwrap_or(text.len());
        state.cut_at = if end < text.len() {
            Some((file, end))
        } else if file + 1 < self.texts.len() {
            Some((file + 1, 0))
        } else {
            None
        };
        let piece = Piece { file, start, end };
        state.pieces.push(piece);
        state.done.push(None);
        Some((state.pieces.len() - 1, piece))
    }

    fn parse(&self, p: Piece) -> Parsed {
        let text = &self.texts[p.file][p.start..p.end];
        catch_unwind(AssertUnwindSafe(|| {
            let parse = squawk_syntax::SourceFile::parse(text);
            let clean = parse.errors().is_empty()
                && parse.syntax_node().children().all(|n| n.kind() != K::ERROR);
            clean.then_some(parse)
        }))
        .ok()
        .flatten()
    }

    /// A worker: parse pieces in order until none is left.
    fn work(&self) {
        let mut state = self.lock();
        loop {
            if !state.read.is_empty() {
                let read = std::mem::take(&mut state.read);
                drop(state);
                drop(read);
                state = self.lock();
                continue;
            }
            if state.stop {
                return;
            }
            if state.cut_at.is_none() || state.pieces.len() >= state.reading + AHEAD {
                state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
                continue;
            }
            let Some((i, piece)) = self.claim(&mut state) else {
                return;
            };
            drop(state);
            let parsed = self.parse(piece);
            state = self.lock();
            state.done[i] = Some(parsed);
            self.changed.notify_all();
        }
    }

    /// Piece `i` and its parse, once there; `None` past the last piece.
    /// Rather than wait for a worker, the reader parses the next piece
    /// itself (it may be `i`, or one ahead that a worker would have taken):
    /// no core idles while a piece is left to parse.
    fn take(&self, i: usize) -> Option<(Piece, Parsed)> {
        let mut state = self.lock();
        state.reading = i;
        self.changed.notify_all();
        loop {
            if let Some(parsed) = state.done.get_mut(i).and_then(Option::take) {
                return Some((state.pieces[i], parsed));
            }
            if !state.stop && state.pieces.len() < i + AHEAD {
                if let Some((j, piece)) = self.claim(&mut state) {
                    drop(state);
                    let parsed = self.parse(piece);
                    if j == i {
                        return Some((piece, parsed));
                    }
                    state = self.lock();
                    state.done[j] = Some(parsed);
                    continue;
                }
            }
            if i >= state.pieces.len() {
                return None; // every file is cut, and read
            }
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Hand a tree that has been read to the workers to drop.
    fn discard(&self, parsed: Parsed) {
        self.lock().read.push(parsed);
        self.changed.notify_all();
    }

    fn stop(&self) {
        self.lock().stop = true;
        self.changed.notify_all();
    }
}

/// Read the files in pieces of at least `piece_bytes`; `None` when a piece
/// has a syntax error (read the files whole then).
pub(super) fn read(files: &[SourceFile], piece_bytes: usize) -> Option<Builder<'_>> {
    let texts: Vec<Cow<str>> = files.iter().map(|f| without_psql_restrict(&f.text)).collect();
    let shared = Shared {
        texts: &texts,
        piece_bytes,
        state: Mutex::new(State {
            cut_at: (!texts.is_empty()).then_some((0, 0)),
            pieces: Vec::new(),
            done: Vec::new(),
            reading: 0,
            read: Vec::new(),
            stop: false,
        }),
        changed: Condvar::new(),
    };
    // A file shorter than a piece is one piece: no thread for it.
    let total: usize = texts.iter().map(|t| t.len()).sum();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // The reader parses too (see [`Shared::take`]): one worker fewer than
    // cores keeps every core busy without a thread too many taking turns.
    let workers = if total > piece_bytes { threads - 1 } else { 0 };
    std::thread::scope(|scope| {
        // A thread that cannot be had is no error: this one parses what
        // it would have.
        let started = (0..workers)
            .take_while(|_| {
                let worker = std::thread::Builder::new().name("sluice-parse".into());
                worker.spawn_scoped(scope, || shared.work()).is_ok()
            })
            .count();
        // Workers wait for the stop (they drop read trees until then): it
        // is given however this thread leaves, a panic included, or the
        // scope would wait for them forever.
        let _stop = StopOnDrop(&shared);
        let mut b = Builder::new(files);
        let mut file = None;
        let mut read_all = || {
            let mut i = 0;
            while let Some((piece, parse)) = shared.take(i) {
                let parse = parse?;
                if file != Some(piece.file) {
                    file = Some(piece.file);
                    b.start_file(piece.file);
                }
                b.read_piece(piece.start, &parse.syntax_node());
                if started > 0 {
                    shared.discard(Some(parse));
                }
                i += 1;
            }
            Some(())
        };
        read_all().map(|()| b)
    })
}

/// Stops the workers when dropped.
struct StopOnDrop<'s, 't>(&'s Shared<'t>);

impl Drop for StopOnDrop<'_, '_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}
