//! Located errors on user input: every error names file:line:col, shows the
//! source snippet with the span underlined (through miette) and says what to do.

use crate::source::{SourceFile, Span};
use miette::{Diagnostic, NamedSource, SourceSpan};
use std::fmt;

#[derive(Debug, Clone, thiserror::Error, Diagnostic)]
#[error("{message}")]
pub struct SqlError {
    pub message: String,
    #[help]
    pub help: Option<String>,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    /// `file:line:col`, precomputed for plain-text and JSON output.
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl SqlError {
    pub fn new(file: &SourceFile, span: Span, message: impl Into<String>) -> Self {
        let (line, column) = file.line_col(span.start);
        SqlError {
            message: message.into(),
            help: None,
            src: NamedSource::new(file.name(), file.text.clone()),
            span: SourceSpan::new(span.start.into(), span.len()),
            label: "here".to_string(),
            location: Location { file: file.name(), line, column },
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// One line: `file:line:col: message`.
    pub fn short(&self) -> String {
        format!("{}: {}", self.location, self.message)
    }
}
