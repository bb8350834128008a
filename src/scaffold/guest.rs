//! Guest component crates (`wit_bindgen::generate!`). Being written.

use wit_parser::WorldId;

use super::ScaffoldError;
use crate::files::FileSet;
use crate::wit::WitPackage;

/// All files of a guest component crate named `name` for `world`.
pub fn generate(
    _package: &WitPackage,
    _world: WorldId,
    _name: &str,
) -> Result<FileSet, ScaffoldError> {
    unimplemented!("guest scaffolding is being written")
}
