//! Semantic diff of two WIT packages.
