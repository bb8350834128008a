wit_bindgen::generate!({ world: "events", path: "wit" });

struct Component;
export!(Component);
