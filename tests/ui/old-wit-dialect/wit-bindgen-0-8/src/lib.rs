wit_bindgen::generate!({ world: "reactor", path: "wit" });

struct C;

impl Guest for C {
    fn run() {}
}

export!(C);
