// Registrations the world does not cover: a core module's `func_wrap(module, name, f)`,
// and a component function the world does not import. None is a finding; the second
// pass does not even parse these items.
pub fn core(linker: &mut wasmtime::Linker<()>) -> wasmtime::Result<()> {
    linker.func_wrap("a:b/c@0.1.0", "f", |x: i32| x)?;
    Ok(())
}

pub fn other(linker: &mut wasmtime::component::Linker<()>) -> wasmtime::Result<()> {
    linker.instance("a:b/c@0.1.0")?.func_wrap("g", |_, (): ()| Ok(()))?;
    Ok(())
}

pub fn covered_again(linker: &mut wasmtime::component::Linker<()>) -> wasmtime::Result<()> {
    let mut c = linker.instance("a:b/c@0.1.0")?;
    c.func_new("f", |_, _, _| Ok(()))?;
    Ok(())
}
