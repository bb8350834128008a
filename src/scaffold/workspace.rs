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

/// The nearest enclosing workspace of `out`: its manifest, parsed, and `out` relative to its
/// root (with `/` separators).
fn enclosing(out: &Path) -> Result<Option<(PathBuf, DocumentMut, String)>, String> {
    let out =
        std::path::absolute(out).map_err(|e| format!("cannot resolve `{}`: {e}", out.display()))?;
    let mut dir = out.parent();
    while let Some(d) = dir {
        let manifest = d.join("Cargo.toml");
        if let Ok(text) = std::fs::read_to_string(&manifest) {
            let doc: DocumentMut = text
                .parse()
                .map_err(|e| format!("cannot parse `{}`: {e}", manifest.display()))?;
            if doc.get("workspace").is_some_and(Item::is_table_like) {
                let rel = out
                    .strip_prefix(d)
                    .expect("out is below its ancestor")
                    .to_string_lossy()
                    .replace('\\', "/");
                return Ok(Some((manifest, doc, rel)));
            }
        }
        dir = d.parent();
    }
    Ok(None)
}

/// The patterns of `workspace.<key>`.
fn listed(doc: &DocumentMut, key: &str) -> Vec<String> {
    doc.get("workspace")
        .and_then(|ws| ws.get(key))
        .and_then(Item::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The manifest of the workspace `out` belongs to, or will once [`member_edit`] is applied:
/// the nearest enclosing one, unless it excludes `out`.
pub fn member_of(out: &Path) -> Option<PathBuf> {
    let (manifest, doc, rel) = enclosing(out).ok()??;
    (!covered(&rel, &listed(&doc, "exclude"), true)).then_some(manifest)
}

/// The nearest enclosing workspace of `out` that does not yet include it, and the edit that
/// adds it. `None` when there is no workspace, or it already covers or excludes `out`.
pub fn member_edit(out: &Path) -> Result<Option<MemberEdit>, String> {
    let Some((manifest, mut doc, rel)) = enclosing(out)? else {
        return Ok(None);
    };
    if covered(&rel, &listed(&doc, "members"), false)
        || covered(&rel, &listed(&doc, "exclude"), true)
    {
        return Ok(None);
    }
    let ws = doc
        .get_mut("workspace")
        .and_then(Item::as_table_like_mut)
        .expect("checked by `enclosing`");
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
    Ok(Some(MemberEdit {
        manifest,
        member: rel,
        contents: doc.to_string(),
    }))
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
