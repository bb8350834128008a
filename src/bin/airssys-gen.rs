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
        after_help = "Examples:\n  airssys-gen host\n  airssys-gen host --wit ./wit --world runtime-host --out ./my-host --name my-host\n  airssys-gen host --dry-run"
    )]
    Host(HostArgs),
    /// Guest component crates (wit_bindgen::generate!)
    #[command(subcommand)]
    Guest(GuestCommand),
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
}

#[derive(Subcommand)]
enum GuestCommand {
    /// Write a guest component crate with every export stubbed
    #[command(
        after_help = "Examples:\n  airssys-gen guest new-component echo\n  airssys-gen guest new-component calc --wit ./wit --world runtime-host --out guests/calc"
    )]
    NewComponent(GuestArgs),
}

#[derive(clap::Args)]
struct GuestArgs {
    /// Crate name of the component
    name: String,
    #[command(flatten)]
    input: InputArgs,
    /// Output directory [default: ./NAME]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    write: WriteArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Host(a) => cmd::host(cmd::HostRequest {
            wit: a.input.wit,
            world: a.input.world,
            out: a.out,
            name: a.name,
            force: a.write.force,
            dry_run: a.write.dry_run,
        }),
        Command::Guest(GuestCommand::NewComponent(a)) => cmd::guest_new(cmd::GuestRequest {
            name: a.name,
            wit: a.input.wit,
            world: a.input.world,
            out: a.out,
            force: a.write.force,
            dry_run: a.write.dry_run,
        }),
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
