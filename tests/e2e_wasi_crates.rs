//! WASI APIs implemented by crates of the wasmtime 48 release are linked, never stubbed, and
//! work end to end with real guests built to wasm32-wasip2:
//! - `wasi:http/outgoing-handler` (wasmtime-wasi-http, mapped with `with:`): the guest fetches
//!   from an HTTP server this test runs on 127.0.0.1;
//! - `wasi:config` and `wasi:keyvalue` (wasmtime-wasi-config / -keyvalue, linked with their
//!   `add_to_linker`): the guest reads values the host set up.

mod support;

use std::io::{Read, Write};
use std::net::TcpListener;

use airssys_gen::scaffold::host::Execution;
use airssys_gen::wit::{WitPackage, WitSource};

/// An HTTP/1.1 server answering one request with `body`; returns its port and the request
/// line it received.
fn serve_once(body: &'static str) -> (u16, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = conn.read(&mut buf).unwrap();
            assert!(n > 0, "connection closed before the request ended");
            request.extend_from_slice(&buf[..n]);
        }
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        conn.write_all(reply.as_bytes()).unwrap();
        String::from_utf8_lossy(&request)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    });
    (port, handle)
}

/// The stub files a generated host holds (`src/host/*.rs` but `mod.rs`).
fn stub_files(host: &airssys_gen::files::FileSet) -> Vec<&std::path::PathBuf> {
    host.files
        .keys()
        .filter(|p| p.starts_with("src/host") && !p.ends_with("mod.rs"))
        .collect()
}

#[test]
fn a_guest_fetches_through_wasi_http_outgoing_handler() {
    let fixture = support::repo().join("tests/e2e/http-client");
    let package = WitPackage::load(&WitSource::Path(fixture.join("wit"))).unwrap();
    let world = package.select_world(None).unwrap();
    let host =
        airssys_gen::scaffold::host::generate(&package, world, "h", Execution::Sync).unwrap();
    // Nothing of wasi:http is stubbed: it is mapped onto wasmtime-wasi-http's bindings.
    let stubs = stub_files(&host);
    assert!(stubs.is_empty(), "stub files: {stubs:?}");
    let bindings =
        String::from_utf8(host.files[std::path::Path::new("src/bindings.rs")].clone()).unwrap();
    assert!(
        bindings.contains("\"wasi:http\": wasmtime_wasi_http::p2::bindings::sync::http,"),
        "{bindings}"
    );

    let support::Pair { wasm, .. } = support::build_pair_with(
        &package,
        world,
        "e2e-http-client",
        Some(&fixture.join("guest")),
        Some(&fixture.join("host")),
        Execution::Sync,
    );
    let (port, server) = serve_once("hello from the test server");
    let out = std::process::Command::new(support::host_bin("fetch-script"))
        .arg(&wasm)
        .arg(format!("http://127.0.0.1:{port}/greeting?lang=en"))
        .output()
        .unwrap();
    let run = support::describe(&out);
    assert_eq!(out.status.code(), Some(0), "{run}");
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("run -> Ok(\"200 hello from the test server\")"),
        "{run}"
    );
    assert_eq!(server.join().unwrap(), "GET /greeting?lang=en HTTP/1.1");
}

#[test]
fn a_guest_reads_wasi_config_and_keyvalue_that_the_host_set_up() {
    let fixture = support::repo().join("tests/e2e/config-keyvalue");
    let package = WitPackage::load(&WitSource::Path(fixture.join("wit"))).unwrap();
    let world = package.select_world(None).unwrap();
    for execution in [Execution::Sync, Execution::Async] {
        let host = airssys_gen::scaffold::host::generate(&package, world, "h", execution).unwrap();
        let stubs = stub_files(&host);
        // Only the world's own `log` is the user's to write.
        assert_eq!(
            stubs,
            [std::path::Path::new("src/host/world.rs")],
            "{execution:?}"
        );
        let cargo =
            String::from_utf8(host.files[std::path::Path::new("Cargo.toml")].clone()).unwrap();
        assert!(
            cargo.contains("wasmtime-wasi-config = \"48.0.8\"")
                && cargo.contains("wasmtime-wasi-keyvalue = \"48.0.8\"")
                && !cargo.contains("wasmtime-wasi-http"),
            "{cargo}"
        );
    }

    let support::Pair { wasm, runner } = support::build_pair_with(
        &package,
        world,
        "e2e-config-keyvalue",
        Some(&fixture.join("guest")),
        Some(&fixture.join("host")),
        Execution::Sync,
    );
    let out = support::run_host(&runner, &wasm);
    let run = support::describe(&out);
    assert_eq!(out.status.code(), Some(0), "{run}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "[host] log config greeting=Hello, keyvalue name=Ada",
            "acme:settings/report.summary -> \"Hello, Ada! visit 42\"",
        ],
        "{run}"
    );
}

/// `wasi:tls` is implemented by wasmtime-wasi-tls for async hosts only: the host is async even
/// when a sync one is asked for, maps `wasi:tls` onto the crate, and passes clippy.
/// (No TLS server here, so this one is compiled, not run.)
#[test]
fn a_wasi_tls_world_gets_an_async_host_linked_to_wasmtime_wasi_tls() {
    let wit = support::repo().join("tests/e2e/tls/wit");
    // As wasmtime's bindgen! parses it (and `airssys-gen host` loads it): every feature on,
    // since wasi:tls is `@unstable(feature = tls)`.
    let package =
        WitPackage::load_with(&WitSource::Path(wit), &airssys_gen::wit::Features::all()).unwrap();
    let world = package.select_world(None).unwrap();
    let host = airssys_gen::scaffold::host::generate(&package, world, "tls-host", Execution::Sync)
        .unwrap();
    let text = |p: &str| String::from_utf8(host.files[std::path::Path::new(p)].clone()).unwrap();
    assert!(text("src/bindings.rs").contains("imports: { default: async | tracing },"));
    assert!(text("src/bindings.rs").contains("\"wasi:tls\": wasmtime_wasi_tls::p2::bindings,"));
    assert!(text("src/main.rs").contains("wasmtime_wasi_tls::p2::add_to_linker("));
    assert!(text("src/state.rs").contains("impl wasmtime_wasi_tls::WasiTlsView for HostState"));
    let dir = support::work_dir("wasi-tls-host");
    support::write_files(&host, &dir.join("tls-host"));
    support::write_workspace(&dir, &["tls-host".to_string()], "");
    support::cargo_clippy(&dir, true);
}
