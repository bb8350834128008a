use wasmtime_internal_wit_bindgen::Opts;

pub fn generate() -> Opts {
    let _ = old::Opts::default();
    Opts::default()
}
