// wit_bindgen is mentioned only here.
fn main() {}
