//! `old-wit-dialect`.

use crate::lint::config::RuleLevel;
use crate::lint::unchecked::{self, Unchecked};
use crate::lint::{Context, Rule, RuleInfo, Sink};

pub static INFO: RuleInfo = RuleInfo {
    id: "old-wit-dialect",
    default_level: RuleLevel::Note,
    summary: "a crate pinned to a bindgen release whose WIT syntax predates the one checked",
    docs: r#"### What it does
Notes a bindgen macro whose WIT does not parse, in a crate whose `wit-bindgen` requirement is
older than 0.14 (or `wasmtime` older than 15): those releases read WIT without semicolons,
which today's parser rejects. A dependency with no version requirement (`git = .., rev =
..`, or a path) is judged by the version its `Cargo.lock` resolved. The WIT is not
checked, instead of being reported as a `bindgen-wit-missing` parse error.

### Why is this bad
It is not: the crate builds with the release it pins. The note says its WIT went unchecked.

### Example
```toml
[dependencies]
wit-bindgen = "0.8"
```

### Use instead
Upgrade the crate and its WIT to current syntax to have it checked.
"#,
};

pub struct OldWitDialect;

impl Rule for OldWitDialect {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        unchecked::each(cx, |file, b, d, why| {
            let Unchecked::OldDialect(old) = why else {
                return;
            };
            let at = unchecked::label(file, b, d);
            let diag = sink
                .diag(format!(
                    "WIT not checked: the crate {}, whose WIT syntax predates today's",
                    old.how(|p| (cx.display)(p))
                ))
                .primary(at.with_message(format!(
                    "`{}` does not parse with the current WIT syntax",
                    (cx.display)(&d.dir)
                )))
                .note(format!(
                    "{} {} was the first release to require the current syntax (semicolons)",
                    old.crate_name, old.first_current
                ));
            sink.emit_anchored(diag, &b.anchors);
        });
    }
}
