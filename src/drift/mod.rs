//! Semantic diff of two WIT packages (with their dependencies), or of two worlds.
//!
//! The two sides live in different [`Resolve`]s, so arena ids mean nothing across them: every
//! item is matched by name (interfaces by `ns:pkg/name` without the version, types and
//! functions by their WIT name, world items by their key) and type references are compared by
//! a canonical rendering in which named types are their qualified name and anonymous types
//! (`list<T>`, `option<T>`, handles, tuples, ...) are their structure. Aliases and `use`s are
//! transparent in references, and compared where they are declared.
//!
//! # Classification
//!
//! Every [`Change`] has a [`Class`] (breaking or additive; cosmetic differences — comments,
//! docs, formatting, declaration order, which file an item lives in — produce no change at
//! all) and a [`Compat`]: which mixed pairs of binaries still work. "Old" is the first
//! argument of [`diff`], "new" the second; a guest is built with `wit_bindgen::generate!`, a
//! host with `wasmtime::component::bindgen!`.
//!
//! - Values crossing the boundary must have exactly the same type. wasmtime type-checks each
//!   record field, variant case, enum case and flag by name, count and position when it links
//!   a component (`typecheck_record` / `_variant` / `_enum` / `_flags` in wasmtime 48's
//!   `component/func/typed.rs`), and the canonical ABI encodes cases by index and flags by
//!   bit. So a changed, added, removed, renamed or reordered field, case, flag or parameter,
//!   and a changed result, break old guests and old hosts alike.
//!
//!   That includes a **new variant or enum case, or a new flag**, although it reads as an
//!   addition: neither an old guest nor an old host links against the new type, and even if
//!   the check were relaxed, an old reader could not decode the new discriminant or bit. It
//!   is reported as additive (the WIT only grew) but with no side allowed to stay old.
//! - Instances are different: an instance may have more exports than its user needs. A new
//!   function (or resource, method, constructor, static function) in an **imported**
//!   interface is provided by new hosts and never asked for by old guests — safe for old
//!   guests; new guests need a new host. In an **exported** interface new guests provide it
//!   and old hosts never look it up — safe for old hosts; new hosts need new guests. An
//!   interface that some world imports and another exports gets both constraints, so no side
//!   may stay old. An interface no world uses affects no binary.
//! - Removals mirror additions: a removed import function breaks old guests that call it but
//!   not old hosts; a removed export breaks old hosts that call it but not old guests.
//! - New non-resource types, interfaces, worlds and dependency packages change no binary until
//!   something uses them (and the use is reported on its own). Removing them breaks source
//!   that names them (`with:` keys, `use` paths), so removals are breaking, binaries aside.
//! - Package versions: wasmtime matches import and export names across semver-compatible
//!   versions (`a:b/c@0.2.0` finds `a:b/c@0.2.3`; `NameMap` in wasmtime-environ), so a
//!   compatible bump is additive and safe both ways; an incompatible one, or adding or
//!   dropping the version, renames every interface and is breaking.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use wit_parser::{
    Function, Handle, InterfaceId, PackageId, Resolve, Span, Type, TypeDefKind, TypeId, TypeOwner,
    WorldId, WorldItem, WorldKey,
};

use crate::wit::WitPackage;

mod compare;
pub mod component;
mod naming;
mod side;

use compare::Differ;
pub(crate) use naming::func_path;
use naming::*;
use side::{Elem, Side};

/// Whether a change is breaking or additive. Cosmetic differences are never reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Something was removed, renamed or changed.
    Breaking,
    /// Something was added.
    Additive,
}

/// Which mixed pairs of binaries still work after the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Compat {
    /// Guests built from the old WIT still run on hosts built from the new WIT.
    pub old_guests: bool,
    /// Hosts built from the old WIT still run guests built from the new WIT.
    pub old_hosts: bool,
}

impl Compat {
    pub const NONE: Compat = Compat {
        old_guests: false,
        old_hosts: false,
    };
    pub const ALL: Compat = Compat {
        old_guests: true,
        old_hosts: true,
    };
    pub const OLD_GUESTS: Compat = Compat {
        old_guests: true,
        old_hosts: false,
    };
    pub const OLD_HOSTS: Compat = Compat {
        old_guests: false,
        old_hosts: true,
    };
}

/// A location in one of the two copies.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// The file, as the package was loaded (relative if the package path was relative).
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in bytes.
    pub column: usize,
    /// Byte range within the file.
    pub range: Range<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// One semantic difference.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    pub class: Class,
    pub compat: Compat,
    /// The item, e.g. `airssys:core/storage.transaction.commit` or
    /// `airssys:core/runtime-host.import.airssys:core/storage`.
    pub path: String,
    /// Lowercase, identifiers in backticks, no trailing period.
    pub message: String,
    /// Where the item (or its container, if the item is new) is in the old copy.
    pub old: Option<Location>,
    /// Where the item (or its container, if the item was removed) is in the new copy.
    pub new: Option<Location>,
}

impl Change {
    /// `breaking`, `additive, safe for old guests`, ...
    pub fn label(&self) -> &'static str {
        let Compat {
            old_guests,
            old_hosts,
        } = self.compat;
        match (self.class, old_guests, old_hosts) {
            (Class::Additive, true, true) => "additive",
            (Class::Additive, true, false) => "additive, safe for old guests",
            (Class::Additive, false, true) => "additive, safe for old hosts",
            (Class::Additive, false, false) => {
                "additive, but neither old guests nor old hosts link"
            }
            (Class::Breaking, false, false) => "breaking",
            (Class::Breaking, true, false) => "breaking for old hosts",
            (Class::Breaking, false, true) => "breaking for old guests",
            (Class::Breaking, true, true) => "breaking for source, built binaries unaffected",
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.path, self.message, self.label())
    }
}

/// Differences from package `old` to package `new`, dependencies included.
pub fn diff(old: &WitPackage, new: &WitPackage) -> Vec<Change> {
    diff_packages(&old.resolve, old.package, &new.resolve, new.package)
}

/// Differences from the package `old_pkg` of `old` to `new_pkg` of `new`, and between every
/// other package the two resolves hold (their dependencies), matched by `ns:name`.
pub fn diff_packages(
    old: &Resolve,
    old_pkg: PackageId,
    new: &Resolve,
    new_pkg: PackageId,
) -> Vec<Change> {
    let mut d = Differ::new(old, new, true);
    d.roles_from_package_worlds(old_pkg, new_pkg);
    d.packages(old_pkg, new_pkg);
    d.finish()
}

/// Differences from world `old_world` to `new_world`: their imports and exports, descending
/// into every interface they use. For checking a built component (old: the component's own
/// world) against a host world (new).
pub fn diff_worlds(
    old: &Resolve,
    old_world: WorldId,
    new: &Resolve,
    new_world: WorldId,
) -> Vec<Change> {
    diff_worlds_with(old, old_world, new, new_world, Wording::Versions)
}

pub(crate) fn diff_worlds_with(
    old: &Resolve,
    old_world: WorldId,
    new: &Resolve,
    new_world: WorldId,
    wording: Wording,
) -> Vec<Change> {
    let mut d = Differ::new(old, new, false);
    d.wording = wording;
    d.roles_from_world(Which::Old, old_world);
    d.roles_from_world(Which::New, new_world);
    let path = d.new.world_name(new_world);
    d.world(old_world, new_world, &path, true);
    d.finish()
}

/// `ns:name` of a package, without the version.
fn package_key(resolve: &Resolve, pkg: PackageId) -> String {
    let name = &resolve.packages[pkg].name;
    format!("{}:{}", name.namespace, name.name)
}

#[derive(Clone, Copy)]
enum Which {
    Old,
    New,
}

/// How additions and removals are phrased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wording {
    /// Two versions of a package: "added to", "removed from".
    Versions,
    /// A built component (old) against a host world (new).
    Component,
}
