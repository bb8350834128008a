//! `wit-generated`.

use crate::lint::config::RuleLevel;
use crate::lint::unchecked::{self, Unchecked};
use crate::lint::{Context, Rule, RuleInfo, Sink};

pub static INFO: RuleInfo = RuleInfo {
    id: "wit-generated",
    default_level: RuleLevel::Note,
    summary: "a macro reads WIT from a gitignored directory the build creates",
    docs: r#"### What it does
Notes a bindgen macro whose WIT `path` does not exist and is gitignored: a directory the
build creates, such as `target/wit` that a build tool writes before `cargo build`
(kinode's `kit`), or WIT that a `build.rs` downloads next to the crate. A checkout does not
have it, so the WIT is not checked. The note names the `.gitignore` line. A missing path
that no `.gitignore` covers is a `bindgen-wit-missing` error.

### Why is this bad
It is not: it says what was not checked.

### Example
```text
app/.gitignore           **/target/
app/src/lib.rs           wit_bindgen::generate!({ path: "target/wit", .. });
```

### Use instead
Run the build step that creates the directory before linting, to check that WIT too.
"#,
};

pub struct WitGenerated;

impl Rule for WitGenerated {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        unchecked::each(cx, |file, b, d, why| {
            let Unchecked::Generated(by) = why else {
                return;
            };
            let shown = (cx.display)(&d.dir);
            let diag = sink
                .diag(format!(
                    "WIT not checked: `{shown}` is created by the build"
                ))
                .primary(
                    unchecked::label(file, b, d)
                        .with_message(format!("`{shown}` does not exist yet")),
                )
                .note(format!(
                    "`{}` ignores it (`{}`), so a checkout does not have it",
                    (cx.display)(&by.file),
                    by.pattern
                ))
                .help("run the build step that creates it before linting to check that WIT");
            sink.emit_anchored(diag, &b.anchors);
        });
    }
}
