wit_bindgen::generate!({ world: "plugin", path: "../wit" });

struct C;

impl exports::example::plugin::api::Guest for C {
    fn run(input: Vec<u8>) -> u32 {
        input.len() as u32
    }
}

export!(C);
