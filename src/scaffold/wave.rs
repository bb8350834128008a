//! Sample `--invoke` lines for READMEs: a world's first callable export with arguments written
//! as WAVE values (the encoding the generated runner parses, as wasmtime's CLI does).

use wit_parser::{Function, Resolve, Type, TypeDefKind, WorldId, WorldItem, WorldKey};

/// `'name(args)'` for the first export whose arguments can be written (no resources, streams
/// or futures), in the order the runner lists exports: world-level functions first.
pub fn first_invoke(resolve: &Resolve, world: WorldId) -> Option<String> {
    let exports = &resolve.worlds[world].exports;
    let world_level = exports.values().filter_map(|item| match item {
        WorldItem::Function(f) => Some((f.name.clone(), f)),
        _ => None,
    });
    let in_interfaces = exports.iter().flat_map(|(key, item)| {
        let WorldItem::Interface { id, .. } = item else {
            return Vec::new();
        };
        let prefix = match key {
            WorldKey::Name(name) => name.clone(),
            WorldKey::Interface(id) => {
                let name = resolve.id_of(*id).unwrap_or_default();
                // The runner accepts the name without its version.
                name.split('@').next().unwrap_or_default().to_string()
            }
        };
        resolve.interfaces[*id]
            .functions
            .values()
            .map(|f| (format!("{prefix}.{}", f.name), f))
            .collect()
    });
    world_level
        .chain(in_interfaces)
        .filter(|(_, f)| f.kind.resource().is_none())
        .find_map(|(name, f)| call(resolve, &name, f))
}

/// `call` as one single-quoted shell word, for a README's command line.
pub fn shell_word(call: &str) -> String {
    format!("'{}'", call.replace('\'', "'\\''"))
}

fn call(resolve: &Resolve, name: &str, f: &Function) -> Option<String> {
    let args: Option<Vec<String>> = f.params.iter().map(|p| value(resolve, &p.ty, 0)).collect();
    Some(format!("{name}({})", args?.join(", ")))
}

/// A WAVE value of type `ty`: zeros, `"example"`, empty lists, the first case.
fn value(resolve: &Resolve, ty: &Type, depth: usize) -> Option<String> {
    if depth > 16 {
        return None;
    }
    Some(match ty {
        Type::Bool => "false".into(),
        Type::U8 | Type::U16 | Type::U32 | Type::U64 => "0".into(),
        Type::S8 | Type::S16 | Type::S32 | Type::S64 => "0".into(),
        Type::F32 | Type::F64 => "0.0".into(),
        Type::Char => "'a'".into(),
        Type::String => "\"example\"".into(),
        Type::ErrorContext => return None,
        Type::Id(id) => {
            let def = &resolve.types[*id];
            match &def.kind {
                TypeDefKind::Type(t) => value(resolve, t, depth + 1)?,
                TypeDefKind::Record(r) => {
                    let fields: Option<Vec<String>> = r
                        .fields
                        .iter()
                        .map(|f| Some(format!("{}: {}", f.name, value(resolve, &f.ty, depth + 1)?)))
                        .collect();
                    format!("{{{}}}", fields?.join(", "))
                }
                TypeDefKind::Tuple(t) => {
                    let items: Option<Vec<String>> = t
                        .types
                        .iter()
                        .map(|t| value(resolve, t, depth + 1))
                        .collect();
                    format!("({})", items?.join(", "))
                }
                TypeDefKind::Variant(v) => {
                    let case = v.cases.first()?;
                    match &case.ty {
                        Some(t) => format!("{}({})", case.name, value(resolve, t, depth + 1)?),
                        None => case.name.clone(),
                    }
                }
                TypeDefKind::Enum(e) => e.cases.first()?.name.clone(),
                TypeDefKind::Flags(_) => "{}".into(),
                TypeDefKind::Option(_) => "none".into(),
                TypeDefKind::Result(r) => match &r.ok {
                    Some(t) => format!("ok({})", value(resolve, t, depth + 1)?),
                    None => "ok".into(),
                },
                TypeDefKind::List(_) => "[]".into(),
                TypeDefKind::FixedLengthList(t, n) => {
                    let item = value(resolve, t, depth + 1)?;
                    format!("[{}]", vec![item; *n as usize].join(", "))
                }
                _ => return None,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invoke(wit: &str) -> Option<String> {
        let mut resolve = Resolve::default();
        let pkg = resolve.push_str("t.wit", wit).unwrap();
        let world = resolve.select_world(&[pkg], None).unwrap();
        first_invoke(&resolve, world)
    }

    #[test]
    fn world_functions_come_first_with_wave_arguments() {
        let wit = "package t:t@1.0.0;
            interface i { record p { x: s32, tag: option<string> } f: func(p: p) -> u32; }
            world w { export i; export g: func(a: list<u8>, b: result<char, string>, c: bool); }";
        assert_eq!(invoke(wit).as_deref(), Some("g([], ok('a'), false)"));
    }

    #[test]
    fn interface_functions_are_named_without_the_version_and_resources_are_skipped() {
        let wit = "package t:t@1.0.0;
            interface i {
                resource r { constructor(); m: func(); }
                variant v { a(tuple<u8, f64>), b }
                enum e { red, green }
                flags fl { x, y }
                take: func(r: r);
                f: func(v: v, e: e, g: fl);
            }
            world w { export i; }";
        assert_eq!(
            invoke(wit).as_deref(),
            Some("t:t/i.f(a((0, 0.0)), red, {})")
        );
    }

    #[test]
    fn shell_words_survive_single_quotes() {
        assert_eq!(shell_word("f('a', \"b\")"), r#"'f('\''a'\'', "b")'"#);
    }

    #[test]
    fn nothing_callable_gives_none() {
        let wit = "package t:t;
            interface i { resource r; take: func(r: r); }
            world w { export i; }";
        assert_eq!(invoke(wit), None);
    }
}
