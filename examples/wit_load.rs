//! Loads each WIT directory given, once, as wasmtime's `bindgen!` does (wit-parser's
//! `Resolve::push_dir`, every `@unstable` feature on), one after another as the macros
//! expand. `scripts/bench-lint.sh` times it on the directories a lint run loads: the WIT
//! work that any checker of those macros, and the build itself, cannot avoid.
//!
//!   cargo run --release --example wit_load -- DIR...

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut failed = false;
    for dir in std::env::args_os().skip(1) {
        let mut resolve = wit_parser::Resolve {
            all_features: true,
            ..Default::default()
        };
        if let Err(e) = resolve.push_dir(&dir) {
            eprintln!("{}: {e:#}", dir.to_string_lossy());
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
