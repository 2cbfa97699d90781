//! `squawk-check FILE...`: for each file, a digest of its syntax tree (the
//! kind and range of every node and token, in order), then one line per
//! error (path, range, message) in the order `Parse::errors` returns them,
//! then `path done`.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;

fn main() {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // not UTF-8: the parser takes &str
        };
        let parse = squawk_syntax::SourceFile::parse(&text);
        // DefaultHasher::new() is unkeyed: the same tree hashes the same in
        // both builds.
        let mut tree = DefaultHasher::new();
        let mut elements = 0usize;
        for event in parse.syntax_node().preorder_with_tokens() {
            if let rowan::WalkEvent::Enter(element) = event {
                u16::from(element.kind()).hash(&mut tree);
                let range = element.text_range();
                (u32::from(range.start()), u32::from(range.end())).hash(&mut tree);
                elements += 1;
            }
        }
        writeln!(out, "{path}\ttree {elements} elements {:016x}", tree.finish()).unwrap();
        for e in parse.errors() {
            writeln!(out, "{path}\t{:?}\t{}", e.range(), e.message()).unwrap();
        }
        writeln!(out, "{path}\tdone").unwrap();
    }
}
