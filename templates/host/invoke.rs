//! `--invoke` and `--list`: any export, called with arguments written as WAVE values (the
//! WebAssembly Value Encoding wasmtime's CLI uses), its results printed as WAVE. Names are
//! looked up in the component's own type, so this works for every export, typed or not.

use wasmtime::component::types::{ComponentFunc, ComponentItem};
use wasmtime::component::wasm_wave::untyped::UntypedFuncCall;
use wasmtime::component::wasm_wave::wasm::{DisplayFuncResults, DisplayType, WasmFunc};
use wasmtime::component::{Component, ComponentExportIndex, Func, Instance, Val};
use wasmtime::error::Context;
use wasmtime::{AsContextMut, Engine};

/// One export function of the component: how `--invoke` names it, where it is, its type.
struct Export {
    name: String,
    /// The exported instance it belongs to, if any (`ns:pkg/iface@1.0.0`).
    instance: Option<String>,
    func: String,
    ty: ComponentFunc,
}

/// Every exported function: world-level ones, then those of each exported interface.
fn exports(engine: &Engine, component: &Component) -> Vec<Export> {
    let mut out = Vec::new();
    for (name, item) in component.component_type().exports(engine) {
        match item.ty {
            ComponentItem::ComponentFunc(ty) => out.push(Export {
                name: name.to_string(),
                instance: None,
                func: name.to_string(),
                ty,
            }),
            ComponentItem::ComponentInstance(instance) => {
                for (func, item) in instance.exports(engine) {
                    if let ComponentItem::ComponentFunc(ty) = item.ty {
                        out.push(Export {
                            name: format!("{name}.{func}"),
                            instance: Some(name.to_string()),
                            func: func.to_string(),
                            ty,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// `--list`: every export function with its signature, one per line.
pub fn list(engine: &Engine, component: &Component) {
    for export in exports(engine, component) {
        println!("{}: {}", export.name, signature(&export.ty));
    }
}

/// A parsed `--invoke`: the export and its arguments, checked against its type before the
/// component is instantiated.
pub struct Invocation {
    pub label: String,
    instance: Option<String>,
    func: String,
    pub params: Vec<Val>,
    results: usize,
}

impl Invocation {
    pub fn parse(engine: &Engine, component: &Component, text: &str) -> wasmtime::Result<Self> {
        // `f` alone calls a function without parameters, as `f()` does.
        let text = if text.contains('(') {
            text.to_string()
        } else {
            format!("{}()", text.trim())
        };
        let text = text.as_str();
        let call = UntypedFuncCall::parse(text).map_err(|e| {
            wasmtime::format_err!(
                "--invoke `{text}`: {e} (expected EXPORT(ARGS), args as WAVE values)"
            )
        })?;
        let exports = exports(engine, component);
        let export = find(&exports, call.name()).ok_or_else(|| {
            let names: Vec<&str> = exports.iter().map(|e| e.name.as_str()).collect();
            wasmtime::format_err!(
                "--invoke: the component has no export `{}`; it exports: {}",
                call.name(),
                names.join(", ")
            )
        })?;
        let types: Vec<_> = WasmFunc::params(&export.ty).collect();
        let params = call.to_wasm_params::<Val>(&types).map_err(|e| {
            wasmtime::format_err!(
                "--invoke `{text}`: {e}; `{}` takes {}",
                export.name,
                signature(&export.ty)
            )
        })?;
        Ok(Invocation {
            label: export.name.clone(),
            instance: export.instance.clone(),
            func: export.func.clone(),
            params,
            results: export.ty.results().len(),
        })
    }

    /// The function in an instance of the component.
    pub fn func(
        &self,
        mut store: impl AsContextMut,
        instance: &Instance,
    ) -> wasmtime::Result<Func> {
        let parent: Option<ComponentExportIndex> = match &self.instance {
            Some(name) => instance.get_export_index(&mut store, None, name),
            None => None,
        };
        instance
            .get_export_index(&mut store, parent.as_ref(), &self.func)
            .and_then(|index| instance.get_func(&mut store, index))
            .with_context(|| format!("looking up `{}`", self.label))
    }

    /// Room for the results, filled by the call.
    pub fn results(&self) -> Vec<Val> {
        vec![Val::Bool(false); self.results]
    }
}

/// `func(a: s32, b: s32) -> s32`: the WIT signature, with types written out (the component's
/// types carry no names).
fn signature(ty: &ComponentFunc) -> String {
    let params: Vec<String> = ty
        .params()
        .map(|(name, ty)| format!("{name}: {}", DisplayType(&ty)))
        .collect();
    let results: Vec<String> = ty
        .results()
        .map(|ty| DisplayType(&ty).to_string())
        .collect();
    let async_ = if ty.async_() { "async " } else { "" };
    match results.as_slice() {
        [] => format!("{async_}func({})", params.join(", ")),
        [one] => format!("{async_}func({}) -> {one}", params.join(", ")),
        many => format!(
            "{async_}func({}) -> ({})",
            params.join(", "),
            many.join(", ")
        ),
    }
}

/// The results as WAVE: `ok(3)`, or `(1, "a")` for several, `()` for none.
pub fn show(results: &[Val]) -> String {
    DisplayFuncResults(results).to_string()
}

/// The export `name` denotes: its full name (`ns:pkg/iface@1.0.0.f`), or without the version
/// (`ns:pkg/iface.f`), or by interface name (`iface.f`), or by function name alone when that
/// is unambiguous.
fn find<'a>(exports: &'a [Export], name: &str) -> Option<&'a Export> {
    let short = |e: &Export| -> Option<String> {
        let instance = e.instance.as_deref()?;
        let unversioned = instance.split('@').next().unwrap_or(instance);
        Some(format!("{unversioned}.{}", e.func))
    };
    let interface = |e: &Export| -> Option<String> {
        let instance = e.instance.as_deref()?;
        let unversioned = instance.split('@').next().unwrap_or(instance);
        let iface = unversioned.rsplit('/').next().unwrap_or(unversioned);
        Some(format!("{iface}.{}", e.func))
    };
    let unique = |matches: Vec<&'a Export>| (matches.len() == 1).then(|| matches[0]);
    exports
        .iter()
        .find(|e| e.name == name)
        .or_else(|| {
            unique(
                exports
                    .iter()
                    .filter(|e| short(e).as_deref() == Some(name))
                    .collect(),
            )
        })
        .or_else(|| {
            unique(
                exports
                    .iter()
                    .filter(|e| interface(e).as_deref() == Some(name))
                    .collect(),
            )
        })
        .or_else(|| unique(exports.iter().filter(|e| e.func == name).collect()))
}
