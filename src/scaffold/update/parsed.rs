//! User files as parsed syntax trees, and positions in them.

use super::*;

// ---------------------------------------------------------------------------------------------
// Sources and positions

/// A Rust file with its syntax tree; spans map back to byte offsets in `text`.
pub(crate) struct Parsed {
    pub rel: PathBuf,
    pub text: String,
    pub file: syn::File,
    pub(crate) line_starts: Vec<usize>,
    /// Top-level `use` names: name -> full path (`crate` kept).
    pub(crate) uses: BTreeMap<String, Vec<String>>,
    /// Top-level glob imports: the module path before `::*`, as written.
    pub(crate) globs: Vec<Vec<String>>,
    /// Names of top-level items defined in the file.
    pub(crate) defined: BTreeSet<String>,
}

impl Parsed {
    pub(crate) fn parse(rel: PathBuf, text: String) -> Result<Self, UpdateError> {
        let file = syn::parse_file(&text).map_err(|e| {
            let start = e.span().start();
            UpdateError::Parse {
                path: rel.clone(),
                line: start.line,
                column: start.column + 1,
                message: e.to_string(),
            }
        })?;
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut uses = BTreeMap::new();
        let mut globs = Vec::new();
        for item in &file.items {
            if let syn::Item::Use(u) = item {
                collect_use(&u.tree, &mut Vec::new(), &mut uses, &mut globs);
            }
        }
        let defined = file.items.iter().filter_map(item_name).collect();
        Ok(Parsed {
            rel,
            text,
            file,
            line_starts,
            uses,
            globs,
            defined,
        })
    }

    /// Byte offset of a proc-macro2 position (1-based line, 0-based column in chars).
    pub(crate) fn offset(&self, lc: LineColumn) -> usize {
        let Some(&start) = self.line_starts.get(lc.line.saturating_sub(1)) else {
            return self.text.len();
        };
        self.text[start..]
            .char_indices()
            .nth(lc.column)
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    /// Bytes covered by a syntax node, from its first token (a doc comment included) to the
    /// end of its last.
    pub(crate) fn range(&self, node: &impl ToTokens) -> Range<usize> {
        let mut tokens = node.to_token_stream().into_iter();
        let Some(first) = tokens.next() else {
            return 0..0;
        };
        let last = tokens.last().unwrap_or_else(|| first.clone());
        self.offset(first.span().start())..self.offset(last.span().end())
    }

    /// The end of the item that ends at `offset`, with what follows on its line when that
    /// is only a comment (`} // end of impl`): text inserted after the item goes after it.
    pub(crate) fn item_end(&self, offset: usize) -> usize {
        let rest = &self.text[offset..];
        let line = rest.find('\n').map_or(rest, |i| &rest[..i]);
        let tail = line.trim_start();
        if tail.starts_with("//") {
            offset + line.trim_end_matches('\r').len()
        } else {
            offset
        }
    }

    pub(crate) fn line_start(&self, offset: usize) -> usize {
        self.text[..offset].rfind('\n').map_or(0, |i| i + 1)
    }

    /// The whitespace that starts the line holding `offset`.
    pub(crate) fn indent_at(&self, offset: usize) -> &str {
        let start = self.line_start(offset);
        let line = &self.text[start..];
        &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
    }

    /// A problem located at `span`.
    pub(crate) fn problem(&self, span: proc_macro2::Span, message: String) -> Problem {
        let start = span.start();
        Problem {
            path: self.rel.clone(),
            line: start.line,
            column: start.column + 1,
            message,
        }
    }

    /// Resolves a path through the file's `use` items: crate-relative, `crate::` stripped.
    pub(crate) fn resolve(&self, path: &syn::Path) -> Vec<String> {
        let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let mut full = match (path.leading_colon, self.uses.get(&segs[0])) {
            (None, Some(prefix)) => prefix
                .iter()
                .cloned()
                .chain(segs[1..].iter().cloned())
                .collect(),
            _ => segs,
        };
        if full.first().is_some_and(|s| s == "crate") {
            full.remove(0);
        }
        full
    }

    /// `impl <bindings trait> for X` items of the file; `files` are the crate's, for trait
    /// paths that lead through another of its modules.
    pub(crate) fn impls<S: Side>(&self, files: &BTreeMap<PathBuf, Parsed>) -> Vec<Impl<'_>> {
        self.file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Impl(i) => {
                    let (_, path, _) = i.trait_.as_ref()?;
                    let mut key = self.resolve(path);
                    let segs: Vec<String> =
                        path.segments.iter().map(|s| s.ident.to_string()).collect();
                    // Not imported by name (a glob's, say: outside the crate root a guest's
                    // one-segment `Guest..` is not the world's), or imported through another
                    // module of the crate: follow it. At the root, the world's own traits
                    // shadow whatever a glob brings.
                    let imported = self.uses.contains_key(&segs[0]);
                    let root = module_path(&self.rel).is_empty();
                    if path.leading_colon.is_none()
                        && (!S::is_bindings(&key) || !(imported || root))
                        && let Some(followed) = crate_path(files, self, &segs, 0, true)
                        && S::is_bindings(&followed)
                    {
                        key = followed;
                    }
                    // A one-segment path the file defines itself is the user's own trait.
                    let own = key.len() == 1 && self.defined.contains(&key[0]);
                    (!own && S::is_bindings(&key)).then_some(Impl { item: i, key })
                }
                _ => None,
            })
            .collect()
    }
}

/// The module a file under `src/` holds: `src/host/x.rs` and `src/host/x/mod.rs` are
/// `host::x`, `src/main.rs` and `src/lib.rs` the crate root.
pub(crate) fn module_path(rel: &Path) -> Vec<String> {
    let rel = rel.strip_prefix("src").unwrap_or(rel).with_extension("");
    let mut segs: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    if segs.last().is_some_and(|s| s == "mod") || segs == ["main"] || segs == ["lib"] {
        segs.pop();
    }
    segs
}

/// The crate's file for a module path, if the crate has one.
pub(crate) fn module_source<'a>(
    files: &'a BTreeMap<PathBuf, Parsed>,
    module: &[String],
) -> Option<&'a Parsed> {
    if module.is_empty() {
        return files
            .get(Path::new("src/main.rs"))
            .or_else(|| files.get(Path::new("src/lib.rs")));
    }
    let base = Path::new("src").join(module.iter().collect::<PathBuf>());
    files
        .get(&base.with_extension("rs"))
        .or_else(|| files.get(&base.join("mod.rs")))
}

/// `segs` as written in `file`, crate-relative: `crate::`, `self::` and `super::` resolved,
/// and a path that starts at an item of the file (`use imp::*` after `mod imp;`) made relative
/// to the file's module; other paths are taken as crate-relative already. None above the
/// crate root.
pub(crate) fn absolute(file: &Parsed, segs: &[String]) -> Option<Vec<String>> {
    let mut module = module_path(&file.rel);
    let rest = match segs.first().map(String::as_str) {
        Some("crate") => {
            module.clear();
            &segs[1..]
        }
        Some("self") => &segs[1..],
        Some("super") => {
            let supers = segs.iter().take_while(|s| *s == "super").count();
            for _ in 0..supers {
                module.pop()?;
            }
            &segs[supers..]
        }
        Some(first) if file.defined.contains(first) => segs,
        _ => return Some(segs.to_vec()),
    };
    module.extend(rest.iter().cloned());
    Some(module)
}

/// What `segs`, written in `file`, names, crate-relative, followed through the `use` items
/// of the crate's other modules: `super::Host`, or `Host` from `use super::*;`, in a file the
/// user moved an impl into is the bindings trait that the parent module imports. A name
/// only a glob of a module outside the crate's files can bring (the bindings') resolves
/// into the first such glob when `external`. None: it leads nowhere this crate's files tell.
pub(crate) fn crate_path(
    files: &BTreeMap<PathBuf, Parsed>,
    file: &Parsed,
    segs: &[String],
    depth: u8,
    external: bool,
) -> Option<Vec<String>> {
    let (first, rest) = segs.split_first()?;
    let here = module_path(&file.rel);
    if depth > 8 {
        return None;
    }
    if file.defined.contains(first) {
        return Some([here.as_slice(), segs].concat());
    }
    let full = match file.uses.get(first) {
        Some(prefix) => absolute(file, &[prefix.as_slice(), rest].concat())?,
        None if rest.is_empty() => {
            // A glob import's: the first module of the crate that names it, else a glob of
            // a module outside the crate's files (the bindings).
            let modules: Vec<Vec<String>> = file
                .globs
                .iter()
                .filter_map(|g| absolute(file, g))
                .collect();
            return modules
                .iter()
                .find_map(|m| {
                    crate_path(files, module_source(files, m)?, segs, depth + 1, external)
                })
                .or_else(|| {
                    let m = modules
                        .iter()
                        .find(|m| external && module_source(files, m).is_none())?;
                    Some([m.as_slice(), segs].concat())
                });
        }
        None => absolute(file, segs)?,
    };
    // A path into another module of the crate: what that module's file calls the name.
    if let Some((name, module)) = full.split_last()
        && let Some(source) = module_source(files, module)
        && !std::ptr::eq(source, file)
        && !source.defined.contains(name)
    {
        return crate_path(
            files,
            source,
            std::slice::from_ref(name),
            depth + 1,
            external,
        );
    }
    Some(full)
}

/// Records in `uses` the names the user's files take from glob imports (`use super::*;`) that
/// the generator's files name too, as if imported one by one: inserted stubs then neither
/// import them again nor add a second struct of a name the glob brings in.
pub(crate) fn import_globbed(
    user: &mut BTreeMap<PathBuf, Parsed>,
    expected: &BTreeMap<PathBuf, Parsed>,
) {
    // Each name with the paths the generator's files import it from (none: defined there).
    let mut names: BTreeMap<&String, Vec<Vec<String>>> = BTreeMap::new();
    for exp in expected.values() {
        for (name, path) in &exp.uses {
            let path = path.iter().skip_while(|s| *s == "crate").cloned().collect();
            names.entry(name).or_default().push(path);
        }
        for name in &exp.defined {
            names.entry(name).or_default();
        }
    }
    let mut found = Vec::new();
    for (rel, file) in user.iter().filter(|(_, f)| !f.globs.is_empty()) {
        for (&name, exp_paths) in &names {
            if file.uses.contains_key(name) || file.defined.contains(name) {
                continue;
            }
            let segs = std::slice::from_ref(name);
            // Through the crate's own modules, or a glob of the very module the generator
            // imports the name from.
            let path = crate_path(user, file, segs, 0, false).or_else(|| {
                file.globs
                    .iter()
                    .filter_map(|g| absolute(file, g))
                    .map(|m| [m.as_slice(), segs].concat())
                    .find(|p| exp_paths.contains(p))
            });
            if let Some(path) = path {
                found.push((rel.clone(), name.clone(), path));
            }
        }
    }
    for (rel, name, path) in found {
        if let Some(file) = user.get_mut(&rel) {
            file.uses.insert(name, path);
        }
    }
}

pub(crate) fn collect_use(
    tree: &syn::UseTree,
    prefix: &mut Vec<String>,
    out: &mut BTreeMap<String, Vec<String>>,
    globs: &mut Vec<Vec<String>>,
) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            collect_use(&p.tree, prefix, out, globs);
            prefix.pop();
        }
        syn::UseTree::Name(n) if n.ident == "self" => {
            if let Some(last) = prefix.last() {
                out.insert(last.clone(), prefix.clone());
            }
        }
        syn::UseTree::Name(n) => {
            let mut full = prefix.clone();
            full.push(n.ident.to_string());
            out.insert(n.ident.to_string(), full);
        }
        syn::UseTree::Rename(r) => {
            let mut full = prefix.clone();
            if r.ident != "self" {
                full.push(r.ident.to_string());
            }
            out.insert(r.rename.to_string(), full);
        }
        syn::UseTree::Glob(_) => globs.push(prefix.clone()),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                collect_use(t, prefix, out, globs);
            }
        }
    }
}

/// The name a top-level item defines, if any.
pub(crate) fn item_name(item: &syn::Item) -> Option<String> {
    let ident = match item {
        syn::Item::Struct(i) => &i.ident,
        syn::Item::Enum(i) => &i.ident,
        syn::Item::Union(i) => &i.ident,
        syn::Item::Type(i) => &i.ident,
        syn::Item::Trait(i) => &i.ident,
        syn::Item::Fn(i) => &i.sig.ident,
        syn::Item::Const(i) => &i.ident,
        syn::Item::Static(i) => &i.ident,
        syn::Item::Mod(i) => &i.ident,
        syn::Item::Macro(i) => i.ident.as_ref()?,
        _ => return None,
    };
    Some(ident.to_string())
}

/// The `world: "..."` argument of the file's `<name>!` macro call.
pub(crate) fn macro_world(file: &Parsed, name: &str) -> Option<String> {
    macro_string(file, name, "world")
}

/// The string argument `key: "..."` of the file's `<name>!` macro call.
pub(crate) fn macro_string(file: &Parsed, name: &str, key: &str) -> Option<String> {
    let mac = find_macro(file, name)?;
    let TokenTree::Group(body) = mac.tokens.clone().into_iter().next()? else {
        return None;
    };
    let tokens: Vec<TokenTree> = body.stream().into_iter().collect();
    tokens.windows(3).find_map(|w| match w {
        [
            TokenTree::Ident(i),
            TokenTree::Punct(p),
            TokenTree::Literal(l),
        ] if i == key && p.as_char() == ':' => syn::parse2::<syn::LitStr>(l.to_token_stream())
            .ok()
            .map(|s| s.value()),
        _ => None,
    })
}

/// The top-level `...::<name>!(...)` call of a file.
pub(crate) fn find_macro<'a>(file: &'a Parsed, name: &str) -> Option<&'a syn::Macro> {
    file.file.items.iter().find_map(|item| match item {
        syn::Item::Macro(m) if m.mac.path.segments.last().is_some_and(|s| s.ident == name) => {
            Some(&m.mac)
        }
        _ => None,
    })
}

/// The top-level option names of a `name!({ key: value, flag, .. })` call.
pub(crate) fn macro_options(mac: &syn::Macro) -> Vec<String> {
    let Some(TokenTree::Group(outer)) = mac.tokens.clone().into_iter().next() else {
        return Vec::new();
    };
    let tokens: Vec<TokenTree> = outer.stream().into_iter().collect();
    let mut out = Vec::new();
    let mut at_key = true;
    for t in &tokens {
        match t {
            TokenTree::Ident(i) if at_key => {
                out.push(i.to_string());
                at_key = false;
            }
            TokenTree::Punct(p) if p.as_char() == ',' => at_key = true,
            _ => at_key = false,
        }
    }
    out
}

/// Inserts option lines (`text`, indented, newline-terminated) before the closing brace of
/// `name!({ .. })`.
pub(crate) fn insert_before_close(file: &Parsed, mac: &syn::Macro, plan: &mut Plan, text: String) {
    let Some(TokenTree::Group(outer)) = mac.tokens.clone().into_iter().next() else {
        return;
    };
    insert_lines_before(file, plan, outer.span_close(), 4, text);
}

/// Inserts lines (`text`, indented, newline-terminated) before the closing delimiter `close`:
/// at the start of its line when nothing precedes it there, else on a line of their own.
pub(crate) fn insert_lines_before(
    file: &Parsed,
    plan: &mut Plan,
    close: proc_macro2::Span,
    order: u8,
    text: String,
) {
    let close = file.offset(close.start());
    let start = file.line_start(close);
    if file.text[start..close].trim().is_empty() {
        plan.insert(&file.rel, start, order, text);
    } else {
        plan.insert(&file.rel, close, order, format!("\n{text}"));
    }
}

/// The generator's files that `keep` accepts, as text.
pub(crate) fn texts(
    files: crate::files::FileSet,
    keep: impl Fn(&Path) -> bool,
) -> BTreeMap<PathBuf, String> {
    files
        .files
        .into_iter()
        .filter(|(path, _)| keep(path))
        .map(|(path, bytes)| {
            let text = String::from_utf8(bytes).expect("generated Rust is UTF-8");
            (path, text)
        })
        .collect()
}

/// Parses one of the user's files; a syntax error names the file by its path on disk.
pub(crate) fn parse_user(dir: &Path, rel: PathBuf, text: String) -> Result<Parsed, UpdateError> {
    Parsed::parse(rel, text).map_err(|e| match e {
        UpdateError::Parse {
            path,
            line,
            column,
            message,
        } => UpdateError::Parse {
            path: dir.join(path),
            line,
            column,
            message,
        },
        e => e,
    })
}

/// Every `.rs` file under `src/`, parsed.
pub(crate) fn read_user_files(dir: &Path) -> Result<BTreeMap<PathBuf, Parsed>, UpdateError> {
    let mut out = BTreeMap::new();
    let mut stack = vec![PathBuf::from("src")];
    while let Some(rel) = stack.pop() {
        let path = dir.join(&rel);
        let entries = std::fs::read_dir(&path).map_err(|source| UpdateError::Io {
            path: path.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| UpdateError::Io {
                path: path.clone(),
                source,
            })?;
            let child = rel.join(entry.file_name());
            let ty = entry.file_type().map_err(|source| UpdateError::Io {
                path: entry.path(),
                source,
            })?;
            if ty.is_dir() {
                stack.push(child);
            } else if child.extension().is_some_and(|e| e == "rs") {
                let text =
                    std::fs::read_to_string(entry.path()).map_err(|source| UpdateError::Io {
                        path: entry.path(),
                        source,
                    })?;
                let parsed = parse_user(dir, child, text)?;
                out.insert(parsed.rel.clone(), parsed);
            }
        }
    }
    Ok(out)
}
