//! `airssys-gen guest update`: the guest side of [`super`]. The generator owns `src/lib.rs`:
//! the `Guest` impls, the resource types and `export!`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use wit_parser::WorldId;

use super::{
    MacroSettings, Parsed, Plan, Side, UpdateError, UpdateOptions, find_macro, insert_before_close,
    macro_options, texts,
};
use crate::discover::syntax::macro_args;
use crate::scaffold::host::Execution;
use crate::wit::{Features, WitPackage};

/// Updates the guest crate at `opts.dir`.
pub fn update(opts: &UpdateOptions) -> Result<super::Report, UpdateError> {
    super::run::<Guest>(opts)
}

struct Guest;

impl Side for Guest {
    const NAME: &'static str = "guest";
    const MACRO_FILE: &'static str = "src/lib.rs";
    const MACRO: &'static str = "generate";
    const OPTIONS: &'static [&'static str] = &[
        "path",
        "world",
        "generate_all",
        "features",
        "with",
        "additional_derives",
        "runtime_path",
        "default_bindings_module",
        "export_macro_name",
        "pub_export_macro",
        "generate_unused_types",
    ];

    /// `features: [..]` of the `generate!` call: wit-bindgen enables no other.
    fn settings(mac: Option<&syn::Macro>) -> MacroSettings {
        MacroSettings {
            features: Features {
                all: false,
                names: mac
                    .map(|m| macro_args(m.tokens.clone()).features)
                    .unwrap_or_default(),
            },
            execution: Execution::Sync,
        }
    }

    fn expected(
        package: &WitPackage,
        world: WorldId,
        settings: &MacroSettings,
    ) -> Result<BTreeMap<PathBuf, String>, UpdateError> {
        // The crate name only reaches Cargo.toml and the README, which we do not touch.
        let files =
            crate::scaffold::guest::generate_with(package, world, "component", &settings.features)?;
        Ok(texts(files, |path| path == Path::new(Self::MACRO_FILE)))
    }

    /// `generate!` sits at the crate root: exported interfaces' traits under `exports::`, the
    /// world's own `Guest` at the root.
    fn is_bindings(path: &[String]) -> bool {
        match path {
            [first, ..] if first == "exports" => true,
            [only] => only.starts_with("Guest"),
            _ => false,
        }
    }

    /// `generate_all` when the world newly imports interfaces from another package: without
    /// it `generate!` refuses them.
    fn macro_edits(
        _package: &WitPackage,
        _world: WorldId,
        _settings: &MacroSettings,
        expected: &BTreeMap<PathBuf, Parsed>,
        file: &Parsed,
        plan: &mut Plan,
    ) -> Result<(), UpdateError> {
        let wanted = expected
            .get(&PathBuf::from(Self::MACRO_FILE))
            .and_then(|e| find_macro(e, Self::MACRO))
            .map(macro_options)
            .unwrap_or_default();
        let Some(mac) = find_macro(file, Self::MACRO) else {
            return Ok(());
        };
        let has = macro_options(mac);
        let option = "generate_all";
        if wanted.iter().any(|o| o == option) && !has.iter().any(|o| o == option) {
            plan.change(
                &file.rel,
                format!(
                    "add `{option}` to `generate!` (the world now uses interfaces from wit/deps/)"
                ),
            );
            insert_before_close(
                file,
                mac,
                plan,
                format!(
                    "    // Also generate bindings for the interfaces of other packages in wit/deps/.\n    {option},\n"
                ),
            );
        }
        Ok(())
    }
}
