// E2E fixture (tests/e2e/http-client): `run(url)` fetches `http://AUTHORITY/PATH` through
// `wasi:http/outgoing-handler` and answers "STATUS BODY".

wit_bindgen::generate!({
    path: "wit",
    world: "acme:fetch/fetcher",
    generate_all,
});

use wasi::http::outgoing_handler;
use wasi::http::types::{Fields, Method, OutgoingRequest, Scheme};
use wasi::io::streams::StreamError;

struct Component;

impl Guest for Component {
    fn run(url: String) -> Result<String, String> {
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| format!("not an http:// URL: `{url}`"))?;
        let (authority, path) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, "/"),
        };
        let request = OutgoingRequest::new(Fields::new());
        request.set_method(&Method::Get).map_err(|()| "method")?;
        request.set_scheme(Some(&Scheme::Http)).map_err(|()| "scheme")?;
        request.set_authority(Some(authority)).map_err(|()| "authority")?;
        request.set_path_with_query(Some(path)).map_err(|()| "path")?;

        let pending = outgoing_handler::handle(request, None).map_err(|e| format!("{e:?}"))?;
        let response = loop {
            match pending.get() {
                Some(result) => break result,
                None => pending.subscribe().block(),
            }
        };
        let response = response
            .map_err(|()| "response taken twice".to_string())?
            .map_err(|e| format!("request failed: {e:?}"))?;
        let status = response.status();
        let body = response.consume().map_err(|()| "body taken twice")?;
        let mut text = Vec::new();
        {
            let stream = body.stream().map_err(|()| "stream taken twice")?;
            loop {
                match stream.blocking_read(4096) {
                    Ok(chunk) => text.extend(chunk),
                    Err(StreamError::Closed) => break,
                    Err(e) => return Err(format!("reading the body: {e:?}")),
                }
            }
        }
        Ok(format!("{status} {}", String::from_utf8_lossy(&text)))
    }
}

export!(Component);
