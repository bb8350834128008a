wit_bindgen::generate!({ world: "plugin", path: "wit" });
