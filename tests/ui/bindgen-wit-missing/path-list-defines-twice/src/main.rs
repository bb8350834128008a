// `b/deps/` holds a package that `a` defines too: wit-parser panics on the second
// definition ("attempting to re-add package"), and so does the macro.
wasmtime::component::bindgen!({ path: ["a", "b"], world: "app" });

fn main() {}
