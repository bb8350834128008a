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
    Function, FunctionKind, Handle, InterfaceId, PackageId, Resolve, Span, Type, TypeDefKind,
    TypeId, TypeOwner, WorldId, WorldItem, WorldKey,
};

use crate::wit::WitPackage;

pub mod component;

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

/// One side of the comparison, with qualified names precomputed.
struct Side<'a> {
    r: &'a Resolve,
    /// Interface id -> `ns:pkg/name`, or `ns:pkg/world.import.key` for inline interfaces.
    iface_names: HashMap<InterfaceId, String>,
}

impl<'a> Side<'a> {
    fn new(r: &'a Resolve) -> Self {
        let mut iface_names = HashMap::new();
        for (id, iface) in r.interfaces.iter() {
            if let (Some(name), Some(pkg)) = (&iface.name, iface.package) {
                iface_names.insert(id, format!("{}/{}", package_key(r, pkg), name));
            }
        }
        for (wid, world) in r.worlds.iter() {
            let wname = Side::world_name_in(r, wid);
            for (dir, items) in [("import", &world.imports), ("export", &world.exports)] {
                for (key, item) in items {
                    if let (WorldKey::Name(k), WorldItem::Interface { id, .. }) = (key, item) {
                        iface_names
                            .entry(*id)
                            .or_insert_with(|| format!("{wname}.{dir}.{k}"));
                    }
                }
            }
        }
        Side { r, iface_names }
    }

    fn world_name_in(r: &Resolve, w: WorldId) -> String {
        let world = &r.worlds[w];
        match world.package {
            Some(p) => format!("{}/{}", package_key(r, p), world.name),
            None => world.name.clone(),
        }
    }

    fn world_name(&self, w: WorldId) -> String {
        Side::world_name_in(self.r, w)
    }

    fn iface_name(&self, id: InterfaceId) -> String {
        self.iface_names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("<interface {}>", id.index()))
    }

    fn owner_name(&self, owner: TypeOwner) -> String {
        match owner {
            TypeOwner::Interface(i) => self.iface_name(i),
            TypeOwner::World(w) => self.world_name(w),
            TypeOwner::None => String::new(),
        }
    }

    fn key_name(&self, key: &WorldKey) -> String {
        match key {
            WorldKey::Name(n) => n.clone(),
            WorldKey::Interface(i) => self.iface_name(*i),
        }
    }

    fn loc(&self, span: Span) -> Option<Location> {
        if !span.is_known() {
            return None;
        }
        let at = self.r.source_map.resolve_span(span)?;
        // `render_location` is `path:line:col`; the path itself may contain colons.
        let rendered = self.r.render_location(span);
        let mut parts = rendered.rsplitn(3, ':');
        let column = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        Some(Location {
            file: PathBuf::from(at.path),
            line,
            column,
            range: at.range,
        })
    }

    /// Canonical form of a type reference: equal strings iff the same type.
    fn canon(&self, ty: &Type) -> String {
        match ty {
            Type::Id(id) => self.canon_id(*id),
            prim => prim_name(prim).to_string(),
        }
    }

    fn canon_id(&self, id: TypeId) -> String {
        let def = &self.r.types[id];
        if let TypeDefKind::Type(t) = &def.kind {
            return self.canon(t);
        }
        if let Some(name) = &def.name {
            return format!("{}.{}", self.owner_name(def.owner), name);
        }
        self.canon_kind(&def.kind)
    }

    /// What an alias or `use` refers to: a named target by its own qualified name (its
    /// changes are reported where it is declared), anything else by its structure.
    fn alias_target(&self, ty: &Type) -> String {
        if let Type::Id(id) = ty {
            let def = &self.r.types[*id];
            if let Some(name) = &def.name {
                return format!("{}.{}", self.owner_name(def.owner), name);
            }
        }
        self.canon(ty)
    }

    /// Structure of an anonymous (or compared-in-place) type definition.
    fn canon_kind(&self, kind: &TypeDefKind) -> String {
        let opt = |t: &Option<Type>| t.as_ref().map_or("_".to_string(), |t| self.canon(t));
        match kind {
            TypeDefKind::Type(t) => self.canon(t),
            TypeDefKind::Handle(Handle::Own(r)) => format!("own<{}>", self.canon_id(*r)),
            TypeDefKind::Handle(Handle::Borrow(r)) => format!("borrow<{}>", self.canon_id(*r)),
            TypeDefKind::Option(t) => format!("option<{}>", self.canon(t)),
            TypeDefKind::Result(r) => format!("result<{}, {}>", opt(&r.ok), opt(&r.err)),
            TypeDefKind::List(t) => format!("list<{}>", self.canon(t)),
            TypeDefKind::FixedLengthList(t, n) => format!("list<{}, {n}>", self.canon(t)),
            TypeDefKind::Map(k, v) => format!("map<{}, {}>", self.canon(k), self.canon(v)),
            TypeDefKind::Future(t) => format!("future<{}>", opt(t)),
            TypeDefKind::Stream(t) => format!("stream<{}>", opt(t)),
            TypeDefKind::Tuple(t) => format!(
                "tuple<{}>",
                t.types
                    .iter()
                    .map(|t| self.canon(t))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            TypeDefKind::Record(r) => format!(
                "record {{ {} }}",
                r.fields
                    .iter()
                    .map(|f| format!("{}: {}", f.name, self.canon(&f.ty)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            TypeDefKind::Variant(v) => format!(
                "variant {{ {} }}",
                v.cases
                    .iter()
                    .map(|c| format!("{}({})", c.name, opt(&c.ty)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            TypeDefKind::Enum(e) => format!(
                "enum {{ {} }}",
                e.cases
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            TypeDefKind::Flags(f) => format!(
                "flags {{ {} }}",
                f.flags
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            TypeDefKind::Resource => "resource".to_string(),
            TypeDefKind::Unknown => "unknown".to_string(),
        }
    }

    /// A type as WIT spells it, for messages: named types by their name.
    fn show(&self, ty: &Type) -> String {
        match ty {
            Type::Id(id) => self.show_id(*id),
            prim => prim_name(prim).to_string(),
        }
    }

    fn show_id(&self, id: TypeId) -> String {
        let def = &self.r.types[id];
        if let Some(name) = &def.name {
            return name.clone();
        }
        let opt = |t: &Option<Type>| t.as_ref().map_or("_".to_string(), |t| self.show(t));
        match &def.kind {
            TypeDefKind::Type(t) => self.show(t),
            TypeDefKind::Handle(Handle::Own(r)) => self.show_id(*r),
            TypeDefKind::Handle(Handle::Borrow(r)) => format!("borrow<{}>", self.show_id(*r)),
            TypeDefKind::Option(t) => format!("option<{}>", self.show(t)),
            TypeDefKind::Result(r) => match (&r.ok, &r.err) {
                (None, None) => "result".to_string(),
                (Some(ok), None) => format!("result<{}>", self.show(ok)),
                (ok, Some(err)) => format!("result<{}, {}>", opt(ok), self.show(err)),
            },
            TypeDefKind::List(t) => format!("list<{}>", self.show(t)),
            TypeDefKind::FixedLengthList(t, n) => format!("list<{}, {n}>", self.show(t)),
            TypeDefKind::Map(k, v) => format!("map<{}, {}>", self.show(k), self.show(v)),
            TypeDefKind::Future(t) => match t {
                Some(t) => format!("future<{}>", self.show(t)),
                None => "future".to_string(),
            },
            TypeDefKind::Stream(t) => match t {
                Some(t) => format!("stream<{}>", self.show(t)),
                None => "stream".to_string(),
            },
            TypeDefKind::Tuple(t) => format!(
                "tuple<{}>",
                t.types
                    .iter()
                    .map(|t| self.show(t))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            other => self.canon_kind(other),
        }
    }

    /// What a named type definition is, for messages.
    fn describe_def(&self, id: TypeId) -> String {
        let def = &self.r.types[id];
        match &def.kind {
            TypeDefKind::Type(Type::Id(target)) if self.is_use(id) => {
                let t = &self.r.types[*target];
                format!(
                    "`use` of `{}.{}`",
                    self.owner_name(t.owner),
                    t.name.as_deref().unwrap_or("?")
                )
            }
            TypeDefKind::Type(t) => format!("type alias of `{}`", self.show(t)),
            other => other.as_str().to_string(),
        }
    }

    /// A type alias whose target is a named type declared in another interface or world.
    fn is_use(&self, id: TypeId) -> bool {
        let def = &self.r.types[id];
        match &def.kind {
            TypeDefKind::Type(Type::Id(target)) => {
                let t = &self.r.types[*target];
                t.name.is_some() && t.owner != def.owner
            }
            _ => false,
        }
    }

    fn is_resource(&self, id: TypeId) -> bool {
        let mut id = id;
        loop {
            match &self.r.types[id].kind {
                TypeDefKind::Resource => return true,
                TypeDefKind::Type(Type::Id(t)) => id = *t,
                _ => return false,
            }
        }
    }
}

fn prim_name(ty: &Type) -> &'static str {
    match ty {
        Type::Bool => "bool",
        Type::U8 => "u8",
        Type::U16 => "u16",
        Type::U32 => "u32",
        Type::U64 => "u64",
        Type::S8 => "s8",
        Type::S16 => "s16",
        Type::S32 => "s32",
        Type::S64 => "s64",
        Type::F32 => "f32",
        Type::F64 => "f64",
        Type::Char => "char",
        Type::String => "string",
        Type::ErrorContext => "error-context",
        Type::Id(_) => "<type>",
    }
}

/// How the worlds use an interface.
#[derive(Debug, Default, Clone, Copy)]
struct Role {
    imported: bool,
    exported: bool,
}

impl Role {
    /// Compatibility of adding an instance member (function, resource) to such an interface.
    fn added(self) -> Compat {
        match (self.imported, self.exported) {
            (false, false) => Compat::ALL,
            (true, false) => Compat::OLD_GUESTS,
            (false, true) => Compat::OLD_HOSTS,
            (true, true) => Compat::NONE,
        }
    }

    /// Compatibility of removing one: the mirror image of adding it.
    fn removed(self) -> Compat {
        match (self.imported, self.exported) {
            (false, false) => Compat::ALL,
            (true, false) => Compat::OLD_HOSTS,
            (false, true) => Compat::OLD_GUESTS,
            (true, true) => Compat::NONE,
        }
    }
}

/// An element of an ordered, named list: a field, case, flag or parameter.
struct Elem {
    name: String,
    /// Canonical type, `None` for enum cases, flags and payload-less variant cases.
    canon: Option<String>,
    show: Option<String>,
    span: Span,
}

/// How additions and removals are phrased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wording {
    /// Two versions of a package: "added to", "removed from".
    Versions,
    /// A built component (old) against a host world (new).
    Component,
}

struct Differ<'a> {
    wording: Wording,
    old: Side<'a>,
    new: Side<'a>,
    /// Qualified interface name -> how worlds use it (union of both sides).
    roles: HashMap<String, Role>,
    /// In package mode interfaces are diffed once, from their package; world items only
    /// compare keys. In world mode world items descend into their interfaces.
    package_mode: bool,
    out: Vec<Change>,
}

impl<'a> Differ<'a> {
    fn new(old: &'a Resolve, new: &'a Resolve, package_mode: bool) -> Self {
        Differ {
            wording: Wording::Versions,
            old: Side::new(old),
            new: Side::new(new),
            roles: HashMap::new(),
            package_mode,
            out: Vec::new(),
        }
    }

    fn side(&self, which: Which) -> &Side<'a> {
        match which {
            Which::Old => &self.old,
            Which::New => &self.new,
        }
    }

    fn roles_from_world(&mut self, which: Which, w: WorldId) {
        let side = self.side(which);
        let world = &side.r.worlds[w];
        let mut found = Vec::new();
        for (items, imported) in [(&world.imports, true), (&world.exports, false)] {
            for item in items.values() {
                if let WorldItem::Interface { id, .. } = item {
                    found.push((side.iface_name(*id), imported));
                }
            }
        }
        for (name, imported) in found {
            let role = self.roles.entry(name).or_default();
            if imported {
                role.imported = true;
            } else {
                role.exported = true;
            }
        }
    }

    fn roles_from_package_worlds(&mut self, old_pkg: PackageId, new_pkg: PackageId) {
        let old: Vec<WorldId> = self.old.r.packages[old_pkg]
            .worlds
            .values()
            .copied()
            .collect();
        let new: Vec<WorldId> = self.new.r.packages[new_pkg]
            .worlds
            .values()
            .copied()
            .collect();
        for w in old {
            self.roles_from_world(Which::Old, w);
        }
        for w in new {
            self.roles_from_world(Which::New, w);
        }
    }

    /// "`what` added to `container`" (only on the new side) or "removed from" (only on the
    /// old side), in this differ's wording.
    fn presence(&self, added: bool, what: &str, container: &str) -> String {
        match (self.wording, added) {
            (Wording::Versions, true) => format!("{what} added to {container}"),
            (Wording::Versions, false) => format!("{what} removed from {container}"),
            (Wording::Component, true) => {
                format!("{what} of {container} is in the host world, not in the component")
            }
            (Wording::Component, false) => {
                format!("{what} of {container} is in the component, not in the host world")
            }
        }
    }

    fn role(&self, iface: &str) -> Role {
        self.roles.get(iface).copied().unwrap_or_default()
    }

    fn push(
        &mut self,
        class: Class,
        compat: Compat,
        path: &str,
        message: String,
        old: Option<Span>,
        new: Option<Span>,
    ) {
        let old = old.and_then(|s| self.old.loc(s));
        let new = new.and_then(|s| self.new.loc(s));
        self.out.push(Change {
            class,
            compat,
            path: path.to_string(),
            message,
            old,
            new,
        });
    }

    fn finish(mut self) -> Vec<Change> {
        // Stable: changes of one item stay in the order they were found.
        self.out.sort_by(|a, b| a.path.cmp(&b.path));
        self.out
    }

    // ---- packages ----------------------------------------------------------------------

    fn packages(&mut self, old_pkg: PackageId, new_pkg: PackageId) {
        let (old_key, new_key) = (
            package_key(self.old.r, old_pkg),
            package_key(self.new.r, new_pkg),
        );
        if old_key != new_key {
            self.push(
                Class::Breaking,
                Compat::NONE,
                &new_key,
                format!("package renamed from `{old_key}` to `{new_key}`"),
                None,
                None,
            );
        }
        self.package(old_pkg, new_pkg);

        // Dependencies: every other package, matched by `ns:name`.
        let others = |side: &Side<'_>, main: PackageId| {
            side.r
                .packages
                .iter()
                .filter(|(id, _)| *id != main)
                .map(|(id, _)| (package_key(side.r, id), id))
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        let old_deps = others(&self.old, old_pkg);
        let new_deps = others(&self.new, new_pkg);
        for (key, &new_id) in &new_deps {
            match old_deps.get(key) {
                Some(&old_id) => self.package(old_id, new_id),
                None => self.push(
                    Class::Additive,
                    Compat::ALL,
                    key,
                    format!("dependency package `{key}` added"),
                    None,
                    None,
                ),
            }
        }
        for key in old_deps.keys() {
            if !new_deps.contains_key(key) {
                self.push(
                    Class::Breaking,
                    Compat::ALL,
                    key,
                    format!("dependency package `{key}` removed"),
                    None,
                    None,
                );
            }
        }
    }

    fn package(&mut self, old_pkg: PackageId, new_pkg: PackageId) {
        let (o, n) = (&self.old.r.packages[old_pkg], &self.new.r.packages[new_pkg]);
        let key = package_key(self.new.r, new_pkg);
        if o.name.version != n.name.version {
            let show = |v: &Option<semver::Version>| {
                v.as_ref()
                    .map_or("no version".to_string(), |v| format!("`@{v}`"))
            };
            let (class, compat, why) = match (&o.name.version, &n.name.version) {
                (Some(a), Some(b)) if semver_track(a) == semver_track(b) => (
                    Class::Additive,
                    Compat::ALL,
                    "semver-compatible: wasmtime matches names across it",
                ),
                (Some(_), Some(_)) => (
                    Class::Breaking,
                    Compat::NONE,
                    "semver-incompatible: every interface name changes",
                ),
                _ => (
                    Class::Breaking,
                    Compat::NONE,
                    "every interface name changes",
                ),
            };
            let msg = format!(
                "package `{key}` version changed from {} to {} ({why})",
                show(&o.name.version),
                show(&n.name.version)
            );
            self.push(class, compat, &key, msg, None, None);
        }

        let o_ifaces: Vec<(String, InterfaceId)> =
            o.interfaces.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let n_ifaces: Vec<(String, InterfaceId)> =
            n.interfaces.iter().map(|(k, v)| (k.clone(), *v)).collect();
        for (name, n_id) in &n_ifaces {
            let path = format!("{key}/{name}");
            match o_ifaces.iter().find(|(k, _)| k == name) {
                Some((_, o_id)) => self.interface(*o_id, *n_id, &path),
                None => {
                    let span = self.new.r.interfaces[*n_id].span;
                    self.push(
                        Class::Additive,
                        Compat::ALL,
                        &path,
                        format!("interface `{path}` added"),
                        None,
                        Some(span),
                    );
                }
            }
        }
        for (name, o_id) in &o_ifaces {
            if !n_ifaces.iter().any(|(k, _)| k == name) {
                let path = format!("{key}/{name}");
                let span = self.old.r.interfaces[*o_id].span;
                self.push(
                    Class::Breaking,
                    Compat::ALL,
                    &path,
                    format!("interface `{path}` removed"),
                    Some(span),
                    None,
                );
            }
        }

        let o_worlds: Vec<(String, WorldId)> =
            o.worlds.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let n_worlds: Vec<(String, WorldId)> =
            n.worlds.iter().map(|(k, v)| (k.clone(), *v)).collect();
        for (name, n_id) in &n_worlds {
            let path = format!("{key}/{name}");
            match o_worlds.iter().find(|(k, _)| k == name) {
                Some((_, o_id)) => self.world(*o_id, *n_id, &path, false),
                None => {
                    let span = self.new.r.worlds[*n_id].span;
                    self.push(
                        Class::Additive,
                        Compat::ALL,
                        &path,
                        format!("world `{path}` added"),
                        None,
                        Some(span),
                    );
                }
            }
        }
        for (name, o_id) in &o_worlds {
            if !n_worlds.iter().any(|(k, _)| k == name) {
                let path = format!("{key}/{name}");
                let span = self.old.r.worlds[*o_id].span;
                self.push(
                    Class::Breaking,
                    Compat::ALL,
                    &path,
                    format!("world `{path}` removed"),
                    Some(span),
                    None,
                );
            }
        }
    }

    // ---- interfaces --------------------------------------------------------------------

    /// Types and functions of two interfaces with the same qualified name.
    fn interface(&mut self, o_id: InterfaceId, n_id: InterfaceId, path: &str) {
        let role = self.role(&self.new.iface_name(n_id));
        let role = {
            let old_role = self.role(&self.old.iface_name(o_id));
            Role {
                imported: role.imported || old_role.imported,
                exported: role.exported || old_role.exported,
            }
        };
        let (o, n) = (&self.old.r.interfaces[o_id], &self.new.r.interfaces[n_id]);
        let (o_span, n_span) = (o.span, n.span);
        let o_types: Vec<(String, TypeId)> = o.types.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let n_types: Vec<(String, TypeId)> = n.types.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let o_funcs: Vec<&'a Function> = self.old.r.interfaces[o_id].functions.values().collect();
        let n_funcs: Vec<&'a Function> = self.new.r.interfaces[n_id].functions.values().collect();

        for (name, n_t) in &n_types {
            let tpath = format!("{path}.{name}");
            match o_types.iter().find(|(k, _)| k == name) {
                Some((_, o_t)) => self.typedef(*o_t, *n_t, &tpath),
                None => {
                    // A resource is an instance member, like a function; other types are
                    // only names until a function uses them. A component's WIT only holds
                    // the types it uses, so there the others are not worth a note.
                    let resource = self.new.is_resource(*n_t);
                    if !resource && self.wording == Wording::Component {
                        continue;
                    }
                    let compat = if resource { role.added() } else { Compat::ALL };
                    let what = self.new.describe_def(*n_t);
                    let span = self.new.r.types[*n_t].span;
                    self.push(
                        Class::Additive,
                        compat,
                        &tpath,
                        self.presence(
                            true,
                            &format!("type `{name}` ({what})"),
                            &format!("interface `{path}`"),
                        ),
                        Some(o_span),
                        Some(span),
                    );
                }
            }
        }
        for (name, o_t) in &o_types {
            if !n_types.iter().any(|(k, _)| k == name) {
                let tpath = format!("{path}.{name}");
                let compat = if self.old.is_resource(*o_t) {
                    role.removed()
                } else {
                    Compat::ALL
                };
                let what = self.old.describe_def(*o_t);
                let span = self.old.r.types[*o_t].span;
                self.push(
                    Class::Breaking,
                    compat,
                    &tpath,
                    self.presence(
                        false,
                        &format!("type `{name}` ({what})"),
                        &format!("interface `{path}`"),
                    ),
                    Some(span),
                    Some(n_span),
                );
            }
        }

        for nf in &n_funcs {
            let fpath = format!("{path}.{}", func_path(nf));
            // By `resource.name`, not the mangled name, so that a method that became static
            // is one changed function rather than one removed and one added.
            match o_funcs.iter().find(|f| func_path(f) == func_path(nf)) {
                Some(of) => self.function(of, nf, &fpath),
                None => {
                    let what = func_desc(nf);
                    self.push(
                        Class::Additive,
                        role.added(),
                        &fpath,
                        self.presence(true, &what, &format!("interface `{path}`")),
                        Some(o_span),
                        Some(nf.span),
                    );
                }
            }
        }
        for of in &o_funcs {
            if !n_funcs.iter().any(|f| func_path(f) == func_path(of)) {
                let fpath = format!("{path}.{}", func_path(of));
                let what = func_desc(of);
                self.push(
                    Class::Breaking,
                    role.removed(),
                    &fpath,
                    self.presence(false, &what, &format!("interface `{path}`")),
                    Some(of.span),
                    Some(n_span),
                );
            }
        }
    }

    // ---- types -------------------------------------------------------------------------

    fn typedef(&mut self, o_t: TypeId, n_t: TypeId, path: &str) {
        let (o, n) = (&self.old.r.types[o_t], &self.new.r.types[n_t]);
        let name = n.name.clone().unwrap_or_default();
        let (o_span, n_span) = (o.span, n.span);
        match (&o.kind, &n.kind) {
            (TypeDefKind::Record(a), TypeDefKind::Record(b)) => {
                let old = self
                    .old
                    .elems(&a.fields, |f| (&f.name, Some(&f.ty), f.span));
                let new = self
                    .new
                    .elems(&b.fields, |f| (&f.name, Some(&f.ty), f.span));
                let container = format!("record `{name}`");
                self.list("field", &container, path, old, new, (o_span, n_span));
            }
            (TypeDefKind::Variant(a), TypeDefKind::Variant(b)) => {
                let old = self
                    .old
                    .elems(&a.cases, |c| (&c.name, c.ty.as_ref(), c.span));
                let new = self
                    .new
                    .elems(&b.cases, |c| (&c.name, c.ty.as_ref(), c.span));
                let container = format!("variant `{name}`");
                self.list("case", &container, path, old, new, (o_span, n_span));
            }
            (TypeDefKind::Enum(a), TypeDefKind::Enum(b)) => {
                let old = self.old.elems(&a.cases, |c| (&c.name, None, c.span));
                let new = self.new.elems(&b.cases, |c| (&c.name, None, c.span));
                let container = format!("enum `{name}`");
                self.list("case", &container, path, old, new, (o_span, n_span));
            }
            (TypeDefKind::Flags(a), TypeDefKind::Flags(b)) => {
                let old = self.old.elems(&a.flags, |f| (&f.name, None, f.span));
                let new = self.new.elems(&b.flags, |f| (&f.name, None, f.span));
                let container = format!("flags `{name}`");
                self.list("flag", &container, path, old, new, (o_span, n_span));
            }
            (TypeDefKind::Resource, TypeDefKind::Resource) => {}
            (TypeDefKind::Type(a), TypeDefKind::Type(b)) => {
                let (ca, cb) = (self.old.alias_target(a), self.new.alias_target(b));
                if ca != cb {
                    let (da, db) = (self.old.describe_def(o_t), self.new.describe_def(n_t));
                    self.push(
                        Class::Breaking,
                        Compat::NONE,
                        path,
                        format!("type `{name}` changed from {da} to {db}"),
                        Some(o_span),
                        Some(n_span),
                    );
                }
            }
            (a, b) if std::mem::discriminant(a) == std::mem::discriminant(b) => {
                let (ca, cb) = (self.old.canon_kind(a), self.new.canon_kind(b));
                if ca != cb {
                    let (sa, sb) = (self.old.show(&Type::Id(o_t)), self.new.show(&Type::Id(n_t)));
                    let (sa, sb) = if sa == sb {
                        (self.old.canon_kind(a), self.new.canon_kind(b))
                    } else {
                        (sa, sb)
                    };
                    self.push(
                        Class::Breaking,
                        Compat::NONE,
                        path,
                        format!("type `{name}` changed from `{sa}` to `{sb}`"),
                        Some(o_span),
                        Some(n_span),
                    );
                }
            }
            _ => {
                // Different kinds; a `use` and a definition of the same shape still differ,
                // since the type now belongs to another interface.
                let (da, db) = (self.old.describe_def(o_t), self.new.describe_def(n_t));
                self.push(
                    Class::Breaking,
                    Compat::NONE,
                    path,
                    format!("type `{name}` changed from {da} to {db}"),
                    Some(o_span),
                    Some(n_span),
                );
            }
        }
    }

    /// Ordered, named lists: record fields, variant/enum cases, flags, parameters. Every
    /// difference is a value-type change, breaking both ways (see the module docs).
    fn list(
        &mut self,
        what: &str,
        container: &str,
        path: &str,
        old: Vec<Elem>,
        new: Vec<Elem>,
        (o_span, n_span): (Span, Span),
    ) {
        let old_names: BTreeSet<&str> = old.iter().map(|e| e.name.as_str()).collect();
        let new_names: BTreeSet<&str> = new.iter().map(|e| e.name.as_str()).collect();
        let added: Vec<&Elem> = new
            .iter()
            .filter(|e| !old_names.contains(e.name.as_str()))
            .collect();
        let removed: Vec<&Elem> = old
            .iter()
            .filter(|e| !new_names.contains(e.name.as_str()))
            .collect();
        let mut renamed = None;
        if let ([a], [r]) = (added.as_slice(), removed.as_slice()) {
            let pos_new = new.iter().position(|e| e.name == a.name);
            let pos_old = old.iter().position(|e| e.name == r.name);
            if pos_new == pos_old && a.canon == r.canon {
                renamed = Some((*r, *a));
            }
        }
        // (class, path, message, old span, new span)
        type Msg = (Class, String, String, Option<Span>, Option<Span>);
        let mut msgs: Vec<Msg> = Vec::new();
        if let Some((r, a)) = renamed {
            msgs.push((
                Class::Breaking,
                format!("{path}.{}", a.name),
                format!("{what} `{}` of {container} renamed to `{}`", r.name, a.name),
                Some(r.span),
                Some(a.span),
            ));
        } else {
            // A new case or flag only grows the WIT, but the value type changes: see the
            // module docs. A new field or parameter changes what every value carries.
            let (class, note) = match what {
                "case" | "flag" => (
                    Class::Additive,
                    " (value types must match exactly, so old binaries do not link)",
                ),
                _ => (Class::Breaking, ""),
            };
            for a in &added {
                msgs.push((
                    class,
                    format!("{path}.{}", a.name),
                    format!(
                        "{}{note}",
                        self.presence(true, &format!("{what} `{}`", a.name), container)
                    ),
                    Some(o_span),
                    Some(a.span),
                ));
            }
            for r in &removed {
                msgs.push((
                    Class::Breaking,
                    format!("{path}.{}", r.name),
                    self.presence(false, &format!("{what} `{}`", r.name), container),
                    Some(r.span),
                    Some(n_span),
                ));
            }
        }
        // Order of the elements both sides have.
        let common_old: Vec<&str> = old
            .iter()
            .map(|e| e.name.as_str())
            .filter(|n| new_names.contains(n))
            .collect();
        let common_new: Vec<&str> = new
            .iter()
            .map(|e| e.name.as_str())
            .filter(|n| old_names.contains(n))
            .collect();
        if common_old != common_new {
            msgs.push((
                Class::Breaking,
                path.to_string(),
                format!(
                    "{what}s of {container} reordered from `{}` to `{}`",
                    common_old.join(", "),
                    common_new.join(", ")
                ),
                Some(o_span),
                Some(n_span),
            ));
        }
        for n in &new {
            if let Some(o) = old.iter().find(|o| o.name == n.name)
                && o.canon != n.canon
            {
                let show = |s: &Option<String>| {
                    s.as_ref()
                        .map_or("no payload".to_string(), |s| format!("`{s}`"))
                };
                let (mut so, mut sn) = (show(&o.show), show(&n.show));
                if so == sn {
                    // Same spelling, different type (e.g. a `use` from another interface).
                    (so, sn) = (show(&o.canon), show(&n.canon));
                }
                msgs.push((
                    Class::Breaking,
                    format!("{path}.{}", n.name),
                    format!(
                        "type of {what} `{}` of {container} changed from {so} to {sn}",
                        n.name
                    ),
                    Some(o.span),
                    Some(n.span),
                ));
            }
        }
        for (class, p, m, o, n) in msgs {
            self.push(class, Compat::NONE, &p, m, o, n);
        }
    }

    // ---- functions ---------------------------------------------------------------------

    fn function(&mut self, of: &Function, nf: &Function, path: &str) {
        let desc = func_desc(nf);
        if kind_name(&of.kind) != kind_name(&nf.kind) {
            self.push(
                Class::Breaking,
                Compat::NONE,
                path,
                format!(
                    "{desc} changed from {} to {}",
                    kind_name(&of.kind),
                    kind_name(&nf.kind)
                ),
                Some(of.span),
                Some(nf.span),
            );
        }
        let old = self
            .old
            .elems(&of.params, |p| (&p.name, Some(&p.ty), p.span));
        let new = self
            .new
            .elems(&nf.params, |p| (&p.name, Some(&p.ty), p.span));
        self.list("parameter", &desc, path, old, new, (of.span, nf.span));
        let (ro, rn) = (
            of.result.as_ref().map(|t| self.old.canon(t)),
            nf.result.as_ref().map(|t| self.new.canon(t)),
        );
        if ro != rn {
            let show = |side: &Side<'_>, t: &Option<Type>| {
                t.as_ref()
                    .map_or("nothing".to_string(), |t| format!("`{}`", side.show(t)))
            };
            let (mut so, mut sn) = (show(&self.old, &of.result), show(&self.new, &nf.result));
            if so == sn {
                let c = |s: &Option<String>| {
                    s.as_ref()
                        .map_or("nothing".to_string(), |s| format!("`{s}`"))
                };
                (so, sn) = (c(&ro), c(&rn));
            }
            self.push(
                Class::Breaking,
                Compat::NONE,
                path,
                format!("result of {desc} changed from {so} to {sn}"),
                Some(of.span),
                Some(nf.span),
            );
        }
    }

    // ---- worlds ------------------------------------------------------------------------

    fn world(&mut self, o_w: WorldId, n_w: WorldId, path: &str, descend: bool) {
        let (o, n) = (&self.old.r.worlds[o_w], &self.new.r.worlds[n_w]);
        let (o_span, n_span) = (o.span, n.span);
        for (dir, o_items, n_items) in [
            ("import", &o.imports, &n.imports),
            ("export", &o.exports, &n.exports),
        ] {
            let o_keyed: Vec<(String, &'a WorldItem)> = o_items
                .iter()
                .map(|(k, v)| (self.old.key_name(k), v))
                .collect();
            let n_keyed: Vec<(String, &'a WorldItem)> = n_items
                .iter()
                .map(|(k, v)| (self.new.key_name(k), v))
                .collect();
            let imported = dir == "import";
            for (key, ni) in &n_keyed {
                let ipath = format!("{path}.{dir}.{key}");
                match o_keyed.iter().find(|(k, _)| k == key) {
                    Some((_, oi)) => {
                        self.world_item(oi, ni, &ipath, imported, descend || !self.package_mode)
                    }
                    None => {
                        let compat = match ni {
                            WorldItem::Type { .. } => Compat::ALL,
                            _ if imported => Compat::OLD_GUESTS,
                            _ => Compat::OLD_HOSTS,
                        };
                        self.push(
                            Class::Additive,
                            compat,
                            &ipath,
                            self.presence(
                                true,
                                &format!("{} `{key}`", item_desc(ni, dir)),
                                &format!("world `{path}`"),
                            ),
                            Some(o_span),
                            Some(ni.span()),
                        );
                    }
                }
            }
            for (key, oi) in &o_keyed {
                if !n_keyed.iter().any(|(k, _)| k == key) {
                    let ipath = format!("{path}.{dir}.{key}");
                    let compat = match oi {
                        WorldItem::Type { .. } => Compat::ALL,
                        _ if imported => Compat::OLD_HOSTS,
                        _ => Compat::OLD_GUESTS,
                    };
                    self.push(
                        Class::Breaking,
                        compat,
                        &ipath,
                        self.presence(
                            false,
                            &format!("{} `{key}`", item_desc(oi, dir)),
                            &format!("world `{path}`"),
                        ),
                        Some(oi.span()),
                        Some(n_span),
                    );
                }
            }
        }
    }

    fn world_item(
        &mut self,
        oi: &WorldItem,
        ni: &WorldItem,
        path: &str,
        imported: bool,
        descend: bool,
    ) {
        match (oi, ni) {
            (WorldItem::Interface { id: a, .. }, WorldItem::Interface { id: b, .. }) => {
                let (ia, ib) = (&self.old.r.interfaces[*a], &self.new.r.interfaces[*b]);
                let anonymous = ia.name.is_none() || ib.name.is_none();
                if anonymous || descend {
                    // A named interface is its own item (`ns:pkg/iface`), wherever it is used.
                    let path = if anonymous {
                        path.to_string()
                    } else {
                        self.new.iface_name(*b)
                    };
                    let path = path.as_str();
                    // Roles of inline interfaces come from this item's direction.
                    for name in [self.old.iface_name(*a), self.new.iface_name(*b)] {
                        let role = self.roles.entry(name).or_default();
                        if imported {
                            role.imported = true;
                        } else {
                            role.exported = true;
                        }
                    }
                    self.interface(*a, *b, path);
                }
                if !anonymous && !self.package_mode {
                    // World mode: packages are not compared, but their versions still decide
                    // whether the names match.
                    if let (Some(pa), Some(pb)) = (ia.package, ib.package) {
                        let (va, vb) = (
                            &self.old.r.packages[pa].name.version,
                            &self.new.r.packages[pb].name.version,
                        );
                        let compatible = match (va, vb) {
                            (Some(a), Some(b)) => semver_track(a) == semver_track(b),
                            (None, None) => true,
                            _ => false,
                        };
                        if va != vb {
                            let show = |v: &Option<semver::Version>| {
                                v.as_ref()
                                    .map_or("no version".to_string(), |v| format!("`@{v}`"))
                            };
                            let (class, compat) = if compatible {
                                (Class::Additive, Compat::ALL)
                            } else {
                                (Class::Breaking, Compat::NONE)
                            };
                            self.push(
                                class,
                                compat,
                                path,
                                format!(
                                    "version changed from {} to {}{}",
                                    show(va),
                                    show(vb),
                                    if compatible {
                                        " (semver-compatible)"
                                    } else {
                                        ""
                                    }
                                ),
                                Some(oi.span()),
                                Some(ni.span()),
                            );
                        }
                    }
                }
            }
            (WorldItem::Function(a), WorldItem::Function(b)) => self.function(a, b, path),
            (WorldItem::Type { id: a, .. }, WorldItem::Type { id: b, .. }) => {
                self.typedef(*a, *b, path)
            }
            _ => {
                let dir = if imported { "import" } else { "export" };
                self.push(
                    Class::Breaking,
                    Compat::NONE,
                    path,
                    format!(
                        "{} changed from {} to {}",
                        dir,
                        item_kind(oi),
                        item_kind(ni)
                    ),
                    Some(oi.span()),
                    Some(ni.span()),
                );
            }
        }
    }
}

impl Side<'_> {
    /// The members of a record, variant, enum or flags, each described by `part`.
    fn elems<T>(&self, items: &[T], part: fn(&T) -> (&String, Option<&Type>, Span)) -> Vec<Elem> {
        items
            .iter()
            .map(|item| {
                let (name, ty, span) = part(item);
                self.elem(name, ty, span)
            })
            .collect()
    }

    fn elem(&self, name: &str, ty: Option<&Type>, span: Span) -> Elem {
        Elem {
            name: name.to_string(),
            canon: ty.map(|t| self.canon(t)),
            show: ty.map(|t| self.show(t)),
            span,
        }
    }
}

/// The semver track wasmtime matches on: `1.2.3` -> `1`, `0.2.3` -> `0.2`, `0.0.3` -> `0.0.3`;
/// pre-release versions only match themselves.
fn semver_track(v: &semver::Version) -> String {
    if !v.pre.is_empty() {
        return v.to_string();
    }
    match (v.major, v.minor) {
        (0, 0) => format!("0.0.{}", v.patch),
        (0, minor) => format!("0.{minor}"),
        (major, _) => major.to_string(),
    }
}

/// `commit` for a function, `transaction.commit` for a method, `transaction.constructor`.
fn func_path(f: &Function) -> String {
    match f.kind.resource() {
        Some(_) => {
            let res = f
                .name
                .split_once(']')
                .map(|(_, rest)| rest.split('.').next().unwrap_or(rest))
                .unwrap_or(&f.name);
            format!("{res}.{}", f.item_name())
        }
        None => f.name.clone(),
    }
}

/// `function `commit``, `method `transaction.commit``, `constructor of `transaction``.
fn func_desc(f: &Function) -> String {
    let p = func_path(f);
    match &f.kind {
        FunctionKind::Freestanding | FunctionKind::AsyncFreestanding => format!("function `{p}`"),
        FunctionKind::Method(_) | FunctionKind::AsyncMethod(_) => format!("method `{p}`"),
        FunctionKind::Static(_) | FunctionKind::AsyncStatic(_) => {
            format!("static function `{p}`")
        }
        FunctionKind::Constructor(_) => format!("constructor `{p}`"),
    }
}

fn kind_name(k: &FunctionKind) -> &'static str {
    match k {
        FunctionKind::Freestanding => "a function",
        FunctionKind::AsyncFreestanding => "an async function",
        FunctionKind::Method(_) => "a method",
        FunctionKind::AsyncMethod(_) => "an async method",
        FunctionKind::Static(_) => "a static function",
        FunctionKind::AsyncStatic(_) => "an async static function",
        FunctionKind::Constructor(_) => "a constructor",
    }
}

fn item_kind(i: &WorldItem) -> &'static str {
    match i {
        WorldItem::Interface { .. } => "an interface",
        WorldItem::Function(_) => "a function",
        WorldItem::Type { .. } => "a type",
    }
}

fn item_desc(i: &WorldItem, dir: &str) -> String {
    match i {
        WorldItem::Interface { .. } => format!("{dir}ed interface"),
        WorldItem::Function(_) => format!("{dir}ed function"),
        WorldItem::Type { .. } => "type".to_string(),
    }
}
