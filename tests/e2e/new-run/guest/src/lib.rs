// E2E fixture (tests/e2e/new-run): the generated guest with its export filled in.

wit_bindgen::generate!({
    path: "../../wit",
    world: "e2e:hello/hello",
});

struct Component;

impl Guest for Component {
    fn greet(name: String) -> String {
        note(&format!("greeting {name}"));
        format!("hello {name}")
    }
}

export!(Component);
