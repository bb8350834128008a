#[cfg(target_family = "wasm")]
wit_bindgen::generate!({ path: "wit", world: "types" });

#[cfg(not(target_family = "wasm"))]
wasmtime::component::bindgen!({ path: "wit", world: "types" });
