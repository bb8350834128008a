wit_bindgen::generate!({ generate_all });
