fn main() {
    let _ = wit_bindgen::rt::maybe_link_cabi_realloc;
}
