//! Helpers for unit tests: real inputs nobody here wrote, and small trees of our own.

/// The registry copy of a crate this package locks (so `cargo fetch` has it): the highest
/// locked version that starts with `version` (`""` for any).
pub fn locked_crate(name: &str, version: &str) -> std::path::PathBuf {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock")).unwrap();
    let mut versions: Vec<&str> = lock
        .split("[[package]]")
        .filter(|p| p.contains(&format!("\nname = \"{name}\"\n")))
        .filter_map(|p| p.split("version = \"").nth(1)?.split('"').next())
        .filter(|v| v.starts_with(version))
        .collect();
    versions.sort_by_key(|v| {
        v.split(['.', '+', '-'])
            .map(|n| n.parse::<u64>().unwrap_or(0))
            .collect::<Vec<_>>()
    });
    let version = versions
        .last()
        .unwrap_or_else(|| panic!("{name} {version} is not in Cargo.lock"));
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cargo")
        });
    let src = home.join("registry/src");
    for index in std::fs::read_dir(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display())) {
        let dir = index.unwrap().path().join(format!("{name}-{version}"));
        if dir.is_dir() {
            return dir;
        }
    }
    panic!(
        "{name}-{version} is not in {}: run `cargo fetch`",
        src.display()
    );
}

/// Every `.rs` file under `dir`, recursively.
pub fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// Writes each `(relative path, text)` of `tree` under `root`, creating directories.
pub fn write_tree(root: &std::path::Path, tree: &[(&str, &str)]) {
    for (rel, text) in tree {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}
