mod p2 {
    wasmtime::component::bindgen!({ world: "api", path: "src/p2/wit" });
}
mod p3 {
    wasmtime::component::bindgen!({ world: "api", path: "src/p3/wit" });
}

fn main() {}
