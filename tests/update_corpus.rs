//! The update engine agrees with the generators on every WIT construct in tests/corpus (and the
//! bundled package): a freshly generated host or guest crate is up to date, and after the last
//! function of every impl is deleted, `--update` puts each one back byte for byte.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use airssys_gen::files::FileSet;
use airssys_gen::scaffold::update::{self, Report, UpdateOptions};
use airssys_gen::wit::WitPackage;

fn opts(dir: &Path, check: bool) -> UpdateOptions {
    UpdateOptions {
        dir: dir.to_path_buf(),
        wit: None,
        check,
        dry_run: false,
    }
}

fn offset(text: &str, lc: proc_macro2::LineColumn) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(lc.line - 1)
        .map(str::len)
        .sum();
    start
        + text[start..]
            .char_indices()
            .nth(lc.column)
            .map_or(text.len() - start, |(i, _)| i)
}

/// Deletes the last function of every top-level impl (with the blank line before it);
/// returns how many were deleted.
fn delete_last_functions(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let file = syn::parse_file(&text).unwrap();
    let mut cuts = Vec::new();
    for item in &file.items {
        let syn::Item::Impl(i) = item else { continue };
        let Some(pos) = i
            .items
            .iter()
            .rposition(|m| matches!(m, syn::ImplItem::Fn(_)))
        else {
            continue;
        };
        if pos + 1 != i.items.len() {
            continue;
        }
        let from = match pos.checked_sub(1) {
            Some(prev) => {
                let last = quote::ToTokens::to_token_stream(&i.items[prev])
                    .into_iter()
                    .last()
                    .unwrap();
                offset(&text, last.span().end())
            }
            None => offset(&text, i.brace_token.span.open().end()),
        };
        let last = quote::ToTokens::to_token_stream(&i.items[pos])
            .into_iter()
            .last()
            .unwrap();
        cuts.push(from..offset(&text, last.span().end()));
    }
    let mut out = text.clone();
    for cut in cuts.iter().rev() {
        out.replace_range(cut.clone(), "");
    }
    std::fs::write(path, out).unwrap();
    cuts.len()
}

/// Deletes the last top-level impl of a file that has two or more (from the end of the item
/// before it); returns whether it did.
fn delete_last_impl(path: &Path) -> bool {
    let text = std::fs::read_to_string(path).unwrap();
    let file = syn::parse_file(&text).unwrap();
    let impls: Vec<usize> = file
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| matches!(i, syn::Item::Impl(_)))
        .map(|(n, _)| n)
        .collect();
    let [.., _, last] = impls[..] else {
        return false;
    };
    let end_of = |item: &syn::Item| {
        let tok = quote::ToTokens::to_token_stream(item)
            .into_iter()
            .last()
            .unwrap();
        offset(&text, tok.span().end())
    };
    let from = end_of(&file.items[last - 1]);
    let to = end_of(&file.items[last]);
    let mut out = text.clone();
    out.replace_range(from..to, "");
    std::fs::write(path, out).unwrap();
    true
}

fn snapshot(dir: &Path, files: &FileSet) -> BTreeMap<PathBuf, Vec<u8>> {
    files
        .files
        .keys()
        .map(|rel| (rel.clone(), std::fs::read(dir.join(rel)).unwrap()))
        .collect()
}

fn round_trip(
    what: &str,
    dir: &Path,
    files: &FileSet,
    stub_files: &[PathBuf],
    run: fn(&UpdateOptions) -> Result<Report, update::UpdateError>,
) -> usize {
    files.write(dir, Default::default()).unwrap();
    let report = run(&opts(dir, true)).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        report.up_to_date() && report.problems.is_empty(),
        "{what}: a fresh scaffold is not up to date:\n{}",
        report.render(dir)
    );
    let original = snapshot(dir, files);
    let deleted: usize = stub_files
        .iter()
        .map(|f| delete_last_functions(&dir.join(f)))
        .sum();
    let restored = deleted;
    let report = run(&opts(dir, false)).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        report.problems.is_empty(),
        "{what}:\n{}",
        report.render(dir)
    );
    assert_eq!(
        report.changes.len(),
        deleted,
        "{what}: one change per deleted function:\n{}",
        report.render(dir)
    );
    for (rel, bytes) in &original {
        assert_eq!(
            String::from_utf8_lossy(&std::fs::read(dir.join(rel)).unwrap()),
            String::from_utf8_lossy(bytes),
            "{what}: {} is not restored byte for byte",
            rel.display()
        );
    }
    // Whole impls (a resource's, an interface's) come back after the last impl.
    let deleted = stub_files
        .iter()
        .filter(|f| delete_last_impl(&dir.join(f)))
        .count();
    let report = run(&opts(dir, false)).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        report.problems.is_empty(),
        "{what}:\n{}",
        report.render(dir)
    );
    assert_eq!(
        report
            .changes
            .iter()
            .filter(|c| c.what.starts_with("add `impl"))
            .count(),
        deleted,
        "{what}: one impl per deleted impl:\n{}",
        report.render(dir)
    );
    for (rel, bytes) in &original {
        assert_eq!(
            String::from_utf8_lossy(&std::fs::read(dir.join(rel)).unwrap()),
            String::from_utf8_lossy(bytes),
            "{what}: {} is not restored byte for byte after deleting its last impl",
            rel.display()
        );
    }
    restored + deleted
}

#[test]
fn every_corpus_world_round_trips_through_update() {
    let tmp = tempfile::tempdir().unwrap();
    let mut checked = 0;
    let mut restored = 0;
    for (case, source) in support::corpus_sources() {
        let package = WitPackage::load(&source).unwrap_or_else(|e| panic!("{case}: {e}"));
        for world_name in package.world_names() {
            let world = package.select_world(Some(&world_name)).unwrap();
            let what = format!("{case}/{world_name}");

            let host = airssys_gen::scaffold::host::generate(
                &package,
                world,
                "host",
                airssys_gen::scaffold::host::Execution::Sync,
            )
            .unwrap_or_else(|e| panic!("{what}: {e}"));
            let stubs: Vec<PathBuf> = host
                .files
                .keys()
                .filter(|p| p.starts_with("src/host") && !p.ends_with("mod.rs"))
                .cloned()
                .collect();
            let dir = tmp.path().join(format!("host-{case}-{world_name}"));
            restored += round_trip(
                &format!("host {what}"),
                &dir,
                &host,
                &stubs,
                update::host::update,
            );

            let guest = airssys_gen::scaffold::guest::generate(&package, world, "guest")
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            let dir = tmp.path().join(format!("guest-{case}-{world_name}"));
            restored += round_trip(
                &format!("guest {what}"),
                &dir,
                &guest,
                &[PathBuf::from("src/lib.rs")],
                update::guest::update,
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} worlds");
    assert!(
        restored >= 50,
        "only {restored} functions deleted and restored"
    );
}
