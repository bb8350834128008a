//! A small Rust lexer for scanning whole files cheaply: it skips comments, strings, raw
//! strings and char literals, yields identifiers, plain string contents and single-byte
//! punctuation, and is linear in the file size whatever the file contains. Malformed input
//! (an unterminated string or comment) ends the token stream; it never panics.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok<'s> {
    Ident(&'s [u8]),
    /// A plain string literal's contents (escapes are rare in paths and kept as written).
    Str(&'s str),
    Punct(u8),
    /// Any other literal, a lifetime, or nothing.
    Other,
}

pub(crate) struct Lexer<'s> {
    src: &'s [u8],
    i: usize,
    /// Where the token last returned starts.
    start: usize,
}

impl<'s> Lexer<'s> {
    pub(crate) fn new(src: &'s [u8]) -> Lexer<'s> {
        Lexer {
            src,
            i: 0,
            start: 0,
        }
    }

    /// The byte range of the token last returned by `next`.
    pub(crate) fn span(&self) -> std::ops::Range<usize> {
        self.start..self.i.min(self.src.len())
    }

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
                // On to the next byte that can start `/*` or `*/`.
                self.i = memchr::memchr2(b'/', b'*', &self.src[self.i + 1..])
                    .map_or(self.src.len(), |n| self.i + 1 + n);
            }
        }
    }

    /// From the opening `"`: to the byte after the closing one. Returns the contents.
    fn quoted(&mut self) -> &'s [u8] {
        self.i += 1;
        let start = self.i;
        while let Some(n) = memchr::memchr2(b'\\', b'"', self.src.get(self.i..).unwrap_or(&[])) {
            self.i += n;
            if self.src[self.i] == b'\\' {
                self.i += 2;
            } else {
                let s = &self.src[start..self.i];
                self.i += 1;
                return s;
            }
        }
        self.i = self.src.len();
        &self.src[start.min(self.src.len())..]
    }

    /// Past the run of identifier bytes at the cursor.
    fn skip_ident(&mut self) {
        let rest = self.src.get(self.i..).unwrap_or(&[]);
        self.i += rest
            .iter()
            .position(|&b| !is_ident(b))
            .unwrap_or(rest.len());
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
            self.skip_ident();
        }
    }
}

/// Byte classes, one table look-up per byte.
const IDENT_START: u8 = 1;
const IDENT: u8 = 2;
const SPACE: u8 = 4;
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            t[b] = IDENT_START | IDENT;
        } else if c.is_ascii_digit() {
            t[b] = IDENT;
        } else if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            t[b] = SPACE;
        }
        b += 1;
    }
    t
};

pub(crate) fn is_ident_start(b: u8) -> bool {
    CLASS[b as usize] & IDENT_START != 0
}

pub(crate) fn is_ident(b: u8) -> bool {
    CLASS[b as usize] & IDENT != 0
}

impl<'s> Iterator for Lexer<'s> {
    type Item = Tok<'s>;

    fn next(&mut self) -> Option<Tok<'s>> {
        loop {
            self.start = self.i;
            let b = *self.src.get(self.i)?;
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => {
                    let rest = &self.src[self.i..];
                    self.i += rest
                        .iter()
                        .position(|&b| CLASS[b as usize] & SPACE == 0)
                        .unwrap_or(rest.len());
                }
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
                        self.skip_ident();
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
                    self.skip_ident();
                    return Some(Tok::Ident(&self.src[start..self.i]));
                }
                b if b.is_ascii_digit() => {
                    self.skip_ident();
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
    use proc_macro2::{TokenStream, TokenTree};

    /// Identifiers, `=` and plain string literals, in order, as proc-macro2 (rustc's lexer
    /// rules) sees them; lifetime names left out, as this lexer skips them.
    fn reference(stream: TokenStream, out: &mut Vec<String>) {
        let mut after_quote = false;
        for tree in stream {
            let quote = matches!(&tree, TokenTree::Punct(p) if p.as_char() == '\'');
            match tree {
                TokenTree::Group(g) => reference(g.stream(), out),
                TokenTree::Ident(i) if !after_quote => out.push(i.to_string()),
                TokenTree::Literal(l) => {
                    let text = l.to_string();
                    if text.len() >= 2 && text.starts_with('"') && text.ends_with('"') {
                        out.push(format!("str {}", &text[1..text.len() - 1]));
                    }
                }
                TokenTree::Punct(p) if p.as_char() == '=' => out.push("=".into()),
                _ => {}
            }
            after_quote = quote;
        }
    }

    fn ours(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for tok in Lexer::new(text.as_bytes()) {
            match tok {
                Tok::Ident(i) => out.push(String::from_utf8_lossy(i).into()),
                Tok::Str(s) => out.push(format!("str {s}")),
                Tok::Punct(b'=') => out.push("=".into()),
                _ => {}
            }
        }
        out
    }

    /// Doc attributes out (doc comments, which this lexer skips, are `doc = ".."` to
    /// proc-macro2), then `=` out.
    fn without_docs(tokens: Vec<String>) -> Vec<String> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if tokens[i] == "doc"
                && tokens.get(i + 1).is_some_and(|t| t == "=")
                && tokens.get(i + 2).is_some_and(|t| t.starts_with("str "))
            {
                i += 3;
                continue;
            }
            if tokens[i] != "=" {
                out.push(tokens[i].clone());
            }
            i += 1;
        }
        out
    }

    /// On the sources of syn, proc-macro2, serde, wit-parser and both bindgen macros (code nobody here
    /// wrote, with every kind of literal, raw string, comment and lifetime): the same
    /// identifiers and strings as proc-macro2's lexer.
    #[test]
    fn lexes_upstream_sources_as_proc_macro2_does() {
        let mut files = Vec::new();
        for krate in [
            "syn",
            "proc-macro2",
            "serde",
            "wit-bindgen-rust",
            "wasmtime-internal-component-macro",
            "wit-parser",
        ] {
            crate::test_support::rust_files(
                &crate::test_support::locked_crate(krate, ""),
                &mut files,
            );
        }
        let mut compared = 0;
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap();
            let Ok(stream) = text.parse::<TokenStream>() else {
                continue;
            };
            let mut expected = Vec::new();
            reference(stream, &mut expected);
            assert_eq!(
                without_docs(ours(&text)),
                without_docs(expected),
                "{}",
                path.display()
            );
            compared += 1;
        }
        assert!(compared > 300, "only {compared} files compared");
    }
}
