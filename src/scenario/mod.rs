//! Scenario files: the model's parameters, their defaults, their documentation
//! and their validation, all from one registry.
//!
//! The sections and keys are declared once, in [`defs`], with the
//! [`scenario_sections!`] macro. From that one declaration come the typed
//! structs the model reads ([`Scenario`] and its sections), the registry that
//! checks files key by key ([`registry`]), the text of `berdaya explain` and
//! the parameter table of `docs/ODD.md`. Nothing can drift: a key the code
//! accepts is a key the docs list.
//!
//! The path from a file to a run: TOML text → spanned syntax tree
//! ([`load`]: every key checked against the registry, every problem collected)
//! → flat map of explicitly set values → `[[arm]]` overrides and `--set`
//! flags ([`experiment`]) → typed [`Scenario`] per arm → cross-field rules
//! ([`validate`]).

pub mod defs;
pub mod derived;
pub mod docs;
pub mod experiment;
pub mod households;
pub mod limits;
pub mod load;
pub mod validate;

pub use defs::*;

use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use toml::de::DeValue;

/// The type of a parameter, as the file must write it.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Float,
    Integer,
    Bool,
    Text,
    /// One of a fixed set of strings.
    Choice(&'static [&'static str]),
    /// A list of distinct strings from a fixed set.
    ChoiceList(&'static [&'static str]),
}

impl Kind {
    /// What the file should contain, in words.
    pub fn expected(&self) -> String {
        match self {
            Kind::Float => "a number".into(),
            Kind::Integer => "a whole number".into(),
            Kind::Bool => "true or false".into(),
            Kind::Text => "a string in quotes".into(),
            Kind::Choice(c) => format!("one of {}", quoted_list(c)),
            Kind::ChoiceList(c) => format!("a list of distinct values from {}", quoted_list(c)),
        }
    }
}

fn quoted_list(c: &[&str]) -> String {
    c.iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Documentation and limits of one parameter.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// What it means.
    pub doc: &'static str,
    /// Unit ("Rp", "share 0..1", "months", …).
    pub unit: &'static str,
    /// Hard limits (inclusive): a value outside is an error.
    pub min: f64,
    pub max: f64,
    /// Plausible range: what the evidence supports; robustness draws and sweeps
    /// sample inside it. `None` for structural keys (sizes, switches).
    pub plausible: Option<(f64, f64)>,
    /// Where the default comes from: a fact of EVIDENCE.md, a claim id, or
    /// "assumption: <reason>".
    pub source: &'static str,
    /// Claim ids (C…) the parameter carries.
    pub claims: &'static [&'static str],
}

impl Spec {
    pub const fn new(doc: &'static str) -> Self {
        Spec {
            doc,
            unit: "",
            min: f64::NEG_INFINITY,
            max: f64::INFINITY,
            plausible: None,
            source: "assumption",
            claims: &[],
        }
    }
    pub const fn unit(mut self, unit: &'static str) -> Self {
        self.unit = unit;
        self
    }
    pub const fn range(mut self, min: f64, max: f64) -> Self {
        self.min = min;
        self.max = max;
        self
    }
    pub const fn share(self) -> Self {
        self.unit("share 0..1").range(0.0, 1.0)
    }
    pub const fn plausible(mut self, lo: f64, hi: f64) -> Self {
        self.plausible = Some((lo, hi));
        self
    }
    pub const fn source(mut self, source: &'static str) -> Self {
        self.source = source;
        self
    }
    pub const fn claims(mut self, claims: &'static [&'static str]) -> Self {
        self.claims = claims;
        self
    }
}

/// One entry of the registry.
#[derive(Debug, Clone)]
pub struct ParamInfo {
    /// Dotted key (`program.budget`).
    pub key: &'static str,
    /// Section name (`program`), empty for top-level keys.
    pub section: &'static str,
    pub kind: Kind,
    pub default: toml::Value,
    pub spec: Spec,
}

impl ParamInfo {
    /// The default written as TOML.
    pub fn default_text(&self) -> String {
        value_text(&self.default)
    }
}

/// A value written as inline TOML.
pub fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => format!("\"{s}\""),
        toml::Value::Float(f) => format_float(*f),
        other => other.to_string(),
    }
}

/// Floats written so that they read back exactly and look like numbers a
/// person wrote (`1000000.0`, `0.05`).
pub fn format_float(f: f64) -> String {
    let mut s = String::new();
    let _ = write!(s, "{f:?}");
    s
}

/// One section of the scenario: a mechanism, with the claims it carries.
#[derive(Debug, Clone, Copy)]
pub struct SectionInfo {
    pub name: &'static str,
    pub title: &'static str,
    pub doc: &'static str,
    pub claims: &'static [&'static str],
    /// What the mechanism's outputs feed into (for `explain`).
    pub affects: &'static str,
}

/// A Rust type that a parameter can have.
pub trait ParamType: Sized {
    fn kind() -> Kind;
    fn to_value(&self) -> toml::Value;
}

impl ParamType for f64 {
    fn kind() -> Kind {
        Kind::Float
    }
    fn to_value(&self) -> toml::Value {
        toml::Value::Float(*self)
    }
}
impl ParamType for u32 {
    fn kind() -> Kind {
        Kind::Integer
    }
    fn to_value(&self) -> toml::Value {
        toml::Value::Integer(*self as i64)
    }
}
impl ParamType for u64 {
    fn kind() -> Kind {
        Kind::Integer
    }
    fn to_value(&self) -> toml::Value {
        toml::Value::Integer((*self).min(i64::MAX as u64) as i64)
    }
}
impl ParamType for bool {
    fn kind() -> Kind {
        Kind::Bool
    }
    fn to_value(&self) -> toml::Value {
        toml::Value::Boolean(*self)
    }
}
impl ParamType for String {
    fn kind() -> Kind {
        Kind::Text
    }
    fn to_value(&self) -> toml::Value {
        toml::Value::String(self.clone())
    }
}

/// Declares a string enum usable as a parameter.
macro_rules! choice_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $( $(#[$vmeta])* #[serde(rename = $text)] $variant ),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const NAMES: &'static [&'static str] = &[$($text),+];
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $text),+ } }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
        }
        impl ParamType for $name {
            fn kind() -> Kind { Kind::Choice(Self::NAMES) }
            fn to_value(&self) -> toml::Value { toml::Value::String(self.as_str().to_string()) }
        }
        impl ParamType for Vec<$name> {
            fn kind() -> Kind { Kind::ChoiceList($name::NAMES) }
            fn to_value(&self) -> toml::Value {
                toml::Value::Array(self.iter().map(|c| toml::Value::String(c.as_str().to_string())).collect())
            }
        }
    };
}

choice_enum! {
    /// Whom the program works with (C16e, C17d).
    Approach { Individual = "individual", Group = "group" }
}
choice_enum! {
    /// The five program components (C17).
    Component {
        Capital = "capital",
        Infrastructure = "infrastructure",
        Institutions = "institutions",
        Partnership = "partnership",
        Facilitation = "facilitation",
    }
}
choice_enum! {
    /// Provider (top-down aid) or enabler (community's own strength) (C4, C8).
    Mode { Provider = "provider", Enabler = "enabler" }
}
choice_enum! {
    /// What the capital component gives: loans from a revolving fund (C17a),
    /// productive asset grants to the poorest (graduation programs, F2, F3),
    /// or unconditional cash transfers to the poorest (the cash benchmark, F12).
    CapitalForm { Loans = "loans", Grants = "grants", Cash = "cash" }
}
choice_enum! {
    /// How parameter draws spread over a key's plausible range: evenly
    /// (`uniform`, the range as a box), or as a PERT distribution whose most
    /// likely value is the key's default (`pert`, the default as the best
    /// estimate and the range as its bounds; docs/STATISTICS.md).
    Prior { Uniform = "uniform", Pert = "pert" }
}

choice_enum! {
    /// How the budget is spread over villages (C6).
    Allocation { Uniform = "uniform", NeedBased = "need-based", Concentrated = "concentrated" }
}
choice_enum! {
    /// Facilitator type (C3).
    FacilitatorType { Professional = "professional", Volunteer = "volunteer" }
}

/// Declares the scenario: top-level keys and sections, each key with its type,
/// default and [`Spec`]. Generates the structs, their `Default`, the registry
/// and the section list.
macro_rules! scenario_sections {
    (
        top { $( $tfield:ident : $tty:ty = $tdef:expr => $tspec:expr ; )* }
        $(
            section $sec:ident : $Sec:ident {
                title: $stitle:literal, doc: $sdoc:literal, claims: [$($sc:literal),*], affects: $saff:literal,
                keys { $( $field:ident : $ty:ty = $def:expr => $spec:expr ; )* }
            }
        )*
    ) => {
        $(
            #[doc = $sdoc]
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(deny_unknown_fields, default)]
            pub struct $Sec { $( pub $field: $ty, )* }
            impl Default for $Sec {
                fn default() -> Self { Self { $( $field: $def, )* } }
            }
        )*

        /// A complete, typed scenario: what one arm of a run simulates.
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct Scenario {
            $( pub $tfield: $tty, )*
            $( pub $sec: $Sec, )*
        }
        impl Default for Scenario {
            fn default() -> Self {
                Self { $( $tfield: $tdef, )* $( $sec: $Sec::default(), )* }
            }
        }

        /// Every section (mechanism) in declaration order.
        pub fn sections() -> &'static [SectionInfo] {
            &[ $( SectionInfo { name: stringify!($sec), title: $stitle, doc: $sdoc, claims: &[$($sc),*], affects: $saff }, )* ]
        }

        pub(crate) fn build_registry() -> Vec<ParamInfo> {
            let mut v = Vec::new();
            $( v.push(ParamInfo {
                key: stringify!($tfield), section: "",
                kind: <$tty as ParamType>::kind(),
                default: ParamType::to_value(&{ let d: $tty = $tdef; d }),
                spec: $tspec,
            }); )*
            $( $( v.push(ParamInfo {
                key: concat!(stringify!($sec), ".", stringify!($field)), section: stringify!($sec),
                kind: <$ty as ParamType>::kind(),
                default: ParamType::to_value(&{ let d: $ty = $def; d }),
                spec: $spec,
            }); )* )*
            v
        }

        impl Scenario {
            /// The value of a key as TOML.
            pub fn get_value(&self, key: &str) -> Option<toml::Value> {
                match key {
                    $( stringify!($tfield) => Some(ParamType::to_value(&self.$tfield)), )*
                    $( $( concat!(stringify!($sec), ".", stringify!($field)) => Some(ParamType::to_value(&self.$sec.$field)), )* )*
                    _ => None,
                }
            }
        }
    };
}
pub(crate) use scenario_sections;

/// The registry of every key, in declaration order.
pub fn registry() -> &'static [ParamInfo] {
    static REG: std::sync::OnceLock<Vec<ParamInfo>> = std::sync::OnceLock::new();
    REG.get_or_init(build_registry)
}

/// Looks a key up in the registry.
pub fn param(key: &str) -> Option<&'static ParamInfo> {
    registry().iter().find(|p| p.key == key)
}

/// Checks one parsed TOML value against a parameter's kind and limits.
/// Returns the value as a plain `toml::Value`, or what was expected.
pub fn check_value(info: &ParamInfo, v: &DeValue<'_>) -> Result<toml::Value, String> {
    let found = v.type_str();
    let out = match (&info.kind, v) {
        (Kind::Float, DeValue::Float(f)) => {
            let x: f64 = f
                .as_str()
                .parse()
                .map_err(|_| format!("expected {}, found {}", info.kind.expected(), f.as_str()))?;
            toml::Value::Float(x)
        }
        (Kind::Float, DeValue::Integer(i)) => {
            let x = i64::from_str_radix(i.as_str(), i.radix()).map_err(|_| {
                format!(
                    "expected {}, found an integer too large",
                    info.kind.expected()
                )
            })?;
            toml::Value::Float(x as f64)
        }
        (Kind::Integer, DeValue::Integer(i)) => {
            let x = i64::from_str_radix(i.as_str(), i.radix())
                .map_err(|_| "expected a whole number that fits in 64 bits".to_string())?;
            toml::Value::Integer(x)
        }
        (Kind::Integer, DeValue::Float(f)) => {
            return Err(format!(
                "expected a whole number, found the decimal {}",
                f.as_str()
            ));
        }
        (Kind::Bool, DeValue::Boolean(b)) => toml::Value::Boolean(*b),
        (Kind::Text, DeValue::String(s)) => toml::Value::String(s.to_string()),
        (Kind::Choice(choices), DeValue::String(s)) => {
            if !choices.contains(&s.as_ref()) {
                let hint = did_you_mean_value(s, choices.iter().copied());
                return Err(format!(
                    "expected {}, found \"{s}\"{hint}",
                    info.kind.expected()
                ));
            }
            toml::Value::String(s.to_string())
        }
        (Kind::ChoiceList(choices), DeValue::Array(items)) => {
            let mut out = Vec::new();
            for item in items.iter() {
                match item.get_ref() {
                    DeValue::String(s) if choices.contains(&s.as_ref()) => {
                        if out
                            .iter()
                            .any(|o: &toml::Value| o.as_str() == Some(s.as_ref()))
                        {
                            return Err(format!(
                                "\"{s}\" is listed twice; expected {}",
                                info.kind.expected()
                            ));
                        }
                        out.push(toml::Value::String(s.to_string()))
                    }
                    DeValue::String(s) => {
                        let hint = did_you_mean_value(s, choices.iter().copied());
                        return Err(format!(
                            "\"{s}\" is not allowed; expected {}{hint}",
                            info.kind.expected()
                        ));
                    }
                    other => {
                        return Err(format!(
                            "expected {}, found a list holding {}",
                            info.kind.expected(),
                            article(other.type_str())
                        ));
                    }
                }
            }
            toml::Value::Array(out)
        }
        (kind, _) => {
            return Err(format!(
                "expected {}, found {}",
                kind.expected(),
                article(found)
            ));
        }
    };
    check_range(info, &out)?;
    Ok(out)
}

fn article(t: &str) -> String {
    match t {
        "integer" => "an integer".into(),
        "array" => "a list".into(),
        "table" => "a table".into(),
        "boolean" => "a boolean".into(),
        other => format!("a {other}"),
    }
}

/// Checks the hard limits of a numeric value.
pub fn check_range(info: &ParamInfo, v: &toml::Value) -> Result<(), String> {
    let x = match v {
        toml::Value::Float(f) => *f,
        toml::Value::Integer(i) => *i as f64,
        _ => return Ok(()),
    };
    if !x.is_finite() {
        return Err(format!("expected a finite number, found {x}"));
    }
    if x < info.spec.min || x > info.spec.max {
        let unit = if info.spec.unit.is_empty() || info.spec.unit.starts_with("share") {
            String::new()
        } else {
            format!(" {}", info.spec.unit)
        };
        return Err(format!(
            "expected a value from {} to {}{unit}, found {}",
            show_num(info.spec.min),
            show_num(info.spec.max),
            show_num(x)
        ));
    }
    Ok(())
}

/// A number as a person writes it: whole numbers below a billion in
/// full (`1200`, `36`), larger ones in the `5e9` form a file or `--set`
/// takes (`1e16`, not `10000000000000000`).
pub fn show_num(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e9 {
        format!("{x:e}")
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

use crate::error::did_you_mean_value;
pub use crate::error::{edit_distance, suggest};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_matches_the_struct_defaults() {
        let s = Scenario::default();
        for p in registry() {
            assert_eq!(
                s.get_value(p.key).as_ref(),
                Some(&p.default),
                "default of {}",
                p.key
            );
        }
        // every struct field is in the registry
        let table = toml::Value::try_from(&s).unwrap();
        let mut n = 0;
        for (k, v) in table.as_table().unwrap() {
            match v {
                toml::Value::Table(t) => {
                    for k2 in t.keys() {
                        assert!(
                            param(&format!("{k}.{k2}")).is_some(),
                            "{k}.{k2} missing from registry"
                        );
                        n += 1;
                    }
                }
                _ => {
                    assert!(param(k).is_some(), "{k} missing");
                    n += 1;
                }
            }
        }
        assert_eq!(n, registry().len());
    }

    #[test]
    fn defaults_are_inside_their_limits_and_plausible_ranges() {
        for p in registry() {
            check_range(p, &p.default).unwrap_or_else(|e| panic!("{}: {e}", p.key));
            if let (Some((lo, hi)), toml::Value::Float(x)) = (p.spec.plausible, &p.default) {
                assert!(
                    lo <= *x && *x <= hi,
                    "{} default {x} outside plausible {lo}..{hi}",
                    p.key
                );
                assert!(
                    p.spec.min <= lo && hi <= p.spec.max,
                    "{} plausible outside limits",
                    p.key
                );
            }
            assert!(!p.spec.doc.is_empty(), "{} has no doc", p.key);
            assert!(!p.spec.source.is_empty(), "{} has no source", p.key);
        }
    }

    #[test]
    fn suggestions_find_near_names() {
        let names = ["population", "program", "economy"];
        assert_eq!(suggest("populaton", names), Some("population"));
        assert_eq!(suggest("progam", names), Some("program"));
        assert_eq!(suggest("zzz", names), None);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }
}
