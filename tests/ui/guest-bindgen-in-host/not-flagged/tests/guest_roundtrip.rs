// Test targets are not checked for role mismatches.
wit_bindgen::generate!({ world: "runtime", path: "wit" });
