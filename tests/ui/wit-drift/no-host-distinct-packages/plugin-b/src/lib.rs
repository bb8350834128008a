wit_bindgen::generate!({ world: "plugin", path: "wit" });

struct Component;
export!(Component);
