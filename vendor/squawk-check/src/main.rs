//! `squawk-check FILE...`: one line per error of each file (path, range,
//! message), then `path done`, in the order `Parse::errors` returns them.

use std::io::Write;

fn main() {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // not UTF-8: the parser takes &str
        };
        let parse = squawk_syntax::SourceFile::parse(&text);
        for e in parse.errors() {
            writeln!(out, "{path}\t{:?}\t{}", e.range(), e.message()).unwrap();
        }
        writeln!(out, "{path}\tdone").unwrap();
    }
}
