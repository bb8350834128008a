//! `skipped-file`: reported by the driver, not by a check.

use crate::lint::config::RuleLevel;
use crate::lint::{Context, Rule, RuleInfo, Sink};

pub static INFO: RuleInfo = RuleInfo {
    id: "skipped-file",
    default_level: RuleLevel::Note,
    summary: "a file or directory that was skipped: too large, unreadable, or a symlink loop",
    docs: r#"### What it does
Notes files and directories the walk could not look at: files over the size limit (8 MiB),
files or directories that cannot be read (permissions), and symbolic link loops. Notes never
change the exit code; set the level to `warn` or `error` to make them count.

### Why is this bad
Nothing in a skipped file is checked. Generated multi-megabyte files are usually fine to skip;
a permission problem in CI usually is not.

### Example
```text
vendor/huge_bindings.rs   (12 MiB)
```

### Use instead
```toml
# airssys-lint.toml: say so explicitly
ignore = ["vendor/**"]
```
"#,
};

pub struct SkippedFile;

impl Rule for SkippedFile {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, _: &Context<'_>, _: &mut Sink) {}
}
