mod bindings {
    wit_bindgen::generate!({ world: "plugin", default_bindings_module: "crate::bindings" });
}

struct Component;

impl bindings::Guest for Component {
    fn run() {}
}

bindings::export!(Component with_types_in bindings);
