// wasmtime's bindgen! parses with every feature on: the gated world exists.
wasmtime::component::bindgen!({ world: "secure", path: "../wit" });

fn main() {}
