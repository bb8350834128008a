// E2E fixture (tests/e2e/resources): the generated guest with the stubs filled in.
// Signatures are exactly those of the generated stubs.

use std::cell::RefCell;

use e2e::resources::host_counter::Counter;
use exports::e2e::resources::accumulators::{self, Accumulator, AccumulatorBorrow};

// Guest-side macro: wit-bindgen generates the `Guest` traits to implement, the imported
// functions to call, and `export!`. (Hosts use wasmtime::component::bindgen! instead.)
wit_bindgen::generate!({
    path: "wit",
    world: "e2e:resources/resources",
});

struct Component;

/// The world's own exported functions.
impl Guest for Component {
    /// World-level export: counts through a host counter created from `start`.
    fn count_with_host(start: i64, steps: Vec<i64>) -> i64 {
        // A resource the host implements: created, called, and dropped here.
        let counter = Counter::new(start);
        for step in &steps {
            counter.add(*step);
        }
        note(&format!("counted {} step(s)", steps.len()));
        counter.value()
    }

    /// World-level export without arguments (the generated runner calls it).
    fn version() -> String {
        "resources-e2e 1".to_string()
    }
}

/// The exported interface `e2e:resources/accumulators@0.1.0`.
impl accumulators::Guest for Component {
    type Accumulator = MyAccumulator;

    /// An accumulator labelled `default`, made by a free function.
    fn make_default() -> Accumulator {
        Accumulator::new(MyAccumulator::labelled("default".to_string(), Vec::new()))
    }
}

/// The exported resource `e2e:resources/accumulators.accumulator`.
pub struct MyAccumulator {
    label: String,
    /// Methods take `&self`: the values live in a `RefCell`.
    pub state: RefCell<Vec<i64>>,
}

impl MyAccumulator {
    fn labelled(label: String, values: Vec<i64>) -> Self {
        MyAccumulator {
            label,
            state: RefCell::new(values),
        }
    }
}

impl Drop for MyAccumulator {
    fn drop(&mut self) {
        note(&format!("accumulator {} dropped", self.label));
    }
}

impl accumulators::GuestAccumulator for MyAccumulator {
    fn new(label: String) -> Self {
        MyAccumulator::labelled(label, Vec::new())
    }

    fn push(&self, value: i64) {
        self.state.borrow_mut().push(value);
    }

    fn sum(&self) -> i64 {
        self.state.borrow().iter().sum()
    }

    fn describe(&self) -> String {
        format!("{}: {:?}", self.label, self.state.borrow())
    }

    /// A new accumulator holding the values of both.
    fn merge(a: AccumulatorBorrow<'_>, b: AccumulatorBorrow<'_>) -> Accumulator {
        let a = a.get::<MyAccumulator>();
        let b = b.get::<MyAccumulator>();
        let values = a.state.borrow().iter().chain(b.state.borrow().iter()).copied().collect();
        Accumulator::new(MyAccumulator::labelled(format!("{}+{}", a.label, b.label), values))
    }
}

export!(Component);
