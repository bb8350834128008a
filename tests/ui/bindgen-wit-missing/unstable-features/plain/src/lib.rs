// generate! enables no feature unless told: the gated world does not exist.
wit_bindgen::generate!({ world: "secure", path: "../wit" });
