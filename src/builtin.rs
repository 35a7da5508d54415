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
