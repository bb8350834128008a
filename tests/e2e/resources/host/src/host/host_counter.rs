// E2E fixture (tests/e2e/resources): the host-implemented resource `counter`, kept in
// `HostState::table`, printing every call.

use wasmtime::component::Resource;

use crate::bindings::e2e::resources::host_counter::{Host, HostCounter};
use crate::state::HostState;

/// Host-side value of the WIT resource `counter`.
#[derive(Debug, Default)]
pub struct Counter {
    value: i64,
}

impl Host for HostState {
    /// How many counters the host has created so far.
    fn created(&mut self) -> u32 {
        self.created
    }
}

impl HostCounter for HostState {
    fn new(&mut self, start: i64) -> Resource<Counter> {
        self.created += 1;
        println!("[host] counter.new {start}");
        self.table
            .push(Counter { value: start })
            .expect("resource table has room")
    }

    fn add(&mut self, self_: Resource<Counter>, delta: i64) -> i64 {
        let counter = self.table.get_mut(&self_).expect("a live counter");
        counter.value += delta;
        println!("[host] counter.add {delta} -> {}", counter.value);
        counter.value
    }

    fn value(&mut self, self_: Resource<Counter>) -> i64 {
        self.table.get(&self_).expect("a live counter").value
    }

    fn drop(&mut self, rep: Resource<Counter>) -> wasmtime::Result<()> {
        let counter = self.table.delete(rep)?;
        println!("[host] counter.drop (value {})", counter.value);
        Ok(())
    }
}
