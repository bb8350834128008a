//! Configuration: rule levels and ignore globs.
//!
//! Read from, in order of precedence: `--config FILE`; `airssys-lint.toml` at a scanned root;
//! `[workspace.metadata.airssys-lint]` (or `[package.metadata.airssys-lint]`) in the root's
//! `Cargo.toml`; the same two at the nearest workspace root above the scanned root. The
//! shape is the same everywhere:
//!
//! ```toml
//! ignore = ["tests/fixtures/**", "*.generated.rs"]
//!
//! [rules]
//! manual-func-wrap = "error"
//! unversioned-wit-package = "warn"
//! ```
//!
//! Globs are relative to the directory of the file that holds them; a glob without `/`
//! matches a file name at any depth (as in `.gitignore`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::diag::Level;

/// A configured rule level. `Allow` drops the rule's findings (and skips the rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleLevel {
    Allow,
    Note,
    Warn,
    Error,
}

impl RuleLevel {
    pub fn parse(s: &str) -> Option<RuleLevel> {
        Some(match s {
            "allow" => RuleLevel::Allow,
            "note" => RuleLevel::Note,
            "warn" | "warning" => RuleLevel::Warn,
            "error" | "deny" => RuleLevel::Error,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RuleLevel::Allow => "allow",
            RuleLevel::Note => "note",
            RuleLevel::Warn => "warn",
            RuleLevel::Error => "error",
        }
    }

    /// The diagnostic level findings get, `None` when allowed.
    pub fn diag_level(self) -> Option<Level> {
        match self {
            RuleLevel::Allow => None,
            RuleLevel::Note => Some(Level::Note),
            RuleLevel::Warn => Some(Level::Warning),
            RuleLevel::Error => Some(Level::Error),
        }
    }

    /// SARIF `defaultConfiguration.level`.
    pub fn sarif(self) -> &'static str {
        match self {
            RuleLevel::Allow => "none",
            RuleLevel::Note => "note",
            RuleLevel::Warn => "warning",
            RuleLevel::Error => "error",
        }
    }
}

/// Problems with a configuration file; the binary exits with code 2.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid config `{path}`: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// Validated configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where it came from (`None`: defaults).
    pub source: Option<PathBuf>,
    /// Per-rule overrides.
    pub levels: BTreeMap<String, RuleLevel>,
    /// Directory the ignore globs are relative to.
    pub base: PathBuf,
    pub ignore_patterns: Vec<String>,
    ignore: Option<GlobSet>,
}

impl Config {
    /// Defaults: every rule at its default level, nothing ignored.
    pub fn defaults(base: &Path) -> Config {
        Config {
            base: base.to_path_buf(),
            ..Config::default()
        }
    }

    /// The level of `rule`, given its default.
    pub fn level(&self, rule: &str, default: RuleLevel) -> RuleLevel {
        self.levels.get(rule).copied().unwrap_or(default)
    }

    /// Whether a path (absolute, or relative to the cwd) matches an ignore glob.
    pub fn is_ignored(&self, path: &Path) -> bool {
        let Some(set) = &self.ignore else {
            return false;
        };
        let rel = path
            .strip_prefix(&self.base)
            .or_else(|_| path.strip_prefix("./"))
            .unwrap_or(path);
        set.is_match(rel)
    }

    /// Loads an explicit `--config FILE` (an `airssys-lint.toml`, or a `Cargo.toml` with
    /// metadata).
    pub fn load_file(path: &Path, known_rules: &[&str]) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let base = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let is_manifest = path.file_name().is_some_and(|n| n == "Cargo.toml");
        let parsed = if is_manifest {
            Self::from_manifest_text(&text, path, &base, known_rules)?
        } else {
            Some(Self::from_text(&text, path, &base, known_rules)?)
        };
        Ok(parsed.unwrap_or_else(|| {
            let mut c = Config::defaults(&base);
            c.source = Some(path.to_path_buf());
            c
        }))
    }

    /// Finds the configuration for a scanned root: in the root's directory, or else in the
    /// nearest parent that is a workspace root (a `Cargo.toml` with `[workspace]`, so that
    /// linting `crates/host` uses the workspace's): an `airssys-lint.toml`, else the
    /// metadata table of its `Cargo.toml`; else defaults. Other parents are not looked at,
    /// so a fixture tree inside a repository keeps its own configuration.
    pub fn discover(root: &Path, known_rules: &[&str]) -> Result<Config, ConfigError> {
        let start = if root.is_dir() {
            root
        } else {
            root.parent().unwrap_or(Path::new("."))
        };
        for dir in start.ancestors() {
            let manifest = dir.join("Cargo.toml");
            // An unreadable manifest is reported by the linter itself; here it just means
            // "no configuration".
            let text = std::fs::read_to_string(&manifest).ok();
            let workspace_root = text
                .as_deref()
                .and_then(|t| t.parse::<toml::Table>().ok())
                .is_some_and(|t| t.contains_key("workspace"));
            if dir != start && !workspace_root {
                continue;
            }
            let file = dir.join("airssys-lint.toml");
            if file.is_file() {
                return Self::load_file(&file, known_rules);
            }
            if let Some(text) = &text
                && let Some(c) = Self::from_manifest_text(text, &manifest, dir, known_rules)?
            {
                return Ok(c);
            }
            if workspace_root {
                break;
            }
        }
        Ok(Config::defaults(start))
    }

    fn from_manifest_text(
        text: &str,
        path: &Path,
        base: &Path,
        known_rules: &[&str],
    ) -> Result<Option<Config>, ConfigError> {
        let Ok(value) = text.parse::<toml::Table>() else {
            return Ok(None);
        };
        for section in ["workspace", "package"] {
            let table = value
                .get(section)
                .and_then(|v| v.get("metadata"))
                .and_then(|v| v.get("airssys-lint"));
            if let Some(t) = table {
                let Some(t) = t.as_table() else {
                    return Err(invalid(
                        path,
                        format!("`{section}.metadata.airssys-lint` must be a table"),
                    ));
                };
                return Self::from_table(t, path, base, known_rules).map(Some);
            }
        }
        Ok(None)
    }

    fn from_text(
        text: &str,
        path: &Path,
        base: &Path,
        known_rules: &[&str],
    ) -> Result<Config, ConfigError> {
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| invalid(path, e.message().to_string()))?;
        Self::from_table(&table, path, base, known_rules)
    }

    fn from_table(
        table: &toml::Table,
        path: &Path,
        base: &Path,
        known_rules: &[&str],
    ) -> Result<Config, ConfigError> {
        let mut config = Config::defaults(base);
        config.source = Some(path.to_path_buf());
        for (key, value) in table {
            match key.as_str() {
                "rules" => {
                    let Some(rules) = value.as_table() else {
                        return Err(invalid(
                            path,
                            "`rules` must be a table of `rule-id = \"allow|warn|error\"`",
                        ));
                    };
                    for (rule, level) in rules {
                        if !known_rules.contains(&rule.as_str()) {
                            return Err(invalid(
                                path,
                                format!(
                                    "unknown rule `{rule}` in `[rules]`; `airssys-lint --list-rules` lists them"
                                ),
                            ));
                        }
                        let level = level.as_str().and_then(RuleLevel::parse).ok_or_else(|| {
                            invalid(
                                path,
                                format!("level of `{rule}` must be one of \"allow\", \"note\", \"warn\", \"error\""),
                            )
                        })?;
                        config.levels.insert(rule.clone(), level);
                    }
                }
                "ignore" => {
                    let Some(list) = value.as_array() else {
                        return Err(invalid(path, "`ignore` must be an array of glob strings"));
                    };
                    for item in list {
                        let Some(glob) = item.as_str() else {
                            return Err(invalid(path, "`ignore` must be an array of glob strings"));
                        };
                        config.ignore_patterns.push(glob.to_string());
                    }
                }
                other => {
                    return Err(invalid(
                        path,
                        format!("unknown key `{other}`; expected `rules` or `ignore`"),
                    ));
                }
            }
        }
        config.build_globs(path)?;
        Ok(config)
    }

    fn build_globs(&mut self, path: &Path) -> Result<(), ConfigError> {
        if self.ignore_patterns.is_empty() {
            return Ok(());
        }
        let mut builder = GlobSetBuilder::new();
        for pattern in &self.ignore_patterns {
            let p = pattern.trim_start_matches("./");
            let p = if p.contains('/') {
                p.trim_start_matches('/').to_string()
            } else {
                format!("**/{p}")
            };
            let glob = GlobBuilder::new(&p)
                .literal_separator(true)
                .build()
                .map_err(|e| invalid(path, format!("bad ignore glob `{pattern}`: {e}")))?;
            builder.add(glob);
            // `dir/**` should also match `dir` itself so the walker can prune it.
            if let Some(dir) = p.strip_suffix("/**")
                && let Ok(g) = GlobBuilder::new(dir).literal_separator(true).build()
            {
                builder.add(g);
            }
        }
        self.ignore = Some(
            builder
                .build()
                .map_err(|e| invalid(path, format!("bad ignore globs: {e}")))?,
        );
        Ok(())
    }
}

fn invalid(path: &Path, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &[&str] = &["manual-func-wrap", "wit-drift"];

    #[test]
    fn parses_levels_and_globs() {
        let c = Config::from_text(
            "ignore = [\"gen/**\", \"*.g.rs\"]\n[rules]\nmanual-func-wrap = \"error\"\n",
            Path::new("airssys-lint.toml"),
            Path::new("/r"),
            RULES,
        )
        .unwrap();
        assert_eq!(
            c.level("manual-func-wrap", RuleLevel::Warn),
            RuleLevel::Error
        );
        assert!(c.is_ignored(Path::new("/r/gen/x.rs")));
        assert!(c.is_ignored(Path::new("/r/gen")));
        assert!(c.is_ignored(Path::new("/r/a/b/c.g.rs")));
        assert!(!c.is_ignored(Path::new("/r/src/gen.rs")));
    }

    #[test]
    fn rejects_unknown_rules_and_levels() {
        let err = |t: &str| {
            Config::from_text(t, Path::new("c.toml"), Path::new("."), RULES)
                .unwrap_err()
                .to_string()
        };
        assert!(err("[rules]\nnope = \"warn\"").contains("unknown rule `nope`"));
        assert!(err("[rules]\nmanual-func-wrap = \"loud\"").contains("must be one of"));
        assert!(err("colour = 1").contains("unknown key"));
    }
}
