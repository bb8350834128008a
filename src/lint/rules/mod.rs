//! The rule registry. Adding a rule: a new file here with a `pub static INFO: RuleInfo` and
//! a type implementing [`Rule`], then one line in [`RULES`].

use super::Rule;

pub mod bindgen_wit_missing;
pub mod guest_bindgen_in_host;
pub mod guest_missing_export;
pub mod host_bindgen_in_guest;
pub mod internal_bindgen_crate;
pub mod manual_func_wrap;
pub mod parse_error;
pub mod skipped_file;
pub mod unneeded_wit_bindgen_dep;
pub mod unversioned_wit_package;
pub mod wit_drift;

/// Every rule, in the order `--list-rules` shows them.
pub static RULES: &[&dyn Rule] = &[
    &guest_bindgen_in_host::GuestBindgenInHost,
    &host_bindgen_in_guest::HostBindgenInGuest,
    &manual_func_wrap::ManualFuncWrap,
    &internal_bindgen_crate::InternalBindgenCrate,
    &unneeded_wit_bindgen_dep::UnneededWitBindgenDep,
    &bindgen_wit_missing::BindgenWitMissing,
    &guest_missing_export::GuestMissingExport,
    &unversioned_wit_package::UnversionedWitPackage,
    &wit_drift::WitDrift,
    &parse_error::ParseError,
    &skipped_file::SkippedFile,
];

/// Ids taken by rules that are planned but not implemented yet: `(id, what it will do)`.
/// Configuring them is accepted (and has no effect yet).
pub static RESERVED: &[(&str, &str)] = &[];
