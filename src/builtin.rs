//! Built-in scenarios and experiments: the files of `scenarios/`, compiled
//! into the binary so `berdaya run NAME` works from anywhere.

/// (name, file text)
pub const BUILTIN: &[(&str, &str)] = &[
    ("strategies", include_str!("../scenarios/strategies.toml")),
    ("baseline", include_str!("../scenarios/baseline.toml")),
    ("evidence", include_str!("../scenarios/evidence.toml")),
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
