wit_bindgen::generate!({ world: "app", path: "target/wit" });
