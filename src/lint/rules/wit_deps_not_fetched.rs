//! `wit-deps-not-fetched`.

use crate::lint::config::RuleLevel;
use crate::lint::unchecked::{self, Unchecked};
use crate::lint::{Context, Rule, RuleInfo, Sink};

pub static INFO: RuleInfo = RuleInfo {
    id: "wit-deps-not-fetched",
    default_level: RuleLevel::Note,
    summary: "a macro's WIT uses packages that a tool fetches into `deps/` at build time",
    docs: r#"### What it does
Notes a bindgen macro whose WIT uses packages that its `deps/` lacks, when a WIT package
manager declares them: `wkg` (a `wkg.toml` or `wkg.lock` beside the `wit/` directory or
above it) or `wit-deps` (`deps.toml` / `deps.lock` inside it). wit-deps names an entry's
directory after its key, which need not be the package's name: an entry read from a local
`path` provides the packages there, and one fetched from a URL not fetched yet may provide
any (a tarball's own `deps/` comes along). Such `deps/` directories are
usually gitignored and filled by the build, so a checkout does not have them yet. Checks
that need the whole package (`bindgen-wit-missing`, `wit-drift`, world lookups) are skipped
for that macro. The same holds for a crate inside another package's `tests/` (a fixture,
which that package's tests build: wasm-pkg-tools' run `wkg` on a copy first). A missing
package that nothing declares, in a crate that is no fixture, is a `bindgen-wit-missing`
error.

### Why is this bad
It is not: it says what was not checked, and with which command it could be.

### Example
```text
guest/wkg.toml
guest/wit/world.wit      use wasi:http/types@0.2.0.{..};
guest/wit/deps/          (gitignored; `wkg wit fetch` fills it)
```

### Use instead
Run the fetch before linting (`wkg wit fetch`, `wit-deps`) to check everything.
"#,
};

pub struct WitDepsNotFetched;

impl Rule for WitDepsNotFetched {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        unchecked::each(cx, |file, b, d, why| {
            let Unchecked::DepsNotFetched(fetched) = why else {
                return;
            };
            let at = unchecked::label(file, b, d);
            let mut diag = sink
                .diag(format!(
                    "WIT dependencies not fetched yet: `{}`",
                    fetched.missing.join("`, `")
                ))
                .primary(
                    at.with_message(format!("`{}` lacks them in `deps/`", (cx.display)(&d.dir))),
                )
                .note(format!(
                    "{}; this macro's WIT was not checked",
                    fetched.who(&(cx.display)(&fetched.manifest))
                ));
            if let Some(command) = fetched.command() {
                diag = diag.help(format!("run `{command}` before linting to check it"));
            }
            sink.emit_anchored(diag, &b.anchors);
        });
    }
}
