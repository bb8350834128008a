wasmtime::component::bindgen!({
    world: "runtime",
    path: "wit",
    with: { "demo:app/logging": crate::logging },
});

mod logging {}

fn main() -> wasmtime::Result<()> {
    let engine = wasmtime::Engine::default();
    let mut linker = wasmtime::component::Linker::<()>::new(&engine);
    // Remapped with `with`: not generated here.
    linker
        .instance("demo:app/logging@0.1.0")?
        .func_wrap("log", |_s, (_m,): (String,)| Ok(()))?;
    // Not an interface of the world.
    linker
        .instance("other:pkg/iface")?
        .func_wrap("log", |_s, ()| Ok(()))?;
    // Not a function the world imports at its root.
    linker.root().func_wrap("extra", |_s, ()| Ok(()))?;
    // Core-module linker: three arguments.
    let mut core = wasmtime::Linker::<()>::new(&engine);
    core.func_wrap("demo:app/logging@0.1.0", "log", |x: i32| x)?;
    // Suppressed.
    // airssys-lint: allow(manual-func-wrap)
    linker.root().func_wrap("now", |_s, ()| Ok((0u64,)))?;
    Ok(())
}
