//! Errors that reach the user. Problems with input (files, keys, values,
//! flags, an output folder that is in the way) exit with code 2; failures
//! while running (a disk that fills up) with code 1. Never a panic.

use std::fmt;

/// Where a value came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    /// File path, or `--set` / `--seed` etc. for the command line.
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Origin {
    pub fn flag(flag: &str) -> Self {
        Origin {
            file: flag.to_string(),
            line: None,
            column: None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}", self.file),
            (Some(l), None) => write!(f, "{}:{l}", self.file),
            _ => write!(f, "{}", self.file),
        }
    }
}

/// One problem in an input.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub origin: Origin,
    /// Dotted key path (`program.budget`, `arm[1].program.budget`), empty for
    /// problems of the file as a whole.
    pub key: String,
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}: {}", self.origin, self.message)
        } else {
            write!(f, "{}: key `{}`: {}", self.origin, self.key, self.message)
        }
    }
}

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

// ---------------------------------------------------------------------------
// The one helper for "unknown name; did you mean ...?" messages.

/// Longest key (a dotted path such as `program.budget`) a file may hold; a
/// longer one gets no nearest-name search (`scenario::limits` re-exports it).
pub const MAX_KEY_LEN: usize = 200;

/// The nearest valid name to `word` (Damerau–Levenshtein distance, at most a
/// third of the word's length, or a prefix match).
pub fn suggest<'a>(word: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // a key longer than any valid one gets no search (a 300,000-character
    // key took 24 s of edit distances; scenario::limits::MAX_KEY_LEN)
    if word.len() > MAX_KEY_LEN {
        return None;
    }
    let w = word.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for n in names {
        let l = n.to_lowercase();
        // a key named without its section: `skill_fade` for
        // `institutions.skill_fade`
        if key_leaf(&l) == Some(w.as_str()) {
            return Some(n);
        }
        let d = edit_distance(&w, &l);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, n));
        }
    }
    let (d, n) = best?;
    let limit = (w.chars().count().max(n.chars().count()) / 3).max(1);
    (d <= limit || (w.len() >= 3 && n.starts_with(&w))).then_some(n)
}

/// The last part of a dotted key (`skill_fade` of
/// `institutions.skill_fade`); `None` for a name without a section.
pub fn key_leaf(name: &str) -> Option<&str> {
    name.rsplit_once('.').map(|(_, last)| last)
}

/// Optimal-string-alignment edit distance (insertions, deletions,
/// substitutions and adjacent transpositions).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, x) in d[0].iter_mut().enumerate() {
        *x = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// `; did you mean `NAME`?` for the nearest of `names` to `word` (a key, a
/// section, a built-in), or nothing.
pub fn did_you_mean<'a>(word: &str, names: impl IntoIterator<Item = &'a str>) -> String {
    suggest(word, names)
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default()
}

/// `; did you mean "VALUE"?` for the nearest of `values` to `word` (a
/// string value such as a method or an arm name), or nothing.
pub fn did_you_mean_value<'a>(word: &str, values: impl IntoIterator<Item = &'a str>) -> String {
    suggest(word, values)
        .map(|n| format!("; did you mean \"{n}\"?"))
        .unwrap_or_default()
}

/// Wraps a displayable value as an `Other` error.
pub fn other(e: impl fmt::Display) -> Error {
    Error::Other(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggestions_find_typos_and_keys_named_without_their_section() {
        let names = ["institutions.skill_fade", "economy.saving_rate", "months"];
        assert_eq!(
            suggest("economy.savng_rate", names),
            Some("economy.saving_rate")
        );
        assert_eq!(
            suggest("skill_fade", names),
            Some("institutions.skill_fade")
        );
        assert_eq!(
            suggest("SKILL_FADE", names),
            Some("institutions.skill_fade")
        );
        assert_eq!(suggest("mnths", names), Some("months"));
        assert_eq!(suggest("zzzzzzzz", names), None);
    }
}
