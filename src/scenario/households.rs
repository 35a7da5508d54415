//! Households from survey data (`population.households_file`): a CSV extract
//! in the spirit of SUSENAS, one row per household, read and checked like a
//! scenario file (file, line, column, what was expected; exit code 2).
//!
//! Schema (header row required, columns in any order, names exact):
//!
//! | column | type | meaning |
//! |---|---|---|
//! | `village` | text | village id; villages are numbered in order of first appearance |
//! | `size` | whole number 1..=40 | persons in the household |
//! | `assets` | number >= 0 | productive assets (Rp) |
//! | `schooling` | number 0..=25 | years of schooling of the head (skill proxy) |
//! | `consumption` | number >= 0 | household consumption per month (Rp) |
//! | `group` | 0 or 1 (optional) | member of a savings group, cooperative or similar |
//!
//! Comma-separated, no quoted commas; blank lines and lines starting with
//! `#` are skipped. The model builds its villages from the file (the number
//! of villages and their sizes come from it) and draws the rest of the
//! state as it does without a file (docs/ODD.md, "Households from survey
//! data").
//!
//! A checked file is kept in a process-wide cache keyed by its resolved path,
//! so every arm, replication and thread reads the same table; the scenario
//! only carries the path.

use super::Scenario;
use super::load::Settings;
use crate::error::{Issue, Origin};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The columns a file must have, and the optional ones.
pub const REQUIRED: &[&str] = &["village", "size", "assets", "schooling", "consumption"];
pub const OPTIONAL: &[&str] = &["group"];

/// One household of an extract.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub size: u8,
    pub assets: f64,
    pub schooling: f64,
    pub consumption: f64,
    pub group: bool,
}

/// A checked extract: villages in order of first appearance.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extract {
    /// Village ids as written.
    pub ids: Vec<String>,
    /// Households of each village, in file order.
    pub villages: Vec<Vec<Row>>,
}

impl Extract {
    pub fn households(&self) -> usize {
        self.villages.iter().map(Vec::len).sum()
    }
    /// Mean households per village, rounded (at least 2).
    pub fn mean_size(&self) -> u32 {
        let n = self.households() as f64 / self.villages.len().max(1) as f64;
        (n.round() as u32).max(2)
    }
}

fn cache() -> &'static Mutex<HashMap<String, Arc<Extract>>> {
    static C: OnceLock<Mutex<HashMap<String, Arc<Extract>>>> = OnceLock::new();
    C.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The extract loaded from `path` (a resolved path, as the scenario holds it).
pub fn cached(path: &str) -> Option<Arc<Extract>> {
    cache().lock().ok()?.get(path).cloned()
}

/// Reads and checks an extract; every problem found, with line and column.
pub fn load(path: &Path) -> Result<Extract, Vec<Issue>> {
    let label = path.display().to_string();
    let fail = |m: String| {
        vec![Issue {
            origin: Origin::flag(&label),
            key: "population.households_file".into(),
            message: m,
        }]
    };
    let bytes = std::fs::read(path).map_err(|e| {
        fail(match e.kind() {
            std::io::ErrorKind::NotFound => "cannot read the households file: no such file".into(),
            _ if path.is_dir() => {
                "cannot read the households file: it is a folder, not a file".into()
            }
            _ => format!("cannot read the households file: {e}"),
        })
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        fail(format!(
            "the households file is not UTF-8 text (at byte {}); expected a CSV file",
            e.utf8_error().valid_up_to()
        ))
    })?;
    parse(&label, &text)
}

/// One field of a line: its text (trimmed, quotes removed) and its 1-based
/// character column.
fn fields(line: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut col = 1;
    for part in line.split(',') {
        let lead = part.chars().take_while(|c| c.is_whitespace()).count();
        let t = part.trim();
        let t = t
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(t);
        out.push((t.to_string(), col + lead));
        col += part.chars().count() + 1;
    }
    out
}

/// Parses the text of an extract (`file` names it in messages).
pub fn parse(file: &str, text: &str) -> Result<Extract, Vec<Issue>> {
    let mut issues = Vec::new();
    let at = |line: usize, column: usize| Origin {
        file: file.to_string(),
        line: Some(line),
        column: Some(column),
    };
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let Some((hline, header)) = lines.next() else {
        return Err(vec![Issue {
            origin: Origin::flag(file),
            key: String::new(),
            message: format!(
                "the households file is empty; expected a header row with the columns {} (and optionally {}), then one row per household",
                REQUIRED.join(", "),
                OPTIONAL.join(", ")
            ),
        }]);
    };
    let head = fields(header);
    let index = header_index(&head, hline, &at, &mut issues);
    if !issues.is_empty() {
        return Err(issues);
    }
    let mut ex = Extract::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (ln, line) in lines {
        let f = fields(line);
        if f.len() != head.len() {
            let col = line.chars().count() + 1;
            add(
                &mut issues,
                at(ln, col.min(f.last().map(|x| x.1).unwrap_or(1))),
                format!(
                    "expected {} fields as in the header, found {}",
                    head.len(),
                    f.len()
                ),
            );
            continue;
        }
        let Some((id, row)) = parse_row(&f, &index, ln, &at, &mut issues) else {
            continue;
        };
        {
            let v = *seen.entry(id.clone()).or_insert_with(|| {
                ex.ids.push(id.clone());
                ex.villages.push(Vec::new());
                ex.villages.len() - 1
            });
            ex.villages[v].push(row);
        }
    }
    if issues.is_empty() && ex.villages.is_empty() {
        add(
            &mut issues,
            Origin::flag(file),
            "the households file has a header but no households; expected one row per household"
                .into(),
        );
    }
    for (id, v) in ex.ids.iter().zip(&ex.villages) {
        if v.len() > 65_535 {
            add(
                &mut issues,
                Origin::flag(file),
                format!(
                    "village `{id}` has {} households; a village holds at most 65,535",
                    v.len()
                ),
            );
        }
    }
    if issues.is_empty() {
        Ok(ex)
    } else {
        Err(issues)
    }
}

/// Checks one data row; its village id and household, or `None` (problems
/// added to `issues`).
fn parse_row(
    f: &[(String, usize)],
    index: &HashMap<&'static str, usize>,
    ln: usize,
    at: &dyn Fn(usize, usize) -> Origin,
    issues: &mut Vec<Issue>,
) -> Option<(String, Row)> {
    let get = |c: &str| &f[index[c]];
    let num = |c: &str, lo: f64, hi: f64, what: &str| -> Result<f64, (usize, String)> {
        let (t, col) = get(c);
        match t.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= lo && x <= hi => Ok(x),
            Ok(x) => Err((*col, format!("column `{c}`: expected {what}, found {x}"))),
            Err(_) => Err((
                *col,
                format!("column `{c}`: expected {what}, found \"{t}\""),
            )),
        }
    };
    let size = num("size", 1.0, 40.0, "a whole number of persons from 1 to 40").and_then(|s| {
        if s.fract() == 0.0 {
            Ok(s)
        } else {
            Err((
                get("size").1,
                format!("column `size`: expected a whole number of persons, found {s}"),
            ))
        }
    });
    let assets = num("assets", 0.0, 1e13, "productive assets in Rp, 0 or more");
    let schooling = num("schooling", 0.0, 25.0, "years of schooling from 0 to 25");
    let consumption = num(
        "consumption",
        0.0,
        1e11,
        "household consumption per month in Rp, 0 or more",
    );
    let mut ok = |r: Result<f64, (usize, String)>| match r {
        Ok(x) => Some(x),
        Err((col, m)) => {
            add(issues, at(ln, col), m);
            None
        }
    };
    let (size, assets, schooling, consumption) =
        (ok(size), ok(assets), ok(schooling), ok(consumption));
    let group = match index.get("group") {
        None => Some(false),
        Some(&i) => match f[i].0.as_str() {
            "1" | "true" => Some(true),
            "0" | "false" | "" => Some(false),
            other => {
                add(
                    issues,
                    at(ln, f[i].1),
                    format!("column `group`: expected 0 or 1, found \"{other}\""),
                );
                None
            }
        },
    };
    let (id, idcol) = get("village");
    if id.is_empty() {
        add(
            issues,
            at(ln, *idcol),
            "column `village`: expected a village id, found an empty field".into(),
        );
        return None;
    }
    if let (Some(size), Some(assets), Some(schooling), Some(consumption), Some(group)) =
        (size, assets, schooling, consumption, group)
    {
        return Some((
            id.clone(),
            Row {
                size: size as u8,
                assets,
                schooling,
                consumption,
                group,
            },
        ));
    }
    None
}

/// Maps the header's column names to their positions; problems (unknown,
/// repeated or missing columns) go to `issues`.
fn header_index(
    head: &[(String, usize)],
    hline: usize,
    at: &dyn Fn(usize, usize) -> Origin,
    issues: &mut Vec<Issue>,
) -> HashMap<&'static str, usize> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, (name, col)) in head.iter().enumerate() {
        match REQUIRED
            .iter()
            .chain(OPTIONAL)
            .find(|c| **c == name.as_str())
        {
            Some(c) if index.contains_key(c) => add(
                issues,
                at(hline, *col),
                format!("column `{name}` appears twice"),
            ),
            Some(c) => {
                index.insert(c, i);
            }
            None => {
                let all: Vec<&str> = REQUIRED.iter().chain(OPTIONAL).copied().collect();
                add(
                    issues,
                    at(hline, *col),
                    format!(
                        "unknown column `{name}`{}; expected the columns {} (and optionally {})",
                        crate::error::did_you_mean(name, all.iter().copied()),
                        REQUIRED.join(", "),
                        OPTIONAL.join(", ")
                    ),
                )
            }
        }
    }
    for c in REQUIRED {
        if !index.contains_key(c) {
            add(
                issues,
                at(hline, 1),
                format!(
                    "the header has no column `{c}`; expected the columns {} (and optionally {})",
                    REQUIRED.join(", "),
                    OPTIONAL.join(", ")
                ),
            );
        }
    }
    index
}

fn add(issues: &mut Vec<Issue>, origin: Origin, message: String) {
    if issues.len() < 50 {
        issues.push(Issue {
            origin,
            key: String::new(),
            message,
        });
    }
}

/// The folder that relative paths of a scenario file are read from.
fn base_dir(file: &str) -> PathBuf {
    if file.starts_with("builtin:") || file.starts_with("--") {
        return PathBuf::from(".");
    }
    Path::new(file)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Resolves `population.households_file` of a scenario read from `file`
/// (relative to that file's folder), loads and checks the extract once, and
/// takes the villages from it: `population.villages` becomes the number of
/// villages of the file and `households_per_village` their mean size. The
/// scenario then holds the absolute path. Problems come back as issues.
pub fn attach(scenario: &mut Scenario, settings: &Settings, file: &str) -> Vec<Issue> {
    let given = scenario.population.households_file.clone();
    if given.is_empty() {
        return Vec::new();
    }
    let origin = settings
        .get("population.households_file")
        .map(|s| s.origin.clone())
        .unwrap_or_else(|| Origin::flag(file));
    let set_file = settings
        .get("population.households_file")
        .map(|s| s.origin.file.clone())
        .unwrap_or_else(|| file.to_string());
    let path = if Path::new(&given).is_absolute() {
        PathBuf::from(&given)
    } else {
        base_dir(&set_file).join(&given)
    };
    let resolved = std::fs::canonicalize(&path).unwrap_or(path.clone());
    let key = resolved.display().to_string();
    let extract = match cached(&key) {
        Some(e) => e,
        None => match load(&resolved) {
            Ok(e) => {
                let e = Arc::new(e);
                if let Ok(mut c) = cache().lock() {
                    c.insert(key.clone(), e.clone());
                }
                e
            }
            Err(mut issues) => {
                if issues.len() == 1 && issues[0].origin.line.is_none() {
                    // a file that cannot be read: say where it was named
                    issues[0].origin = origin;
                    issues[0].message =
                        format!("{} (looked for {})", issues[0].message, resolved.display());
                    issues[0].key = "population.households_file".into();
                }
                return issues;
            }
        },
    };
    let pop = &mut scenario.population;
    let smallest = extract.villages.iter().map(Vec::len).min().unwrap_or(0);
    if smallest <= pop.network_degree as usize {
        let (id, _) = extract
            .ids
            .iter()
            .zip(&extract.villages)
            .find(|(_, v)| v.len() == smallest)
            .map(|(i, v)| (i.clone(), v.len()))
            .unwrap_or_default();
        return vec![Issue {
            origin: Origin::flag(&key),
            key: String::new(),
            message: format!(
                "village `{id}` has {smallest} households; each village needs more than population.network_degree = {} households",
                pop.network_degree
            ),
        }];
    }
    pop.households_file = key;
    pop.villages = extract.villages.len() as u32;
    pop.households_per_village = extract.mean_size();
    pop.village_size_cv = 0.0;
    Vec::new()
}

/// Writes an extract as CSV (the schema above, with the group column).
pub fn to_csv(ex: &Extract) -> String {
    let mut s = String::from("village,size,assets,schooling,consumption,group\n");
    for (id, v) in ex.ids.iter().zip(&ex.villages) {
        for r in v {
            s.push_str(&format!(
                "{id},{},{},{},{},{}\n",
                r.size,
                crate::scenario::show_num(r.assets),
                crate::scenario::show_num(r.schooling),
                crate::scenario::show_num(r.consumption),
                u8::from(r.group)
            ));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "village,size,assets,schooling,consumption,group\nA,4,1000000,6,2500000,1\nA,3,0,9,1800000,0\nB,2,500000,12,1500000,0\n";

    #[test]
    fn a_good_file_reads_and_writes_back() {
        let ex = parse("x.csv", OK).unwrap();
        assert_eq!(ex.ids, vec!["A", "B"]);
        assert_eq!(ex.villages[0].len(), 2);
        assert!(ex.villages[0][0].group);
        assert_eq!(parse("y.csv", &to_csv(&ex)).unwrap(), ex);
    }

    #[test]
    fn problems_carry_line_and_column() {
        let e = parse("x.csv", "village,size,assets,schooling\nA,4,1,2\n").unwrap_err();
        assert!(e[0].message.contains("no column `consumption`"), "{e:?}");
        let e = parse(
            "x.csv",
            "village,size,assets,schooling,consumption\nA,4,1,2,3\nA,-2,1,2,3\n",
        )
        .unwrap_err();
        assert_eq!((e[0].origin.line, e[0].origin.column), (Some(3), Some(3)));
        assert!(e[0].message.contains("`size`"), "{e:?}");
        let e = parse(
            "x.csv",
            "village,size,assets,schooling,consumption\nA,4,lots,2,3\n",
        )
        .unwrap_err();
        assert_eq!((e[0].origin.line, e[0].origin.column), (Some(2), Some(5)));
        assert!(e[0].message.contains("found \"lots\""), "{e:?}");
        assert!(parse("x.csv", "").unwrap_err()[0].message.contains("empty"));
    }
}
