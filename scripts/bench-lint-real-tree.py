#!/usr/bin/env python3
"""A real-code-shaped cargo workspace for scripts/bench-lint.sh.

Shapes seen in real wasm repositories (wasmtime, spin, wasmCloud, wit-bindgen) that a uniform
tree lacks: module trees several levels deep (`mod a;` -> `a/mod.rs` -> `a/b.rs`), files
with several glob imports and hundreds of macro calls (`bail!`, `assert_ne!`, `format!`),
`#[path]` modules, files under `tests/` that no target compiles, integration tests and
examples, hosts that reach `bindgen!` through a glob import and guests with `generate!`.
It lints clean: every macro call is correct.

usage: bench-lint-real-tree.py DIR CRATES
"""
import os
import sys

ws, crates = sys.argv[1], int(sys.argv[2])
os.makedirs(ws)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


write(f"{ws}/Cargo.toml",
      '[workspace]\nmembers = ["crates/*"]\nresolver = "3"\n\n[workspace.dependencies]\n'
      'wasmtime = "48"\nwit-bindgen = "0.63"\nanyhow = "1"\n')

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
