fn main() {
    wit_bindgen::generate!({ world: "w", path: "wit" });
}
