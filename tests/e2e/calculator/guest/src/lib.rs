// E2E fixture (tests/e2e/calculator): the generated guest for the bundled world with the
// stubs filled in. Signatures are exactly those of the generated stubs.

use airssys::core::host_services::log;
use airssys::core::storage::{self, Transaction};
use airssys::core::types::{
    ComponentConfig, ComponentError, ComponentMessage, HealthStatus, LogLevel, MessagePayload,
    StorageError,
};
use exports::airssys::core::component_lifecycle;

// Guest-side macro: wit-bindgen generates the `Guest` traits to implement, the imported
// functions to call, and `export!`. (Hosts use wasmtime::component::bindgen! instead.)
wit_bindgen::generate!({
    path: "wit",
    world: "airssys:core/runtime-host",
});

struct Component;

fn storage_failed(e: StorageError) -> ComponentError {
    ComponentError::Internal(format!("storage: {e:?}"))
}

/// The numbers of a payload: text split on commas and whitespace, or one per byte.
fn numbers(payload: &MessagePayload) -> Result<Vec<i64>, ComponentError> {
    match payload {
        MessagePayload::Text(text) => text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<i64>()
                    .map_err(|_| ComponentError::InvalidConfig(format!("not a number: `{s}`")))
            })
            .collect(),
        MessagePayload::Bytes(bytes) => Ok(bytes.iter().map(|b| i64::from(*b)).collect()),
        MessagePayload::Empty => Ok(Vec::new()),
    }
}

impl component_lifecycle::Guest for Component {
    /// Called once, before any message.
    fn init(config: ComponentConfig) -> Result<(), ComponentError> {
        log(
            LogLevel::Info,
            &format!("calculator {} starting", config.id.name),
            Some(&[("settings".to_string(), config.settings.len().to_string())]),
        );
        Ok(())
    }

    /// Handles one message; the returned payload, if any, is the reply.
    fn handle_message(
        message: ComponentMessage,
    ) -> Result<Option<MessagePayload>, ComponentError> {
        if matches!(message.payload, MessagePayload::Empty) {
            return Ok(None);
        }
        let numbers = numbers(&message.payload)?;
        let sum: i64 = numbers.iter().sum();
        storage::set("last-sum", sum.to_string().as_bytes()).map_err(storage_failed)?;

        // The running total goes through a transaction: a resource the host implements.
        let tx = Transaction::new();
        let previous = match tx.get("total").map_err(storage_failed)? {
            Some(bytes) => String::from_utf8_lossy(&bytes).parse::<i64>().unwrap_or(0),
            None => 0,
        };
        tx.set("total", (previous + sum).to_string().as_bytes())
            .map_err(storage_failed)?;
        tx.commit().map_err(storage_failed)?;

        log(
            LogLevel::Info,
            "sum computed",
            Some(&[
                ("count".to_string(), numbers.len().to_string()),
                ("sum".to_string(), sum.to_string()),
            ]),
        );
        Ok(Some(MessagePayload::Text(sum.to_string())))
    }

    /// Called once, before the component is dropped.
    fn shutdown() {
        log(LogLevel::Info, "calculator stopping", None);
    }

    /// Polled by the runtime's supervisor.
    fn health() -> HealthStatus {
        HealthStatus::Healthy
    }
}

export!(Component);
