mod broken;
wit_bindgen::generate!("runtime");
fn main() {}
