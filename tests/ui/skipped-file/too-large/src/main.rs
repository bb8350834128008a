mod big;

fn main() {}
