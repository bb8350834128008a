// E2E fixture (tests/e2e/http-server): a `wasi:http/proxy` handler. `/hello?name=N` answers
// "hello N", `/trap` panics (a trap: the server must answer 500 and keep serving), `/spin`
// never returns and `/hog` allocates without bound (the runner's deadline and memory limit
// must stop them, per request), anything else is a 404.

wit_bindgen::generate!({
    path: "wit",
    world: "acme:server/server",
    generate_all,
});

use exports::wasi::http::incoming_handler;
use wasi::http::types::{Fields, IncomingRequest, OutgoingBody, OutgoingResponse, ResponseOutparam};

struct Component;

impl incoming_handler::Guest for Component {
    fn handle(request: IncomingRequest, response_out: ResponseOutparam) {
        let path = request.path_with_query().unwrap_or_default();
        let (status, text) = if let Some(name) = path.strip_prefix("/hello?name=") {
            (200, format!("hello {name}\n"))
        } else if path == "/trap" {
            panic!("asked to trap");
        } else if path == "/spin" {
            let mut n = 0u64;
            loop {
                n = std::hint::black_box(n + 1);
            }
        } else if path == "/hog" {
            let mut chunks: Vec<Vec<u8>> = Vec::new();
            loop {
                chunks.push(vec![1; 1 << 20]);
                std::hint::black_box(&chunks);
            }
        } else {
            (404, format!("no route for {path}\n"))
        };
        let response = OutgoingResponse::new(Fields::new());
        response.set_status_code(status).expect("valid status");
        let body = response.body().expect("body");
        ResponseOutparam::set(response_out, Ok(response));
        let stream = body.write().expect("stream");
        stream.blocking_write_and_flush(text.as_bytes()).expect("write");
        drop(stream);
        OutgoingBody::finish(body, None).expect("finish");
    }
}

export!(Component);
