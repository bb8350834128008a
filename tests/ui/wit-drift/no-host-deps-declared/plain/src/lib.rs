wit_bindgen::generate!({ world: "server", path: "wit" });

struct Component;
export!(Component);
