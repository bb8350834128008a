//! Diagnostics: findings as data, rendered at the edge as human text (rustc's layout, via
//! annotate-snippets), JSON, SARIF 2.1.0 or GitHub workflow annotations.
//!
//! A [`Diagnostic`] has a rule id, a [`Level`], a message, an optional primary [`Label`],
//! any number of secondary labels (each may point into a different file: a WIT drift
//! finding points at both copies), `help` lines and `notes`. Nothing here knows about
//! particular rules; [`RuleDescriptor`] is the little a renderer needs (SARIF lists rules).
//!
//! Paths in labels are display paths (forward slashes, relative to the working directory
//! where possible); [`SourceMap`] maps them to their text so snippets can be shown.
//!
//! # JSON schema, version 1
//!
//! `--format json` prints one object. Fields are only ever added within a version; any
//! removal or change of meaning bumps `version`.
//!
//! ```text
//! {
//!   "version": 1,
//!   "tool": { "name": "airssys-lint", "version": "0.1.0" },
//!   "diagnostics": [
//!     {
//!       "rule": "guest-bindgen-in-host",          // kebab-case rule id
//!       "level": "error",                         // "error" | "warning" | "note"
//!       "message": "...",                         // lowercase, no trailing period
//!       "primary": LABEL | null,                  // where the finding is
//!       "secondary": [LABEL, ...],                // related places, possibly other files
//!       "help": ["..."],                          // how to fix it
//!       "notes": ["..."]                          // extra context
//!     }
//!   ],
//!   "summary": { "errors": 1, "warnings": 0, "notes": 0 },
//!   "stats": { "packages": 3, "files": 41, "parsed": 5 }   // informational counters
//! }
//! LABEL = {
//!   "file": "src/main.rs",                        // forward slashes, relative to the cwd
//!   "span": {                                     // null when the whole file is meant
//!     "byte_start": 10, "byte_end": 32,           // UTF-8 byte offsets, end exclusive
//!     "start": { "line": 3, "column": 1 },        // 1-based; columns count Unicode scalars
//!     "end": { "line": 3, "column": 23 }          // position just past the last character
//!   } | null,
//!   "message": "..." | null                       // the label's text
//! }
//! ```

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Origin, Renderer, Snippet};
use serde::Serialize;

/// Version of the JSON output schema documented in this module.
pub const JSON_SCHEMA_VERSION: u32 = 1;

/// Severity of an emitted diagnostic. `allow` is not a level: allowed findings are dropped
/// before they become diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Note,
}

impl Level {
    /// The name used in JSON and SARIF.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }

    fn snippet_level(self) -> annotate_snippets::Level<'static> {
        match self {
            Level::Error => annotate_snippets::Level::ERROR,
            Level::Warning => annotate_snippets::Level::WARNING,
            Level::Note => annotate_snippets::Level::NOTE,
        }
    }
}

/// A 1-based line and 1-based column counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A byte range in a file together with its start and end positions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub byte_start: usize,
    pub byte_end: usize,
    pub start: Position,
    pub end: Position,
}

impl Span {
    /// Builds a span from a byte range of `text`, clamping it to the text and to char
    /// boundaries so that a bad range can never panic a renderer.
    pub fn from_range(text: &str, range: Range<usize>) -> Span {
        LineIndex::new(text).span(text, range)
    }
}

/// A place in a file with an optional message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Label {
    /// Display path: forward slashes, relative to the working directory where possible.
    pub file: String,
    /// `None` when the label means the whole file.
    pub span: Option<Span>,
    pub message: Option<String>,
}

impl Label {
    pub fn new(file: impl Into<String>, span: Option<Span>, message: Option<String>) -> Label {
        Label {
            file: file.into(),
            span,
            message,
        }
    }

    /// A label on a byte range of `text`.
    pub fn at(file: impl Into<String>, text: &str, range: Range<usize>) -> Label {
        Label::new(file, Some(Span::from_range(text, range)), None)
    }

    /// A label meaning the whole file.
    pub fn file(file: impl Into<String>) -> Label {
        Label::new(file, None, None)
    }

    pub fn with_message(mut self, message: impl Into<String>) -> Label {
        self.message = Some(message.into());
        self
    }

    fn start(&self) -> Position {
        self.span
            .as_ref()
            .map_or(Position { line: 1, column: 1 }, |s| s.start)
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    /// Kebab-case rule id.
    pub rule: &'static str,
    pub level: Level,
    /// Lowercase, no trailing period, identifiers in backticks.
    pub message: String,
    pub primary: Option<Label>,
    pub secondary: Vec<Label>,
    pub help: Vec<String>,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn new(rule: &'static str, level: Level, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            level,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn primary(mut self, label: Label) -> Diagnostic {
        self.primary = Some(label);
        self
    }

    pub fn secondary(mut self, label: Label) -> Diagnostic {
        self.secondary.push(label);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help.push(help.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Sort key: file, position, rule, message. Output order never depends on threads.
    pub fn sort_key(&self) -> (String, Position, &'static str, String) {
        match &self.primary {
            Some(l) => (l.file.clone(), l.start(), self.rule, self.message.clone()),
            None => (
                String::new(),
                Position { line: 0, column: 0 },
                self.rule,
                self.message.clone(),
            ),
        }
    }
}

/// Line starts of a text, to turn byte offsets into positions and back.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// Position of a byte offset (clamped to the text and to a char boundary). A leading
    /// byte order mark takes no column, as in rustc and editors.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset);
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let mut line_start = self.starts[line];
        if line == 0 && text.starts_with('\u{feff}') {
            line_start = '\u{feff}'.len_utf8().min(offset);
        }
        let column = text[line_start..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// Byte offset of a 1-based line and a 0-based char column, clamped to the line.
    pub fn offset(&self, text: &str, line: usize, char_column: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return text.len();
        };
        let end = self.starts.get(line).copied().unwrap_or(text.len());
        let line_text = &text[start..end];
        if line_text.is_ascii() {
            return start + char_column.min(line_text.len());
        }
        start
            + line_text
                .char_indices()
                .nth(char_column)
                .map_or(line_text.len(), |(i, _)| i)
    }

    /// A [`Span`] for a byte range, clamped and snapped to char boundaries.
    pub fn span(&self, text: &str, range: Range<usize>) -> Span {
        let start = floor_char_boundary(text, range.start);
        let end = floor_char_boundary(text, range.end.max(start));
        Span {
            byte_start: start,
            byte_end: end,
            start: self.position(text, start),
            end: self.position(text, end),
        }
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// Byte range of a 1-based line, without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return text.len()..text.len();
        };
        let mut end = self.starts.get(line).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// File texts for rendering snippets, keyed by display path. Files not inserted are read
/// from disk on demand (lossily, so a non-UTF-8 file still renders).
#[derive(Debug, Default)]
pub struct SourceMap {
    files: HashMap<String, Arc<str>>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    pub fn insert(&mut self, file: impl Into<String>, text: Arc<str>) {
        self.files.insert(file.into(), text);
    }

    pub fn get(&self, file: &str) -> Option<&Arc<str>> {
        self.files.get(file)
    }

    /// Makes sure every file a diagnostic points at is loaded.
    pub fn load_missing(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            for label in d.primary.iter().chain(&d.secondary) {
                if label.span.is_some()
                    && !self.files.contains_key(&label.file)
                    && let Ok(bytes) = std::fs::read(&label.file)
                {
                    let text: Arc<str> = String::from_utf8_lossy(&bytes).into();
                    self.files.insert(label.file.clone(), text);
                }
            }
        }
    }
}

/// Counts per level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Summary {
    pub fn of(diagnostics: &[Diagnostic]) -> Summary {
        let mut s = Summary::default();
        for d in diagnostics {
            match d.level {
                Level::Error => s.errors += 1,
                Level::Warning => s.warnings += 1,
                Level::Note => s.notes += 1,
            }
        }
        s
    }
}

/// What a renderer needs to know about a rule.
#[derive(Debug, Clone, Copy)]
pub struct RuleDescriptor {
    pub id: &'static str,
    /// `"error"`, `"warning"`, `"note"` or `"none"` (allowed by default).
    pub default_level: &'static str,
    pub summary: &'static str,
    pub description: &'static str,
}

/// Name and version of the tool, for JSON and SARIF.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

// ---------------------------------------------------------------------------------------
// human

/// Renders diagnostics in rustc's layout. `color` adds ANSI styles.
pub fn render_human(diagnostics: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diagnostics {
        // The renderer is a dependency; if it ever trips over a span, degrade to a plain
        // `file:line:col: level[rule]: message` line instead of losing the finding.
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            renderer.render(&[human_group(d, sources)])
        }));
        match rendered {
            Ok(text) => out.push_str(&text),
            Err(_) => out.push_str(&plain_line(d)),
        }
        out.push_str("\n\n");
    }
    out
}

fn plain_line(d: &Diagnostic) -> String {
    let mut s = String::new();
    if let Some(p) = &d.primary {
        let pos = p.start();
        let _ = write!(s, "{}:{}:{}: ", p.file, pos.line, pos.column);
    }
    let _ = write!(s, "{}[{}]: {}", d.level.as_str(), d.rule, d.message);
    for h in &d.help {
        let _ = write!(s, "\n  = help: {h}");
    }
    for n in &d.notes {
        let _ = write!(s, "\n  = note: {n}");
    }
    s
}

/// The closing line, e.g. `error: 2 errors and 1 warning emitted`; empty when clean.
pub fn render_human_summary(summary: Summary, color: bool) -> String {
    let mut parts = Vec::new();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if summary.errors > 0 {
        parts.push(plural(summary.errors, "error"));
    }
    if summary.warnings > 0 {
        parts.push(plural(summary.warnings, "warning"));
    }
    if summary.notes > 0 {
        parts.push(plural(summary.notes, "note"));
    }
    if parts.is_empty() {
        return String::new();
    }
    let level = if summary.errors > 0 {
        Level::Error
    } else if summary.warnings > 0 {
        Level::Warning
    } else {
        Level::Note
    };
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let title = format!("{} emitted", parts.join(" and "));
    let mut s = renderer.render(&[Group::with_title(
        level.snippet_level().primary_title(title),
    )]);
    s.push('\n');
    s
}

fn human_group<'a>(d: &'a Diagnostic, sources: &'a SourceMap) -> Group<'a> {
    let mut group = Group::with_title(
        d.level
            .snippet_level()
            .primary_title(d.message.as_str())
            .id(d.rule),
    );

    // Files in order of first appearance, primary first; each gets one snippet holding
    // every label that points into it.
    let mut files: Vec<&str> = Vec::new();
    for l in d.primary.iter().chain(&d.secondary) {
        if !files.contains(&l.file.as_str()) {
            files.push(&l.file);
        }
    }
    for file in files {
        let labels = d
            .primary
            .iter()
            .map(|l| (l, true))
            .chain(d.secondary.iter().map(|l| (l, false)))
            .filter(|(l, _)| l.file == file);
        let Some(text) = sources.get(file) else {
            // No text: point at the file (and position) only.
            for (l, _) in labels {
                group = group.element(origin(l));
            }
            continue;
        };
        // Without the byte order mark, which would take a column in the header and the
        // snippet.
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let text = &text[bom..];
        let mut snippet = Snippet::source(text).path(file);
        let mut any = false;
        let mut spanless = Vec::new();
        for (l, primary) in labels {
            match &l.span {
                Some(span) => {
                    let kind = if primary {
                        AnnotationKind::Primary
                    } else {
                        AnnotationKind::Context
                    };
                    let end = span.byte_end.saturating_sub(bom).min(text.len());
                    let start = span.byte_start.saturating_sub(bom).min(end);
                    snippet = snippet.annotation(kind.span(start..end).label(l.message.as_deref()));
                    any = true;
                }
                None => spanless.push(l),
            }
        }
        if any {
            group = group.element(snippet);
        }
        for l in spanless {
            group = group.element(origin(l));
            if let Some(m) = &l.message {
                group = group.element(annotate_snippets::Level::NOTE.message(m.as_str()));
            }
        }
    }
    for h in &d.help {
        group = group.element(annotate_snippets::Level::HELP.message(h.as_str()));
    }
    for n in &d.notes {
        group = group.element(annotate_snippets::Level::NOTE.message(n.as_str()));
    }
    group
}

fn origin(l: &Label) -> Origin<'_> {
    let o = Origin::path(l.file.as_str());
    match &l.span {
        Some(s) => o.line(s.start.line).char_column(s.start.column - 1),
        None => o,
    }
}

// ---------------------------------------------------------------------------------------
// JSON

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: Tool,
    diagnostics: &'a [Diagnostic],
    summary: Summary,
    stats: &'a serde_json::Map<String, serde_json::Value>,
}

/// Renders the JSON report (schema documented at the top of this module).
pub fn render_json(
    diagnostics: &[Diagnostic],
    tool: Tool,
    stats: &serde_json::Map<String, serde_json::Value>,
) -> String {
    let report = JsonReport {
        version: JSON_SCHEMA_VERSION,
        tool,
        diagnostics,
        summary: Summary::of(diagnostics),
        stats,
    };
    let mut s = serde_json::to_string_pretty(&report).unwrap_or_else(|e| {
        // Serialising plain data cannot fail; keep the promise of never panicking anyway.
        format!("{{\"version\":{JSON_SCHEMA_VERSION},\"error\":\"{e}\"}}")
    });
    s.push('\n');
    s
}

// ---------------------------------------------------------------------------------------
// SARIF 2.1.0

/// Renders a SARIF 2.1.0 log with one run, accepted by GitHub code scanning. `rules` lists
/// every rule the tool has (results refer to them by id and index).
pub fn render_sarif(diagnostics: &[Diagnostic], tool: Tool, rules: &[RuleDescriptor]) -> String {
    use serde_json::{Value, json};

    let region = |s: &Span| {
        json!({
            "startLine": s.start.line,
            "startColumn": s.start.column,
            "endLine": s.end.line,
            "endColumn": s.end.column,
        })
    };
    let location = |l: &Label| {
        let mut physical = json!({ "artifactLocation": artifact_location(&l.file) });
        if let Some(s) = &l.span {
            physical["region"] = region(s);
        }
        let mut loc = json!({ "physicalLocation": physical });
        if let Some(m) = &l.message {
            loc["message"] = json!({ "text": m });
        }
        loc
    };

    let rule_values: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.description },
                "defaultConfiguration": {
                    "level": r.default_level,
                    "enabled": r.default_level != "none",
                },
            })
        })
        .collect();

    // Code scanning wants a location on every result; findings without one (a walk error
    // with no path) are reported as tool notifications instead.
    let notifications: Vec<Value> = diagnostics
        .iter()
        .filter(|d| d.primary.is_none())
        .map(|d| {
            json!({
                "level": d.level.as_str(),
                "message": { "text": d.message },
                "descriptor": { "id": d.rule },
            })
        })
        .collect();
    // Findings that share rule, file and message (two identical macro calls in one file)
    // are told apart by their order, or code scanning would merge them into one alert.
    let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
    let results: Vec<Value> = diagnostics
        .iter()
        .filter(|d| d.primary.is_some())
        .map(|d| {
            let mut text = d.message.clone();
            for h in &d.help {
                let _ = write!(text, "\nhelp: {h}");
            }
            for n in &d.notes {
                let _ = write!(text, "\nnote: {n}");
            }
            let mut result = json!({
                "ruleId": d.rule,
                "level": d.level.as_str(),
                "message": { "text": text },
            });
            if let Some(index) = rules.iter().position(|r| r.id == d.rule) {
                result["ruleIndex"] = json!(index);
            }
            if let Some(p) = &d.primary {
                result["locations"] = json!([location(p)]);
                // Stable across runs and line moves inside the file: rule + file + message
                // (+ the occurrence, from the second on).
                let n = seen.entry((d.rule, &p.file, &d.message)).or_default();
                let occurrence = n.to_string();
                let mut parts = vec![d.rule, &p.file, &d.message];
                if *n > 0 {
                    parts.push(&occurrence);
                }
                *n += 1;
                result["partialFingerprints"] = json!({
                    "airssysLint/v1": fingerprint(&parts),
                });
            }
            if !d.secondary.is_empty() {
                let related: Vec<Value> = d
                    .secondary
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let mut loc = location(l);
                        loc["id"] = json!(i + 1);
                        loc
                    })
                    .collect();
                result["relatedLocations"] = Value::Array(related);
            }
            result
        })
        .collect();

    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": tool.name,
                    "version": tool.version,
                    "semanticVersion": tool.version,
                    "rules": rule_values,
                }
            },
            "originalUriBaseIds": {
                "%SRCROOT%": { "description": { "text": "the directory airssys-lint ran in" } }
            },
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}

/// An `artifactLocation`: a path relative to the working directory is relative to
/// `%SRCROOT%`; an absolute one (linting a tree outside the working directory) is a
/// `file://` URI, since a relative reference starting with `/` cannot be resolved against
/// a base.
fn artifact_location(path: &str) -> serde_json::Value {
    let slashed = path.replace('\\', "/");
    let bytes = slashed.as_bytes();
    let drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if drive {
        let uri = format!("file:///{}:{}", &slashed[..1], sarif_uri(&slashed[2..]));
        serde_json::json!({ "uri": uri })
    } else if slashed.starts_with('/') {
        serde_json::json!({ "uri": format!("file://{}", sarif_uri(&slashed)) })
    } else {
        serde_json::json!({ "uri": sarif_uri(&slashed), "uriBaseId": "%SRCROOT%" })
    }
}

/// A relative URI reference: forward slashes, percent-encoding what RFC 3986 does not allow.
fn sarif_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b'@' => out.push(b as char),
            // A colon in the first segment would read as a scheme.
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// FNV-1a over the parts, hex.
fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain([0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{h:016x}")
}

// ---------------------------------------------------------------------------------------
// GitHub workflow commands

/// Renders `::error file=..,line=..,col=..,endLine=..,endColumn=..,title=..::message` lines.
pub fn render_github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "notice",
        };
        let mut props = Vec::new();
        if let Some(p) = &d.primary {
            props.push(format!("file={}", gh_property(&p.file)));
            if let Some(s) = &p.span {
                props.push(format!("line={}", s.start.line));
                props.push(format!("col={}", s.start.column));
                props.push(format!("endLine={}", s.end.line));
                props.push(format!("endColumn={}", s.end.column));
            }
        }
        props.push(format!(
            "title={}",
            gh_property(&format!("airssys-lint({})", d.rule))
        ));
        let mut message = d.message.clone();
        for h in &d.help {
            let _ = write!(message, "\nhelp: {h}");
        }
        for n in &d.notes {
            let _ = write!(message, "\nnote: {n}");
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            props.join(","),
            gh_data(&message)
        );
    }
    out
}

fn gh_data(s: &str) -> Cow<'_, str> {
    if !s.contains(['%', '\r', '\n']) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
    )
}

fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_offsets_round_trip() {
        let text = "ab\nçd\n\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 3), Position { line: 2, column: 1 });
        // `d` is after a two-byte `ç`.
        assert_eq!(idx.position(text, 5), Position { line: 2, column: 2 });
        assert_eq!(idx.offset(text, 2, 1), 5);
        assert_eq!(idx.offset(text, 4, 0), 8);
        // Out of range never panics.
        assert_eq!(idx.position(text, 100).line, 4);
        assert_eq!(idx.offset(text, 100, 0), text.len());
        let s = idx.span(text, 4..100);
        assert_eq!((s.byte_start, s.byte_end), (3, text.len()));
    }

    #[test]
    fn byte_order_mark_takes_no_column() {
        let text = "\u{feff}ab\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 3), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 4), Position { line: 1, column: 2 });
        assert_eq!(idx.position(text, 6), Position { line: 2, column: 1 });
    }

    #[test]
    fn github_escaping() {
        assert_eq!(gh_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(gh_data("x\ny"), "x%0Ay");
    }

    #[test]
    fn sarif_absolute_paths_are_file_uris() {
        assert_eq!(
            artifact_location("src/a b.rs"),
            serde_json::json!({ "uri": "src/a%20b.rs", "uriBaseId": "%SRCROOT%" })
        );
        assert_eq!(
            artifact_location("/tmp/x y/src/lib.rs"),
            serde_json::json!({ "uri": "file:///tmp/x%20y/src/lib.rs" })
        );
        assert_eq!(
            artifact_location("C:\\w\\src\\lib.rs"),
            serde_json::json!({ "uri": "file:///C:/w/src/lib.rs" })
        );
    }

    #[test]
    fn sarif_fingerprints_tell_identical_findings_apart() {
        let text = "m!();\nm!();\n";
        let d = |range| {
            Diagnostic::new("r", Level::Error, "same").primary(Label::at("src/a.rs", text, range))
        };
        let out = render_sarif(
            &[d(0..4), d(6..10)],
            Tool {
                name: "t",
                version: "0",
            },
            &[],
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let results = v["runs"][0]["results"].as_array().unwrap();
        let print = |i: usize| results[i]["partialFingerprints"]["airssysLint/v1"].clone();
        assert_ne!(print(0), print(1));
        // The first keeps the fingerprint earlier versions gave it.
        assert_eq!(print(0), fingerprint(&["r", "src/a.rs", "same"]));
    }

    #[test]
    fn uri_escaping() {
        assert_eq!(sarif_uri("src/a b.rs"), "src/a%20b.rs");
        assert_eq!(sarif_uri("dir\\x.rs"), "dir/x.rs");
    }
}
