//! The per-file pipeline: bounded read, byte prefilter, module declarations, UTF-8 check,
//! syn parse.

use std::cell::RefCell;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use memchr::memmem::Finder;

use super::manifest::Role;
use super::modtree::{self, ModDecl};
use super::package::Package;
use super::syntax::{self, CrateNames, FileFacts, Registrations};

/// The byte strings whose presence makes a file worth parsing.
///
/// Each word is its own `memchr::memmem` search (SIMD, several GB/s): on wasmtime's 28 MB of
/// Rust that measured faster than one Aho-Corasick pass over all words.
pub struct Needles {
    finders: Vec<Finder<'static>>,
    /// Look for the macro names `generate` / `bindgen` where they can name a macro, and
    /// for `wit_bindgen` in the same scan (it ends in `bindgen`).
    macros: bool,
    /// Look for `export!` (a guest's export macro): the word `export` alone is in most
    /// guest files (`#[export_name]`, doc comments), and only the call is a fact.
    exports: bool,
    /// Note words that matter only once the first pass has found the macros (registrations:
    /// `func_wrap`, `func_new`): for a file without a needle, so that a second pass re-reads
    /// only the files that have them.
    later: bool,
}

/// Registration methods (`func_wrap`, `func_wrap_async`, `func_new_concurrent`, ..); the
/// prefilter finds them by their common prefix `func_`.
pub const REGISTRATION_WORDS: [&str; 2] = ["func_wrap", "func_new"];

/// The macro names, found only where they can name a macro (see [`macro_name_at`]): as
/// plain words they are everywhere in real code (`generate` in comments and method names),
/// and every false hit costs a parse.
const MACRO_NAMES: [&[u8]; 2] = [b"generate", b"bindgen"];

/// What the prefilter saw in a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seen {
    /// A needle: the file is worth parsing.
    pub needle: bool,
    /// A word of the second pass ([`REGISTRATION_WORDS`]).
    pub later: bool,
}

fn finders<S: AsRef<str>>(words: &[S]) -> Vec<Finder<'static>> {
    let mut list: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
    list.sort();
    list.dedup();
    list.iter()
        .map(|w| Finder::new(w.as_bytes()).into_owned())
        .collect()
}

impl Needles {
    pub fn from_words<S: AsRef<str>>(words: &[S]) -> Needles {
        Needles {
            finders: finders(words),
            macros: false,
            exports: false,
            later: false,
        }
    }

    /// For files outside any package: the macro names and crate names.
    pub fn default_set() -> Needles {
        Needles {
            macros: true,
            ..Needles::from_words::<&str>(&[])
        }
    }

    /// The macro names and `wit_bindgen` (which covers `wasmtime_wit_bindgen` and
    /// `wasmtime_internal_wit_bindgen`). Guests also need `export!` calls, and renamed
    /// crates their local names. (`func_wrap` matters only where a `bindgen!` world is: it
    /// is noted for the second pass.)
    /// A package that depends on none of the bindgen crates cannot call their macros: none
    /// of its files is worth a parse.
    pub fn for_package(package: &Package) -> Needles {
        let manifest = &package.manifest;
        let relevant = package.role != Role::Other
            || [syntax::WASMTIME, syntax::WIT_BINDGEN]
                .into_iter()
                .chain(syntax::INTERNAL_CRATES)
                .any(|c| manifest.depends_on(c));
        if !relevant {
            return Needles::from_words::<&str>(&[]);
        }
        let mut words = Vec::new();
        for (local, package) in &package.names.entries {
            // `wit_bindgen`, `wasmtime_wit_bindgen`, ..: found by the scan for `bindgen`.
            if *package != syntax::WASMTIME && !local.ends_with("wit_bindgen") {
                words.push(local.clone());
            }
        }
        Needles {
            macros: true,
            exports: package.role == Role::Guest,
            later: true,
            ..Needles::from_words(&words)
        }
    }

    /// Whether `haystack` holds a needle, and if not, a word of the second pass.
    pub fn scan(&self, haystack: &[u8]) -> Seen {
        let needle = self.finders.iter().any(|f| f.find(haystack).is_some())
            || (self.macros
                && MACRO_NAMES.iter().any(|name| {
                    memchr::memmem::find_iter(haystack, name).any(|at| {
                        macro_name_at(haystack, at, name.len())
                            || (*name == b"bindgen" && haystack[..at].ends_with(b"wit_"))
                    })
                }))
            || (self.exports
                && memchr::memmem::find_iter(haystack, b"export")
                    .any(|at| invoked_at(haystack, at, b"export".len())));
        // One scan for their common prefix.
        let later = !needle
            && self.later
            && memchr::memmem::find_iter(haystack, b"func_").any(|at| {
                REGISTRATION_WORDS
                    .iter()
                    .any(|w| haystack[at..].starts_with(w.as_bytes()))
            });
        Seen { needle, later }
    }
}

/// Whether the word at `at..at + len` can name a bindgen macro: a whole identifier that is
/// invoked (`generate!`, `bindgen !`), a path segment or use-group item (`component::bindgen`,
/// `{self, bindgen}`), or renamed (`bindgen as b`).
fn macro_name_at(text: &[u8], at: usize, len: usize) -> bool {
    if !whole_word_at(text, at, len) {
        return false;
    }
    let after = after_spaces(text, at + len);
    if after.starts_with(b"!")
        || after.starts_with(b"as") && after.get(2).is_some_and(|b| b.is_ascii_whitespace())
    {
        return true;
    }
    let before = text[..at]
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |i| &text[..=i]);
    before.ends_with(b"::") || before.ends_with(b"{") || before.ends_with(b",")
}

/// Whether the word at `at..at + len` is a whole identifier invoked as a macro (`export!`,
/// `export !`).
fn invoked_at(text: &[u8], at: usize, len: usize) -> bool {
    whole_word_at(text, at, len) && after_spaces(text, at + len).starts_with(b"!")
}

fn whole_word_at(text: &[u8], at: usize, len: usize) -> bool {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let before = at > 0 && ident(text[at - 1]);
    let after = text.get(at + len).is_some_and(|&b| ident(b));
    !before && !after
}

/// `text` from `from` on, leading whitespace skipped.
fn after_spaces(text: &[u8], from: usize) -> &[u8] {
    text[from..]
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |i| &text[from + i..])
}

/// What happened to one `.rs` file.
pub enum FileOutcome {
    /// No needle: nothing in it can produce a finding, unless `later` (it names a
    /// registration method) and its package turns out to have a `bindgen!` world.
    NoNeedle {
        later: bool,
    },
    Parsed {
        text: Arc<str>,
        facts: FileFacts,
    },
    /// Not looked into.
    Problem {
        kind: Problem,
        message: String,
        text: Option<Arc<str>>,
        range: Option<std::ops::Range<usize>>,
    },
}

/// Why a file was not looked into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Unreadable, too large, or over the time budget: skipped.
    Skipped,
    /// Not UTF-8, or not Rust.
    Unparsable,
}

/// A file as read: its module declarations (always, for the module tree) and what its
/// contents tell.
pub struct FileRead {
    pub decls: Vec<ModDecl>,
    pub outcome: FileOutcome,
}

thread_local! {
    static BUFFER: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(64 * 1024));
}

/// Reads (at most `max_size` bytes), prefilters, checks UTF-8 and parses one file. Never
/// panics on file contents.
pub fn process_file(
    path: &Path,
    needles: &Needles,
    names: &CrateNames,
    registrations: Registrations<'_>,
    max_size: u64,
) -> FileOutcome {
    read_file(path, needles, names, registrations, max_size, false).outcome
}

/// [`process_file`], plus the file's module declarations when `mods` is set.
pub fn read_file(
    path: &Path,
    needles: &Needles,
    names: &CrateNames,
    registrations: Registrations<'_>,
    max_size: u64,
    mods: bool,
) -> FileRead {
    let problem = |kind, message: String| FileRead {
        decls: Vec::new(),
        outcome: FileOutcome::Problem {
            kind,
            message,
            text: None,
            range: None,
        },
    };
    BUFFER.with(|buffer| {
        let mut buf = buffer.borrow_mut();
        buf.clear();
        let read = std::fs::File::open(path)
            .and_then(|f| f.take(max_size.saturating_add(1)).read_to_end(&mut buf));
        if let Err(e) = read {
            return problem(Problem::Skipped, format!("cannot read file: {e}"));
        }
        // Module declarations sit at the top of a file: those of an oversized file's first
        // `max_size` bytes still lead to its children.
        let decls = if mods {
            modtree::scan(&buf)
        } else {
            Vec::new()
        };
        if buf.len() as u64 > max_size {
            let mut read = problem(
                Problem::Skipped,
                format!(
                    "file skipped: larger than the {} limit",
                    human_size(max_size)
                ),
            );
            read.decls = decls;
            return read;
        }
        let seen = needles.scan(&buf);
        if !seen.needle {
            return FileRead {
                decls,
                outcome: FileOutcome::NoNeedle { later: seen.later },
            };
        }
        let text: Arc<str> = match std::str::from_utf8(&buf) {
            Ok(s) => s.into(),
            Err(e) => {
                return problem(
                    Problem::Unparsable,
                    format!(
                        "file is not valid UTF-8 (invalid byte at offset {}); not linted",
                        e.valid_up_to()
                    ),
                );
            }
        };
        // Large buffers are not kept around between files.
        if buf.capacity() > 4 * 1024 * 1024 {
            *buf = Vec::with_capacity(64 * 1024);
        }
        drop(buf);
        let outcome = match syntax::extract_for(&text, names, registrations) {
            Ok(facts) => FileOutcome::Parsed { text, facts },
            Err(failure) if failure.out_of_time => FileOutcome::Problem {
                kind: Problem::Skipped,
                message: format!("file skipped: {}", failure.message),
                range: None,
                text: None,
            },
            Err(failure) => FileOutcome::Problem {
                kind: Problem::Unparsable,
                message: format!(
                    "file does not parse as Rust: {}; not linted",
                    failure.message
                ),
                range: Some(failure.range),
                text: Some(text),
            },
        };
        FileRead { decls, outcome }
    })
}

/// `8 MiB`, `200 bytes`.
pub fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macro_names_only_where_they_can_name_a_macro() {
        let n = Needles::default_set();
        for hit in [
            "generate!(\"w\");",
            "bindgen !({})",
            "use wasmtime::component::bindgen;",
            "use wasmtime::component::{Linker, bindgen};",
            "use wasmtime::component::{bindgen as hb, Linker};",
            "use wit_bindgen::generate as g;",
            "extern crate wasmtime_internal_wit_bindgen;",
        ] {
            assert!(n.scan(hit.as_bytes()).needle, "{hit}");
        }
        for miss in [
            "// we generate code here",
            "fn generate(x: u32) {}",
            "self.generate(3)",
            "let regenerated = generated_bindgen_code;",
            "let s = \"bindgen\";",
        ] {
            assert!(!n.scan(miss.as_bytes()).needle, "{miss}");
        }
    }

    #[test]
    fn a_guests_export_counts_only_as_a_macro_call() {
        let guest = Needles {
            exports: true,
            ..Needles::from_words::<&str>(&[])
        };
        for hit in [
            "export!(Component);",
            "bindings::export !(C);",
            "x;\nexport!{C}",
        ] {
            assert!(guest.scan(hit.as_bytes()).needle, "{hit}");
        }
        for miss in [
            "#[unsafe(export_name = \"f\")]",
            "/// exported functions",
            "pub use self::exports::Guest;",
            "my_export!(C);",
            "fn export() {}",
        ] {
            assert!(!guest.scan(miss.as_bytes()).needle, "{miss}");
        }
        assert!(!Needles::default_set().scan(b"export!(C);").needle);
    }

    #[test]
    fn registration_words_are_noted_only_without_a_needle() {
        let package = Needles {
            later: true,
            ..Needles::default_set()
        };
        assert_eq!(
            package.scan(b"l.func_wrap(\"f\", g); // we generate"),
            Seen {
                needle: false,
                later: true
            }
        );
        assert_eq!(
            package.scan(b"l.func_new(\"f\", g); bindgen!();"),
            Seen {
                needle: true,
                later: false
            }
        );
        assert_eq!(package.scan(b"fn f() {}"), Seen::default());
        assert_eq!(
            Needles::from_words::<&str>(&[]).scan(b"bindgen!()"),
            Seen::default()
        );
    }
}
