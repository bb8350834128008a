wasmtime::component::bindgen!("runtime");
