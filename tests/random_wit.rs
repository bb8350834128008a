//! Random WIT: wit-smith 0.254 (the generator wasm-tools fuzzes wit-parser 0.254 with) turns
//! seeded bytes into WIT packages; every world of each is scaffolded as a host and a guest.
//! Nothing may panic, every generated `.rs` file parses with syn, every refusal says why; a
//! sample of the crates is compiled with `cargo clippy -- -D warnings`.
//!
//! `AIRSSYS_RANDOM_WIT_SEEDS=N` sets the number of seeds (default 300) and
//! `AIRSSYS_RANDOM_WIT_SAMPLE=N` the crates compiled per side (default 3; 0 compiles none):
//! `scripts/fuzz-wit.sh` runs thousands and prints the counts.

mod support;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use airssys_gen::files::FileSet;
use airssys_gen::wit::{Features, WitPackage, WitSource};
use arbitrary::Unstructured;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name}={v}: not a number"))
        })
        .unwrap_or(default)
}

/// SplitMix64: the same bytes for a seed on every machine.
fn seeded_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(1);
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        out.extend_from_slice(&z.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// The WIT text wit-smith makes of a seed (the main package, dependencies nested), or
/// `None` when the bytes do not make a package.
fn wit_of(seed: u64) -> Option<String> {
    let bytes = seeded_bytes(seed, 16 * 1024);
    let mut u = Unstructured::new(&bytes);
    let wasm = wit_smith::smith(&wit_smith::Config::default(), &mut u).ok()?;
    let wit_component::DecodedWasm::WitPackage(resolve, main) =
        wit_component::decode(&wasm).expect("wit-smith output decodes")
    else {
        panic!("seed {seed}: wit-smith made a component, not a package");
    };
    let nested: Vec<_> = resolve
        .packages
        .iter()
        .map(|(id, _)| id)
        .filter(|id| *id != main)
        .collect();
    let mut printer = wit_component::WitPrinter::default();
    printer
        .print(&resolve, main, &nested)
        .expect("wit-smith output prints");
    Some(printer.output.to_string())
}

#[derive(Default)]
struct Counts {
    seeds: u64,
    no_package: u64,
    worlds: u64,
    generated: BTreeMap<&'static str, u64>,
    refused: BTreeMap<String, u64>,
}

/// Every `.rs` file of a generated crate parses.
fn assert_rust_parses(files: &FileSet, what: &str, wit: &str) {
    for (path, bytes) in &files.files {
        if path.extension().is_some_and(|e| e == "rs") {
            let text = String::from_utf8(bytes.clone()).unwrap();
            if let Err(e) = syn::parse_file(&text) {
                panic!(
                    "{what}: {} does not parse: {e}\n--- WIT ---\n{wit}\n--- file ---\n{text}",
                    path.display()
                );
            }
        }
    }
}

/// The kind of a refusal, for the counts: the message up to its first detail.
fn refusal_kind(message: &str) -> String {
    let after_world = message.split("`: ").nth(1).unwrap_or(message);
    after_world
        .split([':', '('])
        .next()
        .unwrap_or(after_world)
        .chars()
        .take(70)
        .collect()
}

#[test]
fn random_wit_never_panics_and_scaffolds_or_is_refused_with_a_reason() {
    let seeds = env_number("AIRSSYS_RANDOM_WIT_SEEDS", 300);
    let sample = env_number("AIRSSYS_RANDOM_WIT_SAMPLE", 3) as usize;
    // The WIT stays in target/ for a look at any seed (`AIRSSYS_RANDOM_WIT_VERBOSE=1` prints
    // every refusal with its seed).
    let dir = support::work_dir("random-wit-input");
    let verbose = std::env::var_os("AIRSSYS_RANDOM_WIT_VERBOSE").is_some();
    let ws = support::work_dir("random-wit");
    let mut members: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    let mut counts = Counts::default();
    for seed in 0..seeds {
        counts.seeds += 1;
        let Some(wit) = wit_of(seed) else {
            counts.no_package += 1;
            continue;
        };
        let path = dir.join(format!("seed-{seed}.wit"));
        std::fs::write(&path, &wit).unwrap();
        // wit-smith gates items behind features and resolves with all of them on.
        let features = Features::all();
        let package = WitPackage::load_with(&WitSource::Path(path.clone()), &features)
            .unwrap_or_else(|e| panic!("seed {seed}: wit-smith's WIT does not load: {e}\n{wit}"));
        for world_name in package.world_names() {
            counts.worlds += 1;
            let world = package.select_world(Some(&world_name)).unwrap();
            for side in ["host", "host-async", "guest"] {
                let what = format!("seed {seed}, world `{world_name}`, {side}");
                let name = format!("{side}-{seed}-{world_name}");
                let result = catch_unwind(AssertUnwindSafe(|| match side {
                    "host" => airssys_gen::scaffold::host::generate(
                        &package,
                        world,
                        &name,
                        airssys_gen::scaffold::host::Execution::Sync,
                    ),
                    "host-async" => airssys_gen::scaffold::host::generate(
                        &package,
                        world,
                        &name,
                        airssys_gen::scaffold::host::Execution::Async,
                    ),
                    _ => airssys_gen::scaffold::guest::generate_with(
                        &package, world, &name, &features,
                    ),
                }))
                .unwrap_or_else(|_| panic!("{what}: the tool panicked\n--- WIT ---\n{wit}"));
                match result {
                    Ok(files) => {
                        assert_rust_parses(&files, &what, &wit);
                        *counts.generated.entry(side).or_default() += 1;
                        let list = members.entry(side).or_default();
                        if list.len() < sample {
                            support::write_files(&files, &ws.join(&name));
                            list.push(name);
                        }
                    }
                    Err(e) => {
                        let message = e.to_string();
                        if verbose {
                            println!("{what}: {message}");
                        }
                        assert!(
                            message.contains("world") && message.len() > 40,
                            "{what}: a refusal must name the world and say why: {message}"
                        );
                        *counts
                            .refused
                            .entry(format!("{side}: {}", refusal_kind(&message)))
                            .or_default() += 1;
                    }
                }
            }
        }
    }
    println!(
        "random WIT: {} seeds, {} made no package, {} worlds; generated {:?}",
        counts.seeds, counts.no_package, counts.worlds, counts.generated
    );
    for (kind, n) in &counts.refused {
        println!("  refused {n:>5}  {kind}");
    }
    assert!(
        counts.worlds >= seeds / 4,
        "too few worlds to say anything: {}",
        counts.worlds
    );
    let all: Vec<String> = members.into_values().flatten().collect();
    if !all.is_empty() {
        support::write_workspace(&ws, &all, support::GUEST_RELEASE_PROFILE);
        support::cargo_clippy(&ws, true);
    }
}
