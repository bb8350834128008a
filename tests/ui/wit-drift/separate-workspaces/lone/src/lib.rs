wit_bindgen::generate!({ world: "plugin", path: "wit" });

struct C;

impl exports::example::plugin::api::Guest for C {
    fn run() -> bool {
        true
    }
}

export!(C);
