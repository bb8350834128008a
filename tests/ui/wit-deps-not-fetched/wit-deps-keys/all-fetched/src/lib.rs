wit_bindgen::generate!({ world: "app" });
