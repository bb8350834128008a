//! The syn visitor that collects a file's [`FileFacts`].

use std::ops::Range;
use std::time::Instant;

use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Expr, Item, Lit};

use super::args::parse_args;
use super::scope::{self, Scope, use_roots};
use super::{
    BindgenUse, CrateNames, CrateRef, FileFacts, LinkTarget, Locator, MacroKind, Registration,
    WASMTIME, WIT_BINDGEN,
};

#[derive(Clone, Copy)]
enum Node<'ast> {
    Item(&'ast Item),
    Stmt(&'ast syn::Stmt),
    ImplItem(&'ast syn::ImplItem),
    TraitItem(&'ast syn::TraitItem),
}

struct Extractor<'a, 'ast> {
    loc: &'a Locator<'a>,
    names: &'a CrateNames,
    scopes: Vec<Scope>,
    nodes: Vec<Node<'ast>>,
    facts: FileFacts,
    /// Past it, no more names are resolved and the file is given up.
    deadline: Instant,
    out_of_time: bool,
}

/// The file's facts, or `None` when collecting them took past `deadline`.
pub(super) fn facts(
    file: &syn::File,
    loc: &Locator<'_>,
    names: &CrateNames,
    deadline: Instant,
) -> Option<FileFacts> {
    let mut x = Extractor {
        loc,
        names,
        scopes: Vec::new(),
        nodes: Vec::new(),
        facts: FileFacts::default(),
        deadline,
        out_of_time: false,
    };
    x.visit_file(file);
    (!x.out_of_time).then_some(x.facts)
}

pub(super) const FUNC_METHODS: &[&str] = &[
    "func_wrap",
    "func_wrap_async",
    "func_wrap_concurrent",
    "func_new",
    "func_new_async",
    "func_new_concurrent",
];

impl<'a, 'ast> Extractor<'a, 'ast> {
    fn anchors(&self) -> Vec<usize> {
        self.nodes
            .iter()
            .map(|n| {
                let span = match n {
                    Node::Item(i) => i.span(),
                    Node::Stmt(s) => s.span(),
                    Node::ImplItem(i) => i.span(),
                    Node::TraitItem(i) => i.span(),
                };
                self.loc.line(span.start())
            })
            .collect()
    }

    /// Checked before each resolution: the one step whose cost depends on the file's names.
    fn over_budget(&mut self) -> bool {
        if !self.out_of_time && Instant::now() > self.deadline {
            self.out_of_time = true;
        }
        self.out_of_time
    }

    fn push_scope(&mut self, module: bool, items: impl Iterator<Item = &'ast Item>) {
        self.scopes.push(Scope::of_items(module, items));
    }

    fn classify(&mut self, path: &syn::Path) -> Option<MacroKind> {
        let mut segs: Vec<String> = Vec::with_capacity(path.segments.len() + 1);
        if path.leading_colon.is_some() {
            segs.push("::".to_string());
        }
        segs.extend(path.segments.iter().map(|s| s.ident.to_string()));
        let last = segs.last()?;
        // Cheap exit: every alias chain must end in one of these names.
        if !self.could_be_alias(last) {
            return None;
        }
        if self.over_budget() {
            return None;
        }
        let candidates = scope::resolve(&self.scopes, self.scopes.len().checked_sub(1)?, &segs);
        for c in &candidates {
            match c.as_slice() {
                [krate, name] if name == "generate" && self.names.is(krate, WIT_BINDGEN) => {
                    return Some(MacroKind::Guest);
                }
                [krate, component, name]
                    if component == "component"
                        && name == "bindgen"
                        && self.names.is(krate, WASMTIME) =>
                {
                    return Some(MacroKind::Host);
                }
                _ => {}
            }
        }
        self.imported_elsewhere(path)
    }

    /// `bindgen!`, `crate::bindgen!`, `super::generate!`, ...: a macro name this file neither
    /// imports nor defines, in a package that depends on the crate whose macro has that name.
    /// It can only come from another file of the package, so it is that crate's macro.
    fn imported_elsewhere(&self, path: &syn::Path) -> Option<MacroKind> {
        if path.leading_colon.is_some() {
            return None;
        }
        let mut segs = path.segments.iter().map(|s| s.ident.to_string());
        let name = segs.find(|s| !matches!(s.as_str(), "self" | "super" | "crate"))?;
        if segs.next().is_some() {
            return None;
        }
        let (kind, package) = match name.as_str() {
            "bindgen" => (MacroKind::Host, WASMTIME),
            "generate" => (MacroKind::Guest, WIT_BINDGEN),
            _ => return None,
        };
        let named_here = self
            .scopes
            .iter()
            .any(|s| s.aliases.contains_key(&name) || s.macro_rules.contains(&name));
        (!named_here && self.names.depends_on.contains(&package)).then_some(kind)
    }

    /// Whether a macro path ending in `ident` can resolve to a bindgen macro. Resolution
    /// rewrites a path's last segment only when an alias or a re-export takes its place
    /// (globs keep the name), so every other macro call (`println!`, `bail!`) is skipped.
    fn could_be_alias(&self, ident: &str) -> bool {
        ident == "generate"
            || ident == "bindgen"
            || self.scopes.iter().any(|s| {
                s.aliases.contains_key(ident) || s.modules.values().any(|m| m.contains_key(ident))
            })
    }

    fn record_crate_ref(&mut self, ident: &proc_macro2::Ident) {
        let local = ident.to_string();
        let Some(package) = self.names.package_of(&local) else {
            return;
        };
        if package == WASMTIME || self.names.untracked.contains(&package) {
            return;
        }
        let range = self.loc.range(ident.span());
        let anchors = self.anchors();
        self.facts.crate_refs.push(CrateRef {
            package,
            local,
            range,
            anchors,
        });
    }

    fn lookup_binding(&self, name: &str) -> Option<(LinkTarget, Range<usize>)> {
        for scope in self.scopes.iter().rev() {
            if let Some(b) = scope.bindings.get(name) {
                return b.clone();
            }
            if scope.module {
                break;
            }
        }
        None
    }

    /// `linker.instance("x")?`, `linker.root()`, or a local bound to one of them.
    fn link_target(&self, expr: &Expr) -> Option<(LinkTarget, Range<usize>)> {
        match expr {
            Expr::Try(t) => self.link_target(&t.expr),
            Expr::Paren(p) => self.link_target(&p.expr),
            Expr::Reference(r) => self.link_target(&r.expr),
            Expr::MethodCall(m) => {
                let method = m.method.to_string();
                let range = self.loc.join(m.method.span(), m.paren_token.span.close());
                match method.as_str() {
                    "unwrap" | "expect" | "context" | "with_context" | "map_err" => {
                        self.link_target(&m.receiver)
                    }
                    "instance" if m.args.len() == 1 => match m.args.first() {
                        Some(Expr::Lit(syn::ExprLit {
                            lit: Lit::Str(s), ..
                        })) => Some((LinkTarget::Instance(s.value()), range)),
                        _ => None,
                    },
                    "root" if m.args.is_empty() => Some((LinkTarget::Root, range)),
                    _ => None,
                }
            }
            Expr::Path(p) if p.qself.is_none() => {
                let ident = p.path.get_ident()?;
                self.lookup_binding(&ident.to_string())
            }
            _ => None,
        }
    }
}

impl<'ast> Visit<'ast> for Extractor<'_, 'ast> {
    fn visit_file(&mut self, file: &'ast syn::File) {
        self.push_scope(true, file.items.iter());
        visit::visit_file(self, file);
        self.scopes.pop();
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        match &m.content {
            Some((_, items)) => {
                self.push_scope(true, items.iter());
                visit::visit_item_mod(self, m);
                self.scopes.pop();
            }
            None => visit::visit_item_mod(self, m),
        }
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        self.push_scope(
            false,
            block.stmts.iter().filter_map(|s| match s {
                syn::Stmt::Item(i) => Some(i),
                _ => None,
            }),
        );
        visit::visit_block(self, block);
        self.scopes.pop();
    }

    fn visit_item(&mut self, item: &'ast Item) {
        self.nodes.push(Node::Item(item));
        visit::visit_item(self, item);
        self.nodes.pop();
    }

    fn visit_stmt(&mut self, stmt: &'ast syn::Stmt) {
        self.nodes.push(Node::Stmt(stmt));
        visit::visit_stmt(self, stmt);
        self.nodes.pop();
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        self.nodes.push(Node::ImplItem(item));
        visit::visit_impl_item(self, item);
        self.nodes.pop();
    }

    fn visit_trait_item(&mut self, item: &'ast syn::TraitItem) {
        self.nodes.push(Node::TraitItem(item));
        visit::visit_trait_item(self, item);
        self.nodes.pop();
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let mut roots = Vec::new();
        use_roots(&u.tree, &mut roots);
        for ident in roots {
            self.record_crate_ref(ident);
        }
        visit::visit_item_use(self, u);
    }

    fn visit_item_extern_crate(&mut self, e: &'ast syn::ItemExternCrate) {
        self.record_crate_ref(&e.ident);
        visit::visit_item_extern_crate(self, e);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if (path.segments.len() > 1 || path.leading_colon.is_some())
            && let Some(first) = path.segments.first()
        {
            self.record_crate_ref(&first.ident);
        }
        visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if let Some(kind) = self.classify(&mac.path) {
            let first = mac
                .path
                .leading_colon
                .map(|c| c.spans[0])
                .or_else(|| mac.path.segments.first().map(|s| s.ident.span()))
                .unwrap_or_else(proc_macro2::Span::call_site);
            let written = {
                let mut s = String::new();
                if mac.path.leading_colon.is_some() {
                    s.push_str("::");
                }
                let segs: Vec<String> = mac
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                s.push_str(&segs.join("::"));
                s
            };
            let path_range = self.loc.join(first, mac.bang_token.span);
            let args = parse_args(mac.tokens.clone(), Some(self.loc));
            let anchors = self.anchors();
            self.facts.bindgen.push(BindgenUse {
                kind,
                written,
                path_range,
                args,
                anchors,
            });
        }
        visit::visit_macro(self, mac);
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        // Visit the initializer first: `let x = x.instance(..)` sees the old `x`.
        visit::visit_local(self, local);
        let ident = match &local.pat {
            syn::Pat::Ident(p) => Some(p.ident.to_string()),
            syn::Pat::Type(t) => match &*t.pat {
                syn::Pat::Ident(p) => Some(p.ident.to_string()),
                _ => None,
            },
            _ => None,
        };
        if let Some(name) = ident {
            let target = local
                .init
                .as_ref()
                .and_then(|init| self.link_target(&init.expr));
            if let Some(scope) = self.scopes.last_mut() {
                scope.bindings.insert(name, target);
            }
        }
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let method = call.method.to_string();
        if FUNC_METHODS.contains(&method.as_str())
            && call.args.len() == 2
            && let Some(Expr::Lit(syn::ExprLit {
                lit: Lit::Str(name),
                ..
            })) = call.args.first()
            && let Some((target, target_range)) = self.link_target(&call.receiver)
        {
            let range = self.loc.range(call.method.span());
            let anchors = self.anchors();
            self.facts.registrations.push(Registration {
                target,
                target_range,
                func: name.value(),
                method,
                range,
                anchors,
            });
        }
        visit::visit_expr_method_call(self, call);
    }
}
