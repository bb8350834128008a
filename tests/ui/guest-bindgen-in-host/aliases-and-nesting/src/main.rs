use wit_bindgen::generate as guest_gen;

guest_gen!({ world: "runtime", path: "wit" });

mod nested {
    mod deeper {
        ::wit_bindgen::generate! {
            "runtime"
        }
    }
}

fn main() {
    use wit_bindgen::*;
    generate!["runtime"];
}
