wit_bindgen::generate!({ world: "w", path: "no-such-wit" });
