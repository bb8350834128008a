#[cfg(all(feature = "guest", not(feature = "host")))]
mod guest {
    wit_bindgen::generate!({ path: "wit", world: "types" });
}

#[cfg(all(feature = "host", not(feature = "guest")))]
mod host {
    wasmtime::component::bindgen!({ path: "wit", world: "types" });
}
