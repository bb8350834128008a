wasmtime::component::bindgen!({ world: "runtime", path: "wit/missing" });

mod defaults {
    wasmtime::component::bindgen!();
}

fn main() {}
