wit_bindgen::generate!("runtime");
