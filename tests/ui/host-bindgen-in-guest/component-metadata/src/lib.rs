mod bindings {
    use wasmtime::component as wc;
    wc::bindgen!("library");
}
