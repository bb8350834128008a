// The library registers by hand; the only `bindgen!` is in an example, a separate crate
// whose bindings the library cannot use.
use wasmtime::component::Linker;

pub fn register(linker: &mut Linker<()>) -> wasmtime::Result<()> {
    linker
        .instance("demo:app/logging@0.1.0")?
        .func_wrap("log", |_store, (msg,): (String,)| {
            println!("{msg}");
            Ok(())
        })?;
    Ok(())
}
