mod generated;
wit_bindgen::generate!("runtime");
