wb::generate!("runtime");
