use wasmtime::component::*;

bindgen!({ world: "plugin", path: "wit" });

wit_bindgen::generate!("plugin");

struct Component;
impl Guest for Component {
    fn run() {}
}
export!(Component);
