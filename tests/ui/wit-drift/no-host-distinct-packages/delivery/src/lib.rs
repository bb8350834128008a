wit_bindgen::generate!({ world: "delivery", path: "wit" });

struct Component;
export!(Component);
