//! Copies of one WIT package that are variants, not drift: a crate that reads two copies of
//! the same package does so on purpose (wasmtime-wasi reads its WASI 0.2 and 0.3 WIT, both
//! named `wasmtime:wasi`). Which variant another crate's copy should equal cannot be known,
//! so neither the lint's `wit-drift` nor `wit sync` compares such a package.

/// The first reader of two or more copies, each copy given by its readers' keys (crate
/// names, package indices).
pub fn reader_of_two<K: PartialEq>(copies: &[Vec<K>]) -> Option<&K> {
    copies.iter().enumerate().find_map(|(n, readers)| {
        readers
            .iter()
            .find(|k| copies[n + 1..].iter().any(|later| later.contains(k)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_reader_of_two_copies() {
        assert_eq!(reader_of_two(&[vec!["a", "b"], vec!["c", "b"]]), Some(&"b"));
        assert_eq!(reader_of_two(&[vec!["a", "a"], vec!["c"]]), None);
        assert_eq!(reader_of_two::<&str>(&[vec![], vec!["c"]]), None);
    }
}
