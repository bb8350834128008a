wit_bindgen::generate!({ world: "secure", path: "../wit", features: ["tls"] });
