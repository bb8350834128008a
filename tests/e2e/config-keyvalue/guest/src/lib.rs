// E2E fixture (tests/e2e/config-keyvalue): `summary` reads a config value and a key of the
// host's bucket, increments a counter there, logs through its own import and answers.

wit_bindgen::generate!({
    path: "wit",
    world: "acme:settings/settings",
    generate_all,
});

use exports::acme::settings::report;
use wasi::keyvalue::{atomics, store};

struct Component;

impl report::Guest for Component {
    fn summary() -> String {
        let greeting = wasi::config::store::get("greeting")
            .expect("config")
            .unwrap_or_default();
        let bucket = store::open("").expect("the host's in-memory store");
        let name = bucket
            .get("name")
            .expect("get")
            .map(|v| String::from_utf8_lossy(&v).into_owned())
            .unwrap_or_default();
        let visits = atomics::increment(&bucket, "visits", 1).expect("increment");
        log(&format!("config greeting={greeting}, keyvalue name={name}"));
        format!("{greeting}, {name}! visit {visits}")
    }
}

export!(Component);
