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

pub(crate) fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

pub(crate) fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

impl<'s> Iterator for Lexer<'s> {
    type Item = Tok<'s>;

    fn next(&mut self) -> Option<Tok<'s>> {
        loop {
            self.start = self.i;
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
