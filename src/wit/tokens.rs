//! The token form of WIT files: equal forms mean equal meaning, with no parse.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Package files with every `.wit` reduced to its tokens: comments dropped, whitespace runs
/// one space. Equal forms mean equal token streams, hence equal meaning (docs aside, which are
/// cosmetic), so such copies need neither a parse nor a diff.
pub fn token_form(files: &BTreeMap<PathBuf, Vec<u8>>) -> BTreeMap<&Path, Vec<u8>> {
    files
        .iter()
        .map(|(p, bytes)| {
            let form = if p.extension().is_some_and(|e| e == "wit") {
                wit_tokens(bytes)
            } else {
                bytes.clone()
            };
            (p.as_path(), form)
        })
        .collect()
}

/// See [`token_form`]. Follows wit-parser's lexer: `//` to end of line and nested
/// `/* */` are comments; string literals are copied as they are. Every run of whitespace and
/// comments becomes one space, so tokens never merge. Unterminated comments or strings keep
/// the rest verbatim (the parse reports them).
fn wit_tokens(src: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(src.len());
    let mut space = false;
    let mut i = 0;
    while i < src.len() {
        match src[i] {
            b' ' | b'\t' | b'\n' | b'\r' => {
                space = true;
                i += 1;
            }
            b'/' if src.get(i + 1) == Some(&b'/') => {
                while i < src.len() && src[i] != b'\n' {
                    i += 1;
                }
                space = true;
            }
            b'/' if src.get(i + 1) == Some(&b'*') => {
                let start = i;
                let mut depth = 0usize;
                while i < src.len() {
                    if src[i] == b'/' && src.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if src[i] == b'*' && src.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                if depth != 0 {
                    out.extend_from_slice(&src[start..]);
                    return out;
                }
                space = true;
            }
            b'"' => {
                if space && !out.is_empty() {
                    out.push(b' ');
                }
                space = false;
                out.push(b'"');
                i += 1;
                while i < src.len() {
                    let b = src[i];
                    out.push(b);
                    i += 1;
                    if b == b'\\' && i < src.len() {
                        out.push(src[i]);
                        i += 1;
                    } else if b == b'"' {
                        break;
                    }
                }
            }
            b => {
                if space && !out.is_empty() {
                    out.push(b' ');
                }
                space = false;
                out.push(b);
                i += 1;
            }
        }
    }
    out
}
