crate::bindgen!({ world: "runtime", path: "wit/missing" });
