//! `wit-not-checked-out`.

use crate::discover::absent::Absent;
use crate::lint::config::RuleLevel;
use crate::lint::unchecked::{self, Unchecked};
use crate::lint::{Context, Rule, RuleInfo, Sink};

pub static INFO: RuleInfo = RuleInfo {
    id: "wit-not-checked-out",
    default_level: RuleLevel::Note,
    summary: "a macro's WIT path is absent from the checkout by design: gitignored, or in a git submodule not checked out",
    docs: r#"### What it does
Notes a bindgen macro whose WIT `path` does not exist because the checkout lacks it by
design, so its WIT is not checked:
- the path is gitignored: a directory the build creates, such as `target/wit` that a build
  tool writes before `cargo build` (kinode's `kit`), or WIT that a `build.rs` downloads
  next to the crate. The note names the `.gitignore` line (the nearest one with a say
  decides, so a deeper `!pattern` keeps the path a finding);
- the path lies in a git submodule that `.gitmodules` declares and that is not checked out
  (a clone without `--recursive`; Pumpkin keeps its plugin WIT in one).

A missing path that neither explains is a `bindgen-wit-missing` error.

### Why is this bad
It is not: it says what was not checked, and what would let it be.

### Example
```text
app/.gitignore           **/target/
app/src/lib.rs           wit_bindgen::generate!({ path: "target/wit", .. });
```

### Use instead
Run the build step that creates the directory, or `git submodule update --init`, before
linting, to check that WIT too.
"#,
};

pub struct WitNotCheckedOut;

impl Rule for WitNotCheckedOut {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        unchecked::each(cx, |file, b, d, why| {
            let Unchecked::NotCheckedOut(absent) = why else {
                return;
            };
            let shown = (cx.display)(&d.dir);
            let at = unchecked::label(file, b, d);
            let diag = match absent {
                Absent::Ignored { file, pattern } => sink
                    .diag(format!("WIT not checked: `{shown}` is created by the build"))
                    .primary(at.with_message(format!("`{shown}` does not exist yet")))
                    .note(format!(
                        "`{}` ignores it (`{pattern}`), so a checkout does not have it",
                        (cx.display)(file)
                    ))
                    .help("run the build step that creates it before linting to check that WIT"),
                Absent::Submodule {
                    gitmodules,
                    submodule,
                } => sink
                    .diag(format!(
                        "WIT not checked: `{shown}` is in git submodule `{}`, which is not checked out",
                        (cx.display)(submodule)
                    ))
                    .primary(at.with_message(format!("`{shown}` does not exist yet")))
                    .note(format!("`{}` declares the submodule", (cx.display)(gitmodules)))
                    .help("run `git submodule update --init` before linting to check that WIT"),
            };
            sink.emit_anchored(diag, &b.anchors);
        });
    }
}
