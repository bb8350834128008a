// E2E fixture (tests/e2e/calculator-async, the async twin of tests/e2e/calculator): storage over `HostState::store`, printing every write;
// transactions buffer writes in the resource table until `commit`.

use wasmtime::component::Resource;

use crate::bindings::airssys::core::storage::{Host, HostTransaction, StorageError};
use crate::state::HostState;

/// Host-side value of the WIT resource `transaction`: writes buffered until `commit`.
#[derive(Debug, Default)]
pub struct Transaction {
    writes: Vec<(String, Vec<u8>)>,
    closed: bool,
}

fn show(value: &[u8]) -> String {
    String::from_utf8_lossy(value).into_owned()
}

impl Host for HostState {
    async fn get(&mut self, key: String) -> Result<Option<Vec<u8>>, StorageError> {
        Ok(self.store.get(&key).cloned())
    }

    async fn set(&mut self, key: String, value: Vec<u8>) -> Result<(), StorageError> {
        println!("[host] storage.set {key} = {}", show(&value));
        self.store.insert(key, value);
        Ok(())
    }

    /// Returns whether the key existed.
    async fn delete(&mut self, key: String) -> Result<bool, StorageError> {
        Ok(self.store.remove(&key).is_some())
    }

    async fn list_keys(&mut self, prefix: Option<String>) -> Result<Vec<String>, StorageError> {
        let prefix = prefix.unwrap_or_default();
        Ok(self
            .store
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .cloned()
            .collect())
    }
}

impl HostTransaction for HostState {
    async fn new(&mut self) -> Resource<Transaction> {
        println!("[host] transaction.new");
        self.table
            .push(Transaction::default())
            .expect("resource table has room")
    }

    async fn get(
        &mut self,
        self_: Resource<Transaction>,
        key: String,
    ) -> Result<Option<Vec<u8>>, StorageError> {
        let tx = self.table.get(&self_).map_err(|e| StorageError::Io(e.to_string()))?;
        if tx.closed {
            return Err(StorageError::TransactionClosed);
        }
        let pending = tx.writes.iter().rev().find(|(k, _)| *k == key);
        Ok(pending
            .map(|(_, v)| v.clone())
            .or_else(|| self.store.get(&key).cloned()))
    }

    async fn set(
        &mut self,
        self_: Resource<Transaction>,
        key: String,
        value: Vec<u8>,
    ) -> Result<(), StorageError> {
        let tx = self
            .table
            .get_mut(&self_)
            .map_err(|e| StorageError::Io(e.to_string()))?;
        if tx.closed {
            return Err(StorageError::TransactionClosed);
        }
        tx.writes.push((key, value));
        Ok(())
    }

    async fn commit(&mut self, self_: Resource<Transaction>) -> Result<(), StorageError> {
        let tx = self
            .table
            .get_mut(&self_)
            .map_err(|e| StorageError::Io(e.to_string()))?;
        if tx.closed {
            return Err(StorageError::TransactionClosed);
        }
        tx.closed = true;
        let writes = std::mem::take(&mut tx.writes);
        println!("[host] transaction.commit {} write(s)", writes.len());
        for (key, value) in writes {
            println!("[host] storage.set {key} = {}", show(&value));
            self.store.insert(key, value);
        }
        Ok(())
    }

    async fn rollback(&mut self, self_: Resource<Transaction>) {
        if let Ok(tx) = self.table.get_mut(&self_) {
            tx.writes.clear();
            tx.closed = true;
        }
    }

    async fn drop(&mut self, rep: Resource<Transaction>) -> wasmtime::Result<()> {
        println!("[host] transaction.drop");
        self.table.delete(rep)?;
        Ok(())
    }
}
