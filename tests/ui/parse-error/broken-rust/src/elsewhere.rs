// A syntax error in an item that names nothing the lint looks for is rustc's to report:
// the items that can hold a finding are still read.
fn nope() { let = ; }

pub fn generated() {
    wit_bindgen::generate!("runtime");
}
