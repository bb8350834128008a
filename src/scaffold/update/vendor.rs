//! Copying a new WIT package into the crate's `wit/`.

use super::*;

// ---------------------------------------------------------------------------------------------
// Vendoring

/// Loads the crate's WIT from `wit_dir` (relative to the crate: its macro's `path`); with
/// `--wit`, from that package, planning the copy into `wit_dir`.
pub(crate) fn vendor(
    dir: &Path,
    wit_dir: &Path,
    wit: Option<&Path>,
    plan: &mut Plan,
    features: &Features,
) -> Result<WitPackage, UpdateError> {
    let crate_wit = dir.join(wit_dir);
    let Some(src) = wit else {
        return Ok(WitPackage::load_with(
            &WitSource::Path(crate_wit),
            features,
        )?);
    };
    let package = WitPackage::load_with(&WitSource::Path(src.to_path_buf()), features)?;
    let mut existing = BTreeMap::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(crate_wit.join(&rel)) else {
            continue;
        };
        for entry in entries.flatten() {
            let child = rel.join(entry.file_name());
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(child);
            } else if child.extension().is_some_and(|e| e == "wit") {
                let bytes = std::fs::read(entry.path()).map_err(|source| UpdateError::Io {
                    path: entry.path(),
                    source,
                })?;
                existing.insert(child, bytes);
            }
        }
    }
    for (rel, bytes) in &package.files {
        let old = existing.get(rel);
        if old != Some(bytes) {
            let path = wit_dir.join(rel);
            plan.changes.push(Change {
                path: path.clone(),
                what: format!(
                    "{} from {}",
                    if old.is_some() { "update" } else { "add" },
                    src.display()
                ),
            });
            plan.wit.insert(path, (old.cloned(), Some(bytes.clone())));
        }
    }
    for (rel, bytes) in existing {
        if !package.files.contains_key(&rel) {
            let path = wit_dir.join(&rel);
            plan.changes.push(Change {
                path: path.clone(),
                what: format!("remove (not in {})", src.display()),
            });
            plan.wit.insert(path, (Some(bytes), None));
        }
    }
    Ok(package)
}
