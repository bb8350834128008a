//! Diagnostics: findings as data, rendered as human (rustc-style), JSON, SARIF or GitHub annotations.
