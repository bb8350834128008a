wasmtime::component::bindgen!({ world: "runner", path: "wit" });

fn main() {}
