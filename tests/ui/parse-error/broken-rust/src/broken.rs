fn broken( {
    wasmtime::component::bindgen!();
}
