//! The module tree cargo compiles: which `.rs` files a crate root reaches through `mod x;`
//! items (with `#[path]`, also under `cfg_attr`) and `include!("..")`.
//!
//! Finding the children of a file needs only its `mod` items, so a small lexer reads them
//! instead of a syn parse: it skips comments, strings, raw strings and char literals, tracks
//! braces to know the inline modules a declaration sits in, and is linear in the file size
//! whatever the file contains. Every file under a package is scanned, so this must be cheap.

use std::path::{Path, PathBuf};

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
    // those whose bytes could hold one.
    if !maybe_file_module(src) && memchr::memmem::find(src, b"include!").is_none() {
        return Vec::new();
    }
    let tokens = Lexer { src, i: 0 };
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

/// Whether the bytes contain `mod <ident> ;` anywhere (comments and strings included).
fn maybe_file_module(src: &[u8]) -> bool {
    memchr::memmem::find_iter(src, b"mod").any(|at| {
        if at > 0 && is_ident(src[at - 1]) {
            return false;
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
            return false;
        }
        let name = i;
        while i < src.len() && (is_ident(src[i]) || src[i] == b'#') {
            i += 1;
        }
        if i == name {
            return false;
        }
        ws(&mut i);
        src.get(i) == Some(&b';')
    })
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'s> {
    Ident(&'s [u8]),
    /// A plain string literal's contents (escapes are rare in paths and kept as written).
    Str(&'s str),
    Punct(u8),
    /// Any other literal, a lifetime, or nothing.
    Other,
}

struct Lexer<'s> {
    src: &'s [u8],
    i: usize,
}

impl<'s> Lexer<'s> {
    fn peek(&self, at: usize) -> u8 {
        self.src.get(self.i + at).copied().unwrap_or(0)
    }

    fn skip_block_comment(&mut self) {
        let mut depth = 0usize;
        while self.i < self.src.len() {
            if self.peek(0) == b'/' && self.peek(1) == b'*' {
                depth += 1;
                self.i += 2;
            } else if self.peek(0) == b'*' && self.peek(1) == b'/' {
                depth -= 1;
                self.i += 2;
                if depth == 0 {
                    return;
                }
            } else {
                self.i += 1;
            }
        }
    }

    /// From the opening `"`: to the byte after the closing one. Returns the contents.
    fn quoted(&mut self) -> &'s [u8] {
        self.i += 1;
        let start = self.i;
        while self.i < self.src.len() {
            match self.src[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    let s = &self.src[start..self.i];
                    self.i += 1;
                    return s;
                }
                _ => self.i += 1,
            }
        }
        self.i = self.src.len();
        &self.src[start..]
    }

    /// At `r`, `br` or `cr` followed by `#`s and `"`: skip the raw string. False otherwise.
    fn raw_string(&mut self, prefix: usize) -> bool {
        let mut j = self.i + prefix;
        let mut hashes = 0;
        while self.src.get(j) == Some(&b'#') {
            hashes += 1;
            j += 1;
        }
        if self.src.get(j) != Some(&b'"') {
            return false;
        }
        j += 1;
        while j < self.src.len() {
            if self.src[j] == b'"'
                && self.src[j + 1..].len() >= hashes
                && self.src[j + 1..j + 1 + hashes].iter().all(|&b| b == b'#')
            {
                self.i = j + 1 + hashes;
                return true;
            }
            j += 1;
        }
        self.i = self.src.len();
        true
    }

    /// At `'`: a char literal (skipped) or a lifetime / label (its name is skipped).
    fn quote(&mut self) {
        if self.peek(1) == b'\\' {
            self.i += 2;
            while self.i < self.src.len() && self.src[self.i] != b'\'' {
                self.i += 1;
            }
            self.i += 1;
            return;
        }
        // One UTF-8 character then `'` is a char literal.
        let len = match self.peek(1) {
            b if b < 0x80 => 1,
            b if b >= 0xF0 => 4,
            b if b >= 0xE0 => 3,
            _ => 2,
        };
        if self.peek(1 + len) == b'\'' {
            self.i += 2 + len;
        } else {
            self.i += 1;
            while is_ident(self.peek(0)) {
                self.i += 1;
            }
        }
    }
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

impl<'s> Iterator for Lexer<'s> {
    type Item = Tok<'s>;

    fn next(&mut self) -> Option<Tok<'s>> {
        loop {
            let b = *self.src.get(self.i)?;
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => self.i += 1,
                b'/' if self.peek(1) == b'/' => {
                    self.i = memchr::memchr(b'\n', &self.src[self.i..])
                        .map_or(self.src.len(), |n| self.i + n);
                }
                b'/' if self.peek(1) == b'*' => self.skip_block_comment(),
                b'"' => {
                    let s = self.quoted();
                    return Some(std::str::from_utf8(s).map_or(Tok::Other, Tok::Str));
                }
                b'\'' => {
                    self.quote();
                    return Some(Tok::Other);
                }
                b'r' if matches!(self.peek(1), b'#' | b'"') => {
                    if self.peek(1) == b'#' && is_ident_start(self.peek(2)) {
                        // A raw identifier `r#type`.
                        let start = self.i;
                        self.i += 2;
                        while is_ident(self.peek(0)) {
                            self.i += 1;
                        }
                        return Some(Tok::Ident(&self.src[start..self.i]));
                    }
                    if self.raw_string(1) {
                        return Some(Tok::Other);
                    }
                    self.i += 1;
                }
                b'b' | b'c' if self.peek(1) == b'r' && matches!(self.peek(2), b'#' | b'"') => {
                    if !self.raw_string(2) {
                        self.i += 1;
                    }
                    return Some(Tok::Other);
                }
                b'b' | b'c' if self.peek(1) == b'"' => {
                    self.i += 1;
                    self.quoted();
                    return Some(Tok::Other);
                }
                b'b' if self.peek(1) == b'\'' => {
                    self.i += 1;
                    self.quote();
                    return Some(Tok::Other);
                }
                b if is_ident_start(b) => {
                    let start = self.i;
                    while is_ident(self.peek(0)) {
                        self.i += 1;
                    }
                    return Some(Tok::Ident(&self.src[start..self.i]));
                }
                b if b.is_ascii_digit() => {
                    while is_ident(self.peek(0)) {
                        self.i += 1;
                    }
                    return Some(Tok::Other);
                }
                b => {
                    self.i += 1;
                    return Some(Tok::Punct(b));
                }
            }
        }
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
