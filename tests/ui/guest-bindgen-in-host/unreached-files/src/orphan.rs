// Declared by no `mod` item: cargo never compiles it.
wit_bindgen::generate!({ world: "w", path: "wit" });
