//! `berdaya explore [FILE] [--port N] [--open]`: a live explorer in the
//! browser, for students (PRODUCT.md; issue 12).
//!
//! The binary serves one page and its script and style, compiled in
//! ([`assets`]), on 127.0.0.1 only; nothing is fetched from anywhere else, so
//! it works offline in a classroom. The page's levers are registry keys
//! ([`i18n::LEVERS`]); a lever's move sends the page's settings to
//! `/api/run`, which writes them as a scenario file ([`settings`]), resolves
//! it as `berdaya run` would, and streams the run month by month as
//! Server-Sent Events ([`engine::run_live`]); a newer run from the same page
//! cancels the older one. The exported file is the text that was run, so
//! `berdaya run` on it gives the page's numbers.
//!
//! | path | what |
//! |---|---|
//! | `GET /`, `/app.js`, `/style.css`, `/favicon.svg` | the embedded page |
//! | `GET /api/meta` | levers, words in both languages, the initial settings |
//! | `GET /api/explain?topic=KEY` | the `berdaya explain KEY` text |
//! | `POST /api/scenario` | the settings as a scenario file, or the problems |
//! | `POST /api/run` | a live run (event stream) |
//! | `POST /api/evidence` | the stylized facts F1-F12 for these settings (event stream) |

pub mod assets;
pub mod engine;
pub mod i18n;
pub mod server;
pub mod settings;

use crate::error::{Error, Result};

/// Runs the explorer until the process is stopped.
pub fn command(file: Option<&str>, port: u16, open: bool) -> Result<()> {
    let initial = match file {
        Some(target) => {
            let (label, exp) = engine::open_target(target)?;
            let (m, arm) = settings::from_experiment(&exp);
            server::Initial {
                settings: m,
                file: Some(label),
                arm: Some(arm),
            }
        }
        None => server::Initial {
            settings: settings::defaults(),
            file: None,
            arm: None,
        },
    };
    let srv = server::Server::bind(port, initial)?;
    let url = srv.url();
    println!("berdaya explore: open {url} in a browser (Ctrl-C stops the server)");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    if open {
        open_browser(&url);
    }
    srv.serve();
    Ok(())
}

fn open_browser(url: &str) {
    let tried = ["xdg-open", "open"]
        .iter()
        .any(|cmd| std::process::Command::new(cmd).arg(url).spawn().is_ok());
    if !tried {
        eprintln!("berdaya explore: could not open a browser; open {url} yourself");
    }
}

/// An error for a port that cannot be bound.
pub fn bind_error(port: u16, e: impl std::fmt::Display) -> Error {
    Error::Usage(format!(
        "cannot listen on 127.0.0.1:{port}: {e}. Choose another port with --port N, or --port 0 to let the system pick a free one."
    ))
}
