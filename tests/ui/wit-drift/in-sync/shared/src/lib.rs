wit_bindgen::generate!({ world: "plugin", path: "../host/wit" });
