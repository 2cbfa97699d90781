//! Reading files in pieces: each file is cut between statements
//! ([`crate::scan::next_cut`]), worker threads parse the pieces with
//! squawk (lexing, parsing and validation, most of the work), and this
//! thread reads each tree as soon as it is there, in file order (later
//! statements alter earlier objects), then drops it: only a few trees are
//! alive at a time.
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

/// How many pieces the workers may parse ahead of the one being read.
const AHEAD: usize = 4;

/// One piece: a byte range of a file.
struct Piece {
    file: usize,
    start: usize,
    end: usize,
}

/// A parsed piece; `None` when it had errors (or squawk panicked).
type Parsed = Option<Parse<squawk_syntax::SourceFile>>;

struct State {
    /// The next piece nobody has claimed.
    next: usize,
    /// The piece being read: workers stay within [`AHEAD`] of it.
    reading: usize,
    /// Stop claiming pieces (the reader gave up, or is done).
    stop: bool,
    done: Vec<Option<Parsed>>,
}

struct Shared<'t> {
    texts: &'t [Cow<'t, str>],
    pieces: Vec<Piece>,
    state: Mutex<State>,
    /// Signalled when a piece is parsed and when the reader moves on.
    changed: Condvar,
}

impl Shared<'_> {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn parse(&self, i: usize) -> Parsed {
        let p = &self.pieces[i];
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
            if state.stop || state.next >= self.pieces.len() {
                return;
            }
            if state.next >= state.reading + AHEAD {
                state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
                continue;
            }
            let i = state.next;
            state.next += 1;
            drop(state);
            let parsed = self.parse(i);
            state = self.lock();
            state.done[i] = Some(parsed);
            self.changed.notify_all();
        }
    }

    /// The parse of piece `i`, once there (parsed here if no worker took it).
    fn take(&self, i: usize) -> Parsed {
        let mut state = self.lock();
        state.reading = i;
        self.changed.notify_all();
        if state.next == i {
            state.next += 1;
            drop(state);
            return self.parse(i);
        }
        loop {
            if let Some(parsed) = state.done[i].take() {
                return parsed;
            }
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
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
    let mut pieces = Vec::new();
    for (file, text) in texts.iter().enumerate() {
        let mut start = 0;
        loop {
            let end = next_cut(text, start, Dialect::Postgres, piece_bytes).unwrap_or(text.len());
            pieces.push(Piece { file, start, end });
            if end == text.len() {
                break;
            }
            start = end;
        }
    }
    let count = pieces.len();
    let shared = Shared {
        texts: &texts,
        pieces,
        state: Mutex::new(State {
            next: 0,
            reading: 0,
            stop: false,
            done: (0..count).map(|_| None).collect(),
        }),
        changed: Condvar::new(),
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let workers = if count > 1 { threads.min(count) } else { 0 };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let worker = std::thread::Builder::new().name("sluice-parse".into());
            if worker.spawn_scoped(scope, || shared.work()).is_err() {
                break; // no thread: this one parses what the others would have
            }
        }
        let mut b = Builder::new(files);
        let mut file = None;
        let mut read_all = || {
            for i in 0..count {
                let parse = shared.take(i)?;
                let piece = &shared.pieces[i];
                if file != Some(piece.file) {
                    file = Some(piece.file);
                    b.start_file(piece.file);
                }
                b.read_piece(piece.start, &parse.syntax_node());
            }
            Some(())
        };
        let read = read_all();
        shared.stop();
        read.map(|()| b)
    })
}
