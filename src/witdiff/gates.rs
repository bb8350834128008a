//! `@unstable(feature = ..)` gates, looked up for the items the drift engine names by path
//! (`ns:pkg/iface.item.part`, `ns:pkg/world.import.key`). (`@since(version = ..)` newer than
//! the package's own version needs no check here: wit-parser rejects it while loading, with
//! its location, and `wit diff` reports that as bad input.)

use wit_parser::{Resolve, Stability, WorldItem};

use crate::drift::func_path;

/// Whether the item at `path` (or the interface or world holding it) is `@unstable` in
/// `resolve`. Items the path does not name (removed, or a package-level change) are stable.
pub fn is_unstable(resolve: &Resolve, path: &str) -> bool {
    let (owner, rest) = path.split_once('.').unwrap_or((path, ""));
    let Some((pkg_name, item)) = owner.split_once('/') else {
        return false;
    };
    let Some((_, pkg)) = resolve
        .packages
        .iter()
        .find(|(_, p)| format!("{}:{}", p.name.namespace, p.name.name) == pkg_name)
    else {
        return false;
    };
    let unstable = |s: &Stability| matches!(s, Stability::Unstable { .. });
    if let Some(id) = pkg.interfaces.get(item) {
        let iface = &resolve.interfaces[*id];
        if unstable(&iface.stability) {
            return true;
        }
        if let Some(f) = iface
            .functions
            .values()
            .find(|f| names(rest, &func_path(f)))
        {
            return unstable(&f.stability);
        }
        return iface
            .types
            .iter()
            .find(|(name, _)| names(rest, name))
            .is_some_and(|(_, t)| unstable(&resolve.types[*t].stability));
    }
    if let Some(id) = pkg.worlds.get(item) {
        let world = &resolve.worlds[*id];
        if unstable(&world.stability) {
            return true;
        }
        let Some((dir, key)) = rest.split_once('.') else {
            return false;
        };
        let items = match dir {
            "import" => &world.imports,
            "export" => &world.exports,
            _ => return false,
        };
        return items
            .iter()
            .find(|(k, _)| {
                let name = resolve.name_world_key(k);
                names(key, crate::scaffold::host_bindings::strip_version(&name))
            })
            .is_some_and(|(_, item)| match item {
                WorldItem::Interface { stability, .. } => unstable(stability),
                WorldItem::Function(f) => unstable(&f.stability),
                WorldItem::Type { .. } => false,
            });
    }
    false
}

/// `rest` is `name` or something inside it (`name.part`).
fn names(rest: &str, name: &str) -> bool {
    rest == name
        || rest
            .strip_prefix(name)
            .is_some_and(|tail| tail.starts_with('.'))
}
