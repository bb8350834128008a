use super::*;

bindgen!("runtime" in "other/missing");

mod local {
    macro_rules! bindgen {
        ($($t:tt)*) => {};
    }
    bindgen!({ path: "not/a/bindgen/call" });
}
