//! Cutting a file down to the items the extractor reads before syn parses it.
//!
//! A hot file (one that names a bindgen macro or crate) is mostly code the extractor never
//! looks at: wasmtime's own test files are thousands of lines around one `bindgen!`. Parsing
//! all of it with syn was most of a lint run on real repositories. So a lexer pass finds the
//! items (and the items of inline modules) and keeps only those that can matter:
//!
//! - every `use` and `extern crate` item (names are resolved through them);
//! - `macro_rules!` definitions named like an interesting word (they shadow imports);
//! - inline `mod m { .. }` items as a skeleton, their own items filtered the same way;
//! - the statements of a kept function (the items of a kept `impl` or `trait`), filtered
//!   by these same rules, unless the function registers host functions (the extractor
//!   follows its locals);
//! - any other item in which an interesting word appears as an identifier: the macro
//!   names, the local names of the bindgen crates, and the aliases `use` items give those
//!   (followed to a fixed point); or a registration method called as the extractor reads
//!   it, `.func_wrap("name", f)` (core wasm's `linker.func_wrap("module", "name", f)`,
//!   all over wasmtime's tests, does not count).
//!
//! The kept pieces are joined (a newline between two) into a shorter text for syn, with a
//! [`Cut::original`] map back to the file's offsets, so a large file with one interesting
//! item costs about what that item costs. The caller parses the original when the cut text
//! does not parse (the lexer saw the file differently from rustc), so a wrong cut costs
//! time, never a finding.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::discover::lexer::{Lexer, Tok};

/// Identifiers whose presence makes an item worth parsing.
#[derive(Clone)]
pub(super) struct Words {
    words: WordSet,
    /// Method names that count only when called with a string literal and one more
    /// argument that is not one.
    methods: WordSet,
    /// When set, a registration counts only if its string literal is one of these.
    registered: Option<Vec<Box<[u8]>>>,
}

/// A few words, asked about every identifier of a hot file: most identifiers differ from
/// all of them in length, which one bit test tells.
#[derive(Clone, Default)]
struct WordSet {
    list: Vec<Box<[u8]>>,
    /// Bit `n` set: a word has length `n` (64 and longer share bit 63).
    lengths: u64,
}

impl WordSet {
    fn length_bit(len: usize) -> u64 {
        1 << len.min(63)
    }

    fn from_sorted(list: Vec<Box<[u8]>>) -> WordSet {
        let lengths = list.iter().fold(0, |m, w| m | Self::length_bit(w.len()));
        WordSet { list, lengths }
    }

    fn contains(&self, ident: &[u8]) -> bool {
        self.lengths & Self::length_bit(ident.len()) != 0 && self.list.iter().any(|w| **w == *ident)
    }

    fn push(&mut self, word: &[u8]) {
        self.lengths |= Self::length_bit(word.len());
        self.list.push(word.into());
    }
}

impl Words {
    pub(super) fn new<S: AsRef<[u8]>>(
        words: impl IntoIterator<Item = S>,
        methods: impl IntoIterator<Item = S>,
    ) -> Words {
        let list = |it: &mut dyn Iterator<Item = S>| {
            let mut v: Vec<Box<[u8]>> = it.map(|w| w.as_ref().into()).collect();
            v.sort();
            v.dedup();
            v
        };
        Words {
            words: WordSet::from_sorted(list(&mut words.into_iter())),
            methods: WordSet::from_sorted(list(&mut methods.into_iter())),
            registered: None,
        }
    }

    /// Count only registrations of these names.
    pub(super) fn only_registering(&mut self, names: &[String]) {
        self.registered = Some(names.iter().map(|n| n.as_bytes().into()).collect());
    }

    fn registers(&self, name: Option<Tok<'_>>) -> bool {
        match (name, &self.registered) {
            (Some(Tok::Str(s)), Some(names)) => names.iter().any(|n| **n == *s.as_bytes()),
            // A raw or byte string is not looked into: kept.
            (Some(Tok::Other), _) | (Some(Tok::Str(_)), None) => true,
            _ => false,
        }
    }

    fn is_method(&self, ident: &[u8]) -> bool {
        self.methods.contains(ident)
    }

    fn contains(&self, ident: &[u8]) -> bool {
        let ident = ident.strip_prefix(b"r#").unwrap_or(ident);
        self.words.contains(ident)
    }

    fn add(&mut self, ident: &[u8]) -> bool {
        let ident = ident.strip_prefix(b"r#").unwrap_or(ident);
        if self.contains(ident) {
            return false;
        }
        self.words.push(ident);
        true
    }
}

/// What the lexer pass learned about a file.
pub(super) struct Reduced {
    /// The text without the uninteresting items; `None` when nothing was cut or the file's
    /// structure was not understood (unbalanced brackets, a shebang): parse the original.
    pub text: Option<Cut>,
    /// Offset of the first bracket nested deeper than the limit given, if any (then nothing
    /// is parsed: syn recurses per level).
    pub too_deep: Option<usize>,
    /// No item was kept for its words (only `use` items and the like, for their names):
    /// there is nothing to parse.
    pub nothing_kept: bool,
    /// Last path segment of every macro invoked anywhere in the file, nested token trees
    /// and `macro_rules!` bodies included.
    pub macro_names: BTreeSet<String>,
}

struct Token<'s> {
    range: Range<usize>,
    tok: Tok<'s>,
}

/// Lexes `text` once: its macro names, how deep its brackets nest (up to `max_depth`), and
/// the text cut down to what `words` make interesting.
pub(super) fn reduce(text: &str, words: &Words, max_depth: usize) -> Reduced {
    let src = text.as_bytes();
    let mut lexer = Lexer::new(src);
    let mut tokens: Vec<Token<'_>> = Vec::with_capacity(src.len() / 6);
    while let Some(tok) = lexer.next() {
        tokens.push(Token {
            range: lexer.span(),
            tok,
        });
    }
    let macro_names = macro_names(&tokens);
    let brackets = brackets(&tokens, max_depth);
    if brackets.too_deep.is_some() {
        return Reduced {
            text: None,
            too_deep: brackets.too_deep,
            nothing_kept: false,
            macro_names,
        };
    }
    let cut = brackets
        .closers
        .and_then(|closers| cut(text, &tokens, &closers, words));
    let (text, nothing_kept) = match cut {
        Some((text, nothing_kept)) => (Some(text), nothing_kept),
        None => (None, false),
    };
    Reduced {
        text,
        too_deep: None,
        nothing_kept,
        macro_names,
    }
}

/// The kept pieces of a file, joined.
pub(super) struct Cut {
    pub text: String,
    /// By position in `text`.
    pieces: Vec<Piece>,
}

/// `len` bytes at `at` in the cut text are those at `from` in the file.
struct Piece {
    at: usize,
    from: usize,
    len: usize,
}

impl Cut {
    /// The file offset of an offset in the cut text (the end of a piece for the newline
    /// that follows it).
    pub(super) fn original(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.at <= offset);
        match i.checked_sub(1).map(|i| &self.pieces[i]) {
            Some(p) => p.from + (offset - p.at).min(p.len),
            None => offset,
        }
    }
}

/// The cut text and whether all of it was cut.
fn cut(text: &str, tokens: &[Token<'_>], closers: &[usize], words: &Words) -> Option<(Cut, bool)> {
    // `#!/usr/bin/env ..` is not Rust tokens; such files are rare enough to parse whole.
    if text.starts_with("#!") && !text.starts_with("#![") {
        return None;
    }
    let mut words = words.clone();
    add_aliases(tokens, &mut words);
    let mut cx = Cutter {
        tokens,
        closers,
        words: &words,
        dropped: Vec::new(),
        kept: false,
    };
    cx.items(0, tokens.len(), 0);
    if cx.dropped.is_empty() {
        return None;
    }
    let nothing_kept = !cx.kept;
    // Dropped ranges are in file order and do not overlap; what lies between is kept.
    let mut cut = Cut {
        text: String::with_capacity(text.len() / 4),
        pieces: Vec::new(),
    };
    let mut keep = |from: usize, to: usize| {
        if from < to {
            cut.pieces.push(Piece {
                at: cut.text.len(),
                from,
                len: to - from,
            });
            cut.text.push_str(text.get(from..to)?);
            cut.text.push('\n');
        }
        Some(())
    };
    let mut at = 0;
    for range in &cx.dropped {
        keep(at, range.start)?;
        at = range.end;
    }
    keep(at, text.len())?;
    Some((cut, nothing_kept))
}

/// How a file's brackets pair up, in one pass.
struct Brackets {
    /// For each opening bracket token, the index of its closing one; `None` when they do
    /// not balance (then the file is parsed whole and syn reports it).
    closers: Option<Vec<usize>>,
    /// Offset of the first opening bracket at depth `max + 1`.
    too_deep: Option<usize>,
}

fn brackets(tokens: &[Token<'_>], max: usize) -> Brackets {
    let mut closers = vec![usize::MAX; tokens.len()];
    let mut balanced = true;
    let mut open: Vec<(usize, u8)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        match t.tok {
            Tok::Punct(b @ (b'(' | b'[' | b'{')) => {
                if open.len() == max {
                    return Brackets {
                        closers: None,
                        too_deep: Some(t.range.start),
                    };
                }
                open.push((i, b));
            }
            Tok::Punct(b @ (b')' | b']' | b'}')) => match open.pop() {
                Some((at, opened)) if b == closer_of(opened) => closers[at] = i,
                // Depth still counts every closer, as a byte count would.
                _ => balanced = false,
            },
            _ => {}
        }
    }
    Brackets {
        closers: (balanced && open.is_empty()).then_some(closers),
        too_deep: None,
    }
}

fn closer_of(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

/// `use` and `extern crate` items that mention an interesting word make the names they
/// bind with `as` interesting too (`use wit_bindgen::generate as g;` then `g!()`),
/// repeated until nothing changes (`use g as h;`).
fn add_aliases(tokens: &[Token<'_>], words: &mut Words) {
    let mut runs: Vec<Range<usize>> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let starts = match t.tok {
            Tok::Ident(b"use") => true,
            Tok::Ident(b"extern") => {
                matches!(tokens.get(i + 1), Some(n) if n.tok == Tok::Ident(b"crate"))
            }
            _ => false,
        };
        if starts {
            let end = tokens[i..]
                .iter()
                .position(|t| t.tok == Tok::Punct(b';'))
                .map_or(tokens.len(), |n| i + n);
            runs.push(i..end);
        }
    }
    let mut done = vec![false; runs.len()];
    loop {
        let mut changed = false;
        for (run, done) in runs.iter().zip(done.iter_mut()) {
            if *done {
                continue;
            }
            let run = &tokens[run.clone()];
            if !run
                .iter()
                .any(|t| matches!(t.tok, Tok::Ident(id) if words.contains(id)))
            {
                continue;
            }
            *done = true;
            for pair in run.windows(2) {
                if let (Tok::Ident(b"as"), Tok::Ident(alias)) = (pair[0].tok, pair[1].tok) {
                    changed |= words.add(alias);
                }
            }
        }
        if !changed {
            return;
        }
    }
}

struct Cutter<'a, 's> {
    tokens: &'a [Token<'s>],
    closers: &'a [usize],
    words: &'a Words,
    /// Byte ranges cut out, in file order.
    dropped: Vec<Range<usize>>,
    /// Whether any item is kept for its words: items kept only for the names they bring
    /// into scope (and inline modules' skeletons) have no facts to give.
    kept: bool,
}

impl Cutter<'_, '_> {
    /// The items of tokens `lo..hi` (a file or an inline module's body); `from` is the byte
    /// where the first item's range begins (comments before an item go with it).
    fn items(&mut self, lo: usize, hi: usize, from: usize) {
        let mut at = lo;
        let mut start_byte = from;
        while at < hi {
            let end = self.item_end(at, hi);
            let end_byte = self.tokens[end].range.end;
            if let Some(open) = self.inline_module(at, end) {
                // Keep the header and the closing brace; filter the body's items.
                let close = self.closers[open];
                self.items(open + 1, close, self.tokens[open].range.end);
            } else {
                let (keep, for_words) = self.keep(at, end);
                self.kept |= for_words;
                if !keep {
                    self.dropped.push(start_byte..end_byte);
                } else if for_words && let Some(open) = self.body(at, end) {
                    // A function's statements (an impl's or trait's items) are cut the
                    // same way: a test with one `bindgen!` keeps that statement, not the
                    // test. Not a function that registers host functions: the extractor
                    // follows its locals (`let mut root = linker.root();`).
                    let close = self.closers[open];
                    if !self.registers_within(open, close) {
                        self.items(open + 1, close, self.tokens[open].range.end);
                    }
                }
            }
            at = end + 1;
            start_byte = end_byte;
        }
    }

    /// Index of the last token of the item starting at `at`.
    fn item_end(&self, at: usize, hi: usize) -> usize {
        let inner_attribute = matches!(
            (self.tok(at), self.tok(at + 1)),
            (Some(Tok::Punct(b'#')), Some(Tok::Punct(b'!')))
        );
        let mut i = at;
        while i < hi {
            match self.tokens[i].tok {
                Tok::Punct(b';') => return i,
                Tok::Punct(b'(' | b'[' | b'{') => {
                    let close = self.closers[i];
                    let bracket = self.tokens[i].tok;
                    if inner_attribute && bracket == Tok::Punct(b'[') {
                        return close;
                    }
                    if bracket == Tok::Punct(b'{') && self.ends_item_after(close + 1, hi) {
                        return close;
                    }
                    i = close + 1;
                }
                _ => i += 1,
            }
        }
        hi - 1
    }

    /// Whether the token at `next` can only begin a new item, so a `}` before it closed
    /// the item (`fn f() {} fn g..`), unlike `const X: S = S {};` or `.. = if a {} else {};`.
    fn ends_item_after(&self, next: usize, hi: usize) -> bool {
        if next >= hi {
            return true;
        }
        match self.tokens[next].tok {
            Tok::Ident(b"as" | b"else") => false,
            Tok::Ident(_) | Tok::Punct(b'#') => true,
            _ => false,
        }
    }

    /// `.. mod name {` at the item's own level: the index of the `{`.
    fn inline_module(&self, at: usize, end: usize) -> Option<usize> {
        let mut i = at;
        while i <= end {
            match self.tokens[i].tok {
                Tok::Punct(b'{') => {
                    let header = (i >= at + 2).then(|| (self.tok(i - 2), self.tok(i - 1)));
                    return match header {
                        Some((Some(Tok::Ident(b"mod")), Some(Tok::Ident(_))))
                            if self.closers[i] == end =>
                        {
                            Some(i)
                        }
                        _ => None,
                    };
                }
                Tok::Punct(b'(' | b'[') => i = self.closers[i] + 1,
                _ => i += 1,
            }
        }
        None
    }

    /// The `{` that ends a `fn`, `impl` or `trait` item: its body, whose statements or
    /// items follow the rules of items (a statement ends like an item, at `;` or at a `}`
    /// before what can only begin another). `None` for anything else, a macro call's
    /// braces above all.
    fn body(&self, at: usize, end: usize) -> Option<usize> {
        let mut shaped = false;
        let mut i = at;
        while i <= end {
            match self.tokens[i].tok {
                Tok::Ident(b"fn" | b"impl" | b"trait") => shaped = true,
                // `name! { .. }`, `macro_rules!`, `impl !Send`, `-> !`: left whole.
                Tok::Punct(b'!') => return None,
                Tok::Punct(b'{') => return (shaped && self.closers[i] == end).then_some(i),
                Tok::Punct(b'(' | b'[') => i = self.closers[i],
                _ => {}
            }
            i += 1;
        }
        None
    }

    /// Whether a registration method is named between tokens `lo` and `hi`.
    fn registers_within(&self, lo: usize, hi: usize) -> bool {
        self.tokens[lo..hi]
            .iter()
            .any(|t| matches!(t.tok, Tok::Ident(id) if self.words.is_method(id)))
    }

    /// Whether the item is kept, and whether for its words (not only for the names it
    /// brings into scope).
    fn keep(&self, at: usize, end: usize) -> (bool, bool) {
        let has_word = (at..=end).any(|i| match self.tokens[i].tok {
            Tok::Ident(id) if self.words.is_method(id) => self.registration_at(i),
            Tok::Ident(id) => self.words.contains(id),
            _ => false,
        });
        // The item's own level: attributes and bodies skipped.
        let mut level = Vec::new();
        let mut i = at;
        while i <= end {
            let t = self.tokens[i].tok;
            level.push(t);
            i = match t {
                Tok::Punct(b'(' | b'[' | b'{') => self.closers[i] + 1,
                _ => i + 1,
            };
        }
        let is_use = level.contains(&Tok::Ident(b"use"))
            || level
                .windows(2)
                .any(|w| w == [Tok::Ident(b"extern"), Tok::Ident(b"crate")]);
        if is_use {
            return (true, has_word);
        }
        if let Some(w) = level
            .windows(3)
            .find(|w| w[0] == Tok::Ident(b"macro_rules") && w[1] == Tok::Punct(b'!'))
        {
            let named = matches!(w[2], Tok::Ident(name) if self.words.contains(name));
            return (named, false);
        }
        (has_word, has_word)
    }

    /// `.method("name", <not a string>`: a component linker's registration, not core
    /// wasm's `.func_wrap("module", "name", ..)`.
    fn registration_at(&self, i: usize) -> bool {
        let tok = |at: usize| self.tok(at);
        i > 0
            && tok(i - 1) == Some(Tok::Punct(b'.'))
            && tok(i + 1) == Some(Tok::Punct(b'('))
            && self.words.registers(tok(i + 2))
            && tok(i + 3) == Some(Tok::Punct(b','))
            && !matches!(tok(i + 4), Some(Tok::Str(_)))
    }

    fn tok(&self, i: usize) -> Option<Tok<'_>> {
        self.tokens.get(i).map(|t| t.tok)
    }
}

/// Keywords that may stand before a `!` that negates: `if !(a)`, `return !(x)`.
const KEYWORDS: &[&[u8]] = &[
    b"as",
    b"async",
    b"await",
    b"box",
    b"break",
    b"const",
    b"continue",
    b"do",
    b"dyn",
    b"else",
    b"for",
    b"if",
    b"impl",
    b"in",
    b"let",
    b"loop",
    b"match",
    b"move",
    b"mut",
    b"ref",
    b"return",
    b"static",
    b"unsafe",
    b"where",
    b"while",
    b"yield",
];

/// `name!(..)`, `path::name![..]`, `name! {..}` and `macro_rules! name`.
fn macro_names(tokens: &[Token<'_>]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for w in tokens.windows(3) {
        let (Tok::Ident(name), Tok::Punct(b'!')) = (w[0].tok, w[1].tok) else {
            continue;
        };
        let invoked = match w[2].tok {
            Tok::Punct(b'(' | b'[' | b'{') => true,
            Tok::Ident(_) => name == b"macro_rules",
            _ => false,
        };
        // A `!` glued to the name: `x !(y)` is rare outside macros, but `a! (b)` is legal.
        if invoked && !KEYWORDS.contains(&name) {
            let name = name.strip_prefix(b"r#").unwrap_or(name);
            names.insert(String::from_utf8_lossy(name).into_owned());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Words {
        Words::new(["generate", "bindgen", "wit_bindgen"], ["func_wrap"])
    }

    /// The kept text with runs of blanks squeezed, for readable assertions. Every piece
    /// maps back to the same bytes of the file.
    fn kept(src: &str) -> String {
        let r = reduce(src, &words(), 256);
        let cut = r.text.expect("something is cut");
        for p in &cut.pieces {
            assert_eq!(
                &cut.text[p.at..p.at + p.len],
                &src[cut.original(p.at)..cut.original(p.at + p.len)]
            );
        }
        cut.text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn keeps_items_with_interesting_words_and_every_use() {
        let src = "use std::fmt;\n/// docs\nfn a() { let x = 1; }\nfn b() { wit_bindgen::generate!(\"w\"); }\nstruct S { x: u32 }\nconst C: S = S { x: 1 };\n";
        assert_eq!(
            kept(src),
            "use std::fmt; fn b() { wit_bindgen::generate!(\"w\"); }"
        );
    }

    #[test]
    fn follows_aliases_to_a_fixed_point() {
        let src = "use wit_bindgen::generate as g;\nuse g as h;\nfn a() { h!(); }\nfn b() {}\n";
        assert_eq!(
            kept(src),
            "use wit_bindgen::generate as g; use g as h; fn a() { h!(); }"
        );
    }

    #[test]
    fn inline_modules_keep_their_skeleton() {
        let src = "#[cfg(test)]\nmod tests {\n    use super::*;\n    fn x() {}\n    fn y() { bindgen!(); }\n}\nfn z() {}\n";
        assert_eq!(
            kept(src),
            "#[cfg(test)] mod tests { use super::*; fn y() { bindgen!(); } }"
        );
    }

    #[test]
    fn item_ends_follow_rust_not_braces() {
        // `}` followed by `;`, `else` or an operator does not end the item.
        let src = "const A: u8 = if x { 1 } else { 2 };\nconst B: S = S {} ;\nfn c() { generate }\nstatic D: u8 = { 1 } + 2;\n";
        assert_eq!(kept(src), "fn c() { generate }");
    }

    #[test]
    fn function_bodies_keep_only_their_statements_with_words() {
        // A test function around one macro call keeps the call (and its `use`s); an impl
        // keeps the functions with words; `if .. {} else {}` and `S {};` end where Rust
        // ends them.
        let src = "fn t() {\n    use std::io;\n    let a = if x { 1 } else { 2 };\n    wit_bindgen::generate!(\"w\");\n    helper(a);\n    let s = S {};\n    for i in v { go(i); }\n}\nimpl S {\n    fn a() { one(); }\n    fn b() -> u8 { generate!(); 1 }\n}\n";
        assert_eq!(
            kept(src),
            "fn t() { use std::io; wit_bindgen::generate!(\"w\"); } impl S { fn b() -> u8 { generate!(); } }"
        );
        // Left whole: a function that registers host functions (its locals say where), a
        // macro's braces, a word only in the signature keeps no statement.
        let src = "fn r(l: &mut L) {\n    let mut root = l.root();\n    root.func_wrap(\"g\", g)?;\n}\nm! { let a = 1; generate }\nfn s(x: wit_bindgen::X) { let a = 1; }\n";
        assert_eq!(
            kept(src),
            "fn r(l: &mut L) { let mut root = l.root(); root.func_wrap(\"g\", g)?; } m! { let a = 1; generate } fn s(x: wit_bindgen::X) { }"
        );
    }

    #[test]
    fn registrations_count_only_in_the_component_linker_shape() {
        let src = "fn a(l: &mut L) { l.func_wrap(\"m\", \"f\", |x: i32| x); }\nfn b(i: &mut I) { i.func_wrap(\"f\", |_, (): ()| Ok(())); }\nfn c() { func_wrap(\"f\", g); }\nfn d(i: I) { i.func_wrap(r#\"f\"#, g); }\n";
        assert_eq!(
            kept(src),
            "fn b(i: &mut I) { i.func_wrap(\"f\", |_, (): ()| Ok(())); } fn d(i: I) { i.func_wrap(r#\"f\"#, g); }"
        );
    }

    #[test]
    fn registrations_of_other_names_are_cut_when_names_are_given() {
        let mut w = words();
        w.only_registering(&["log".to_string()]);
        let src =
            "fn a(i: I) { i.func_wrap(\"log\", f); }\nfn b(i: I) { i.func_wrap(\"other\", f); }\n";
        let r = reduce(src, &w, 256);
        let kept = r
            .text
            .unwrap()
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(kept, "fn a(i: I) { i.func_wrap(\"log\", f); }");
        assert!(!r.nothing_kept);
        let r = reduce(
            "use a::b;\nmod m { use c::d; fn b(i: I) { i.func_wrap(\"other\", f); } }",
            &w,
            256,
        );
        assert!(
            r.nothing_kept,
            "uses and a module skeleton alone are nothing to parse"
        );
    }

    #[test]
    fn macro_rules_kept_only_when_named_like_a_word() {
        let src =
            "macro_rules! generate { () => {} }\nmacro_rules! other { () => { wit_bindgen::x } }\n";
        assert_eq!(kept(src), "macro_rules! generate { () => {} }");
    }

    #[test]
    fn words_in_comments_and_strings_do_not_count() {
        let src = "// generate!\nfn a() { let s = \"bindgen!\"; }\n";
        assert_eq!(kept(src), "");
    }

    #[test]
    fn unbalanced_or_shebang_files_are_not_cut() {
        for src in [
            "fn a( { generate!(); }",
            "#!/usr/bin/env run\nfn a() {}",
            "fn a() { ) }",
        ] {
            assert!(reduce(src, &words(), 256).text.is_none(), "{src}");
        }
    }

    #[test]
    fn nothing_to_cut_gives_none() {
        assert!(
            reduce("use a::b; fn f() { generate!(); }", &words(), 256)
                .text
                .is_none()
        );
    }

    #[test]
    fn offsets_map_back_to_the_file() {
        let src = "fn a() { let s = \"é—ü\"; }\nfn b() { generate!(); }\nfn c() {}\n";
        let cut = reduce(src, &words(), 256).text.unwrap();
        let at = cut.text.find("generate").unwrap();
        assert_eq!(cut.original(at), src.find("generate").unwrap());
        // The end of a piece (a range's exclusive end) maps to the end of the item.
        let end = cut.text.find('}').unwrap() + 1;
        assert_eq!(cut.original(end), src.find("}\nfn c").unwrap() + 1);
    }

    #[test]
    fn macro_names_everywhere_but_not_negations() {
        let src = "fn f() { if !(a) { return !(b); } vec![x!(1)]; a != b; }\nmacro_rules! m { () => { export!(C); } }\ncfg_if::cfg_if! { if #[cfg(x)] { my_export! {} } }";
        let names = reduce(src, &words(), 256).macro_names;
        assert_eq!(
            names.into_iter().collect::<Vec<_>>(),
            ["cfg_if", "export", "macro_rules", "my_export", "vec", "x"]
        );
    }
}
