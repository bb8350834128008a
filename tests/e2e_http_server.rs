//! The generated host of a world exporting `wasi:http/incoming-handler` is an HTTP server:
//! started on a free loopback port, it hands every request to a fresh instance of a real
//! wasm32-wasip2 guest, answers 500 when the guest traps, and goes on serving.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use airssys_gen::scaffold::host::Execution;
use airssys_gen::wit::{WitPackage, WitSource};

/// The host serving `wasm`, killed on drop.
struct Server {
    child: Child,
    addr: String,
    /// Where the server's stderr goes.
    log: tempfile::NamedTempFile,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the runner with `--addr 127.0.0.1:0` (and `args`) and reads the address it prints.
fn start(runner: &std::path::Path, wasm: &std::path::Path, args: &[&str]) -> Server {
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut child = Command::new(runner)
        .arg(wasm)
        .args(["--addr", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(log.reopen().unwrap())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("serving http://")
        .and_then(|a| a.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line: `{line}`"))
        .to_string();
    Server { child, addr, log }
}

/// GET `path` as HTTP/1.0 (so the body is not chunked and ends with the connection):
/// (status, body).
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut conn = TcpStream::connect(addr).unwrap();
    write!(conn, "GET {path} HTTP/1.0\r\nhost: {addr}\r\n\r\n").unwrap();
    let mut reply = String::new();
    conn.read_to_string(&mut reply).unwrap();
    let status = reply
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP reply: `{reply}`"));
    let body = reply
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn the_generated_host_serves_the_generated_guest_and_survives_a_trap() {
    let fixture = support::repo().join("tests/e2e/http-server");
    let package = WitPackage::load(&WitSource::Path(fixture.join("wit"))).unwrap();
    let world = package.select_world(None).unwrap();

    // The guest as generated: its handler's example answer.
    let support::Pair { wasm, runner } = support::build_pair_with(
        &package,
        world,
        "e2e-http-server",
        None,
        None,
        Execution::Sync,
    );
    let server = start(&runner, &wasm, &[]);
    assert_eq!(
        get(&server.addr, "/"),
        (200, "hello from a wasi:http component\n".to_string())
    );
    drop(server);

    // The routing guest: answers, a trap answered with 500, and the server still serving.
    let support::Pair { wasm, runner } = support::build_pair_with(
        &package,
        world,
        "e2e-http-server-routes",
        Some(&fixture.join("guest")),
        None,
        Execution::Sync,
    );
    let server = start(&runner, &wasm, &[]);
    assert_eq!(
        get(&server.addr, "/hello?name=ada"),
        (200, "hello ada\n".to_string())
    );
    assert_eq!(
        get(&server.addr, "/nope"),
        (404, "no route for /nope\n".to_string())
    );
    assert_eq!(get(&server.addr, "/trap").0, 500);
    assert_eq!(
        get(&server.addr, "/hello?name=bob"),
        (200, "hello bob\n".to_string())
    );
    // The trap is logged with the request it failed.
    let log = std::fs::read_to_string(server.log.path()).unwrap();
    assert!(
        log.contains("error: GET /trap: calling `wasi:http/incoming-handler.handle`")
            && log.contains("wasm trap"),
        "{log}"
    );
    drop(server);

    // Limits, per request: a guest that never returns is stopped at the deadline, one that
    // allocates without bound at the memory limit; each answered 500, logged with the limit,
    // and the server goes on.
    let server = start(
        &runner,
        &wasm,
        &["--deadline", "500ms", "--max-memory", "64MiB"],
    );
    assert_eq!(get(&server.addr, "/spin").0, 500);
    assert_eq!(get(&server.addr, "/hog").0, 500);
    assert_eq!(
        get(&server.addr, "/hello?name=cy"),
        (200, "hello cy\n".to_string())
    );
    let log = std::fs::read_to_string(server.log.path()).unwrap();
    assert!(
        log.contains("error: GET /spin: calling `wasi:http/incoming-handler.handle`: deadline of 500ms passed")
            && log.contains("error: GET /hog: calling `wasi:http/incoming-handler.handle`: memory limit of 64MiB reached"),
        "{log}"
    );
}
