//! The comparison itself: packages, interfaces, types, functions and worlds matched by name,
//! every difference classified ([`Role`]: who can stay old) and pushed as a [`Change`].

use super::*;

/// How the worlds use an interface.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Role {
    pub(super) imported: bool,
    pub(super) exported: bool,
}

impl Role {
    /// Compatibility of adding an instance member (function, resource) to such an interface.
    pub(super) fn added(self) -> Compat {
        match (self.imported, self.exported) {
            (false, false) => Compat::ALL,
            (true, false) => Compat::OLD_GUESTS,
            (false, true) => Compat::OLD_HOSTS,
            (true, true) => Compat::NONE,
        }
    }

    /// Compatibility of removing one: the mirror image of adding it.
    pub(super) fn removed(self) -> Compat {
        match (self.imported, self.exported) {
            (false, false) => Compat::ALL,
            (true, false) => Compat::OLD_HOSTS,
            (false, true) => Compat::OLD_GUESTS,
            (true, true) => Compat::NONE,
        }
    }
}

pub(super) struct Differ<'a> {
    pub(super) wording: Wording,
    pub(super) old: Side<'a>,
    pub(super) new: Side<'a>,
    /// Qualified interface name -> how worlds use it (union of both sides).
    pub(super) roles: HashMap<String, Role>,
    /// In package mode interfaces are diffed once, from their package; world items only
    /// compare keys. In world mode world items descend into their interfaces.
    pub(super) package_mode: bool,
    pub(super) out: Vec<Change>,
}

impl<'a> Differ<'a> {
    pub(super) fn new(old: &'a Resolve, new: &'a Resolve, package_mode: bool) -> Self {
        Differ {
            wording: Wording::Versions,
            old: Side::new(old),
            new: Side::new(new),
            roles: HashMap::new(),
            package_mode,
            out: Vec::new(),
        }
    }

    pub(super) fn side(&self, which: Which) -> &Side<'a> {
        match which {
            Which::Old => &self.old,
            Which::New => &self.new,
        }
    }

    pub(super) fn roles_from_world(&mut self, which: Which, w: WorldId) {
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

    pub(super) fn roles_from_package_worlds(&mut self, old_pkg: PackageId, new_pkg: PackageId) {
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
    pub(super) fn presence(&self, added: bool, what: &str, container: &str) -> String {
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

    pub(super) fn role(&self, iface: &str) -> Role {
        self.roles.get(iface).copied().unwrap_or_default()
    }

    pub(super) fn push(
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

    pub(super) fn finish(mut self) -> Vec<Change> {
        // Stable: changes of one item stay in the order they were found.
        self.out.sort_by(|a, b| a.path.cmp(&b.path));
        self.out
    }

    // ---- packages ----------------------------------------------------------------------

    pub(super) fn packages(&mut self, old_pkg: PackageId, new_pkg: PackageId) {
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

    pub(super) fn package(&mut self, old_pkg: PackageId, new_pkg: PackageId) {
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
    pub(super) fn interface(&mut self, o_id: InterfaceId, n_id: InterfaceId, path: &str) {
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

    pub(super) fn typedef(&mut self, o_t: TypeId, n_t: TypeId, path: &str) {
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
    pub(super) fn list(
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

    pub(super) fn function(&mut self, of: &Function, nf: &Function, path: &str) {
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

    pub(super) fn world(&mut self, o_w: WorldId, n_w: WorldId, path: &str, descend: bool) {
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

    pub(super) fn world_item(
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
