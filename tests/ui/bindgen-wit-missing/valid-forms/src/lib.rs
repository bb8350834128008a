wit_bindgen::generate!("plugin" in "wit");
mod a {
    wit_bindgen::generate!({ world: "extra", path: ["wit", "more"] });
}
mod b {
    wit_bindgen::generate!({
        inline: "package x:y; world w { export run: func(); }",
    });
}
mod c {
    wit_bindgen::generate!({ world: "plugin", path: concat!("w", "it") });
}
struct Component;
export!(Component);
