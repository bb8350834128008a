// E2E fixture (tests/e2e/cm-async): a guest whose exports are Component Model `async func`s
// awaiting the host's async imports.

use std::sync::atomic::{AtomicU32, Ordering};

use exports::acme::cm_async::greeter;

wit_bindgen::generate!({
    path: "wit",
    world: "acme:cm-async/greeter-world",
});

/// How many greetings were made.
static GREETED: AtomicU32 = AtomicU32::new(0);

struct Component;

impl Guest for Component {
    async fn start() {
        pause(5).await;
        log("started");
    }
}

impl greeter::Guest for Component {
    async fn greet(name: String) -> String {
        let first = acme::cm_async::clock::now().await;
        let second = acme::cm_async::clock::now().await;
        GREETED.fetch_add(1, Ordering::Relaxed);
        log(&format!("greeting {name}"));
        format!("hello {name} at {first}, then {second}")
    }

    fn count() -> u32 {
        GREETED.load(Ordering::Relaxed)
    }
}

export!(Component);
