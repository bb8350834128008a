wasmtime::component::bindgen!({ world: "plugin", path: "../wit" });

fn main() {}
