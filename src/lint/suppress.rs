//! Suppression comments: `// airssys-lint: allow(rule-id, ...)` (or `# ...` in TOML) at the
//! end of the finding's line, or in the comment lines directly above the finding's line or
//! above any item or statement that encloses it.

use crate::diag::LineIndex;

const MARKER: &str = "airssys-lint:";

/// Whether a finding of `rule` on `line` (1-based) is allowed by a comment. `anchors` are
/// the start lines of enclosing items/statements.
pub fn is_suppressed(text: &str, rule: &str, line: usize, anchors: &[usize]) -> bool {
    if !text.contains(MARKER) {
        return false;
    }
    let index = LineIndex::new(text);
    let line_text = |n: usize| &text[index.line_range(text, n)];
    let trailing = |n: usize| {
        let t = line_text(n);
        comment_start(t).is_some_and(|pos| allows(&t[pos..], rule))
    };
    // The finding's own line and each enclosing item's first line, at their end and in the
    // comment block directly above them (attributes in between may carry it too).
    for &start in std::iter::once(&line).chain(anchors) {
        if trailing(start) {
            return true;
        }
        let mut n = start;
        while n > 1 {
            n -= 1;
            let t = line_text(n).trim_start();
            if t.starts_with("#[") || t.starts_with("#!") {
                if trailing(n) {
                    return true;
                }
            } else if t.starts_with("//") || t.starts_with('#') {
                if allows(t, rule) {
                    return true;
                }
            } else {
                break;
            }
        }
    }
    false
}

/// Start of a `//` or `#` comment on a line (a rough scan that skips string literals).
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut in_str = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_str => i += 1,
            // A `'"'` char literal does not open a string.
            b'\'' if !in_str && bytes.get(i + 1..i + 3) == Some(b"\"'") => i += 2,
            b'"' => in_str = !in_str,
            b'/' if !in_str && bytes.get(i + 1) == Some(&b'/') => return Some(i),
            b'#' if !in_str && bytes.get(i + 1) != Some(&b'[') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether a comment contains `airssys-lint: allow(.., rule, ..)`.
fn allows(comment: &str, rule: &str) -> bool {
    let mut rest = comment;
    while let Some(pos) = rest.find(MARKER) {
        rest = rest[pos + MARKER.len()..].trim_start();
        if let Some(args) = rest.strip_prefix("allow")
            && let Some(args) = args.trim_start().strip_prefix('(')
            && let Some(end) = args.find(')')
            && args[..end].split(',').any(|r| r.trim() == rule)
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_line_above_and_item() {
        let text = "fn f() {\n    x!(); // airssys-lint: allow(a)\n}\n";
        assert!(is_suppressed(text, "a", 2, &[]));
        assert!(!is_suppressed(text, "b", 2, &[]));
        let text = "// airssys-lint: allow(b, a)\n#[cfg(x)]\nfn f() {\n    x!();\n}\n";
        assert!(is_suppressed(text, "a", 4, &[3]));
        assert!(!is_suppressed(text, "a", 4, &[]));
        let text = "let s = \"// airssys-lint: allow(a)\"; x!();\n";
        assert!(!is_suppressed(text, "a", 1, &[]));
        let toml = "# airssys-lint: allow(a)\nwit-bindgen = \"0.63\"\n";
        assert!(is_suppressed(toml, "a", 2, &[]));
    }

    #[test]
    fn at_the_end_of_an_items_first_line_or_attribute() {
        let text = "mod m { // airssys-lint: allow(a)\n    x!();\n}\n";
        assert!(is_suppressed(text, "a", 2, &[1]));
        assert!(!is_suppressed(text, "a", 2, &[]));
        let text = "#[rustfmt::skip] // airssys-lint: allow(a)\n#[cfg(x)]\nmod m {\n    x!();\n}\n";
        assert!(is_suppressed(text, "a", 4, &[3]));
        let text = "#[cfg(x)] // airssys-lint: allow(a)\r\nmod m { x!(); }\r\n";
        assert!(is_suppressed(text, "a", 2, &[2]));
    }

    #[test]
    fn quote_char_literal_does_not_hide_the_comment() {
        let text = "let q = '\"'; x!(); // airssys-lint: allow(a)\n";
        assert!(is_suppressed(text, "a", 1, &[]));
    }
}
