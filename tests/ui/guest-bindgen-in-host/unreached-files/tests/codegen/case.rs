// Under tests/ but not a test target (no tests/codegen/main.rs).
wit_bindgen::generate!({ world: "w", path: "../../no/such/wit" });
