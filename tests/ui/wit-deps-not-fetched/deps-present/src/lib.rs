wit_bindgen::generate!({ world: "app", path: "wit", generate_all });

struct C;

impl Guest for C {
    fn run() {}
}

export!(C);
