fn main() {
    let src = std::env::args().nth(1).map(std::path::PathBuf::from);
    let world = std::env::args().nth(2);
    let pkg =
        airssys_gen::wit::WitPackage::load(&airssys_gen::wit::WitSource::from_arg(src)).unwrap();
    let mut resolve = pkg.resolve.clone();
    let w = pkg
        .select_world(world.as_deref().or(Some("runtime-host")))
        .unwrap();
    let opts = wasmtime_internal_wit_bindgen::Opts::default();
    let s = opts.generate(&mut resolve, w).unwrap();
    let file = syn::parse_file(&s).unwrap();
    println!("{}", prettyplease::unparse(&file));
}
