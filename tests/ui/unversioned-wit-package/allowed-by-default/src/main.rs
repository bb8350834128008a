wasmtime::component::bindgen!("runtime");
fn main() {}
