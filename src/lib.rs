//! berdaya: an agent-based simulation of community empowerment in Indonesian
//! villages, for comparing program strategies (individual vs group approach,
//! capital only vs multi-aspect) with honest statistics.
//!
//! Layers, arrows one way (`docs/ARCHITECTURE.md` draws them;
//! `tests/architecture.rs` checks them): [`cli`] parses and prints →
//! [`app`] (one pipeline per command, no printing) → [`evidence`] and
//! [`sweep`] → [`experiment`] (the runner and the estimators) → [`model`]
//! (the world and its monthly processes) → [`scenario`] (files, registry,
//! validation) and [`rng`]. Leaves that take plain data: [`error`],
//! [`output`] (writers, the atomic writer, the manifest), [`plot`] (charts
//! of a run folder), [`charts`], [`stats`], [`sensitivity`], [`progress`],
//! [`builtin`] (the built-in files and the one source reader).

pub mod app;
pub mod brief;
pub mod builtin;
pub mod calibrate;
pub mod charts;
pub mod cli;
pub mod error;
pub mod evidence;
pub mod experiment;
pub mod explain;
pub mod explore;
pub mod model;
pub mod output;
pub mod plot;
pub mod progress;
pub mod rng;
pub mod scenario;
pub mod sensitivity;
pub mod shard;
pub mod stats;
pub mod sweep;
