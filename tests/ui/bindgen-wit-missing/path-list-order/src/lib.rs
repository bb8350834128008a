// The second path uses a package of the first, as both macros allow.
wit_bindgen::generate!({
    path: ["base", "ext"],
    world: "my:ext/app",
    generate_all,
});

struct C;

impl Guest for C {
    fn run() {}
}

export!(C);
