//! How changes name and describe things: function paths (`transaction.commit`), kinds, and the
//! semver track wasmtime matches versions on.

use wit_parser::{Function, FunctionKind, WorldItem};

/// The semver track wasmtime matches on: `1.2.3` -> `1`, `0.2.3` -> `0.2`, `0.0.3` -> `0.0.3`;
/// pre-release versions only match themselves.
pub(crate) fn semver_track(v: &semver::Version) -> String {
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
pub(crate) fn func_path(f: &Function) -> String {
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
pub(crate) fn func_desc(f: &Function) -> String {
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

pub(crate) fn kind_name(k: &FunctionKind) -> &'static str {
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

pub(crate) fn item_kind(i: &WorldItem) -> &'static str {
    match i {
        WorldItem::Interface { .. } => "an interface",
        WorldItem::Function(_) => "a function",
        WorldItem::Type { .. } => "a type",
    }
}

pub(crate) fn item_desc(i: &WorldItem, dir: &str) -> String {
    match i {
        WorldItem::Interface { .. } => format!("{dir}ed interface"),
        WorldItem::Function(_) => format!("{dir}ed function"),
        WorldItem::Type { .. } => "type".to_string(),
    }
}
