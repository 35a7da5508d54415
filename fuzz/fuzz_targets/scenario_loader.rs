//! The scenario loader under libFuzzer: any bytes as a scenario or
//! experiment file. Parsing, checking against the registry, resolving the
//! arms with every cross-field rule and limit, and sizing an accepted
//! experiment must never panic, hang or allocate without bound.
//!
//!     cargo +nightly fuzz run scenario_loader -- -max_total_time=60
#![no_main]

use berdaya::scenario::experiment::{Overrides, resolve, to_resolved_toml};
use berdaya::scenario::load::parse_document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (doc, issues) = parse_document("fuzz.toml", text);
    if !issues.is_empty() {
        // every problem renders as a message
        let _ = berdaya::error::Error::Input(issues).to_string();
        return;
    }
    match resolve(&doc, "fuzz.toml", &Overrides::default()) {
        Ok(exp) => {
            let _ = berdaya::experiment::footprint(&exp, 1);
            let _ = to_resolved_toml(&exp, "fuzz");
        }
        Err(issues) => {
            let _ = berdaya::error::Error::Input(issues).to_string();
        }
    }
});
