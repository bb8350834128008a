use my_macros::bindgen;

// wasmtime::component::bindgen!("plugin");
bindgen!("not wasmtime's");

wit_bindgen::generate!("plugin");

struct Component;
impl Guest for Component {
    fn run() {}
}
export!(Component);

/// ```
/// wasmtime::component::bindgen!("plugin");
/// ```
pub fn doc() {}
