//! The architecture, checked: which file may import which, no import cycle
//! between files, no function over 100 lines outside the model.
//!
//! How the imports are read (no compiler needed, only the text of `src/`):
//! every `use` statement (with its `{...}` groups expanded) and every
//! `crate::a::b` path in code is resolved to the file that defines it;
//! `super::`, `self::` and a child module's bare name are resolved from the
//! importing file. Comments are dropped, and so is everything from a file's
//! `#[cfg(test)]` on (the unit tests sit at the end of each file and may
//! import what they test). A `pub use` in a `mod.rs` is a re-export (a
//! facade, not a dependency): a path through it is followed to the file
//! that defines the name.
//!
//! The rules (docs/ARCHITECTURE.md draws them):
//!
//! * [`LAYERS`]: each top-level module lists the modules it may import;
//!   anything else fails, and so does a top-level module without a rule.
//! * No cycle between files: the strongly connected components of the
//!   file graph must be single files, except the type-only cycles in
//!   [`TYPE_ONLY_CYCLES`] (documented there).
//! * No function over 100 lines, but the fused hot loops of the model
//!   ([`FUSED_HOT_LOOPS`], which say why).
//!
//! `cargo test --test architecture -- --nocapture` prints the file graph's
//! cycles and the long functions.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Who may import whom, by top-level module (`src/<name>.rs` or
/// `src/<name>/`). Arrows point one way:
///
/// ```text
/// main -> cli -> app -> {evidence, sweep} -> experiment -> model -> {scenario, rng}
/// ```
///
/// and every layer may use the leaves below it, which take plain data:
/// `output` (writers, the atomic writer, the manifest), `plot` (charts of a
/// run folder, from its files), `charts`, `sensitivity`, `stats`,
/// `builtin` (the built-in files and the one source reader), `progress`
/// (the progress trait), `error`. A leaf imports only leaves under it:
/// `plot -> charts -> output -> error`, `sensitivity -> stats`,
/// `builtin -> error`. `explain` (the lead's) and `brief` (the coming HTML
/// report) sit beside `app`'s pipelines.
const LAYERS: &[(&str, &[&str])] = &[
    ("main", &["cli"]),
    ("cli", &["app", "explore", "brief", "progress", "error"]),
    (
        "explore",
        &[
            "app",
            "evidence",
            "experiment",
            "model",
            "scenario",
            "explain",
            "builtin",
            "stats",
            "progress",
            "error",
        ],
    ),
    (
        "app",
        &[
            "calibrate",
            "evidence",
            "brief",
            "sweep",
            "shard",
            "experiment",
            "model",
            "scenario",
            "explain",
            "builtin",
            "output",
            "plot",
            "charts",
            "stats",
            "progress",
            "error",
        ],
    ),
    (
        "brief",
        &[
            "evidence",
            "experiment",
            "model",
            "scenario",
            "builtin",
            "output",
            "plot",
            "charts",
            "stats",
            "progress",
            "error",
        ],
    ),
    ("explain", &["scenario", "model", "error"]),
    (
        "evidence",
        &[
            "experiment",
            "model",
            "scenario",
            "builtin",
            "sensitivity",
            "stats",
            "progress",
            "error",
        ],
    ),
    (
        "sweep",
        &[
            "shard",
            "experiment",
            "model",
            "scenario",
            "builtin",
            "sensitivity",
            "output",
            "charts",
            "stats",
            "progress",
            "error",
        ],
    ),
    (
        "calibrate",
        &[
            "shard",
            "experiment",
            "model",
            "scenario",
            "rng",
            "builtin",
            "output",
            "charts",
            "stats",
            "error",
        ],
    ),
    (
        "experiment",
        &[
            "model",
            "scenario",
            "output",
            "sensitivity",
            "stats",
            "progress",
            "error",
        ],
    ),
    ("model", &["scenario", "rng", "error"]),
    ("scenario", &["error"]),
    ("rng", &[]),
    ("plot", &["charts", "output", "error"]),
    ("charts", &["output", "error"]),
    ("shard", &["output", "error"]),
    ("output", &["error"]),
    ("sensitivity", &["stats"]),
    ("stats", &[]),
    ("builtin", &["error"]),
    ("progress", &[]),
    ("error", &[]),
];

/// Cycles between files that only share types (no behaviour flows both
/// ways), allowed on purpose. Each entry is the sorted set of files of one
/// strongly connected component.
///
/// None today. (`scenario/mod.rs` re-exports the section structs of
/// `scenario/defs.rs` with a glob and `defs.rs` imports the registry's types
/// with `use super::*`: the re-export is a facade, not a dependency, so that
/// pair is no cycle by the rules above.)
const TYPE_ONLY_CYCLES: &[&[&str]] = &[&[
    // The village is the state every process works on: `village.rs` holds
    // the `Village` struct, whose fields are the groups (`groups::Group`),
    // the markets (`markets::Market`) and the month's offers to firms
    // (`partnership::Offer`); the processes take `&mut Village`. Only types
    // cross these edges; behaviour flows one way, from `month.rs` down.
    "model/credit.rs",
    "model/groups.rs",
    "model/markets.rs",
    "model/partnership.rs",
    "model/village.rs",
]];

/// The model's import cycles as they stand before the model half of issue 9
/// (`model/month.rs` taking the month's schedule out of `village.rs`, the
/// production helpers out of `economy.rs`). THE LEAD EMPTIES THIS when that
/// refactor lands; a cycle listed here that no longer exists fails the test,
/// so the list cannot go stale.
const MODEL_CYCLES_PENDING: &[&[&str]] = &[];

/// Longest function allowed, in lines (signature to closing brace).
const MAX_FUNCTION_LINES: usize = 100;

/// The fused hot loops, allowed to be long: each is one pass over a
/// village's households that loads every column once (production, shocks
/// and planned consumption in pass A; installments, debt, consumption,
/// saving, investment and measurement in pass C). Split into functions they
/// would reload the columns per household or pass a dozen slices around;
/// docs/PERFORMANCE.md has the measurements.
const FUSED_HOT_LOOPS: &[(&str, &str)] = &[
    ("model/economy.rs", "produce"),
    ("model/economy.rs", "consume"),
];

// ---------------------------------------------------------------------------

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, as a path relative to `src/` with `/`.
fn source_files() -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("src/ is readable")
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, root, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let rel = p.strip_prefix(root).expect("under src");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(&src_dir(), &src_dir(), &mut out);
    out
}

/// The module path of a file: `sweep/run.rs` → `["sweep", "run"]`,
/// `sweep/mod.rs` → `["sweep"]`, `lib.rs` → `[]`, `main.rs` → `["main"]`
/// (the binary, outside the library's tree).
fn module_of(file: &str) -> Vec<String> {
    let stem = file.trim_end_matches(".rs");
    let mut parts: Vec<String> = stem.split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts == ["lib"] {
        parts.clear();
    }
    parts
}

/// The code of a file without comments and without its tests (everything
/// from the first `#[cfg(test)]`). String literals are blanked, so a path
/// inside a message is not an import.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
        } else if c == b'r' && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#')) {
            // raw string r"..." or r#"..."#
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push(c as char);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == b'"' && (0..hashes).all(|h| b.get(j + 1 + h) == Some(&b'#')) {
                    j += 1 + hashes;
                    break;
                }
                if b[j] == b'\n' {
                    out.push('\n');
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                if i < b.len() && b[i] == b'\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == b'\'' {
            // a char literal ('x', '\n', '\'') or a lifetime ('a)
            let close = if b.get(i + 1) == Some(&b'\\') {
                (i + 2..b.len().min(i + 12)).find(|&j| b[j] == b'\'')
            } else if b.get(i + 2) == Some(&b'\'') {
                Some(i + 2)
            } else {
                None
            };
            match close {
                Some(j) => {
                    out.push_str("' '");
                    i = j + 1;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            out.push(c as char);
            i += 1;
        }
    }
    out
}

/// Expands a `use` tree (`a::{b, c::{d, e}}`) into its paths.
fn expand_use(tree: &str) -> Vec<String> {
    // `x as y` → `x@y`, then drop the whitespace
    let words: Vec<&str> = tree.split_whitespace().collect();
    let tree = words.join(" ").replace(" as ", "@");
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    fn split_top(s: &str) -> Vec<&str> {
        let mut parts = Vec::new();
        let (mut depth, mut start) = (0, 0);
        for (i, c) in s.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&s[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&s[start..]);
        parts.into_iter().filter(|p| !p.is_empty()).collect()
    }
    fn go(prefix: &str, s: &str, out: &mut Vec<String>) {
        match s.find('{') {
            Some(open) if s.ends_with('}') => {
                let head = &s[..open];
                let inner = &s[open + 1..s.len() - 1];
                for part in split_top(inner) {
                    go(&format!("{prefix}{head}"), part, out);
                }
            }
            _ => {
                let s = s.split('@').next().unwrap_or(s);
                let s = s.trim_end_matches("::");
                if s == "self" {
                    out.push(prefix.trim_end_matches("::").to_string());
                } else {
                    out.push(format!("{prefix}{s}"));
                }
            }
        }
    }
    let mut out = Vec::new();
    go("", &tree, &mut out);
    out
}

/// A file's imports, as raw paths (`crate::x::y`, `super::z`, `child::w`),
/// and whether each is a `pub use` re-export.
fn raw_imports(code: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    // use statements
    let mut rest = code;
    while let Some(pos) = find_word(rest, "use") {
        let before = &rest[..pos];
        let is_pub = before.trim_end().ends_with("pub") || before.trim_end().ends_with(')');
        let after = &rest[pos + 3..];
        let end = after.find(';').unwrap_or(after.len());
        for p in expand_use(&after[..end]) {
            out.push((p, is_pub));
        }
        rest = &after[end..];
    }
    // paths in code: crate::a::b
    let mut rest = code;
    while let Some(pos) = rest.find("crate::") {
        let boundary = pos == 0 || {
            let c = rest.as_bytes()[pos - 1];
            !(c.is_ascii_alphanumeric() || c == b'_' || c == b':')
        };
        let tail = &rest[pos..];
        let len = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(tail.len());
        if boundary {
            out.push((tail[..len].trim_end_matches(':').to_string(), false));
        }
        rest = &rest[pos + len.max(7)..];
    }
    // paths in code: super::a
    let mut rest = code;
    while let Some(pos) = rest.find("super::") {
        let tail = &rest[pos..];
        let len = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(tail.len());
        out.push((tail[..len].trim_end_matches(':').to_string(), false));
        rest = &rest[pos + len.max(7)..];
    }
    out
}

/// Position of `word` as a whole word (statement keyword `use`).
fn find_word(s: &str, word: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(i) = s[from..].find(word) {
        let i = from + i;
        let before_ok = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
        let j = i + word.len();
        let after_ok = j < b.len() && b[j].is_ascii_whitespace();
        if before_ok && after_ok {
            return Some(i);
        }
        from = j;
    }
    None
}

struct Tree {
    /// module path → file
    files: BTreeMap<Vec<String>, String>,
    /// (module path of a mod.rs, re-exported name) → the module it comes from
    reexports: BTreeMap<(Vec<String>, String), Vec<String>>,
}

impl Tree {
    /// Absolute segments of a raw path seen in `module`, or None for an
    /// outside crate (std, serde, ...).
    fn absolute(&self, module: &[String], raw: &str, is_main: bool) -> Option<Vec<String>> {
        let segs: Vec<String> = raw.split("::").map(str::to_string).collect();
        let first = segs.first()?.as_str();
        let mut base: Vec<String> = module.to_vec();
        let rest: &[String];
        match first {
            "crate" => {
                base.clear();
                rest = &segs[1..];
            }
            "berdaya" if is_main => {
                base.clear();
                rest = &segs[1..];
            }
            "self" => rest = &segs[1..],
            "super" => {
                let mut k = 0;
                while segs.get(k).is_some_and(|s| s == "super") {
                    base.pop();
                    k += 1;
                }
                rest = &segs[k..];
            }
            _ => {
                // a child module by its bare name
                let mut child = module.to_vec();
                child.push(first.to_string());
                if self.files.contains_key(&child) {
                    rest = &segs[..];
                } else {
                    return None;
                }
            }
        }
        let mut abs = base;
        abs.extend(rest.iter().cloned());
        Some(abs)
    }

    /// The file that defines an absolute path: the longest module prefix
    /// with a file, following re-exports of mod.rs facades.
    fn resolve(&self, abs: &[String]) -> Option<String> {
        let mut path = abs.to_vec();
        for _ in 0..8 {
            let k = (0..=path.len())
                .rev()
                .find(|&k| self.files.contains_key(&path[..k]))?;
            let module = path[..k].to_vec();
            if let Some(name) = path.get(k)
                && let Some(src) = self.reexports.get(&(module.clone(), name.clone()))
            {
                let mut next = src.clone();
                next.push(name.clone());
                next.extend(path[k + 1..].iter().cloned());
                path = next;
                continue;
            }
            return self.files.get(&module).cloned();
        }
        None
    }
}

/// The file graph: file → files it imports.
fn file_graph() -> BTreeMap<String, BTreeSet<String>> {
    let files = source_files();
    let codes: BTreeMap<String, String> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(src_dir().join(f)).expect("readable");
            (f.clone(), code_of(&text))
        })
        .collect();
    let mut tree = Tree {
        files: files.iter().map(|f| (module_of(f), f.clone())).collect(),
        reexports: BTreeMap::new(),
    };
    // re-exports of facades (pub use in mod.rs and lib.rs)
    for f in &files {
        if !(f.ends_with("mod.rs") || f == "lib.rs") {
            continue;
        }
        let module = module_of(f);
        for (raw, is_pub) in raw_imports(&codes[f]) {
            if !is_pub {
                continue;
            }
            let Some(abs) = tree.absolute(&module, &raw, false) else {
                continue;
            };
            let Some((name, from)) = abs.split_last() else {
                continue;
            };
            if name == "*" {
                // a glob re-export: every public name of `from` is reachable
                // through `module`; resolved by name below
                continue;
            }
            tree.reexports
                .insert((module.clone(), name.clone()), from.to_vec());
        }
    }
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let module = module_of(f);
        let is_main = f == "main.rs";
        let deps = graph.entry(f.clone()).or_default();
        for (raw, is_pub) in raw_imports(&codes[f]) {
            let facade = is_pub && (f.ends_with("mod.rs") || f == "lib.rs");
            if facade {
                continue;
            }
            let Some(abs) = tree.absolute(&module, &raw, is_main) else {
                continue;
            };
            if let Some(target) = tree.resolve(&abs)
                && &target != f
                && target != "lib.rs"
            {
                deps.insert(target);
            }
        }
    }
    graph
}

/// Strongly connected components with more than one file (Tarjan).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct S<'a> {
        g: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        on: BTreeSet<&'a str>,
        stack: Vec<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut S<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on.insert(v);
        let g = s.g;
        for w in g.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(lw));
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(iw));
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            loop {
                let w = s.stack.pop().expect("on the stack");
                s.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = S {
        g: graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        on: BTreeSet::new(),
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out.sort();
    s.out
}

fn top_module(file: &str) -> String {
    let m = module_of(file);
    m.first().cloned().unwrap_or_else(|| "lib".into())
}

#[test]
fn every_import_follows_the_layers() {
    let graph = file_graph();
    let rules: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    let mut bad = Vec::new();
    for (file, deps) in &graph {
        let from = top_module(file);
        if from == "lib" {
            continue;
        }
        let Some(allowed) = rules.get(from.as_str()) else {
            bad.push(format!(
                "src/{file}: the top-level module `{from}` has no rule in LAYERS (tests/architecture.rs); add one and say where it sits in docs/ARCHITECTURE.md"
            ));
            continue;
        };
        for dep in deps {
            let to = top_module(dep);
            if to != from && !allowed.contains(&to.as_str()) {
                bad.push(format!(
                    "src/{file} imports src/{dep}: `{from}` may import only {allowed:?}"
                ));
            }
        }
    }
    assert!(bad.is_empty(), "layer violations:\n{}", bad.join("\n"));
}

#[test]
fn no_import_cycle_between_files() {
    let graph = file_graph();
    let found = cycles(&graph);
    for c in &found {
        println!("cycle: {}", c.join(" <-> "));
    }
    let allowed: Vec<Vec<String>> = TYPE_ONLY_CYCLES
        .iter()
        .chain(MODEL_CYCLES_PENDING)
        .map(|c| c.iter().map(|s| s.to_string()).collect())
        .collect();
    let new: Vec<&Vec<String>> = found.iter().filter(|c| !allowed.contains(c)).collect();
    let gone: Vec<&Vec<String>> = allowed.iter().filter(|c| !found.contains(c)).collect();
    let show = |cs: &[&Vec<String>]| {
        cs.iter()
            .map(|c| format!("  {}", c.join(" <-> ")))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        new.is_empty(),
        "import cycles between files (each line: files that import each other, directly or around a circle):\n{}\nwith their imports:\n{}",
        show(&new),
        new.iter()
            .flat_map(|c| c.iter().map(|f| format!(
                "  {f} -> {:?}",
                graph[f]
                    .iter()
                    .filter(|d| c.contains(d))
                    .collect::<Vec<_>>()
            )))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        gone.is_empty(),
        "these allowed cycles no longer exist; remove them from TYPE_ONLY_CYCLES / MODEL_CYCLES_PENDING in tests/architecture.rs:\n{}",
        show(&gone)
    );
}

/// Functions of a file with their first line and length in lines.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let code = code_of(text);
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let t = t
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("pub ")
            .trim_start_matches("const ")
            .trim_start_matches("unsafe ");
        let Some(rest) = t.strip_prefix("fn ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // the body: from the first `{` after the signature to its match
        let mut depth = 0i32;
        let mut started = false;
        let mut end = None;
        'scan: for (j, l) in lines.iter().enumerate().skip(i) {
            for c in l.chars() {
                match c {
                    ';' if !started && depth == 0 => break 'scan, // a declaration
                    '{' => {
                        depth += 1;
                        started = true;
                    }
                    '}' => {
                        depth -= 1;
                        if started && depth == 0 {
                            end = Some(j);
                            break 'scan;
                        }
                    }
                    _ => {}
                }
            }
        }
        if let Some(end) = end {
            out.push((name, i + 1, end - i + 1));
        }
    }
    out
}

#[test]
fn no_function_over_100_lines_but_the_fused_hot_loops() {
    let mut long = Vec::new();
    for f in source_files() {
        let text = std::fs::read_to_string(src_dir().join(&f)).expect("readable");
        // a `tests.rs` is a unit-test module (`#[cfg(test)] mod tests;`)
        if f.ends_with("/tests.rs") {
            continue;
        }
        for (name, line, len) in functions(&text) {
            if len > MAX_FUNCTION_LINES {
                println!("long function: src/{f}:{line} {name} ({len} lines)");
                if !FUSED_HOT_LOOPS.contains(&(f.as_str(), name.as_str())) {
                    long.push(format!("src/{f}:{line} {name}: {len} lines"));
                }
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines (split them into named steps):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_parser_reads_use_trees_and_paths() {
    let mut p = expand_use("crate::{a::{b, c as d}, e::f, self}");
    p.sort();
    assert_eq!(p, ["crate", "crate::a::b", "crate::a::c", "crate::e::f"]);
    let code = code_of("// crate::x::y\nlet s = \"crate::z\"; crate::w::v(); use super::q;");
    let raw: Vec<String> = raw_imports(&code).into_iter().map(|r| r.0).collect();
    assert!(raw.contains(&"crate::w::v".to_string()), "{raw:?}");
    assert!(raw.contains(&"super::q".to_string()), "{raw:?}");
    assert!(
        !raw.iter().any(|r| r.contains('x') || r.contains('z')),
        "{raw:?}"
    );
    let f = functions(
        "fn a() {\n    1\n}\nfn b();\npub fn c(x: u8) -> u8 {\n    if x > 0 { 1 } else { 2 }\n}\n",
    );
    assert_eq!(f, vec![("a".to_string(), 1, 3), ("c".to_string(), 5, 3)]);
}

#[test]
fn cycles_are_found_and_single_files_are_not_cycles() {
    let g = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry(a.to_string()).or_default().insert(b.to_string());
            g.entry(b.to_string()).or_default();
        }
        g
    };
    assert!(cycles(&g(&[("a", "b"), ("b", "c")])).is_empty());
    assert_eq!(
        cycles(&g(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])),
        vec![vec!["a".to_string(), "b".into(), "c".into()]]
    );
    // the real tree: a pub use in a mod.rs is followed to the defining file
    let graph = file_graph();
    assert!(
        graph["cli.rs"].contains("app/run.rs"),
        "{:?}",
        graph["cli.rs"]
    );
    assert!(graph["app/run_folder.rs"].contains("experiment/estimate.rs"));
    assert!(
        !graph["output/run.rs"]
            .iter()
            .any(|f| f.starts_with("experiment"))
    );
}
