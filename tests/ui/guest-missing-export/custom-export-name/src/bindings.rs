wit_bindgen::generate!({ world: "plugin", export_macro_name: "register_component" });
