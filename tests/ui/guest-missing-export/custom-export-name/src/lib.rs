mod bindings;

struct Component;

impl bindings::Guest for Component {
    fn run() {}
}

register_component!(Component);
