#!/usr/bin/env python3
"""The synthetic cargo workspaces scripts/bench-lint.sh times the lint on.

uniform DIR CRATES FILES
    CRATES crates of FILES .rs files each: every 20th crate a host with `bindgen!`, every
    20th (offset 10) a guest with `generate!`, the rest ordinary code with none of the
    names the lint looks for.
real DIR CRATES
    Shapes seen in real wasm repositories (wasmtime, spin, wasmCloud, wit-bindgen) that the
    uniform tree lacks: module trees several levels deep (`mod a;` -> `a/mod.rs` ->
    `a/b.rs`), files with several glob imports and hundreds of macro calls (`bail!`,
    `assert_ne!`, `format!`), `#[path]` modules, files under `tests/` that no target
    compiles, integration tests and examples, hosts that reach `bindgen!` through a glob
    import, guests with `generate!`.

Both lint clean: every macro call is correct.
"""
import os
import sys

WIT = """package bench:app@0.1.0;

interface logging {
  log: func(msg: string);
}

world runtime {
  import logging;
  export run: func();
}

world plugin {
  import logging;
  export run: func();
}
"""


def workspace(ws, extra_deps=""):
    os.makedirs(ws)
    with open(f"{ws}/Cargo.toml", "w") as f:
        f.write('[workspace]\nmembers = ["crates/*"]\nresolver = "3"\n\n[workspace.dependencies]\n'
                'wasmtime = "48"\nwit-bindgen = "0.63"\n' + extra_deps)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)



GLOBS = """use std::collections::*;
use std::io::prelude::*;
use std::os::unix::prelude::*;
use anyhow::*;
"""


def macro_heavy(name, calls):
    body = "".join(
        f'    assert_ne!({k}, {k + 1}, "step {k}");\n'
        f'    ensure!({k} < {calls}, "bound {{}}", {k});\n'
        f'    let _s{k} = format!("{{}}-{{:?}}", {k}, Some({k}));\n'
        f'    if {k} == usize::MAX {{ bail!("unreachable {k}"); }}\n'
        for k in range(calls))
    return f"""//! {name}: glob imports and many macro calls, as in real platform code.

{GLOBS}
pub fn {name}() -> Result<()> {{
{body}    Ok(())
}}
"""


def plain(name, depth):
    return f"""//! {name} at depth {depth}.

#[derive(Debug, Clone, Default)]
pub struct Item {{
    pub id: u64,
    pub name: String,
}}

impl Item {{
    pub fn new(id: u64, name: &str) -> Self {{
        Self {{ id, name: name.to_string() }}
    }}
}}

pub fn items(n: u64) -> Vec<Item> {{
    (0..n).map(|k| Item::new(k, "{name}")).collect()
}}
"""


def module_tree(src, prefix, depth, width):
    """`mod` items down `depth` levels: `x.rs` + `x/child.rs` and `y/mod.rs` alternately."""
    decls = ""
    for w in range(width):
        name = f"{prefix}{w}"
        decls += f"pub mod {name};\n"
        children = module_tree(f"{src}/{name}", "n", depth - 1, width) if depth > 1 else ""
        text = children + (macro_heavy(name, 60) if w == 0 else plain(name, depth))
        if w % 2 == 0:
            write(f"{src}/{name}.rs", text)
        else:
            write(f"{src}/{name}/mod.rs", text)
    return decls


def plain_module(c, i):
    # Ordinary code: none of the needles (the macro names, `export`, `func_wrap`, crate names).
    return f"""//! Module {i} of crate {c}.

use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct Item{i} {{
    pub id: u64,
    pub name: String,
    pub tags: Vec<String>,
    pub scores: HashMap<String, f64>,
}}

impl Item{i} {{
    pub fn new(id: u64, name: &str) -> Self {{
        Self {{ id, name: name.to_string(), ..Default::default() }}
    }}

    pub fn score(&self, key: &str) -> f64 {{
        self.scores.get(key).copied().unwrap_or(0.0)
    }}

    pub fn tagged(&self, tag: &str) -> bool {{
        self.tags.iter().any(|t| t == tag)
    }}

    pub fn total(&self) -> f64 {{
        self.scores.values().sum()
    }}
}}

pub fn build_{i}(n: u64) -> Vec<Item{i}> {{
    (0..n).map(|k| Item{i}::new(k, "item")).collect()
}}

#[cfg(test)]
mod tests {{
    use super::*;

    #[test]
    fn builds() {{
        assert_eq!(build_{i}(3).len(), 3);
    }}
}}
"""


def uniform(ws, crates, files):
    workspace(ws)
    hosts = guests = 0
    for c in range(crates):
        kind = "host" if c % 20 == 0 else "guest" if c % 20 == 10 else "plain"
        d = f"{ws}/crates/c{c:05}"
        os.makedirs(f"{d}/src")
        deps = {"host": 'wasmtime.workspace = true\n', "guest": 'wit-bindgen.workspace = true\n', "plain": 'serde = "1"\n'}[kind]
        lib = '[lib]\ncrate-type = ["cdylib"]\n\n' if kind == "guest" else ""
        with open(f"{d}/Cargo.toml", "w") as f:
            f.write(f'[package]\nname = "c{c:05}"\nversion = "0.1.0"\nedition = "2024"\n\n{lib}[dependencies]\n{deps}')
        mods = "".join(f"pub mod m{i};\n" for i in range(files - 1))
        if kind == "host":
            hosts += 1
            os.makedirs(f"{d}/wit")
            open(f"{d}/wit/app.wit", "w").write(WIT)
            head = ('wasmtime::component::bindgen!({ world: "runtime", path: "wit" });\n\n'
                    'pub fn link(linker: &mut wasmtime::component::Linker<State>) -> wasmtime::Result<()> {\n'
                    '    Runtime::add_to_linker::<_, wasmtime::component::HasSelf<_>>(linker, |s| s)\n}\n\n'
                    'pub struct State;\n\n')
        elif kind == "guest":
            guests += 1
            os.makedirs(f"{d}/wit")
            open(f"{d}/wit/app.wit", "w").write(WIT)
            head = ('wit_bindgen::generate!("plugin");\n\nstruct Component;\n\n'
                    'impl Guest for Component {\n    fn run() {\n        bench::app::logging::log("run");\n    }\n}\n\n'
                    'export!(Component);\n\n')
        else:
            head = ""
        open(f"{d}/src/lib.rs", "w").write(head + mods)
        for i in range(files - 1):
            open(f"{d}/src/m{i}.rs", "w").write(plain_module(c, i))
    print(f"generated {crates} crates ({hosts} hosts, {guests} guests), {crates * files} .rs files in {ws}")


def real_shaped(ws, crates):
    workspace(ws, 'anyhow = "1"\n')
    for c in range(crates):
        kind = "host" if c % 10 == 0 else "guest" if c % 10 == 5 else "plain"
        d = f"{ws}/crates/c{c:04}"
        deps = {"host": "wasmtime.workspace = true\n", "guest": "wit-bindgen.workspace = true\n",
                "plain": ""}[kind]
        lib = '[lib]\ncrate-type = ["cdylib"]\n\n' if kind == "guest" else ""
        write(f"{d}/Cargo.toml",
              f'[package]\nname = "c{c:04}"\nversion = "0.1.0"\nedition = "2024"\n\n{lib}'
              f'[dependencies]\nanyhow.workspace = true\n{deps}')
        mods = module_tree(f"{d}/src", "m", 3, 3)
        mods += '#[path = "generated/tables.rs"]\nmod tables;\n'
        write(f"{d}/src/generated/tables.rs", plain("tables", 0))
        if kind == "host":
            write(f"{d}/wit/app.wit", WIT)
            head = ("use wasmtime::component::*;\n\nbindgen!({ world: \"runtime\", path: \"wit\" });\n\n"
                    "pub struct State;\n\n"
                    "pub fn link(linker: &mut Linker<State>) -> wasmtime::Result<()> {\n"
                    "    Runtime::add_to_linker::<_, HasSelf<_>>(linker, |s| s)\n}\n\n")
        elif kind == "guest":
            write(f"{d}/wit/app.wit", WIT)
            head = ('wit_bindgen::generate!("plugin");\n\nstruct Component;\n\n'
                    'impl Guest for Component {\n    fn run() {\n        bench::app::logging::log("run");\n    }\n}\n\n'
                    'export!(Component);\n\n')
        else:
            head = ""
        write(f"{d}/src/lib.rs", head + mods)
        # An integration test with a helper module, and an example.
        write(f"{d}/tests/it.rs", "mod common;\n\n#[test]\nfn works() {\n    common::setup();\n}\n")
        write(f"{d}/tests/common/mod.rs", "pub fn setup() {}\n")
        write(f"{d}/examples/demo.rs", macro_heavy("main", 20))
        # Files no target compiles (a codegen test runner builds them with its own manifest).
        write(f"{d}/tests/codegen/case.rs",
              'wit_bindgen::generate!({ world: "w", path: "../../../../shared/wit" });\n')
    print(f"generated {crates} real-shaped crates in {ws}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["uniform"]:
        uniform(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1:2] == ["real"]:
        real_shaped(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit("usage: bench-lint-trees.py uniform DIR CRATES FILES | real DIR CRATES")
