wasmtime::component::bindgen!("runtime" in "wit");
fn main() {}
