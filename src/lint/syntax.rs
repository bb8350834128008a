//! Facts about one Rust file, read from its syn tree: bindgen macro invocations (resolved
//! through `use` aliases, globs, `extern crate` renames and renamed dependencies), their
//! `path`/`world` arguments, uses of interesting crates, every macro name invoked, and
//! hand-written component-linker registrations.
//!
//! Nothing here looks at text: comments, strings and doc examples are invisible to it.
//! Everything is turned into byte ranges before returning, and the thread's span table is
//! released, so memory does not grow with the number of files parsed.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Expr, Item, Lit, UseTree};

use crate::diag::LineIndex;

/// Packages whose crate names matter.
pub const WIT_BINDGEN: &str = "wit-bindgen";
pub const WASMTIME: &str = "wasmtime";
pub const INTERNAL_CRATES: [&str; 2] = ["wasmtime-wit-bindgen", "wasmtime-internal-wit-bindgen"];

/// Local crate names code may use for the packages that matter, e.g. `wb` -> `wit-bindgen`.
#[derive(Debug, Clone, Default)]
pub struct CrateNames {
    pub entries: Vec<(String, &'static str)>,
    /// Of [`WIT_BINDGEN`] and [`WASMTIME`], the ones the package depends on (empty outside a
    /// package). A bare `generate!`/`bindgen!` that nothing in its file names is taken to be
    /// that crate's macro, brought in from another file (`use super::*`, `crate::bindgen!`).
    pub depends_on: Vec<&'static str>,
}

impl CrateNames {
    /// The canonical names only (a file outside any package).
    pub fn canonical() -> CrateNames {
        let mut entries = vec![
            ("wit_bindgen".to_string(), WIT_BINDGEN),
            ("wasmtime".to_string(), WASMTIME),
        ];
        for p in INTERNAL_CRATES {
            entries.push((p.replace('-', "_"), p));
        }
        CrateNames {
            entries,
            depends_on: Vec::new(),
        }
    }

    /// The names a package's code may use for the bindgen crates, renames included.
    pub(crate) fn of_manifest(manifest: &super::manifest::Manifest) -> CrateNames {
        let mut names = CrateNames::default();
        for package in [WIT_BINDGEN, WASMTIME].into_iter().chain(INTERNAL_CRATES) {
            for local in manifest.crate_names(package) {
                names.entries.push((local, package));
            }
        }
        names.depends_on = [WIT_BINDGEN, WASMTIME]
            .into_iter()
            .filter(|p| manifest.depends_on(p))
            .collect();
        names
    }

    pub fn package_of(&self, local: &str) -> Option<&'static str> {
        self.entries
            .iter()
            .find(|(l, _)| l == local)
            .map(|(_, p)| *p)
    }

    fn is(&self, local: &str, package: &str) -> bool {
        self.entries
            .iter()
            .any(|(l, p)| l == local && *p == package)
    }
}

/// Which bindgen macro.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MacroKind {
    /// `wit_bindgen::generate!`.
    Guest,
    /// `wasmtime::component::bindgen!`.
    Host,
}

impl MacroKind {
    pub fn canonical(self) -> &'static str {
        match self {
            MacroKind::Guest => "wit_bindgen::generate!",
            MacroKind::Host => "wasmtime::component::bindgen!",
        }
    }
}

/// A string literal and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LitLoc {
    pub value: String,
    pub range: Range<usize>,
}

/// The WIT-related arguments of a bindgen macro.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MacroArgs {
    /// False when the tokens were not understood; then nothing about WIT is checked.
    pub understood: bool,
    pub world: Option<LitLoc>,
    /// `path: ".."`, `path: [..]` or `"world" in ".."`. Empty means the default `wit`.
    pub paths: Vec<LitLoc>,
    /// `inline: ".."` (or wasmtime's `interfaces: ".."`).
    pub inline: bool,
    /// `path` given but not as string literals.
    pub dynamic_path: bool,
    pub export_macro_name: Option<String>,
    pub pub_export_macro: bool,
    /// Keys of `with: { "ns:pkg/iface": .. }`.
    pub with_keys: Vec<String>,
}

/// A resolved `generate!`/`bindgen!` invocation.
#[derive(Debug, Clone)]
pub struct BindgenUse {
    pub kind: MacroKind,
    /// The path as written, e.g. `gen` or `wasmtime::component::bindgen`.
    pub written: String,
    /// From the first path token through the `!`.
    pub path_range: Range<usize>,
    pub args: MacroArgs,
    /// Start lines of the enclosing items and statements (for suppression comments).
    pub anchors: Vec<usize>,
}

/// A path that starts with a crate we care about (`wit_bindgen::..`, `wasmtime_wit_bindgen`).
#[derive(Debug, Clone)]
pub struct CrateRef {
    pub package: &'static str,
    pub local: String,
    pub range: Range<usize>,
    pub anchors: Vec<usize>,
}

/// What a component-linker registration targets.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// `linker.root()`.
    Root,
    /// `linker.instance("ns:pkg/iface")`.
    Instance(String),
}

/// `<root or instance>.func_wrap("name", ..)`.
#[derive(Debug, Clone)]
pub struct Registration {
    pub target: LinkTarget,
    /// The `instance("..")`/`root()` call.
    pub target_range: Range<usize>,
    pub func: String,
    pub method: String,
    /// The `func_wrap` method name.
    pub range: Range<usize>,
    pub anchors: Vec<usize>,
}

/// Everything a file tells the rules.
#[derive(Debug, Clone, Default)]
pub struct FileFacts {
    pub bindgen: Vec<BindgenUse>,
    /// Last path segment of every macro invoked (`export`, `println`, ...).
    pub macro_names: BTreeSet<String>,
    pub crate_refs: Vec<CrateRef>,
    pub registrations: Vec<Registration>,
}

/// A file that does not parse.
#[derive(Debug, Clone)]
pub struct ParseFailure {
    pub message: String,
    pub range: Range<usize>,
}

/// Parses `text` and extracts its facts.
pub fn extract(text: &str, names: &CrateNames) -> Result<FileFacts, ParseFailure> {
    const BOM: &str = "\u{feff}";
    let (bom, body) = match text.strip_prefix(BOM) {
        Some(rest) => (BOM.len(), rest),
        None => (0, text),
    };
    // syn parses nested brackets recursively; refuse what could overflow a thread's stack.
    if let Some(at) = too_deep(body.as_bytes()) {
        return Err(ParseFailure {
            message: format!("brackets nest deeper than {MAX_NESTING} levels"),
            range: bom + at..bom + at + 1,
        });
    }
    let loc = Locator {
        text: body,
        index: LineIndex::new(body),
        bom,
    };
    let result = match syn::parse_file(body) {
        Ok(file) => {
            let mut x = Extractor {
                loc: &loc,
                names,
                scopes: Vec::new(),
                nodes: Vec::new(),
                facts: FileFacts::default(),
            };
            x.visit_file(&file);
            Ok(x.facts)
        }
        Err(e) => Err(ParseFailure {
            message: e.to_string(),
            range: loc.range(e.span()),
        }),
    };
    // All spans are converted; free this thread's source map (it keeps every parsed file).
    proc_macro2::extra::invalidate_current_thread_spans();
    result
}

/// Deepest bracket nesting [`extract`] parses; real code stays far below it.
const MAX_NESTING: usize = 256;

/// Offset of the first bracket that opens level `MAX_NESTING + 1`. A byte count: brackets
/// in strings and comments count too, which real code is far enough from the limit for.
fn too_deep(bytes: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

struct Locator<'t> {
    text: &'t str,
    index: LineIndex,
    bom: usize,
}

impl Locator<'_> {
    fn offset(&self, lc: proc_macro2::LineColumn) -> usize {
        self.bom + self.index.offset(self.text, lc.line, lc.column)
    }

    fn range(&self, span: proc_macro2::Span) -> Range<usize> {
        let start = self.offset(span.start());
        let end = self.offset(span.end()).max(start);
        start..end
    }

    fn join(&self, a: proc_macro2::Span, b: proc_macro2::Span) -> Range<usize> {
        let start = self.offset(a.start());
        let end = self.offset(b.end()).max(start);
        start..end
    }
}

#[derive(Default)]
struct Scope {
    module: bool,
    /// `use a::b as c;` -> `c` => `[a, b]`. A leading `::` is kept as a `::` segment.
    aliases: HashMap<String, Vec<String>>,
    globs: Vec<Vec<String>>,
    macro_rules: HashSet<String>,
    /// Re-exports of inline child modules: `mod m { pub use wit_bindgen::generate; }` ->
    /// `m` => { `generate` => `[wit_bindgen, generate]` } (one level, for `m::generate!`).
    modules: HashMap<String, HashMap<String, Vec<String>>>,
    /// `let inst = linker.instance("..")?;` in this block. `None` marks a shadowing binding.
    bindings: HashMap<String, Option<(LinkTarget, Range<usize>)>>,
}

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
}

const FUNC_METHODS: &[&str] = &[
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
                span.start().line
            })
            .collect()
    }

    fn push_scope(&mut self, module: bool, items: impl Iterator<Item = &'ast Item>) {
        let mut scope = Scope {
            module,
            ..Scope::default()
        };
        for item in items {
            match item {
                Item::Use(u) => {
                    let prefix = if u.leading_colon.is_some() {
                        vec!["::".to_string()]
                    } else {
                        Vec::new()
                    };
                    add_use_tree(&mut scope, &u.tree, prefix);
                }
                Item::ExternCrate(e) => {
                    let name = e.ident.to_string();
                    let alias = e
                        .rename
                        .as_ref()
                        .map_or_else(|| name.clone(), |(_, r)| r.to_string());
                    if alias != "_" {
                        scope
                            .aliases
                            .insert(alias, vec!["::".to_string(), name.clone()]);
                    }
                    if e.attrs.iter().any(|a| a.path().is_ident("macro_use")) {
                        scope.globs.push(vec!["::".to_string(), name]);
                    }
                }
                Item::Macro(m) if m.mac.path.is_ident("macro_rules") => {
                    if let Some(ident) = &m.ident {
                        scope.macro_rules.insert(ident.to_string());
                    }
                }
                Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        let mut child = Scope::default();
                        for item in items {
                            if let Item::Use(u) = item
                                && !matches!(u.vis, syn::Visibility::Inherited)
                            {
                                let prefix = if u.leading_colon.is_some() {
                                    vec!["::".to_string()]
                                } else {
                                    Vec::new()
                                };
                                add_use_tree(&mut child, &u.tree, prefix);
                            }
                        }
                        // Targets relative to the child module cannot be resolved from here.
                        child.aliases.retain(|_, t| {
                            !matches!(t.first().map(String::as_str), Some("self" | "super"))
                        });
                        if !child.aliases.is_empty() {
                            scope.modules.insert(m.ident.to_string(), child.aliases);
                        }
                    }
                }
                _ => {}
            }
        }
        self.scopes.push(scope);
    }

    /// Index of the module scope `at` belongs to.
    fn module_of(&self, at: usize) -> usize {
        (0..=at).rev().find(|&i| self.scopes[i].module).unwrap_or(0)
    }

    /// Candidate absolute paths for `path` as seen from scope `at`.
    fn resolve(&self, at: usize, path: &[String], depth: u8, out: &mut Vec<Vec<String>>) {
        if depth > 8 || path.is_empty() || self.scopes.is_empty() {
            return;
        }
        let first = path[0].as_str();
        let rest = &path[1..];
        match first {
            "::" => out.push(rest.to_vec()),
            "crate" => self.resolve_in_module(0, rest, depth, out),
            "self" => self.resolve_in_module(self.module_of(at), rest, depth, out),
            "super" => {
                let m = self.module_of(at);
                if m == 0 {
                    return;
                }
                let parent = self.module_of(m - 1);
                self.resolve_in_module(parent, rest, depth, out);
            }
            ident => {
                let module = self.module_of(at);
                for i in (module..=at).rev() {
                    let scope = &self.scopes[i];
                    if path.len() == 1 && scope.macro_rules.contains(ident) {
                        return; // a local `macro_rules!` shadows everything else
                    }
                    if let Some(target) = scope.aliases.get(ident) {
                        let mut full = target.clone();
                        full.extend_from_slice(rest);
                        if target.first().map(String::as_str) == Some(ident) {
                            // `use wasmtime::component;` refers to the extern crate itself.
                            out.push(full);
                        } else {
                            self.resolve(i, &full, depth + 1, out);
                        }
                        return;
                    }
                }
                if let Some(second) = path.get(1) {
                    for i in (module..=at).rev() {
                        if let Some(target) = self.scopes[i]
                            .modules
                            .get(ident)
                            .and_then(|m| m.get(second))
                        {
                            let mut full = target.clone();
                            full.extend_from_slice(&path[2..]);
                            self.resolve(i, &full, depth + 1, out);
                            return;
                        }
                    }
                }
                out.push(path.to_vec());
                for i in (module..=at).rev() {
                    for glob in &self.scopes[i].globs {
                        let mut full = glob.clone();
                        full.extend_from_slice(path);
                        self.resolve(i, &full, depth + 1, out);
                    }
                }
            }
        }
    }

    fn resolve_in_module(&self, m: usize, path: &[String], depth: u8, out: &mut Vec<Vec<String>>) {
        let Some(first) = path.first() else { return };
        let scope = &self.scopes[m];
        if let Some(target) = path
            .get(1)
            .and_then(|second| scope.modules.get(first)?.get(second))
        {
            let mut full = target.clone();
            full.extend_from_slice(&path[2..]);
            self.resolve(m, &full, depth + 1, out);
            return;
        }
        if let Some(target) = scope.aliases.get(first) {
            let mut full = target.clone();
            full.extend_from_slice(&path[1..]);
            self.resolve(m, &full, depth + 1, out);
        }
        for glob in &scope.globs {
            let mut full = glob.clone();
            full.extend_from_slice(path);
            self.resolve(m, &full, depth + 1, out);
        }
    }

    fn classify(&self, path: &syn::Path) -> Option<MacroKind> {
        let mut segs: Vec<String> = Vec::with_capacity(path.segments.len() + 1);
        if path.leading_colon.is_some() {
            segs.push("::".to_string());
        }
        segs.extend(path.segments.iter().map(|s| s.ident.to_string()));
        let last = segs.last()?;
        // Cheap exit: every alias chain must end in one of these names.
        if path.segments.len() == 1 && !self.could_be_alias(last) {
            return None;
        }
        let mut candidates = Vec::new();
        self.resolve(self.scopes.len().checked_sub(1)?, &segs, 0, &mut candidates);
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

    fn could_be_alias(&self, ident: &str) -> bool {
        ident == "generate"
            || ident == "bindgen"
            || self
                .scopes
                .iter()
                .any(|s| s.aliases.contains_key(ident) || !s.globs.is_empty())
    }

    fn record_crate_ref(&mut self, ident: &proc_macro2::Ident) {
        let local = ident.to_string();
        let Some(package) = self.names.package_of(&local) else {
            return;
        };
        if package == WASMTIME {
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

fn add_use_tree(scope: &mut Scope, tree: &UseTree, mut prefix: Vec<String>) {
    match tree {
        UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            add_use_tree(scope, &p.tree, prefix);
        }
        UseTree::Name(n) => {
            let name = n.ident.to_string();
            if name == "self" {
                if let Some(last) = prefix.last().cloned() {
                    scope.aliases.insert(last, prefix);
                }
            } else {
                prefix.push(name.clone());
                scope.aliases.insert(name, prefix);
            }
        }
        UseTree::Rename(r) => {
            let alias = r.rename.to_string();
            if alias == "_" {
                return;
            }
            let name = r.ident.to_string();
            if name != "self" {
                prefix.push(name);
            }
            scope.aliases.insert(alias, prefix);
        }
        UseTree::Glob(_) => scope.globs.push(prefix),
        UseTree::Group(g) => {
            for t in &g.items {
                add_use_tree(scope, t, prefix.clone());
            }
        }
    }
}

/// Root identifiers of a use tree (`use {a::b, c};` -> `a`, `c`).
fn use_roots<'t>(tree: &'t UseTree, out: &mut Vec<&'t proc_macro2::Ident>) {
    match tree {
        UseTree::Path(p) => out.push(&p.ident),
        UseTree::Name(n) => out.push(&n.ident),
        UseTree::Rename(r) => out.push(&r.ident),
        UseTree::Glob(_) => {}
        UseTree::Group(g) => {
            for t in &g.items {
                use_roots(t, out);
            }
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
        if let Some(last) = mac.path.segments.last() {
            self.facts.macro_names.insert(last.ident.to_string());
        }
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
            let args = parse_args(mac.tokens.clone(), self.loc);
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

/// Reads `path`/`world`/`inline`/.. from a macro's tokens. Mirrors the grammar both macros
/// accept: `()`, `("world")`, `("world" in "path")`, `({ key: value, .. })`.
fn parse_args(tokens: TokenStream, loc: &Locator<'_>) -> MacroArgs {
    let tts: Vec<TokenTree> = tokens.into_iter().collect();
    let mut args = MacroArgs {
        understood: true,
        ..MacroArgs::default()
    };
    match tts.as_slice() {
        [] => {}
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Brace => {
            parse_fields(g.stream(), loc, &mut args);
        }
        [TokenTree::Literal(world)] => match lit_str(world, loc) {
            Some(w) => args.world = Some(w),
            None => args.understood = false,
        },
        [
            TokenTree::Literal(world),
            TokenTree::Ident(kw),
            TokenTree::Literal(path),
        ] if kw == "in" => match (lit_str(world, loc), lit_str(path, loc)) {
            (Some(w), Some(p)) => {
                args.world = Some(w);
                args.paths.push(p);
            }
            _ => args.understood = false,
        },
        _ => args.understood = false,
    }
    args
}

fn parse_fields(stream: TokenStream, loc: &Locator<'_>, args: &mut MacroArgs) {
    let mut fields: Vec<Vec<TokenTree>> = vec![Vec::new()];
    for tt in stream {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' => fields.push(Vec::new()),
            _ => fields.last_mut().expect("never empty").push(tt),
        }
    }
    for field in fields {
        let [TokenTree::Ident(key), TokenTree::Punct(colon), value @ ..] = field.as_slice() else {
            continue;
        };
        if colon.as_char() != ':' {
            continue;
        }
        match (key.to_string().as_str(), value) {
            ("world", [TokenTree::Literal(l)]) => args.world = lit_str(l, loc),
            ("path", [TokenTree::Literal(l)]) => match lit_str(l, loc) {
                Some(p) => args.paths.push(p),
                None => args.dynamic_path = true,
            },
            ("path", [TokenTree::Group(g)]) if g.delimiter() == Delimiter::Bracket => {
                for tt in g.stream() {
                    match tt {
                        TokenTree::Literal(l) => match lit_str(&l, loc) {
                            Some(p) => args.paths.push(p),
                            None => args.dynamic_path = true,
                        },
                        TokenTree::Punct(p) if p.as_char() == ',' => {}
                        _ => args.dynamic_path = true,
                    }
                }
            }
            ("path", _) => args.dynamic_path = true,
            ("inline" | "interfaces", _) => args.inline = true,
            ("export_macro_name", [TokenTree::Literal(l)]) => {
                args.export_macro_name = lit_str(l, loc).map(|l| l.value);
            }
            ("pub_export_macro", [TokenTree::Ident(b)]) => args.pub_export_macro = b == "true",
            ("with", [TokenTree::Group(g)]) if g.delimiter() == Delimiter::Brace => {
                let mut expect_key = true;
                for tt in g.stream() {
                    match tt {
                        TokenTree::Literal(l) if expect_key => {
                            if let Some(k) = lit_str(&l, loc) {
                                args.with_keys.push(k.value);
                            }
                            expect_key = false;
                        }
                        TokenTree::Punct(p) if p.as_char() == ',' => expect_key = true,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

fn lit_str(lit: &proc_macro2::Literal, loc: &Locator<'_>) -> Option<LitLoc> {
    match Lit::new(lit.clone()) {
        Lit::Str(s) => Some(LitLoc {
            value: s.value(),
            range: loc.range(lit.span()),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(src: &str) -> FileFacts {
        extract(src, &CrateNames::canonical()).unwrap()
    }

    fn kinds(src: &str) -> Vec<MacroKind> {
        facts(src).bindgen.iter().map(|b| b.kind).collect()
    }

    #[test]
    fn resolves_paths_and_aliases() {
        use MacroKind::*;
        assert_eq!(kinds("wit_bindgen::generate!(\"w\");"), [Guest]);
        assert_eq!(kinds("::wit_bindgen::generate!{\"w\"}"), [Guest]);
        assert_eq!(
            kinds("use wit_bindgen::generate as guest_gen; guest_gen![\"w\"];"),
            [Guest]
        );
        assert_eq!(
            kinds("use wasmtime::component::bindgen; bindgen!();"),
            [Host]
        );
        assert_eq!(kinds("use wasmtime::component::*; bindgen!();"), [Host]);
        assert_eq!(
            kinds("use wasmtime::component; component::bindgen!();"),
            [Host]
        );
        assert_eq!(
            kinds("use wasmtime as wt; fn f() { wt::component::bindgen!(); }"),
            [Host]
        );
        assert_eq!(
            kinds("extern crate wit_bindgen as wb; wb::generate!();"),
            [Guest]
        );
        assert_eq!(
            kinds("#[macro_use] extern crate wit_bindgen; generate!();"),
            [Guest]
        );
        assert_eq!(
            kinds(
                "mod a { use wit_bindgen::generate; mod b { use super::generate; generate!(); } }"
            ),
            [Guest]
        );
    }

    #[test]
    fn resolves_groups_self_and_late_uses() {
        use MacroKind::*;
        assert_eq!(
            kinds("use ::wasmtime::component::{self, bindgen as host_bindgen}; host_bindgen!();"),
            [Host]
        );
        assert_eq!(
            kinds("use wasmtime::{component::bindgen}; bindgen!();"),
            [Host]
        );
        // A `use` later in the block still applies to the whole block.
        assert_eq!(
            kinds("fn f() { generate!(); use wit_bindgen::generate; }"),
            [Guest]
        );
        assert_eq!(
            kinds("mod m { pub use wit_bindgen::generate; } m::generate!();"),
            [Guest]
        );
        assert_eq!(
            kinds("mod m { use wit_bindgen::generate; } m::generate!();"),
            []
        );
        assert_eq!(
            kinds("mod m { pub use wit_bindgen::generate; } use self::m::generate as g; g!();"),
            [Guest]
        );
        assert_eq!(
            kinds("mod m { pub use wit_bindgen::generate; } fn f() { crate::m::generate!(); }"),
            [Guest]
        );
    }

    #[test]
    fn bare_macros_imported_in_another_file() {
        use MacroKind::*;
        let names = |deps: &[&'static str]| CrateNames {
            depends_on: deps.to_vec(),
            ..CrateNames::canonical()
        };
        let kinds_in = |src: &str, deps: &[&'static str]| -> Vec<MacroKind> {
            let facts = extract(src, &names(deps)).unwrap();
            facts.bindgen.iter().map(|b| b.kind).collect()
        };
        // `use super::*;` or a `pub use` in lib.rs: the file itself does not name the macro.
        let src = "use super::*; bindgen!({ path: \"wit\" }); crate::generate!();";
        assert_eq!(kinds_in(src, &[WASMTIME]), [Host]);
        assert_eq!(kinds_in(src, &[WIT_BINDGEN]), [Guest]);
        assert_eq!(kinds_in(src, &[WASMTIME, WIT_BINDGEN]), [Host, Guest]);
        // Outside a package, or a package without the dependency: not a bindgen macro.
        assert!(kinds_in(src, &[]).is_empty());
        assert!(kinds(src).is_empty());
        // Named in the file as something else: not a bindgen macro either.
        let deps = &[WASMTIME, WIT_BINDGEN];
        assert!(kinds_in("macro_rules! bindgen { () => {} } bindgen!();", deps).is_empty());
        assert!(kinds_in("use other::generate; generate!();", deps).is_empty());
        assert!(kinds_in("::bindgen!(); other::generate!();", deps).is_empty());
        let f = extract("self::generate!(\"w\" in \"../wit\");", &names(deps)).unwrap();
        assert_eq!(f.bindgen[0].args.paths[0].value, "../wit");
    }

    #[test]
    fn ignores_unrelated_and_textual_mentions() {
        assert!(kinds("generate!(); bindgen!();").is_empty());
        assert!(kinds("use other::generate; generate!();").is_empty());
        assert!(kinds("use wit_bindgen::generate; mod inner { generate!(); }").is_empty());
        assert!(kinds("// wit_bindgen::generate!();\n/// ```\n/// wit_bindgen::generate!();\n/// ```\nfn f() { let s = \"wit_bindgen::generate!()\"; }").is_empty());
        assert!(
            kinds("use wasmtime::component::*; macro_rules! bindgen { () => {} } bindgen!();")
                .is_empty()
        );
    }

    #[test]
    fn reads_macro_args() {
        let f = facts(
            "wasmtime::component::bindgen!({ world: \"w\", path: [\"a\", \"b\"], with: { \"x:y/z\": m } });",
        );
        let a = &f.bindgen[0].args;
        assert_eq!(a.world.as_ref().unwrap().value, "w");
        assert_eq!(
            a.paths.iter().map(|p| p.value.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(a.with_keys, ["x:y/z"]);
        let f = facts("wit_bindgen::generate!(\"w\" in \"../wit\");");
        let a = &f.bindgen[0].args;
        assert_eq!(a.paths[0].value, "../wit");
        let src = "wit_bindgen::generate!(\"w\" in \"../wit\");";
        assert_eq!(&src[a.paths[0].range.clone()], "\"../wit\"");
    }

    #[test]
    fn finds_registrations() {
        let src = r#"
            fn f(linker: &mut Linker<()>) -> Result<()> {
                linker.instance("a:b/c")?.func_wrap("f", |_, ()| Ok(()))?;
                let mut root = linker.root();
                root.func_wrap("g", |_, ()| Ok(()))?;
                core.func_wrap("m", "n", |x: i32| x)?;
                Ok(())
            }
        "#;
        let f = facts(src);
        let regs: Vec<_> = f
            .registrations
            .iter()
            .map(|r| (r.target.clone(), r.func.as_str()))
            .collect();
        assert_eq!(
            regs,
            [
                (LinkTarget::Instance("a:b/c".into()), "f"),
                (LinkTarget::Root, "g")
            ]
        );
        assert_eq!(&src[f.registrations[0].range.clone()], "func_wrap");
    }

    #[test]
    fn bom_and_parse_errors() {
        let f = facts("\u{feff}wit_bindgen::generate!();");
        assert_eq!(f.bindgen[0].path_range, 3..25);
        let e = extract("fn f( {", &CrateNames::canonical()).unwrap_err();
        assert!(!e.message.is_empty());
    }
}
