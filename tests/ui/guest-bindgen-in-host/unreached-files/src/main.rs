#[path = "../shared/reached.rs"]
mod reached;

fn main() {}
