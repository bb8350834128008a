// isyswasfa's shape: a fork of wit-bindgen whose `isyswasfa` option derives worlds of its
// own (`proxy` + "-wasi-http"); nothing here knows what that macro reads.
mod fork {
    wit_bindgen::generate!({
        path: "wit",
        world: "proxy-wasi-http",
        isyswasfa: "-wasi-http",
    });
}

// The same world name with the released macro's options only: an error.
mod released {
    wit_bindgen::generate!({
        path: "wit",
        world: "proxy-wasi-http",
    });
}
