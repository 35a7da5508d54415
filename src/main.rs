//! `berdaya`: parse the command line, run, report errors with their exit code.

use clap::Parser;

fn main() {
    let cli = berdaya::cli::Cli::parse();
    if let Err(e) = berdaya::cli::run(cli) {
        eprintln!("error: {e}");
        std::process::exit(e.exit_code());
    }
}
