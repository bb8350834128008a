wit_bindgen::generate!({ path: "wit", world: "types" });
