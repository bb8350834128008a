//! `airssys-gen`: scaffolds wasmtime hosts and wit-bindgen guests from WIT.
//!
//! Exit codes: 0 success; 1 refused (existing files without `--force`, or a check that found
//! differences); 2 bad input (usage, unreadable or malformed WIT, unknown world, I/O errors).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use airssys_gen::cmd::{self, Failure};

#[derive(Parser)]
#[command(
    name = "airssys-gen",
    version,
    about = "Scaffold wasmtime component hosts and wit-bindgen guests from a WIT package",
    after_help = "Examples:\n  airssys-gen host                          # host crate for the bundled airssys:core world\n  airssys-gen host --wit wit --world my-world --out my-host\n  airssys-gen guest new-component echo      # guest component crate ./echo\n\nExit codes: 0 ok, 1 refused to overwrite / check failed, 2 bad input."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a wasmtime host crate (bindgen!, Host trait stubs, a runner) for a WIT world
    #[command(
        after_help = "Examples:\n  airssys-gen host\n  airssys-gen host --wit ./wit --world runtime-host --out ./my-host --name my-host\n  airssys-gen host --dry-run\n  airssys-gen host --async                                # tokio runner, async Host traits\n  airssys-gen host --update --out ./my-host --wit ./wit   # re-vendor wit/, add new stubs\n  airssys-gen host --update --check                       # CI: exit 1 if out of date"
    )]
    Host(HostArgs),
    /// A workspace with a host, its guests and one shared wit/: everything to `run` at once
    #[command(
        after_help = "Examples:\n  airssys-gen new demo                          # bundled airssys:core, one guest\n  airssys-gen new demo --wit ./wit --world my-world --guests 2\n  airssys-gen new demo --guest echo --guest upper --async\n\nThen: cd demo && airssys-gen run"
    )]
    New(NewArgs),
    /// Build the guests for wasm32-wasip2, build the host, and run the host on each guest
    #[command(
        after_help = "In an `airssys-gen new` workspace (or any cargo workspace with one host crate and guest\ncrates), or with --host DIR and guest directories anywhere. Flags after `--` go to the host's\nrunner.\n\nExamples:\n  airssys-gen run\n  airssys-gen run demo-guest -- --invoke 'greet(\"you\")'\n  airssys-gen run --watch\n  airssys-gen run --host ../my-host ../echo -- --trace\n\nExit codes: the runner's own; 1 a build failed or the wasm32-wasip2 target is missing; 2 bad input."
    )]
    Run(RunArgs),
    /// Guest component crates (wit_bindgen::generate!)
    #[command(
        subcommand,
        after_help = "Examples:\n  airssys-gen guest new-component echo\n  airssys-gen guest update echo"
    )]
    Guest(GuestCommand),
    /// WIT copies: keep every copy that a bindgen macro reads in sync with its canonical copy
    #[command(
        subcommand,
        after_help = "Examples:\n  airssys-gen wit sync --check\n  airssys-gen wit sync --canonical host/wit"
    )]
    Wit(WitCommand),
    /// Git hooks
    #[command(subcommand, after_help = "Example:\n  airssys-gen hook install")]
    Hook(HookCommand),
    /// Print shell completions
    #[command(
        after_help = "Example:\n  airssys-gen completions bash > ~/.local/share/bash-completion/completions/airssys-gen"
    )]
    Completions {
        /// The shell to generate completions for
        shell: clap_complete::Shell,
    },
}

#[derive(clap::Args)]
struct InputArgs {
    /// WIT package directory (with optional deps/) or .wit file [default: the bundled airssys:core]
    #[arg(long, value_name = "DIR")]
    wit: Option<PathBuf>,
    /// World to use: a name or `ns:pkg/world` [default: runtime-host for the bundled package, else the only world]
    #[arg(long, value_name = "NAME")]
    world: Option<String>,
}

#[derive(clap::Args)]
struct WriteArgs {
    /// Replace existing files whose contents differ
    #[arg(long)]
    force: bool,
    /// List what would be written; write nothing
    #[arg(long)]
    dry_run: bool,
}

#[derive(clap::Args)]
struct HostArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output directory [default: ./<world>-host]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Crate name [default: the output directory's name]
    #[arg(long, value_name = "CRATE")]
    name: Option<String>,
    #[command(flatten)]
    write: WriteArgs,
    /// Async host: async Host traits and `call_*` methods, WASI linked async, a tokio runner
    /// (always on when the world has a Component Model `async func`)
    #[arg(long = "async")]
    asynchronous: bool,
    /// Update an existing host crate (--out, default: . if it is one) to its WIT: add stubs for
    /// new functions, resources and interfaces; report code that no longer matches (an async
    /// crate stays async)
    #[arg(long, conflicts_with_all = ["name", "force", "world", "asynchronous"])]
    update: bool,
    /// With --update: write nothing, exit 1 if the crate is out of date
    #[arg(long, requires = "update")]
    check: bool,
}

#[derive(clap::Args)]
struct NewArgs {
    /// The project's name: its directory (unless --out) and crate names `<name>-host`, `<name>-guest`
    name: String,
    #[command(flatten)]
    input: InputArgs,
    /// Directory to create [default: ./<name>]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Number of guest crates, named <name>-guest (one) or <name>-guest-1.. (several)
    #[arg(long, value_name = "N", default_value_t = 1, conflicts_with = "guest",
          value_parser = clap::value_parser!(u16).range(1..=64))]
    guests: u16,
    /// A guest crate of this name (repeat for several)
    #[arg(long, value_name = "NAME")]
    guest: Vec<String>,
    /// Async host (tokio runner, async Host traits)
    #[arg(long = "async")]
    asynchronous: bool,
    #[command(flatten)]
    write: WriteArgs,
}

#[derive(clap::Args)]
struct RunArgs {
    /// Guests to run: names of workspace members or crate directories [default: every guest]
    guests: Vec<String>,
    /// The host crate [default: the workspace's]
    #[arg(long, value_name = "DIR")]
    host: Option<PathBuf>,
    /// Rebuild and rerun when a guest's source or the WIT changes (Ctrl-C to stop)
    #[arg(long)]
    watch: bool,
    /// Build the host with --release (guests are always release builds)
    #[arg(long)]
    release: bool,
    /// Flags for the host's runner (after `--`), e.g. -- --invoke 'f(1)' or -- --addr 0.0.0.0:8080
    #[arg(last = true, value_name = "RUNNER ARGS")]
    runner_args: Vec<String>,
}

#[derive(Subcommand)]
enum GuestCommand {
    /// Write a guest component crate with every export stubbed
    #[command(
        after_help = "Examples:\n  airssys-gen guest new-component echo\n  airssys-gen guest new-component calc --wit ./wit --world runtime-host --out guests/calc"
    )]
    NewComponent(GuestArgs),
    /// Update a guest crate to its WIT: add stubs for new exports; report code that no longer matches
    #[command(
        after_help = "The crate's wit/ is the source of truth; --wit DIR re-vendors it first. User code is never\nchanged: functions whose WIT item changed or vanished are reported with file:line:col.\n\nExamples:\n  airssys-gen guest update calc --wit ./wit\n  airssys-gen guest update --check          # CI: exit 1 if out of date\n  airssys-gen guest update calc --dry-run   # show the edits as a diff"
    )]
    Update(GuestUpdateArgs),
}

#[derive(clap::Args)]
struct GuestUpdateArgs {
    /// The guest crate
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Re-vendor the crate's wit/ from this WIT package first
    #[arg(long, value_name = "DIR")]
    wit: Option<PathBuf>,
    /// Write nothing; exit 1 if the crate is out of date
    #[arg(long)]
    check: bool,
    /// Show the edits as a unified diff; write nothing
    #[arg(long)]
    dry_run: bool,
}

#[derive(clap::Args)]
struct GuestArgs {
    /// Crate name of the component
    name: String,
    #[command(flatten)]
    input: InputArgs,
    /// Enable these `@unstable(feature = ..)` WIT features (written into `generate!`)
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    features: Vec<String>,
    /// Enable every `@unstable` WIT feature (each named in `generate!`'s `features`)
    #[arg(long)]
    all_features: bool,
    /// Output directory [default: ./NAME]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    write: WriteArgs,
}

#[derive(Subcommand)]
enum WitCommand {
    /// Compare every WIT copy with its package's canonical copy; update the copies that differ
    #[command(
        after_help = "Copies are found without configuration: the `path` of every `wasmtime::component::bindgen!` and\n`wit_bindgen::generate!` (default `wit`), grouped by WIT package name. The canonical copy is\n--canonical DIR, else the copy of the crate that depends on `wasmtime`.\n\nExamples:\n  airssys-gen wit sync --check               # exit 1 and print the semantic diff on drift\n  airssys-gen wit sync                       # write the canonical files into every copy\n  airssys-gen wit sync --canonical host/wit ."
    )]
    Sync(WitSyncArgs),
    /// Semantic diff of two versions of a WIT package, with a semver verdict on its @version
    #[command(
        after_help = "Each side is a WIT directory, a .wit file, or REV:PATH read from git (main:wit, v1.2.0:host/wit).\nEvery change is listed with who it breaks (old guests, old hosts) and the bump it needs; the verdict\nsays whether NEW's @version is bumped enough (0.x: a breaking change bumps the minor, an additive\none the patch; 1.x: major and minor). Changes to @unstable items never need more than a\ncompatible bump; a @since newer than NEW's version is an error.\n\nExamples:\n  airssys-gen wit diff main:wit wit           # what this branch changes\n  airssys-gen wit diff v0.2.0:wit wit --check  # CI: exit 1 if the bump is too small\n  airssys-gen wit diff old/ new/ --format json\n\nExit codes: 0 ok (or no --check), 1 --check failed, 2 bad input."
    )]
    Diff(WitDiffArgs),
}

#[derive(clap::Args)]
struct WitDiffArgs {
    /// The old version: a WIT directory, a .wit file, or REV:PATH from git
    old: String,
    /// The new version, the same way
    new: String,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
    /// Exit 1 when NEW's @version is not bumped enough for the changes
    #[arg(long)]
    check: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    Text,
    Json,
}

#[derive(clap::Args)]
struct WitSyncArgs {
    /// Write nothing; print the semantic diff and exit 1 if any copy drifted
    #[arg(long)]
    check: bool,
    /// The canonical copy [default: the copy a host crate (one that depends on wasmtime) uses]
    #[arg(long, value_name = "DIR")]
    canonical: Option<PathBuf>,
    /// Where to look for crates
    #[arg(default_value = ".")]
    path: PathBuf,
}

#[derive(Subcommand)]
enum HookCommand {
    /// Write .git/hooks/pre-commit, which runs `airssys-gen wit sync --check`
    #[command(
        after_help = "Example:\n  airssys-gen hook install\n  airssys-gen hook install --force   # replace an existing pre-commit hook"
    )]
    Install {
        /// Replace an existing pre-commit hook
        #[arg(long)]
        force: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Host(a) if a.update => cmd::host_update(cmd::UpdateRequest {
            dir: a.out,
            wit: a.input.wit,
            check: a.check,
            dry_run: a.write.dry_run,
        }),
        Command::Host(a) => cmd::host(cmd::HostRequest {
            wit: a.input.wit,
            world: a.input.world,
            out: a.out,
            name: a.name,
            force: a.write.force,
            dry_run: a.write.dry_run,
            execution: if a.asynchronous {
                airssys_gen::scaffold::host::Execution::Async
            } else {
                airssys_gen::scaffold::host::Execution::Sync
            },
        }),
        Command::New(a) => cmd::new_project(cmd::NewRequest {
            wit: a.input.wit,
            world: a.input.world,
            out: a.out.unwrap_or_else(|| PathBuf::from(&a.name)),
            guests: if a.guest.is_empty() {
                airssys_gen::scaffold::project::guest_names(&a.name, usize::from(a.guests))
            } else {
                a.guest
            },
            name: a.name,
            force: a.write.force,
            dry_run: a.write.dry_run,
            execution: if a.asynchronous {
                airssys_gen::scaffold::host::Execution::Async
            } else {
                airssys_gen::scaffold::host::Execution::Sync
            },
        }),
        Command::Run(a) => {
            // The runner's exit status is the command's.
            let run = airssys_gen::run::main(&airssys_gen::run::RunRequest {
                guests: a.guests,
                host: a.host,
                watch: a.watch,
                release: a.release,
                runner_args: a.runner_args,
            });
            match run {
                Ok(code) => return ExitCode::from(code),
                Err(e) => Err(e),
            }
        }
        Command::Guest(GuestCommand::NewComponent(a)) => cmd::guest_new(cmd::GuestRequest {
            name: a.name,
            wit: a.input.wit,
            world: a.input.world,
            out: a.out,
            force: a.write.force,
            dry_run: a.write.dry_run,
            features: airssys_gen::wit::Features {
                all: a.all_features,
                names: a.features,
            },
        }),
        Command::Guest(GuestCommand::Update(a)) => cmd::guest_update(cmd::UpdateRequest {
            dir: Some(a.dir),
            wit: a.wit,
            check: a.check,
            dry_run: a.dry_run,
        }),
        Command::Wit(WitCommand::Sync(a)) => cmd::wit_sync(a.path, a.canonical, a.check),
        Command::Wit(WitCommand::Diff(a)) => cmd::wit_diff(
            &a.old,
            &a.new,
            matches!(a.format, DiffFormat::Json),
            a.check,
        ),
        Command::Hook(HookCommand::Install { force }) => cmd::hook_install(force),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "airssys-gen",
                &mut std::io::stdout(),
            );
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure { message, code }) => {
            eprintln!("error: {message}");
            ExitCode::from(code)
        }
    }
}
