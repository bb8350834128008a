//! The runner's command line. Hand-parsed (no argument-parsing dependency to build); every
//! flag has a safe default: limits on, nothing of the host granted to the guest but stdio.

use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use wasmtime::error::Context;

/// `--help`, in parts: the runner that calls exports and the HTTP-serving one share the rest.
const RUN_HEAD: &str = "\
usage: {name} <component.wasm> [options]

Calls the component's exports in WIT order with sample arguments, or the one export named by
--invoke.

Calls:
  --invoke 'EXPORT(ARGS)'  call one export with arguments written as WAVE values, e.g.
                           --invoke 'add(1, 2)' or --invoke 'ns:pkg/iface.f({x: 1})';
                           the result is printed as WAVE
  --list                   print every export with its signature, and exit
";

const SERVE_HEAD: &str = "\
usage: {name} <component.wasm> [options]

Serves HTTP: each request goes to a fresh instance of the component's incoming-handler.

  --addr HOST:PORT         address to listen on (default 127.0.0.1:8080)
";

const COMMON: &str = "\
  --trace                  log every host call with its arguments and result (stderr)

Limits (hitting one stops the call with an error naming it):
  --max-memory SIZE        size of each linear memory (default 256MiB; K, M, G, KiB, MiB, GiB)
  --max-table-elements N   elements of each table (default 1000000)
  --max-instances N        instances per store (default 100)
  --deadline TIME          wall-clock time per export call, or per request when serving
                           (default 10s; ms, s, m; 0 = none)
  --fuel N                 wasm instructions per export call, roughly (default: unmetered)

WASI, granted as wasmtime's CLI grants it: nothing but stdio unless asked.
  --dir HOST[::GUEST]      give the guest a host directory (read-write), at GUEST (default HOST)
  --env KEY=VALUE          set one environment variable in the guest
  --inherit-env            give the guest the host's whole environment
";

/// What the runner was asked to do.
#[derive(Clone)]
pub struct Options {
    pub component: PathBuf,
    pub invoke: Option<String>,
    pub list: bool,
    pub trace: bool,
    /// Bytes per linear memory.
    pub max_memory: usize,
    pub max_table_elements: usize,
    pub max_instances: usize,
    /// `None`: no deadline.
    pub deadline: Option<Duration>,
    pub fuel: Option<u64>,
    /// (host directory, path the guest sees).
    pub dirs: Vec<(PathBuf, String)>,
    pub env: Vec<(String, String)>,
    pub inherit_env: bool,
    /// Where an HTTP-serving runner listens.
    pub addr: SocketAddr,
}

/// Why the command line ends the run before it starts.
pub enum Exit {
    /// `--help`: the usage, printed to stdout, exit status 0.
    Help(String),
    /// A bad command line: printed to stderr, exit status 1.
    Error(wasmtime::Error),
}

impl Exit {
    pub fn report(self) -> ExitCode {
        match self {
            Exit::Help(usage) => {
                print!("{usage}");
                ExitCode::SUCCESS
            }
            Exit::Error(e) => {
                eprintln!("error: {e:#}");
                ExitCode::FAILURE
            }
        }
    }
}

impl From<wasmtime::Error> for Exit {
    fn from(e: wasmtime::Error) -> Self {
        Exit::Error(e)
    }
}

impl Options {
    /// Parses the arguments after the program name. `serve` says whether `--addr` is known
    /// (and `--invoke`/`--list` are not): the HTTP-serving runner.
    pub fn parse(args: impl IntoIterator<Item = OsString>, serve: bool) -> Result<Options, Exit> {
        let mut options = Options::default();
        let mut component = None;
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let Some(flag) = arg.to_str().filter(|a| a.starts_with("--")) else {
                if component.is_some() {
                    return Err(bad(format!("unexpected argument `{}`", arg.display())));
                }
                component = Some(PathBuf::from(arg));
                continue;
            };
            let mut value = |what: &str| -> Result<String, Exit> {
                let v = args
                    .next()
                    .ok_or_else(|| bad(format!("{flag} needs {what}")))?;
                v.into_string()
                    .map_err(|v| bad(format!("{flag}: `{}` is not UTF-8", v.display())))
            };
            match flag {
                "--help" => return Err(Exit::Help(usage(serve))),
                "--invoke" if !serve => options.invoke = Some(value("'EXPORT(ARGS)'")?),
                "--list" if !serve => options.list = true,
                "--addr" if serve => {
                    let v = value("HOST:PORT")?;
                    options.addr = v
                        .parse::<SocketAddr>()
                        .with_context(|| format!("--addr `{v}`: expected HOST:PORT"))?;
                }
                "--trace" => options.trace = true,
                "--max-memory" => options.max_memory = size(flag, &value("a size")?)?,
                "--max-table-elements" => {
                    options.max_table_elements = count(flag, &value("a count")?)?
                }
                "--max-instances" => options.max_instances = count(flag, &value("a count")?)?,
                "--deadline" => options.deadline = duration(flag, &value("a time")?)?,
                "--fuel" => options.fuel = Some(count(flag, &value("a count")?)? as u64),
                "--dir" => {
                    let v = value("HOST[::GUEST]")?;
                    let (host, guest) = v.split_once("::").unwrap_or((&v, &v));
                    options.dirs.push((PathBuf::from(host), guest.to_string()));
                }
                "--env" => {
                    let v = value("KEY=VALUE")?;
                    let (key, val) = v
                        .split_once('=')
                        .ok_or_else(|| bad(format!("--env `{v}`: expected KEY=VALUE")))?;
                    options.env.push((key.to_string(), val.to_string()));
                }
                "--inherit-env" => options.inherit_env = true,
                _ => return Err(bad(format!("unknown option `{flag}`"))),
            }
        }
        options.component = component.ok_or_else(|| bad("no component given".into()))?;
        Ok(options)
    }
}

impl Default for Options {
    /// The defaults `--help` states.
    fn default() -> Self {
        Options {
            component: PathBuf::new(),
            invoke: None,
            list: false,
            trace: false,
            max_memory: 256 << 20,
            max_table_elements: 1_000_000,
            max_instances: 100,
            deadline: Some(Duration::from_secs(10)),
            fuel: None,
            dirs: Vec::new(),
            env: Vec::new(),
            inherit_env: false,
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
        }
    }
}

fn usage(serve: bool) -> String {
    let head = if serve { SERVE_HEAD } else { RUN_HEAD };
    format!("{head}\n{COMMON}").replace("{name}", env!("CARGO_PKG_NAME"))
}

/// A bad command line: one line, pointing at `--help`.
fn bad(message: String) -> Exit {
    Exit::Error(wasmtime::format_err!(
        "{message} (usage: {} <component.wasm> [options]; --help lists them)",
        env!("CARGO_PKG_NAME")
    ))
}

fn count(flag: &str, text: &str) -> wasmtime::Result<usize> {
    text.replace('_', "")
        .parse::<usize>()
        .with_context(|| format!("{flag} `{text}`: expected a whole number"))
}

/// `256MiB`, `64M`, `1G`, `65536`.
fn size(flag: &str, text: &str) -> wasmtime::Result<usize> {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit: usize = match &text[digits.len()..].to_ascii_lowercase()[..] {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => wasmtime::bail!("{flag} `{text}`: expected a size such as 256MiB"),
    };
    count(flag, digits)?
        .checked_mul(unit)
        .ok_or_else(|| wasmtime::format_err!("{flag} `{text}`: too large"))
}

/// `10s`, `500ms`, `2m`, `0` (no deadline).
fn duration(flag: &str, text: &str) -> wasmtime::Result<Option<Duration>> {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let n = count(flag, digits)? as u64;
    let time = match &text[digits.len()..] {
        "ms" => Duration::from_millis(n),
        "" | "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(
            n.checked_mul(60)
                .ok_or_else(|| wasmtime::format_err!("{flag} `{text}`: too large"))?,
        ),
        _ => wasmtime::bail!("{flag} `{text}`: expected a time such as 10s or 500ms"),
    };
    Ok((!time.is_zero()).then_some(time))
}
