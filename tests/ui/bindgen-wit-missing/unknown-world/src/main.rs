wasmtime::component::bindgen!({ world: "runtme", path: "wit" });
wasmtime::component::bindgen!();
fn main() {}
