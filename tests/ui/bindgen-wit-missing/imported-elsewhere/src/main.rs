// The macro is imported here and called from other files, which do not name it.
pub use rt::component::bindgen;

mod bindings;
mod glob;

fn main() {}
