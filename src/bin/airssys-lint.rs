//! `airssys-lint`: catches bindgen misuse in wasmtime hosts and wit-bindgen guests.
//!
//! Exit codes: 0 clean; 1 error-level findings (or warnings with `--deny-warnings`); 2 usage
//! error, a path that does not exist, or a bad configuration file.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};

use airssys_gen::diag::{self, Level, Summary, Tool};
use airssys_gen::lint::{self, Options, rules};

// A lint run is thousands of short syn and wit-parser allocations on every core; glibc's
// allocator spent a third of a run on real repositories in malloc/free (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "airssys-lint",
    version,
    about = "Catch bindgen misuse in wasmtime hosts and wit-bindgen guests",
    after_long_help = include_str!("../lint/cli-help.txt"),
    after_help = "Exit codes: 0 clean, 1 findings, 2 usage or I/O error. `--help` shows the JSON schema and config format."
)]
struct Cli {
    /// Directories (or files) to lint.
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Configuration file (airssys-lint.toml, or a Cargo.toml with [workspace.metadata.airssys-lint]).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Print a rule's documentation and exit.
    #[arg(long, value_name = "RULE", conflicts_with = "list_rules")]
    explain: Option<String>,
    /// List every rule with its default level and exit.
    #[arg(long)]
    list_rules: bool,
    /// Colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Check `wit-version-bump`: compare every host's WIT package with this git revision.
    #[arg(long, value_name = "REV")]
    wit_baseline: Option<String>,
    /// Skip files larger than this many bytes (with a `skipped-file` note).
    #[arg(long, value_name = "BYTES", default_value_t = 8 * 1024 * 1024, hide_short_help = true)]
    max_file_size: u64,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

const TOOL: Tool = Tool {
    name: "airssys-lint",
    version: env!("CARGO_PKG_VERSION"),
};

/// Stack for the threads that parse: syn recurses once per nesting level, and a debug build
/// needs tens of KiB per level of nested items; the parser refuses files nested deeper
/// than 256 levels, which fits with room to spare.
const STACK_SIZE: usize = 64 * 1024 * 1024;

/// mimalloc gives freed memory back to the OS 10 ms after it is freed, and a lint run,
/// which lasts well under a second, takes it again right after: the page faults that
/// followed were about a tenth of a run's wall time on real checkouts (BENCHMARKS.md). So a
/// run keeps what it frees.
fn keep_freed_memory() {
    use std::ffi::{c_int, c_long};
    unsafe extern "C" {
        fn mi_option_get(option: c_int) -> c_long;
        fn mi_option_set(option: c_int, value: c_long);
    }
    // `mi_option_purge_delay` in the mimalloc v3 that libmimalloc-sys builds (its enum's
    // 16th entry; the crate exports no constant for it). Set only while the option reads
    // as that one's default, 10 (ms), so another numbering changes nothing.
    const PURGE_DELAY: c_int = 15;
    // SAFETY: plain C calls on mimalloc's option table, which accepts any option index.
    unsafe {
        if mi_option_get(PURGE_DELAY) == 10 {
            mi_option_set(PURGE_DELAY, -1);
        }
    }
}

fn main() -> ExitCode {
    keep_freed_memory();
    // `airssys-lint component FILE.wasm ..` has its own arguments (a directory named
    // `component` is linted as `./component`).
    if std::env::args_os().nth(1).is_some_and(|a| a == "component") {
        return airssys_gen::drift::component::main(std::env::args_os().skip(1));
    }
    // rayon may run work on the calling thread too, so both get the larger stack.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(STACK_SIZE)
        .build_global();
    match std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(lint_main)
        .map(std::thread::JoinHandle::join)
    {
        Ok(Ok(code)) => code,
        // A panic has printed its message already.
        Ok(Err(_)) => ExitCode::from(2),
        Err(e) => {
            eprintln!("error: cannot start the linting thread: {e}");
            ExitCode::from(2)
        }
    }
}

fn lint_main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();

    if cli.list_rules {
        let _ = stdout.write_all(list_rules().as_bytes());
        return ExitCode::SUCCESS;
    }
    if let Some(id) = &cli.explain {
        return match explain(id) {
            Some(text) => {
                let _ = stdout.write_all(text.as_bytes());
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("error: unknown rule `{id}`; `airssys-lint --list-rules` lists them");
                ExitCode::from(2)
            }
        };
    }

    let options = Options {
        paths: cli.paths.clone(),
        config: cli.config.clone(),
        max_file_size: cli.max_file_size,
        wit_baseline: cli.wit_baseline.clone(),
        ..Options::default()
    };
    let report = match lint::run(&options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };

    let summary = Summary::of(&report.diagnostics);
    let rendered = match cli.format {
        Format::Human => {
            let color = match cli.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let mut s = diag::render_human(&report.diagnostics, &report.sources, color);
            s.push_str(&diag::render_human_summary(summary, color));
            let _ = std::io::stderr().lock().write_all(s.as_bytes());
            String::new()
        }
        Format::Json => {
            let stats = match serde_json::to_value(report.stats) {
                Ok(serde_json::Value::Object(m)) => m,
                _ => serde_json::Map::new(),
            };
            diag::render_json(&report.diagnostics, TOOL, &stats)
        }
        Format::Sarif => {
            let descriptors: Vec<_> = rules::RULES.iter().map(|r| r.info().descriptor()).collect();
            diag::render_sarif(&report.diagnostics, TOOL, &descriptors)
        }
        Format::Github => diag::render_github(&report.diagnostics),
    };
    if stdout.write_all(rendered.as_bytes()).is_err() {
        return ExitCode::from(2);
    }

    let failing = report
        .diagnostics
        .iter()
        .any(|d| d.level == Level::Error || (cli.deny_warnings && d.level == Level::Warning));
    if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn list_rules() -> String {
    let mut out = format!("{:<26} {:<8} {}\n", "RULE", "DEFAULT", "SUMMARY");
    for r in rules::RULES {
        let info = r.info();
        out.push_str(&format!(
            "{:<26} {:<8} {}\n",
            info.id,
            info.default_level.as_str(),
            info.summary
        ));
    }
    for (id, summary) in rules::RESERVED {
        out.push_str(&format!("{:<26} {:<8} {}\n", id, "-", summary));
    }
    out
}

fn explain(id: &str) -> Option<String> {
    if let Some(rule) = lint::find_rule(id) {
        let info = rule.info();
        return Some(
            format!(
                "{} (default: {})\n\n{}\n\n{}",
                info.id,
                info.default_level.as_str(),
                info.summary,
                info.docs.trim_end()
            ) + "\n",
        );
    }
    rules::RESERVED
        .iter()
        .find(|(r, _)| *r == id)
        .map(|(r, s)| {
            format!("{r} (reserved)\n\n{s}\n\nNot implemented yet; the id is reserved.\n")
        })
}
