//! The module tree cargo compiles: which `.rs` files a crate root reaches through `mod x;`
//! items (with `#[path]`, also under `cfg_attr`) and `include!("..")`.
//!
//! Finding the children of a file needs only its `mod` items, so a small lexer reads them
//! instead of a syn parse: it skips comments, strings, raw strings and char literals, tracks
//! braces to know the inline modules a declaration sits in, and is linear in the file size
//! whatever the file contains. Every file under a package is scanned, so this must be cheap.

use std::path::{Path, PathBuf};

use super::lexer::{Lexer, Tok, is_ident};

/// A `mod name;` item (or `include!`) as written in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModDecl {
    /// Enclosing inline modules, outermost first: their names, or their `#[path]` when given.
    pub inline: Vec<String>,
    /// The module's name; empty for `include!`.
    pub name: String,
    /// `#[path = ".."]` values (several when `cfg_attr`s choose between them).
    pub paths: Vec<String>,
}

/// The `mod` items without a body and the literal `include!`s of a Rust source.
pub fn scan(src: &[u8]) -> Vec<ModDecl> {
    // Cheap exit: most files have no `mod name;` at all (only `mod tests {`), so lex only
    // those whose bytes could hold one, and only up to the last place one can be: the
    // text before it lexes the same, and a candidate inside a comment or string that goes
    // on past the end is still seen as one.
    let Some(end) = last_candidate_end(src) else {
        return Vec::new();
    };
    let tokens = Lexer::new(&src[..end]);
    let mut out = Vec::new();
    // One entry per open `{`: `Some(segment)` for an inline module.
    let mut braces: Vec<Option<String>> = Vec::new();
    let mut pending_paths: Vec<String> = Vec::new();
    let mut window: [Tok<'_>; 4] = [Tok::Other; 4];
    let mut attr: Option<(usize, Vec<Tok<'_>>)> = None;
    for tok in tokens {
        // Inside `#[ .. ]`: collect until the matching `]`.
        if let Some((depth, toks)) = attr.as_mut() {
            match tok {
                Tok::Punct(b'[') => *depth += 1,
                Tok::Punct(b']') => {
                    *depth -= 1;
                    if *depth == 0 {
                        pending_paths.extend(path_attr(toks));
                        attr = None;
                        continue;
                    }
                }
                _ => {}
            }
            toks.push(tok);
            continue;
        }
        if let (Tok::Punct(b'#'), Tok::Punct(b'[')) = (window[3], tok) {
            attr = Some((1, Vec::new()));
            window = [Tok::Other; 4];
            continue;
        }
        match tok {
            Tok::Punct(b';') => {
                if let [_, _, Tok::Ident(b"mod"), Tok::Ident(name)] = window {
                    out.push(ModDecl {
                        inline: inline_path(&braces),
                        name: ident_text(name),
                        paths: std::mem::take(&mut pending_paths),
                    });
                }
                pending_paths.clear();
            }
            Tok::Punct(b'{') => {
                let module = match window {
                    [_, _, Tok::Ident(b"mod"), Tok::Ident(name)] => Some(
                        pending_paths
                            .first()
                            .cloned()
                            .unwrap_or_else(|| ident_text(name)),
                    ),
                    _ => None,
                };
                braces.push(module);
                pending_paths.clear();
            }
            Tok::Punct(b'}') => {
                braces.pop();
                pending_paths.clear();
            }
            Tok::Punct(b')') => {
                // `include!("file.rs")`
                if let [
                    Tok::Ident(b"include"),
                    Tok::Punct(b'!'),
                    Tok::Punct(b'('),
                    Tok::Str(s),
                ] = window
                {
                    out.push(ModDecl {
                        inline: inline_path(&braces),
                        name: String::new(),
                        paths: vec![s.to_string()],
                    });
                }
            }
            _ => {}
        }
        window = [window[1], window[2], window[3], tok];
    }
    out
}

/// The end of the last `mod <ident> ;` or `include!(..)` in the bytes (comments and strings
/// included), if any.
fn last_candidate_end(src: &[u8]) -> Option<usize> {
    // Forward only: memchr's forward search is SIMD-accelerated, its reverse search is not
    // (`rfind` of `include!` was most of this function on wasmtime's checkout).
    let module = memchr::memmem::find_iter(src, b"mod")
        .filter_map(|at| module_end(src, at))
        .last();
    let include = memchr::memmem::find_iter(src, b"include!")
        .last()
        .map(|at| memchr::memchr(b')', &src[at..]).map_or(src.len(), |n| at + n + 1));
    module.max(include)
}

/// At `mod`: the end of `mod <ident> ;` when that is what follows.
fn module_end(src: &[u8], at: usize) -> Option<usize> {
    if at > 0 && is_ident(src[at - 1]) {
        return None;
    }
    let mut i = at + 3;
    let ws = |i: &mut usize| {
        while *i < src.len() && src[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    let start = i;
    ws(&mut i);
    if i == start {
        return None;
    }
    let name = i;
    while i < src.len() && (is_ident(src[i]) || src[i] == b'#') {
        i += 1;
    }
    if i == name {
        return None;
    }
    ws(&mut i);
    (src.get(i) == Some(&b';')).then_some(i + 1)
}

/// Where a declared module's file is, as cargo's rustc looks for it. `file` declares it;
/// `mod_rs` says whether `file` owns its directory (crate roots, `mod.rs`, files loaded
/// through `#[path]`). Returns the candidates, existing or not, and whether the child owns
/// its directory.
pub fn child_paths(file: &Path, mod_rs: bool, decl: &ModDecl) -> Vec<(PathBuf, bool)> {
    let dir = file.parent().unwrap_or(Path::new(""));
    // The directory inline modules and children are relative to.
    let mut base = if mod_rs {
        dir.to_path_buf()
    } else {
        dir.join(file.file_stem().unwrap_or_default())
    };
    for seg in &decl.inline {
        base.push(seg);
    }
    if decl.name.is_empty() {
        // `include!` is relative to the including file's directory.
        return decl.paths.iter().map(|p| (dir.join(p), true)).collect();
    }
    if !decl.paths.is_empty() {
        // Outside inline modules `#[path]` is relative to the file's directory.
        let anchor = if decl.inline.is_empty() { dir } else { &base };
        return decl.paths.iter().map(|p| (anchor.join(p), true)).collect();
    }
    vec![
        (base.join(format!("{}.rs", decl.name)), false),
        (base.join(&decl.name).join("mod.rs"), true),
    ]
}

fn inline_path(braces: &[Option<String>]) -> Vec<String> {
    braces.iter().flatten().cloned().collect()
}

fn ident_text(ident: &[u8]) -> String {
    let s = String::from_utf8_lossy(ident);
    s.strip_prefix("r#").unwrap_or(&s).to_string()
}

/// `path = "x"` or `cfg_attr(cond, path = "x")` (also with several attributes).
fn path_attr(toks: &[Tok<'_>]) -> Vec<String> {
    match toks {
        [Tok::Ident(b"path"), Tok::Punct(b'='), Tok::Str(s)] => vec![s.to_string()],
        [Tok::Ident(b"cfg_attr"), ..] => toks
            .windows(3)
            .filter_map(|w| match w {
                [Tok::Ident(b"path"), Tok::Punct(b'='), Tok::Str(s)] => Some(s.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decls(src: &str) -> Vec<(Vec<String>, String, Vec<String>)> {
        scan(src.as_bytes())
            .into_iter()
            .map(|d| (d.inline, d.name, d.paths))
            .collect()
    }

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_file_modules_not_inline_ones() {
        let src = "pub mod a; pub(crate) mod b;\nmod c { fn f() {} }\nmod d { pub mod e; }";
        assert_eq!(
            decls(src),
            [
                (v(&[]), "a".into(), v(&[])),
                (v(&[]), "b".into(), v(&[])),
                (v(&["d"]), "e".into(), v(&[])),
            ]
        );
    }

    #[test]
    fn reads_path_attributes() {
        let src = r#"#[path = "x/y.rs"] mod a;
            #[cfg_attr(unix, path = "u.rs")] #[cfg_attr(windows, path = "w.rs")] mod b;
            #[cfg(test)] mod c;
            #[path = "inner"] mod d { mod e; }
            include!("gen.rs");"#;
        assert_eq!(
            decls(src),
            [
                (v(&[]), "a".into(), v(&["x/y.rs"])),
                (v(&[]), "b".into(), v(&["u.rs", "w.rs"])),
                (v(&[]), "c".into(), v(&[])),
                (v(&["inner"]), "e".into(), v(&[])),
                (v(&[]), String::new(), v(&["gen.rs"])),
            ]
        );
    }

    #[test]
    fn ignores_comments_strings_and_chars() {
        let src = r####"
            // mod a;
            /* mod b; /* nested */ mod c; */
            const S: &str = "mod d; {";
            const R: &str = r#"mod e; }"#;
            const C: char = '{';
            fn f<'a>(x: &'a str) -> char { '}' }
            const B: &[u8] = br##"mod g;"##;
            mod r#type;
            mod real;
        "####;
        assert_eq!(
            decls(src),
            [
                (v(&[]), "type".into(), v(&[])),
                (v(&[]), "real".into(), v(&[]))
            ]
        );
    }

    #[test]
    fn lexes_only_up_to_the_last_candidate_and_still_sees_comments() {
        // The last `mod x;` sits in a comment or string that goes on past it.
        assert!(decls("fn f() {}\n/* mod a; */ fn g() {}").is_empty());
        assert!(decls("const S: &str = \"mod a;\"; fn g() {}").is_empty());
        assert_eq!(
            decls("mod m { mod a; }\nfn tail() { let x = \"{\"; }"),
            [(v(&["m"]), "a".into(), v(&[]))]
        );
        assert_eq!(
            decls("include!(\"gen.rs\"); fn tail() {}"),
            [(v(&[]), String::new(), v(&["gen.rs"]))]
        );
    }

    #[test]
    fn unterminated_input_ends_cleanly() {
        for src in [
            "mod a",
            "\"mod b;",
            "/* mod c;",
            "r#\"x",
            "'",
            "#[path = \"x\"",
            "}}}",
        ] {
            assert!(scan(src.as_bytes()).is_empty(), "{src}");
        }
    }

    #[test]
    fn child_paths_follow_rustc() {
        let d = |inline: &[&str], name: &str, paths: &[&str]| ModDecl {
            inline: v(inline),
            name: name.into(),
            paths: v(paths),
        };
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            child_paths(Path::new("src/lib.rs"), true, &d(&[], "a", &[])),
            [(p("src/a.rs"), false), (p("src/a/mod.rs"), true)]
        );
        assert_eq!(
            child_paths(Path::new("src/a.rs"), false, &d(&["m"], "b", &[])),
            [(p("src/a/m/b.rs"), false), (p("src/a/m/b/mod.rs"), true)]
        );
        assert_eq!(
            child_paths(Path::new("src/a.rs"), false, &d(&[], "b", &["x.rs"])),
            [(p("src/x.rs"), true)]
        );
        assert_eq!(
            child_paths(Path::new("src/a.rs"), false, &d(&["m"], "b", &["x.rs"])),
            [(p("src/a/m/x.rs"), true)]
        );
    }
}
