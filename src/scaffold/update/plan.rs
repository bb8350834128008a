//! The plan: edits per file, then writing or diffing.

use super::*;

// ---------------------------------------------------------------------------------------------
// The plan: edits per file, then writing or diffing

/// An insertion into a user file.
pub(crate) struct Edit {
    pub(crate) offset: usize,
    /// Tie-break for insertions at the same offset: lower first.
    pub(crate) order: u8,
    pub(crate) text: String,
}

/// A vendored WIT file: (old bytes, new bytes); no new bytes: remove it.
pub(crate) type WitEdit = (Option<Vec<u8>>, Option<Vec<u8>>);

#[derive(Default)]
pub(crate) struct Plan {
    /// Insertions into existing user files.
    pub(crate) edits: BTreeMap<PathBuf, Vec<Edit>>,
    /// Files to create, whole.
    pub(crate) new_files: BTreeMap<PathBuf, String>,
    /// WIT files to copy into `wit/` or remove from it.
    pub(crate) wit: BTreeMap<PathBuf, WitEdit>,
    pub(crate) changes: Vec<Change>,
    pub(crate) problems: Vec<Problem>,
    /// `Cargo.toml`, (old text, new text), when a dependency needs a feature.
    pub(crate) manifest: Option<(String, String)>,
    /// The crate being updated.
    pub(crate) dir: Option<PathBuf>,
}

impl Plan {
    pub(crate) fn insert(&mut self, path: &Path, offset: usize, order: u8, text: String) {
        self.edits
            .entry(path.to_path_buf())
            .or_default()
            .push(Edit {
                offset,
                order,
                text,
            });
    }

    pub(crate) fn change(&mut self, path: &Path, what: String) {
        self.changes.push(Change {
            path: path.to_path_buf(),
            what,
        });
    }

    pub(crate) fn problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Applies the edits in memory, then writes, diffs or only reports.
    pub(crate) fn finish(
        mut self,
        dir: &Path,
        user: &BTreeMap<PathBuf, Parsed>,
        opts: &UpdateOptions,
    ) -> Result<Report, UpdateError> {
        let mut rust: BTreeMap<PathBuf, (String, String)> = BTreeMap::new();
        for (path, mut edits) in std::mem::take(&mut self.edits) {
            let old = &user[&path].text;
            edits.sort_by_key(|e| (e.offset, e.order));
            let mut new = String::with_capacity(old.len() + 1024);
            let mut at = 0;
            // Inserted text follows the file's line endings.
            let crlf = old.contains("\r\n");
            for e in &edits {
                new.push_str(&old[at..e.offset]);
                if crlf {
                    new.push_str(&e.text.replace('\n', "\r\n"));
                } else {
                    new.push_str(&e.text);
                }
                at = e.offset;
            }
            new.push_str(&old[at..]);
            // Insertions are built from parsed generator output; an unparsable result is a
            // bug in this module, never something to write over user code.
            if let Err(e) = syn::parse_file(&new) {
                panic!(
                    "airssys-gen's update produced invalid Rust in {} ({e}):\n{new}",
                    path.display()
                );
            }
            rust.insert(path, (old.clone(), new));
        }
        for (path, text) in std::mem::take(&mut self.new_files) {
            rust.insert(path, (String::new(), text));
        }

        let mut report = Report {
            changes: self.changes,
            problems: self.problems,
            ..Default::default()
        };
        if opts.dry_run {
            let mut diff = String::new();
            for (path, (old, new)) in &self.wit {
                let old = String::from_utf8_lossy(old.as_deref().unwrap_or_default());
                let new = String::from_utf8_lossy(new.as_deref().unwrap_or_default());
                diff.push_str(&unified_diff(path, &old, &new));
            }
            for (path, (old, new)) in &rust {
                diff.push_str(&unified_diff(path, old, new));
            }
            if let Some((old, new)) = &self.manifest {
                diff.push_str(&unified_diff(Path::new("Cargo.toml"), old, new));
            }
            report.diff = Some(diff);
        } else if !opts.check {
            // WIT first: should a Rust write fail, the next run redoes the Rust edits.
            for (path, (_, new)) in &self.wit {
                let full = dir.join(path);
                match new {
                    Some(bytes) => crate::files::write_atomic(&full, bytes)?,
                    None => std::fs::remove_file(&full).map_err(|source| UpdateError::Io {
                        path: full.clone(),
                        source,
                    })?,
                }
            }
            for (path, (_, new)) in &rust {
                crate::files::write_atomic(&dir.join(path), new.as_bytes())?;
            }
            if let Some((_, new)) = &self.manifest {
                crate::files::write_atomic(&dir.join("Cargo.toml"), new.as_bytes())?;
            }
            report.written = !report.changes.is_empty();
        }
        Ok(report)
    }
}

pub(crate) fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let a = format!("a/{}", path.display());
    let b = format!("b/{}", path.display());
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&a, &b)
        .to_string()
}
