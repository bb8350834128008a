wit_bindgen::generate!("library");
