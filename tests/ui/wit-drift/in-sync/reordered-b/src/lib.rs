wit_bindgen::generate!({ world: "tools", path: "wit" });
