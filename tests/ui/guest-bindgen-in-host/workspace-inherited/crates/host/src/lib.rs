guestgen::generate!("runtime");

pub fn run() {
    engine::component::bindgen!("runtime");
}
