use wasmtime::component::Linker;
pub fn link(linker: &mut Linker<()>) -> wasmtime::Result<()> {
    linker.instance("a:b/c@0.1.0")?.func_wrap("f", |_, (): ()| Ok(()))?;
    Ok(())
}
