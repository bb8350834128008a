wit_bindgen::generate!({ world: "app", path: "wit" });

struct C;

impl Guest for C {
    fn run() {}
}

export!(C);
