wit_bindgen::generate!({ world: "app", path: "gen/wit" });
