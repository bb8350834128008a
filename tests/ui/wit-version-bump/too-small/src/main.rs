wasmtime::component::bindgen!({ world: "kv-host", path: "wit" });

fn main() {}
