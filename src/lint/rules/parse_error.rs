//! `parse-error`: reported by the driver, not by a check.

use crate::lint::config::RuleLevel;
use crate::lint::{Context, Rule, RuleInfo, Sink};

pub static INFO: RuleInfo = RuleInfo {
    id: "parse-error",
    default_level: RuleLevel::Warn,
    summary: "a Rust file or `Cargo.toml` that could not be parsed, so it was not linted",
    docs: r#"### What it does
Reports a `.rs` file that might contain a finding (it mentions one of the macro or crate
names) but does not parse as Rust, is not valid UTF-8, or a `Cargo.toml` that does not parse.
Linting goes on with the other files. Only the items that can hold a finding are parsed
(those naming a bindgen macro or crate, a registration, and every `use`): a syntax error
elsewhere in the file is rustc's to report, and does not stop the file from being linted.

### Why is this bad
A file the linter cannot read is a file it cannot vouch for: any misuse in it goes unseen.
Usually rustc rejects the file too; sometimes the syntax is newer than the parser here.

### Example
```rust
fn broken( {
    wit_bindgen::generate!();
}
```

### Use instead
```rust
fn fixed() {
    wit_bindgen::generate!();
}
```
Or exclude the file with `ignore = ["path/to/file.rs"]` in `airssys-lint.toml`.
"#,
};

pub struct ParseError;

impl Rule for ParseError {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, _: &Context<'_>, _: &mut Sink) {}
}
