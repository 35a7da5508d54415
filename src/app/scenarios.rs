//! `berdaya scenarios`: the built-in scenarios and experiments.

use crate::builtin;
use crate::error::Result;

/// (name, description) of every built-in.
pub fn list() -> Vec<(&'static str, String)> {
    builtin::BUILTIN
        .iter()
        .map(|(name, text)| (*name, builtin::description(text)))
        .collect()
}

/// The text of a built-in, as a commented TOML file.
pub fn show(name: &str) -> Result<&'static str> {
    builtin::get(name).ok_or_else(|| builtin::unknown(name))
}
