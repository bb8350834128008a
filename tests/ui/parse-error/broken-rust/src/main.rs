mod broken;
mod elsewhere;
wit_bindgen::generate!("runtime");
fn main() {}
