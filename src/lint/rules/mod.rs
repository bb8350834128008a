//! The rule registry. Adding a rule: a new file here with a `pub static INFO: RuleInfo` and
//! a type implementing [`Rule`], then one line in [`RULES`].

use super::{Context, Rule, Sink};
use crate::discover::manifest::Role;
use crate::discover::syntax::MacroKind;

pub mod bindgen_wit_missing;
pub mod guest_bindgen_in_host;
pub mod guest_missing_export;
pub mod host_bindgen_in_guest;
pub mod internal_bindgen_crate;
pub mod manual_func_wrap;
pub mod old_wit_dialect;
pub mod parse_error;
pub mod skipped_file;
pub mod unneeded_wit_bindgen_dep;
pub mod unversioned_wit_package;
pub mod wit_deps_not_fetched;
pub mod wit_drift;
pub mod wit_not_checked_out;
pub mod wit_version_bump;

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
    &wit_version_bump::WitVersionBump,
    &wit_deps_not_fetched::WitDepsNotFetched,
    &wit_not_checked_out::WitNotCheckedOut,
    &old_wit_dialect::OldWitDialect,
    &parse_error::ParseError,
    &skipped_file::SkippedFile,
];

/// Ids taken by rules that are planned but not implemented yet: `(id, what it will do)`.
/// Configuring them is accepted (and has no effect yet).
pub static RESERVED: &[(&str, &str)] = &[];

/// What `guest-bindgen-in-host` and `host-bindgen-in-guest` differ in: they report the
/// other side's bindings macro in a crate of one role.
struct WrongSide {
    /// The crates looked at.
    role: Role,
    /// The macro that does not belong there.
    kind: MacroKind,
    /// `"guest"` or `"host"`: the bindings `kind` generates.
    generates: &'static str,
    /// The macro's canonical path, to name it when it was written through an alias.
    canonical: &'static str,
    help: &'static str,
}

fn wrong_side_bindings(cx: &Context<'_>, sink: &mut Sink, w: &WrongSide) {
    let crate_role = match w.role {
        Role::Host => "host",
        Role::Guest => "guest",
        Role::Other => return,
    };
    for (pi, package) in cx.packages.iter().enumerate() {
        if package.role != w.role || package.manifest.side_picked_by_build() {
            continue;
        }
        for file in cx.package_files(pi).filter(|f| f.main_target) {
            for b in file.facts.bindgen.iter().filter(|b| b.kind == w.kind) {
                let mut d = sink
                    .diag(format!(
                        "`{}!` generates {} bindings in {crate_role} crate `{}`",
                        b.written,
                        w.generates,
                        package.name()
                    ))
                    .primary(
                        file.label(b.path_range.clone())
                            .with_message(format!("{}-side bindings macro", w.generates)),
                    );
                if let Some(l) = package.role_label() {
                    d = d.secondary(l);
                }
                if b.written.trim_start_matches("::") != w.canonical {
                    d = d.note(format!("`{}` resolves to `{}`", b.written, w.canonical));
                }
                d = d.help(w.help);
                sink.emit_anchored(d, &b.anchors);
            }
        }
    }
}
