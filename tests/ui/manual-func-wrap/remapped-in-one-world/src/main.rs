// grafbase's shape: each API version has its own world; the newer one maps `logging` to
// a module of its own and registers it by hand.
mod v1 {
    wasmtime::component::bindgen!({ world: "v1", path: "wit" });
}

mod v2 {
    wasmtime::component::bindgen!({
        world: "v2",
        path: "wit",
        with: { "demo:app/logging": crate::v2::logging },
    });

    pub mod logging {
        pub fn add_to_linker_impl(linker: &mut wasmtime::component::Linker<()>) -> wasmtime::Result<()> {
            // Remapped by v2: v1 importing it too does not make this redundant.
            linker
                .instance("demo:app/logging@0.1.0")?
                .func_wrap("log", |_s, (_m,): (String,)| Ok(()))?;
            // Remapped by neither world: bindgen! generates it.
            linker
                .instance("demo:app/clock@0.1.0")?
                .func_wrap("now", |_s, ()| Ok((0u64,)))?;
            Ok(())
        }
    }
}

fn main() {}
