mod bindings;

use wasmtime::component::Linker;

fn main() -> wasmtime::Result<()> {
    let engine = wasmtime::Engine::default();
    let mut linker: Linker<()> = Linker::new(&engine);
    linker
        .instance("demo:app/logging@0.1.0")?
        .func_wrap("log", |_store, (msg,): (String,)| {
            println!("{msg}");
            Ok(())
        })?;
    let mut root = linker.root();
    root.func_wrap("now", |_store, ()| Ok((0u64,)))?;
    Ok(())
}
