//! `berdaya`: parse the command line, run, report errors with their exit code.
//!
//! Two things are set up before anything else runs:
//!
//! * SIGINT, SIGTERM and SIGHUP are blocked in every thread and taken by one
//!   thread with `sigwait`, which calls `cli::on_interrupt` (the
//!   temporaries, and an unfinished run's files, are removed; a sweep keeps
//!   its journal for `--resume`), prints what it did and exits with
//!   128 + the signal (130 for Ctrl-C);
//! * a failed write to stdout or stderr (`> /dev/full`, a closed pipe) is an
//!   error with a message and exit code 1 (141, silently, for a closed
//!   pipe), not a panic.

use clap::Parser;
use std::io::Write;

fn main() {
    stdout_errors_are_errors();
    #[cfg(unix)]
    signals::install();
    let cli = berdaya::cli::Cli::parse();
    if let Err(e) = berdaya::cli::run(cli) {
        let _ = writeln!(std::io::stderr(), "error: {e}");
        std::process::exit(e.exit_code());
    }
    // stdout is flushed here: a failure now is still reported
    if let Err(e) = std::io::stdout().flush() {
        write_failed(&e.to_string(), e.kind() == std::io::ErrorKind::BrokenPipe);
    }
}

/// `println!` panics when stdout cannot be written; this turns that panic
/// (and only that one) into a one-line error.
fn stdout_errors_are_errors() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let msg = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.starts_with("failed printing to stdout")
            || msg.starts_with("failed printing to stderr")
        {
            write_failed(msg, msg.contains("Broken pipe"));
        }
        default(info)
    }));
}

fn write_failed(msg: &str, broken_pipe: bool) -> ! {
    if broken_pipe {
        // the reader stopped reading (`| head`): as if killed by SIGPIPE
        std::process::exit(141);
    }
    let why = msg.split_once(": ").map_or(msg, |(_, w)| w);
    let _ = writeln!(
        std::io::stderr(),
        "error: cannot write the output to standard output: {why}"
    );
    std::process::exit(1);
}

#[cfg(unix)]
mod signals {
    /// Blocks the signals in this (the first) thread, so every thread made
    /// later inherits the mask, and waits for them in a thread of their own.
    pub fn install() {
        // SAFETY: plain libc calls on a zeroed sigset_t owned by this
        // function; sigwait runs in an ordinary thread, not a handler, so
        // the cleanup it triggers needs no async-signal safety.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for s in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                libc::sigaddset(&mut set, s);
            }
            if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
                return;
            }
            std::thread::spawn(move || {
                loop {
                    let mut sig: libc::c_int = 0;
                    if libc::sigwait(&set, &mut sig) == 0 {
                        // exits while the cleanup still holds its lock: the
                        // interrupted command cannot report an error first
                        berdaya::cli::on_interrupt(|message| {
                            let mut err = std::io::stderr();
                            let _ = std::io::Write::write_all(
                                &mut err,
                                format!("\n{message}\n").as_bytes(),
                            );
                            std::process::exit(128 + sig);
                        });
                    }
                }
            });
        }
    }
}
