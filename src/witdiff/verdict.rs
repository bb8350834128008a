//! The semver verdict: the smallest version bump a set of changes requires, and whether the
//! `@version` of the new package makes it.
//!
//! wasmtime links an import to an export across semver-compatible versions (`a:b/c@0.2.0`
//! finds `a:b/c@0.2.3`), so "compatible" has to mean "links": a change that breaks linking for
//! old guests or old hosts (anything [`Class::Breaking`], and additions nobody old links
//! against, such as a new enum case) needs an incompatible bump; an addition old binaries
//! still link with needs a compatible one. With cargo's reading of semver, the leftmost
//! non-zero part is the compatibility track: 1.4.2 -> 2.0.0 and 0.4.2 -> 0.5.0 are
//! incompatible bumps, 1.4.2 -> 1.5.0 and 0.4.2 -> 0.4.3 compatible ones (a new API in 1.x
//! takes a minor bump, as semver says; in 0.x a patch).
//!
//! A change to an item gated by `@unstable` never needs more than a compatible bump: unstable
//! items make no promise.

use semver::Version;

use crate::drift::{Change, Class, Compat};

/// What the changes need of the version, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Need {
    /// No change: any version not lower than the old one.
    Nothing,
    /// Additions old binaries still link with: a semver-compatible increase.
    Compatible,
    /// Changes that break old guests or old hosts: a semver-incompatible increase.
    Incompatible,
}

/// What one change needs.
pub fn need_of(change: &Change, unstable: bool) -> Need {
    let breaks_linking = change.class == Class::Breaking || change.compat == Compat::NONE;
    if breaks_linking && !unstable {
        Need::Incompatible
    } else {
        Need::Compatible
    }
}

/// The verdict on the versions.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Verdict {
    pub need: Need,
    /// `major`, `minor` or `patch`: the smallest bump from the old version that satisfies
    /// `need` (none when nothing is needed or the old package has no version).
    pub smallest_bump: Option<&'static str>,
    /// The version that bump leads to.
    pub suggested: Option<String>,
    /// Whether the new version satisfies `need`.
    pub ok: bool,
    /// One sentence: what was found.
    pub message: String,
}

/// Judges the bump from `old` to `new` (each the package's `@version`, if any) for `need`.
pub fn judge(old: Option<&Version>, new: Option<&Version>, need: Need) -> Verdict {
    let (smallest_bump, suggested) = match (old, need) {
        (Some(v), Need::Compatible | Need::Incompatible) => {
            let (name, next) = bump(v, need);
            (Some(name), Some(next.to_string()))
        }
        _ => (None, None),
    };
    let verdict = |ok: bool, message: String| Verdict {
        need,
        smallest_bump,
        suggested: suggested.clone(),
        ok,
        message,
    };
    let (old, new) = match (old, new) {
        (Some(o), Some(n)) => (o, n),
        (None, None) if need == Need::Incompatible => {
            return verdict(
                false,
                "the package has no `@version` on either side, and the changes are breaking: give it one".into(),
            );
        }
        (None, None) => {
            return verdict(
                true,
                "the package has no `@version`; the changes are compatible".into(),
            );
        }
        // Adding or dropping the version renames every interface: the diff reports it as
        // breaking, so `need` is already incompatible.
        (Some(o), None) => {
            return verdict(
                need < Need::Incompatible,
                format!("the new package drops its `@version` ({o})"),
            );
        }
        (None, Some(n)) => {
            return verdict(
                need < Need::Incompatible,
                format!("the old package has no `@version`; the new one is {n}"),
            );
        }
    };
    if new < old {
        return verdict(false, format!("the version goes backwards: {old} -> {new}"));
    }
    let needed = match need {
        Need::Nothing => "no bump",
        Need::Compatible => "a compatible bump",
        Need::Incompatible => "an incompatible bump",
    };
    // Pre-releases make no compatibility promise: any increase will do.
    if !old.pre.is_empty() || !new.pre.is_empty() {
        let ok = need == Need::Nothing || new > old;
        return verdict(
            ok,
            format!(
                "{old} -> {new}: the changes need {needed}; a pre-release version promises no compatibility, so {}",
                if ok {
                    "any increase does"
                } else {
                    "the version must increase"
                }
            ),
        );
    }
    let got = if track(old) != track(new) {
        Need::Incompatible
    } else if new.major >= 1 && new.minor == old.minor {
        // A patch release of 1.x promises no new API.
        Need::Nothing
    } else if new > old {
        Need::Compatible
    } else {
        Need::Nothing
    };
    let ok = got >= need;
    let message = match (ok, smallest_bump, &suggested) {
        (true, _, _) => format!("{old} -> {new}: the changes need {needed}, and it is one"),
        (false, Some(name), Some(next)) => format!(
            "{old} -> {new} is too small: the changes need {needed} (a {name} bump, e.g. {next})"
        ),
        (false, _, _) => format!("{old} -> {new} is too small: the changes need {needed}"),
    };
    verdict(ok, message)
}

/// The compatibility track: the leftmost non-zero part (and everything left of it).
fn track(v: &Version) -> (u64, u64, u64) {
    match (v.major, v.minor) {
        (0, 0) => (0, 0, v.patch),
        (0, minor) => (0, minor, 0),
        (major, _) => (major, 0, 0),
    }
}

/// The smallest bump of `v` that `need` takes, and the version it leads to.
fn bump(v: &Version, need: Need) -> (&'static str, Version) {
    let v = Version::new(v.major, v.minor, v.patch);
    match (need, v.major, v.minor) {
        (Need::Incompatible, 0, 0) | (Need::Compatible, 0, _) => {
            ("patch", Version::new(0, v.minor, v.patch + 1))
        }
        (Need::Incompatible, 0, _) => ("minor", Version::new(0, v.minor + 1, 0)),
        (Need::Incompatible, _, _) => ("major", Version::new(v.major + 1, 0, 0)),
        (Need::Compatible, _, _) => ("minor", Version::new(v.major, v.minor + 1, 0)),
        (Need::Nothing, _, _) => ("patch", v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    fn ok(old: &str, new: &str, need: Need) -> bool {
        judge(Some(&v(old)), Some(&v(new)), need).ok
    }

    #[test]
    fn the_zero_x_rule_and_the_one_x_rule() {
        // 0.x: breaking bumps the minor, additive the patch.
        assert!(ok("0.2.0", "0.3.0", Need::Incompatible));
        assert!(!ok("0.2.0", "0.2.5", Need::Incompatible));
        assert!(ok("0.2.0", "0.2.1", Need::Compatible));
        assert!(!ok("0.2.0", "0.2.0", Need::Compatible));
        // 1.x: breaking bumps the major, additive the minor.
        assert!(ok("1.4.2", "2.0.0", Need::Incompatible));
        assert!(!ok("1.4.2", "1.9.0", Need::Incompatible));
        assert!(ok("1.4.2", "1.5.0", Need::Compatible));
        assert!(!ok("1.4.2", "1.4.3", Need::Compatible));
        // 0.0.x: every release is its own track.
        assert!(ok("0.0.3", "0.0.4", Need::Incompatible));
        // Nothing changed: the same version is fine, going back is not.
        assert!(ok("0.2.0", "0.2.0", Need::Nothing));
        assert!(!ok("0.2.1", "0.2.0", Need::Nothing));
    }

    #[test]
    fn the_smallest_bump_is_named_with_the_version_it_leads_to() {
        let verdict = judge(Some(&v("0.2.3")), Some(&v("0.2.4")), Need::Incompatible);
        assert!(!verdict.ok);
        assert_eq!(verdict.smallest_bump, Some("minor"));
        assert_eq!(verdict.suggested.as_deref(), Some("0.3.0"));
        assert!(
            verdict.message.contains("0.2.3 -> 0.2.4 is too small"),
            "{}",
            verdict.message
        );
        let verdict = judge(Some(&v("1.2.3")), Some(&v("1.2.3")), Need::Compatible);
        assert_eq!(
            (verdict.smallest_bump, verdict.suggested.as_deref()),
            (Some("minor"), Some("1.3.0"))
        );
    }

    #[test]
    fn missing_versions_and_pre_releases() {
        assert!(!judge(None, None, Need::Incompatible).ok);
        assert!(judge(None, None, Need::Compatible).ok);
        // A pre-release promises nothing: any increase, even for breaking changes.
        assert!(ok("0.2.0-rc.1", "0.2.0-rc.2", Need::Incompatible));
        assert!(!ok("0.2.0-rc.1", "0.2.0-rc.1", Need::Compatible));
    }
}
