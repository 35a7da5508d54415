//! Errors that reach the user. Problems with input (files, keys, values,
//! flags, an output folder that is in the way) exit with code 2; failures
//! while running (a disk that fills up) with code 1. Never a panic.

use crate::scenario::load::Issue;
use std::fmt;

/// An error to show the user.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in input files or flags.
    #[error("{}", render_issues(.0))]
    Input(Vec<Issue>),
    /// A usage problem explained in one paragraph.
    #[error("{0}")]
    Usage(String),
    /// Something failed while running or writing.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Other(String),
}

impl Error {
    /// Process exit code.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Usage(_) => 2,
            Error::Io { .. } | Error::Other(_) => 1,
        }
    }
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

fn render_issues(issues: &[Issue]) -> String {
    let mut s = String::new();
    for (k, i) in issues.iter().enumerate() {
        if k > 0 {
            s.push('\n');
        }
        s.push_str(&i.to_string());
    }
    if issues.len() > 1 {
        s.push_str(&format!("\n{} problems found", issues.len()));
    }
    s
}

pub type Result<T> = std::result::Result<T, Error>;

/// Shorthand for I/O results with a context.
pub trait IoContext<T> {
    fn ctx(self, context: impl FnOnce() -> String) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn ctx(self, context: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| Error::io(context(), e))
    }
}

impl From<csv::Error> for Error {
    fn from(e: csv::Error) -> Self {
        Error::Other(format!("writing CSV: {e}"))
    }
}

/// Wraps a displayable value as an `Other` error.
pub fn other(e: impl fmt::Display) -> Error {
    Error::Other(e.to_string())
}
