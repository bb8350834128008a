//! `airssys-lint`: rules that catch bindgen misuse.
