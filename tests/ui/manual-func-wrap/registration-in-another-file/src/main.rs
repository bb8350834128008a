wasmtime::component::bindgen!({ world: "w", path: "wit" });
mod link;
fn main() {}
