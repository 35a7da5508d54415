//! berdaya: an agent-based simulation of community empowerment in Indonesian
//! villages, for comparing program strategies (individual vs group approach,
//! capital only vs multi-aspect) with honest statistics.
//!
//! Layers, from input to output: [`scenario`] (files, registry, validation)
//! → [`model`] (the world and its monthly processes) → [`runner`] (arms ×
//! replications in parallel, streamed) → [`output`] (run folder files);
//! [`sweep`] runs the model over many parameter points.
//! `docs/ARCHITECTURE.md` draws the data flow.

pub mod brief;
pub mod builtin;
pub mod charts;
pub mod cli;
pub mod error;
pub mod evidence;
pub mod explain;
pub mod model;
pub mod output;
pub mod report;
pub mod rng;
pub mod runner;
pub mod scenario;
pub mod sensitivity;
pub mod stats;
pub mod sweep;
