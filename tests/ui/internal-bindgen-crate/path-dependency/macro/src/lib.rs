// The generator's own workspace (wasmtime's component-macro) takes it by path.
use wasmtime_internal_wit_bindgen as wit_bindgen_gen;

pub fn generate() {
    let _ = wit_bindgen_gen::Opts::default();
}
