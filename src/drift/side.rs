//! One side of a comparison: qualified names, source locations, and the canonical rendering
//! of type references that makes types from two `Resolve`s comparable.

use super::*;

/// One side of the comparison, with qualified names precomputed.
pub(super) struct Side<'a> {
    pub(super) r: &'a Resolve,
    /// Interface id -> `ns:pkg/name`, or `ns:pkg/world.import.key` for inline interfaces.
    pub(super) iface_names: HashMap<InterfaceId, String>,
}

impl<'a> Side<'a> {
    pub(super) fn new(r: &'a Resolve) -> Self {
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

    pub(super) fn world_name_in(r: &Resolve, w: WorldId) -> String {
        let world = &r.worlds[w];
        match world.package {
            Some(p) => format!("{}/{}", package_key(r, p), world.name),
            None => world.name.clone(),
        }
    }

    pub(super) fn world_name(&self, w: WorldId) -> String {
        Side::world_name_in(self.r, w)
    }

    pub(super) fn iface_name(&self, id: InterfaceId) -> String {
        self.iface_names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("<interface {}>", id.index()))
    }

    pub(super) fn owner_name(&self, owner: TypeOwner) -> String {
        match owner {
            TypeOwner::Interface(i) => self.iface_name(i),
            TypeOwner::World(w) => self.world_name(w),
            TypeOwner::None => String::new(),
        }
    }

    pub(super) fn key_name(&self, key: &WorldKey) -> String {
        match key {
            WorldKey::Name(n) => n.clone(),
            WorldKey::Interface(i) => self.iface_name(*i),
        }
    }

    pub(super) fn loc(&self, span: Span) -> Option<Location> {
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
    pub(super) fn canon(&self, ty: &Type) -> String {
        match ty {
            Type::Id(id) => self.canon_id(*id),
            prim => prim_name(prim).to_string(),
        }
    }

    pub(super) fn canon_id(&self, id: TypeId) -> String {
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
    pub(super) fn alias_target(&self, ty: &Type) -> String {
        if let Type::Id(id) = ty {
            let def = &self.r.types[*id];
            if let Some(name) = &def.name {
                return format!("{}.{}", self.owner_name(def.owner), name);
            }
        }
        self.canon(ty)
    }

    /// Structure of an anonymous (or compared-in-place) type definition.
    pub(super) fn canon_kind(&self, kind: &TypeDefKind) -> String {
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
    pub(super) fn show(&self, ty: &Type) -> String {
        match ty {
            Type::Id(id) => self.show_id(*id),
            prim => prim_name(prim).to_string(),
        }
    }

    pub(super) fn show_id(&self, id: TypeId) -> String {
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
    pub(super) fn describe_def(&self, id: TypeId) -> String {
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
    pub(super) fn is_use(&self, id: TypeId) -> bool {
        let def = &self.r.types[id];
        match &def.kind {
            TypeDefKind::Type(Type::Id(target)) => {
                let t = &self.r.types[*target];
                t.name.is_some() && t.owner != def.owner
            }
            _ => false,
        }
    }

    pub(super) fn is_resource(&self, id: TypeId) -> bool {
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

pub(super) fn prim_name(ty: &Type) -> &'static str {
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

impl Side<'_> {
    /// The members of a record, variant, enum or flags, each described by `part`.
    pub(super) fn elems<T>(
        &self,
        items: &[T],
        part: fn(&T) -> (&String, Option<&Type>, Span),
    ) -> Vec<Elem> {
        items
            .iter()
            .map(|item| {
                let (name, ty, span) = part(item);
                self.elem(name, ty, span)
            })
            .collect()
    }

    pub(super) fn elem(&self, name: &str, ty: Option<&Type>, span: Span) -> Elem {
        Elem {
            name: name.to_string(),
            canon: ty.map(|t| self.canon(t)),
            show: ty.map(|t| self.show(t)),
            span,
        }
    }
}

/// An element of an ordered, named list: a field, case, flag or parameter.
pub(super) struct Elem {
    pub(super) name: String,
    /// Canonical type, `None` for enum cases, flags and payload-less variant cases.
    pub(super) canon: Option<String>,
    pub(super) show: Option<String>,
    pub(super) span: Span,
}
