// E2E fixture (tests/e2e/calculator-async, the async twin of tests/e2e/calculator): host-messaging, printing every call. The calculator
// does not message other components; these only have to compile and behave.

use crate::bindings::airssys::core::host_messaging::{
    ComponentId, Host, MessagePayload, MessagingError,
};
use crate::state::HostState;

impl Host for HostState {
    /// Fire-and-forget delivery to one component.
    async fn send(&mut self, to: ComponentId, payload: MessagePayload) -> Result<(), MessagingError> {
        println!("[host] send to {}: {payload:?}", to.name);
        Ok(())
    }

    /// Sends and waits for the reply, at most `timeout-ms` milliseconds.
    async fn request(
        &mut self,
        to: ComponentId,
        payload: MessagePayload,
        timeout_ms: u64,
    ) -> Result<MessagePayload, MessagingError> {
        let _ = (payload, timeout_ms);
        Err(MessagingError::UnknownRecipient(to.name))
    }

    /// Delivers to every subscriber of `topic`; returns how many received it.
    async fn broadcast(&mut self, topic: String, payload: MessagePayload) -> Result<u32, MessagingError> {
        println!("[host] broadcast {topic}: {payload:?}");
        Ok(0)
    }

    /// Subscribes the calling component to `topic`.
    async fn subscribe(&mut self, topic: String) -> Result<(), MessagingError> {
        println!("[host] subscribe {topic}");
        Ok(())
    }

    /// The id the runtime gave the calling component.
    async fn self_id(&mut self) -> ComponentId {
        ComponentId {
            namespace: "e2e".to_string(),
            name: "calculator".to_string(),
            instance: "1".to_string(),
        }
    }
}
