//! The sweep loader under libFuzzer: any bytes as a sweep file, next to a
//! tiny base experiment (`base.toml`) so that deep checks are reached (the
//! base resolved, the design sized before it is built, every point checked).
//! It must never panic, hang or allocate without bound.
//!
//!     cargo +nightly fuzz run sweep_loader -- -max_total_time=60
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The tiny two-arm base (shared with tests/harden.rs).
const BASE: &str = include_str!("../../tests/fixtures/tiny_base.toml");

/// A folder of this process holding `base.toml`; the input is written
/// beside it as `sweep.toml` (the loader reads a path).
fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("berdaya-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        std::fs::write(dir.join("base.toml"), BASE).expect("writing base.toml");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let path = folder().join("sweep.toml");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    if let Err(e) = berdaya::sweep::file::load(&path) {
        let _ = e.to_string();
    }
});
