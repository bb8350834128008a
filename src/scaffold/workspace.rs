//! Generating a crate inside an existing cargo workspace, the way `cargo new` does: if the
//! workspace's `members` do not already cover the new directory (and `exclude` does not name
//! it), the directory is appended to `members`, keeping the rest of the manifest byte for byte.

use std::path::{Path, PathBuf};

use toml_edit::{Array, DocumentMut, Item, Value};

/// An edit to an enclosing workspace manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberEdit {
    /// The workspace's Cargo.toml.
    pub manifest: PathBuf,
    /// The member path added, relative to the workspace root, with `/` separators.
    pub member: String,
    /// The new manifest text.
    pub contents: String,
}

/// The nearest enclosing workspace of `out` that does not yet include it, and the edit that
/// adds it. `None` when there is no workspace, or it already covers or excludes `out`.
pub fn member_edit(out: &Path) -> Result<Option<MemberEdit>, String> {
    let out =
        std::path::absolute(out).map_err(|e| format!("cannot resolve `{}`: {e}", out.display()))?;
    let mut dir = out.parent();
    while let Some(d) = dir {
        let manifest = d.join("Cargo.toml");
        if let Ok(text) = std::fs::read_to_string(&manifest) {
            let mut doc: DocumentMut = text
                .parse()
                .map_err(|e| format!("cannot parse `{}`: {e}", manifest.display()))?;
            if let Some(ws) = doc.get_mut("workspace").and_then(Item::as_table_like_mut) {
                let rel = out
                    .strip_prefix(d)
                    .expect("out is below its ancestor")
                    .to_string_lossy()
                    .replace('\\', "/");
                let listed = |key: &str| -> Vec<String> {
                    ws.get(key)
                        .and_then(Item::as_array)
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default()
                };
                if covered(&rel, &listed("members"), false)
                    || covered(&rel, &listed("exclude"), true)
                {
                    return Ok(None);
                }
                let members = ws
                    .entry("members")
                    .or_insert(Item::Value(Value::Array(Array::new())));
                let Some(array) = members.as_array_mut() else {
                    return Err(format!(
                        "`workspace.members` in `{}` is not an array",
                        manifest.display()
                    ));
                };
                array.push(rel.as_str());
                return Ok(Some(MemberEdit {
                    manifest,
                    member: rel,
                    contents: doc.to_string(),
                }));
            }
        }
        dir = d.parent();
    }
    Ok(None)
}

/// Whether a member path matches one of the workspace's patterns (globs, as cargo allows);
/// `exclude` entries also cover everything below them.
fn covered(rel: &str, patterns: &[String], prefix: bool) -> bool {
    patterns.iter().any(|p| {
        let p = p.trim_end_matches('/');
        rel == p
            || prefix && rel.starts_with(&format!("{p}/"))
            || globset::Glob::new(p)
                .map(|g| g.compile_matcher().is_match(rel))
                .unwrap_or(false)
    })
}
