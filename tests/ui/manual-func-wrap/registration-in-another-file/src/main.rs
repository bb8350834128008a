wasmtime::component::bindgen!({ world: "w", path: "wit" });
mod link;
mod other_links;
fn main() {}
