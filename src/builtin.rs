//! Built-in scenarios and experiments: the files of `scenarios/`, compiled
//! into the binary so `berdaya run NAME` works from anywhere.

/// (name, file text)
pub const BUILTIN: &[(&str, &str)] = &[
    ("strategies", include_str!("../scenarios/strategies.toml")),
    ("baseline", include_str!("../scenarios/baseline.toml")),
    ("evidence", include_str!("../scenarios/evidence.toml")),
    ("exit_timing", include_str!("../scenarios/exit_timing.toml")),
    ("allocation", include_str!("../scenarios/allocation.toml")),
    (
        "provider_enabler",
        include_str!("../scenarios/provider_enabler.toml"),
    ),
    ("governance", include_str!("../scenarios/governance.toml")),
    (
        "facilitators",
        include_str!("../scenarios/facilitators.toml"),
    ),
    (
        "partnerships",
        include_str!("../scenarios/partnerships.toml"),
    ),
    (
        "infrastructure_bargaining",
        include_str!("../scenarios/infrastructure_bargaining.toml"),
    ),
    (
        "who_stays_powerless",
        include_str!("../scenarios/who_stays_powerless.toml"),
    ),
    ("national", include_str!("../scenarios/national.toml")),
];

/// The text of a built-in by name.
pub fn get(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The `description = "..."` line of a built-in, for listings.
pub fn description(text: &str) -> String {
    text.lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("description")
                .and_then(|r| r.trim_start().strip_prefix('='))
        })
        .map(|v| v.trim().trim_matches('"').to_string())
        .unwrap_or_default()
}

/// Names of all built-ins.
pub fn names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(n, _)| *n).collect()
}

// ---------------------------------------------------------------------------
// The one source reader: a file, or a built-in by name.

use crate::error::{Error, Issue, Origin, Result, did_you_mean};
use std::path::Path;

/// Where a scenario's (or sweep's) text comes from.
pub struct Source {
    /// File path as given, or `builtin:NAME`.
    pub label: String,
    pub text: String,
}

/// Reads a target: a built-in name, or a file. A built-in's bare name
/// (`strategies`) always means the built-in, even where a file or folder of
/// that name exists in the current folder (a folder `strategies/` made
/// `berdaya run` fail); write a path (`./strategies`) to mean the file.
pub fn read_source(target: &str) -> Result<Source> {
    if let Some(text) = get(target) {
        return Ok(Source {
            label: format!("builtin:{target}"),
            text: text.to_string(),
        });
    }
    let path = Path::new(target);
    if path.exists() {
        return read_file(path, "file", "a scenario");
    }
    let looks_like_file = target.contains('/') || target.contains('.');
    if looks_like_file {
        Err(Error::Input(vec![Issue {
            origin: Origin::flag(target),
            key: String::new(),
            message: "cannot read the file: no such file".into(),
        }]))
    } else {
        Err(unknown(target))
    }
}

/// The error for a name that is neither a file nor a built-in.
pub fn unknown(name: &str) -> Error {
    Error::Usage(format!(
        "there is no file or built-in scenario named `{name}`{} Built-ins: {}.",
        did_you_mean(name, names()),
        names().join(", ")
    ))
}

/// Reads a text file; `what` names it in messages ("file", "sweep file")
/// and `kind` says what it should be ("a scenario", "a sweep file").
pub fn read_file(path: &Path, what: &str, kind: &str) -> Result<Source> {
    let label = path.display().to_string();
    let fail = |message: String| {
        Error::Input(vec![Issue {
            origin: Origin::flag(&label),
            key: String::new(),
            message,
        }])
    };
    let bytes = std::fs::read(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ if path.is_dir() => "it is a folder, not a file".to_string(),
            _ => e.to_string(),
        };
        fail(format!("cannot read the {what}: {why}"))
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        fail(format!(
            "this is not a text file (not UTF-8 at byte {}); {kind} is a TOML text file",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(Source { label, text })
}
