//! Records what built the binary, for `manifest.json`: the git commit of
//! the checkout (when built from one; "unknown" otherwise, e.g. from a
//! source tarball) and the compiler's version. Both fall back gracefully:
//! a build never fails for want of git.

use std::process::Command;

fn output(cmd: &str, args: &[&str]) -> Option<String> {
    // GIT_OPTIONAL_LOCKS=0: `git status` must not refresh .git/index, which
    // this script watches; else every build would trigger the next one
    let out = Command::new(cmd)
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
}

fn main() {
    let commit = output("git", &["rev-parse", "HEAD"]).map(|hash| {
        let dirty = output("git", &["status", "--porcelain", "--untracked-files=no"]).is_some();
        if dirty { format!("{hash}-dirty") } else { hash }
    });
    println!(
        "cargo:rustc-env=BERDAYA_GIT_COMMIT={}",
        commit.as_deref().unwrap_or("unknown")
    );
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    println!(
        "cargo:rustc-env=BERDAYA_RUSTC_VERSION={}",
        output(&rustc, &["--version"]).unwrap_or_else(|| "unknown".into())
    );
    // rerun when the commit moves (HEAD, the branch it points at, packed refs)
    // or the sources change, not on every file of the folder
    // (only files that exist: cargo treats a missing one as always changed)
    for path in ["HEAD", "packed-refs", "index"] {
        if let Some(p) = output("git", &["rev-parse", "--git-path", path])
            && std::path::Path::new(&p).exists()
        {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    if let Some(r) = output("git", &["symbolic-ref", "-q", "HEAD"])
        && let Some(p) = output("git", &["rev-parse", "--git-path", &r])
        && std::path::Path::new(&p).exists()
    {
        println!("cargo:rerun-if-changed={p}");
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src");
}
