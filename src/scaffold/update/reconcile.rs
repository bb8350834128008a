//! Reconciling the impls the generator expects with the user's.

use super::*;

// ---------------------------------------------------------------------------------------------
// Reconciling expected impls with the user's

/// An `impl <bindings trait> for X` item.
pub(crate) struct Impl<'a> {
    pub(crate) item: &'a syn::ItemImpl,
    /// The trait's crate-relative path.
    pub(crate) key: Vec<String>,
}

impl Impl<'_> {
    /// `HostBlob`, `store::Guest`: the trait as written.
    pub(crate) fn trait_name(&self) -> String {
        let (_, path, _) = self.item.trait_.as_ref().expect("a trait impl");
        path.segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::")
    }

    pub(crate) fn self_name(&self) -> String {
        type_name(&self.item.self_ty)
    }

    pub(crate) fn members(&self) -> Vec<Member<'_>> {
        self.item
            .items
            .iter()
            .filter_map(|item| match item {
                syn::ImplItem::Fn(f) => Some(Member {
                    item,
                    name: f.sig.ident.to_string(),
                    ident_span: f.sig.ident.span(),
                    kind: "function",
                    shape: fn_shape(&f.sig),
                }),
                syn::ImplItem::Type(t) => Some(Member {
                    item,
                    name: t.ident.to_string(),
                    ident_span: t.ident.span(),
                    kind: "associated type",
                    shape: String::new(),
                }),
                _ => None,
            })
            .collect()
    }
}

/// `HostState`: a type by the last segment of its path.
pub(crate) fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        other => other.to_token_stream().to_string(),
    }
}

/// A function or associated type of an impl.
pub(crate) struct Member<'a> {
    pub(crate) item: &'a syn::ImplItem,
    pub(crate) name: String,
    pub(crate) ident_span: proc_macro2::Span,
    pub(crate) kind: &'static str,
    /// The normalised signature (functions only).
    pub(crate) shape: String,
}

/// A function's signature reduced to what must agree with the trait: async-ness, receiver,
/// parameter types and return type, each type path by its last segment, lifetimes dropped.
pub(crate) fn fn_shape(sig: &syn::Signature) -> String {
    let mut parts = Vec::new();
    if sig.asyncness.is_some() {
        parts.push("async".to_string());
    }
    for input in &sig.inputs {
        match input {
            syn::FnArg::Receiver(r) => parts.push(format!(
                "{}{}self",
                if r.reference.is_some() { "&" } else { "" },
                if r.mutability.is_some() { "mut " } else { "" }
            )),
            syn::FnArg::Typed(t) => parts.push(type_shape(&t.ty)),
        }
    }
    let output = match &sig.output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, ty) => match &**ty {
            syn::Type::Tuple(t) if t.elems.is_empty() => String::new(),
            ty => type_shape(ty),
        },
    };
    format!("({}) -> {output}", parts.join(", "))
}

pub(crate) fn type_shape(ty: &syn::Type) -> String {
    struct Shape;
    impl VisitMut for Shape {
        fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
            if ty.qself.is_none() && ty.path.segments.len() > 1 {
                let last = ty.path.segments.pop().unwrap().into_value();
                ty.path = syn::Path::from(last);
            }
            syn::visit_mut::visit_type_path_mut(self, ty);
        }
        fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
            r.lifetime = None;
            syn::visit_mut::visit_type_reference_mut(self, r);
        }
        fn visit_path_segment_mut(&mut self, seg: &mut syn::PathSegment) {
            if let syn::PathArguments::AngleBracketed(args) = &mut seg.arguments {
                args.args = std::mem::take(&mut args.args)
                    .into_pairs()
                    .filter(|p| !matches!(p.value(), syn::GenericArgument::Lifetime(_)))
                    .collect();
                if args.args.is_empty() {
                    seg.arguments = syn::PathArguments::None;
                }
            }
            syn::visit_mut::visit_path_segment_mut(self, seg);
        }
    }
    let mut ty = ty.clone();
    Shape.visit_type_mut(&mut ty);
    ty.to_token_stream().to_string()
}

/// A signature as the generator formats it, on one line.
pub(crate) fn one_line(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .replace("( ", "(")
        .replace(", )", ")")
        .replace(" )", ")")
        .replace("< ", "<")
        .replace(", >", ">")
}

/// The `todo!("label")` of a stub, naming its WIT item.
pub(crate) fn todo_label(text: &str) -> Option<&str> {
    let start = text.find("todo!(\"")? + "todo!(\"".len();
    let len = text[start..].find('"')?;
    Some(&text[start..start + len])
}

/// Names an inserted snippet needs in its target file.
#[derive(Default)]
pub(crate) struct Needs {
    /// `use` paths to add (full path, `crate` kept), by name.
    pub(crate) uses: BTreeMap<String, Vec<String>>,
    /// Items of the expected file to add (the resource struct a new impl mentions), by name,
    /// in the order first needed.
    pub(crate) items: Vec<(String, String)>,
}

/// Builds the text of an expected item for insertion into `target`: the expected file's
/// bytes from the start of the item's first line, with each name the target lacks imported
/// (recorded in `needs`) and each name the target uses for something else spelled out.
pub(crate) fn snippet(
    exp: &Parsed,
    node: &impl ToTokens,
    target: &Parsed,
    needs: &mut Needs,
) -> String {
    struct Firsts(Vec<(String, proc_macro2::Span)>);
    impl<'a> Visit<'a> for Firsts {
        fn visit_path(&mut self, path: &'a syn::Path) {
            if path.leading_colon.is_none()
                && let Some(first) = path.segments.first()
            {
                self.0.push((first.ident.to_string(), first.ident.span()));
            }
            syn::visit::visit_path(self, path);
        }
    }
    let range = exp.range(node);
    let start = exp.line_start(range.start);
    let mut firsts = Firsts(Vec::new());
    let tokens = node.to_token_stream();
    // Re-parse as whatever the node is: an item, an impl item or a signature.
    if let Ok(item) = syn::parse2::<syn::Item>(tokens.clone()) {
        firsts.visit_item(&item);
    } else if let Ok(item) = syn::parse2::<syn::ImplItem>(tokens.clone()) {
        firsts.visit_impl_item(&item);
    } else if let Ok(sig) = syn::parse2::<syn::Signature>(tokens) {
        firsts.visit_signature(&sig);
    }
    // Spans survive the round trip through tokens, so they still point into `exp`.
    let mut replacements = Vec::new();
    for (name, span) in firsts.0 {
        if let Some(path) = exp.uses.get(&name) {
            let path = path_in(target, path);
            match target.uses.get(&name) {
                Some(theirs) if same_path(theirs, &path) => {}
                Some(_) => replacements.push((span, path.join("::"))),
                None if target.defined.contains(&name) => {
                    replacements.push((span, path.join("::")))
                }
                None => {
                    needs.uses.insert(name, path);
                }
            }
        } else if exp.defined.contains(&name)
            && !target.defined.contains(&name)
            && !target.uses.contains_key(&name)
            && !needs.items.iter().any(|(n, _)| *n == name)
            && let Some(item) = exp
                .file
                .items
                .iter()
                .find(|i| item_name(i).as_deref() == Some(name.as_str()))
        {
            needs.items.push((name.clone(), String::new()));
            let text = snippet(exp, item, target, needs);
            if let Some(slot) = needs.items.iter_mut().find(|(n, _)| *n == name) {
                slot.1 = text;
            }
        }
    }
    let mut text = String::new();
    let mut at = start;
    let mut offsets: Vec<(usize, usize, String)> = replacements
        .into_iter()
        .map(|(span, with)| {
            let r = exp.offset(span.start())..exp.offset(span.end());
            (r.start, r.end, with)
        })
        .collect();
    offsets.sort();
    offsets.dedup_by_key(|o| o.0);
    for (s, e, with) in offsets {
        text.push_str(&exp.text[at..s]);
        text.push_str(&with);
        at = e;
    }
    text.push_str(&exp.text[at..range.end]);
    text
}

/// Paths that start at the crate root or at another crate, usable from any module.
pub(crate) const ABSOLUTE_ROOTS: &[&str] = &[
    "crate",
    "self",
    "super",
    "std",
    "core",
    "alloc",
    "wasmtime",
    "wasmtime_wasi",
    "wit_bindgen",
];

/// A path from the expected file's `use` items as `target` must spell it: the generator's
/// guest `lib.rs` sits at the crate root and writes `exports::..`, which a file in a
/// submodule (an impl the user moved) has to write `crate::exports::..`.
pub(crate) fn path_in(target: &Parsed, path: &[String]) -> Vec<String> {
    let at_root = target.rel == Path::new("src/lib.rs") || target.rel == Path::new("src/main.rs");
    match path.first() {
        Some(first) if !at_root && !ABSOLUTE_ROOTS.contains(&first.as_str()) => {
            std::iter::once("crate".to_string())
                .chain(path.iter().cloned())
                .collect()
        }
        _ => path.to_vec(),
    }
}

/// Two `use` paths name the same item (`crate::` is implied at the root).
pub(crate) fn same_path(a: &[String], b: &[String]) -> bool {
    let strip =
        |p: &[String]| -> Vec<String> { p.iter().skip_while(|s| *s == "crate").cloned().collect() };
    strip(a) == strip(b)
}

/// Prefixes every non-empty line with `indent`.
pub(crate) fn reindent(text: &str, indent: &str) -> String {
    if indent.is_empty() {
        return text.to_string();
    }
    text.split('\n')
        .map(|l| {
            if l.trim().is_empty() {
                l.to_string()
            } else {
                format!("{indent}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Compares every expected file with the user's files and plans the insertions.
pub(crate) fn reconcile<S: Side>(
    expected: &BTreeMap<PathBuf, Parsed>,
    user: &BTreeMap<PathBuf, Parsed>,
    plan: &mut Plan,
) {
    let user_impls: Vec<(&Parsed, Impl<'_>)> = user
        .values()
        .flat_map(|p| p.impls::<S>(user).into_iter().map(move |i| (p, i)))
        .collect();
    let renamed = renamed_types::<S>(expected, &user_impls);
    let their_type = |ours: String| {
        renamed
            .get(&ours)
            .map_or(ours, |(theirs, _)| theirs.clone())
    };
    let mut needs: BTreeMap<PathBuf, Needs> = BTreeMap::new();
    // New impls and top-level items per target file.
    let mut appended: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();

    for (rel, exp) in expected {
        let rel = &module_file(user, rel);
        let target = user.get(rel);
        let exp_impls = exp.impls::<S>(expected);
        // The user's impls of each expected one: every impl of the trait for the same type
        // (two can only coexist under exclusive `#[cfg]`s, and each needs the stubs), else
        // the first impl of the trait.
        let found: Vec<Vec<usize>> = exp_impls
            .iter()
            .map(|e| {
                let candidates: Vec<usize> = (0..user_impls.len())
                    .filter(|&i| user_impls[i].1.key == e.key)
                    .collect();
                let same_type: Vec<usize> = candidates
                    .iter()
                    .copied()
                    .filter(|&i| user_impls[i].1.self_name() == e.self_name())
                    .collect();
                if same_type.is_empty() {
                    candidates.into_iter().take(1).collect()
                } else {
                    same_type
                }
            })
            .collect();
        if target.is_none() && found.iter().all(Vec::is_empty) {
            let impls: Vec<String> = exp_impls
                .iter()
                .map(|i| {
                    let ty = their_type(i.self_name());
                    format!("`impl {} for {ty}`", i.trait_name())
                })
                .collect();
            let what = if impls.is_empty() {
                "create".to_string()
            } else {
                format!("create with {}", impls.join(", "))
            };
            plan.change(rel, what);
            let mut text = exp.text.clone();
            for (ours, (theirs, path)) in &renamed {
                text = text.replace(&format!(" for {ours} {{"), &format!(" for {theirs} {{"));
                if let Some(our_path) = exp.uses.get(ours) {
                    text = text.replace(
                        &format!("use {};", our_path.join("::")),
                        &format!("use {};", path.join("::")),
                    );
                }
            }
            plan.new_files.insert(rel.clone(), text);
            continue;
        }
        for (e, found) in exp_impls.iter().zip(found) {
            for &i in &found {
                let (file, u) = &user_impls[i];
                let n = needs.entry(file.rel.clone()).or_default();
                update_impl(exp, e, file, u, n, plan);
            }
            if !found.is_empty() {
                continue;
            }
            let Some(target) = target else {
                plan.problem(Problem {
                    path: rel.clone(),
                    line: 1,
                    column: 1,
                    message: format!(
                        "`impl {} for {}` is missing and its file is gone; restore the file or add the impl by hand",
                        e.trait_name(),
                        e.self_name()
                    ),
                });
                continue;
            };
            if let Some((module, nested)) = nested_impl(&target.file.items, e) {
                // Appending would make a second, conflicting impl. (Only the names are
                // compared: signatures inside inline modules are not checked.)
                let (_, path, _) = nested.trait_.as_ref().expect("a trait impl");
                let nested = Impl {
                    item: nested,
                    key: Vec::new(),
                };
                let theirs = nested.members();
                let lacking: Vec<String> = e
                    .members()
                    .iter()
                    .filter(|m| !theirs.iter().any(|t| t.name == m.name && t.kind == m.kind))
                    .map(|m| format!("`{}`", m.name))
                    .collect();
                if !lacking.is_empty() {
                    plan.problem(target.problem(
                        path.span(),
                        format!(
                            "`impl {} for {}` is inside `mod {module}`, and --update reads only a file's top-level items: add {} by hand",
                            e.trait_name(),
                            e.self_name(),
                            lacking.join(", ")
                        ),
                    ));
                }
                continue;
            }
            let n = needs.entry(rel.clone()).or_default();
            let mut text = snippet(exp, e.item, target, n);
            if let Some((theirs, import)) = renamed.get(&e.self_name()) {
                let ours = e.self_name();
                text = text.replacen(&format!(" for {ours} {{"), &format!(" for {theirs} {{"), 1);
                n.uses.remove(&ours);
                if !target.uses.contains_key(theirs) && !target.defined.contains(theirs) {
                    n.uses.insert(theirs.clone(), import.clone());
                }
            }
            let stubs = e.members().len();
            let label = todo_label(&text)
                .and_then(|l| l.rsplit_once('.').map(|(p, _)| format!(" (`{p}`)")))
                .unwrap_or_default();
            plan.change(
                rel,
                format!(
                    "add `impl {} for {}`{label} with {stubs} stub(s)",
                    e.trait_name(),
                    their_type(e.self_name())
                ),
            );
            appended.entry(rel.clone()).or_default().push(text);
        }
        // Module declarations and export macros the expected file has and the user's lacks.
        if let Some(target) = target {
            for item in &exp.file.items {
                let missing = match item {
                    syn::Item::Mod(m) => !target.defined.contains(&m.ident.to_string()),
                    syn::Item::Macro(m) => {
                        let name = m.mac.path.segments.last().map(|s| s.ident.to_string());
                        name.as_deref() == Some("export") && find_macro(target, "export").is_none()
                    }
                    _ => false,
                };
                if missing {
                    let n = needs.entry(rel.clone()).or_default();
                    let text = snippet(exp, item, target, n);
                    if let syn::Item::Mod(m) = item {
                        plan.change(rel, format!("add `pub mod {}`", m.ident));
                        insert_after_last(plan, target, 1, text, |i| {
                            matches!(i, syn::Item::Mod(_))
                        });
                    } else {
                        plan.change(rel, "add `export!`".to_string());
                        plan.insert(rel, target.text.len(), 9, format!("\n{text}\n"));
                    }
                }
            }
        }
    }

    for (file, u) in &user_impls {
        // Stale: the WIT no longer has the trait. (A second impl of a trait it still has, say
        // for a test double, is left alone; only the one matched above gets new stubs.)
        let known = expected
            .values()
            .any(|exp| exp.impls::<S>(expected).iter().any(|e| e.key == u.key));
        if !known {
            let (_, path, _) = u.item.trait_.as_ref().expect("a trait impl");
            plan.problem(file.problem(
                path.span(),
                format!(
                    "`impl {} for {}`: the WIT no longer has this trait (its interface or resource was removed or renamed); move the code you need and delete the impl",
                    u.trait_name(),
                    u.self_name()
                ),
            ));
        }
    }

    for (rel, mut n) in needs {
        let target = &user[&rel];
        let items = std::mem::take(&mut n.items);
        let mut texts: Vec<String> = Vec::new();
        for (name, text) in items {
            plan.change(&rel, format!("add `{name}`, which the new stubs use"));
            texts.push(text);
        }
        texts.extend(appended.remove(&rel).unwrap_or_default());
        if !texts.is_empty() {
            insert_after_last(plan, target, 5, texts.join("\n\n"), |i| {
                matches!(i, syn::Item::Impl(_))
            });
        }
        if !n.uses.is_empty() {
            add_uses(plan, target, &n.uses);
        }
    }
}

/// The types the generator's impls are for (`HostState`) that the user renamed: every impl of
/// theirs that stands for one of ours is for one other type, and none for ours. By our name:
/// their name and its path, for new impls.
pub(crate) fn renamed_types<S: Side>(
    expected: &BTreeMap<PathBuf, Parsed>,
    user_impls: &[(&Parsed, Impl<'_>)],
) -> BTreeMap<String, (String, Vec<String>)> {
    let mut seen: BTreeMap<String, BTreeSet<(String, Vec<String>)>> = BTreeMap::new();
    for e in expected.values().flat_map(|exp| exp.impls::<S>(expected)) {
        for (file, u) in user_impls.iter().filter(|(_, u)| u.key == e.key) {
            let name = u.self_name();
            let path = match file.uses.get(&name) {
                Some(path) => path.clone(),
                None => std::iter::once("crate".to_string())
                    .chain(module_path(&file.rel))
                    .chain([name.clone()])
                    .collect(),
            };
            seen.entry(e.self_name()).or_default().insert((name, path));
        }
    }
    seen.into_iter()
        .filter_map(|(ours, theirs)| {
            let mut theirs = theirs.into_iter();
            match (theirs.next(), theirs.next()) {
                (Some(one), None) if one.0 != ours => Some((ours, one)),
                _ => None,
            }
        })
        .collect()
}

/// An impl like `e` (same trait name, same type) inside an inline module of `items`, with
/// the module's name.
pub(crate) fn nested_impl<'a>(
    items: &'a [syn::Item],
    e: &Impl<'_>,
) -> Option<(String, &'a syn::ItemImpl)> {
    let trait_ident = |i: &syn::ItemImpl| {
        let (_, path, _) = i.trait_.as_ref()?;
        path.segments.last().map(|s| s.ident.to_string())
    };
    let wanted = trait_ident(e.item);
    items.iter().find_map(|item| {
        let syn::Item::Mod(m) = item else {
            return None;
        };
        let (_, inner) = m.content.as_ref()?;
        inner
            .iter()
            .find_map(|i| match i {
                syn::Item::Impl(i)
                    if i.trait_.is_some()
                        && trait_ident(i) == wanted
                        && type_name(&i.self_ty) == e.self_name() =>
                {
                    Some((m.ident.to_string(), i))
                }
                _ => None,
            })
            .or_else(|| nested_impl(inner, e))
    })
}

/// The user's file for the module the generator writes at `rel`: `src/host/mod.rs` may
/// have become `src/host.rs`, and `src/host/x.rs` may have become `src/host/x/mod.rs`. (Writing
/// the generator's path next to the user's would make rustc refuse the module as ambiguous.)
pub(crate) fn module_file(user: &BTreeMap<PathBuf, Parsed>, rel: &Path) -> PathBuf {
    let alt = if rel.file_name().is_some_and(|n| n == "mod.rs") {
        rel.parent().map(|dir| dir.with_extension("rs"))
    } else {
        Some(rel.with_extension("").join("mod.rs"))
    };
    match alt {
        Some(alt) if !user.contains_key(rel) && user.contains_key(&alt) => alt,
        _ => rel.to_path_buf(),
    }
}

/// Inserts `text` (an item, or items separated by blank lines) after the last top-level item
/// of `target` that `is_kind` accepts, else at the end of the file.
pub(crate) fn insert_after_last(
    plan: &mut Plan,
    target: &Parsed,
    order: u8,
    text: String,
    is_kind: impl Fn(&syn::Item) -> bool,
) {
    let items = &target.file.items;
    // Type definitions right after that item belong with it (a resource's struct written
    // after the impl that names it): insert after them too.
    let at = items.iter().rposition(is_kind).map(|mut i| {
        while matches!(
            items.get(i + 1),
            Some(syn::Item::Struct(_) | syn::Item::Enum(_) | syn::Item::Type(_))
        ) {
            i += 1;
        }
        &items[i]
    });
    match at {
        Some(item) => {
            let end = target.item_end(target.range(item).end);
            plan.insert(&target.rel, end, order, format!("\n\n{text}"));
        }
        None => {
            let t = &target.text;
            let lead = if t.is_empty() || t.ends_with("\n\n") {
                ""
            } else if t.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            plan.insert(&target.rel, t.len(), order, format!("{lead}{text}\n"));
        }
    }
}

/// `use` lines for `uses`, grouped by module, after the file's last top-level `use`.
pub(crate) fn add_uses(plan: &mut Plan, target: &Parsed, uses: &BTreeMap<String, Vec<String>>) {
    let mut by_module: BTreeMap<&[String], Vec<&str>> = BTreeMap::new();
    for (name, path) in uses {
        let (_, module) = path.split_last().expect("a use path has a name");
        by_module.entry(module).or_default().push(name);
    }
    let lines: Vec<String> = by_module
        .iter()
        .map(|(module, names)| {
            let prefix = if module.is_empty() {
                String::new()
            } else {
                format!("{}::", module.join("::"))
            };
            if names.len() == 1 {
                format!("use {prefix}{};", names[0])
            } else {
                format!("use {prefix}{{{}}};", names.join(", "))
            }
        })
        .collect();
    plan.change(
        &target.rel,
        format!(
            "import {}",
            uses.keys()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    let last_use = target
        .file
        .items
        .iter()
        .rev()
        .find(|i| matches!(i, syn::Item::Use(_)));
    match (last_use, target.file.items.first()) {
        (Some(u), _) => {
            let end = target.item_end(target.range(u).end);
            plan.insert(&target.rel, end, 0, format!("\n{}", lines.join("\n")));
        }
        (None, Some(first)) => {
            let start = target.line_start(target.range(first).start);
            plan.insert(&target.rel, start, 0, format!("{}\n\n", lines.join("\n")));
        }
        (None, None) => {
            // After the comments the file may hold (on a line of its own: a last line
            // without its newline would swallow it); the appended items follow.
            let t = &target.text;
            let lead = if t.is_empty() || t.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            let gap = if t.is_empty() || t.ends_with("\n\n") {
                "\n"
            } else {
                ""
            };
            plan.insert(
                &target.rel,
                t.len(),
                0,
                format!("{lead}{}\n{gap}", lines.join("\n")),
            );
        }
    }
}

/// One expected impl against the user's: stubs for missing members, problems for members
/// that differ or are gone.
pub(crate) fn update_impl(
    exp: &Parsed,
    e: &Impl<'_>,
    file: &Parsed,
    u: &Impl<'_>,
    needs: &mut Needs,
    plan: &mut Plan,
) {
    let theirs = u.members();
    let ours = e.members();
    let trait_name = u.trait_name();
    let mut inserts = Vec::new();
    let mut type_inserts = Vec::new();
    for m in &ours {
        match theirs.iter().find(|t| t.name == m.name && t.kind == m.kind) {
            Some(t) if t.shape != m.shape => {
                let syn::ImplItem::Fn(f) = m.item else {
                    continue;
                };
                let sig = one_line(&exp.text[exp.range(&f.sig)]);
                // Names in the new signature that this file does not import yet.
                let mut scratch = Needs::default();
                snippet(exp, &f.sig, file, &mut scratch);
                let hints = if scratch.uses.is_empty() {
                    String::new()
                } else {
                    format!(
                        "\n    (not imported here: {})",
                        scratch
                            .uses
                            .iter()
                            .map(|(n, p)| format!("`{n}` is `{}`", p.join("::")))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                plan.problem(file.problem(
                    t.ident_span,
                    format!(
                        "`{trait_name}::{}` no longer matches the WIT; the generated trait now has\n    {sig}{hints}",
                        m.name
                    ),
                ));
            }
            Some(_) => {}
            None => {
                let text = snippet(exp, m.item, file, needs);
                let label = todo_label(&text)
                    .map(|l| format!(" (`{l}`)"))
                    .unwrap_or_default();
                let what = if m.kind == "function" { "stub" } else { m.kind };
                plan.change(
                    &file.rel,
                    format!("add {what} `{trait_name}::{}`{label}", m.name),
                );
                if m.kind == "function" {
                    inserts.push(text);
                } else {
                    type_inserts.push(text);
                }
            }
        }
    }
    for t in &theirs {
        if !ours.iter().any(|m| m.name == t.name && m.kind == t.kind) {
            plan.problem(file.problem(
                t.ident_span,
                format!(
                    "`{trait_name}::{}`: the WIT no longer has this {}; move the code you need and delete it",
                    t.name, t.kind
                ),
            ));
        }
    }
    // Expected members sit one level into a top-level impl; add the user's impl's own indent.
    let base = file.indent_at(file.range(u.item).start).to_string();
    if !type_inserts.is_empty() {
        // Associated types go first, as the generator writes them: after the user's last
        // one, else right after the opening brace.
        let body = reindent(&type_inserts.join("\n"), &base);
        let last_type = u
            .item
            .items
            .iter()
            .rev()
            .find(|i| matches!(i, syn::ImplItem::Type(_)));
        match last_type {
            Some(t) => {
                let end = file.item_end(file.range(t).end);
                plan.insert(&file.rel, end, 3, format!("\n{body}"));
            }
            None => {
                let open = file.offset(u.item.brace_token.span.open().end());
                let tail = if u.item.items.is_empty() && inserts.is_empty() {
                    format!("\n{base}")
                } else {
                    String::new()
                };
                plan.insert(&file.rel, open, 3, format!("\n{body}\n{tail}"));
            }
        }
    }
    if inserts.is_empty() {
        return;
    }
    let body = reindent(&inserts.join("\n\n"), &base);
    let close = file.offset(u.item.brace_token.span.close().start());
    let line_start = file.line_start(close);
    let nonempty = !u.item.items.is_empty();
    if file.text[line_start..close].trim().is_empty() {
        let lead = if nonempty { "\n" } else { "" };
        plan.insert(&file.rel, line_start, 3, format!("{lead}{body}\n"));
    } else {
        plan.insert(&file.rel, close, 3, format!("\n{body}\n{base}"));
    }
}
