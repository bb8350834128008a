// A guest may test itself with a wasmtime host.
wasmtime::component::bindgen!({ world: "plugin", path: "wit" });
