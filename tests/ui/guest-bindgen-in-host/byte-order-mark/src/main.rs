wit_bindgen::generate!("w");
fn main() {}
