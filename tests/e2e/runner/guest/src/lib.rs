// E2E fixture (tests/e2e/runner): the generated guest with every export filled in.

use exports::e2e::runner::shapes::{self, Color, Perms, Point, Shape};

wit_bindgen::generate!({
    path: "wit",
    world: "e2e:runner/runner",
});

struct Component;

impl Guest for Component {
    fn greet(names: Vec<String>) -> String {
        let mut total = 0;
        for name in &names {
            total += note(&format!("hello {name}"));
        }
        format!("greeted {} ({total} bytes noted)", names.len())
    }

    fn read_file(path: String) -> Result<String, String> {
        std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))
    }

    fn env_var(name: String) -> Option<String> {
        std::env::var(name).ok()
    }

    fn hog(megabytes: u32) -> u32 {
        let mut chunks: Vec<Vec<u8>> = Vec::new();
        for i in 0..megabytes {
            // Touch the memory, so nothing is optimised away.
            chunks.push(vec![i as u8; 1 << 20]);
        }
        std::hint::black_box(&chunks);
        chunks.len() as u32
    }

    fn spin(iterations: u64) -> u64 {
        let mut count = 0u64;
        while iterations == 0 || count < iterations {
            count = std::hint::black_box(count + 1);
        }
        count
    }
}

impl shapes::Guest for Component {
    fn area(s: Shape) -> u64 {
        match s {
            Shape::Circle(r) => 3 * u64::from(r) * u64::from(r),
            Shape::Rect(p) => u64::from(p.x.unsigned_abs()) * u64::from(p.y.unsigned_abs()),
            Shape::Empty => 0,
        }
    }

    fn mirror(p: Point) -> Point {
        Point { x: -p.x, y: p.y }
    }

    fn describe(c: Color, p: Perms) -> String {
        let mut perms = Vec::new();
        for (flag, name) in [(Perms::READ, "r"), (Perms::WRITE, "w"), (Perms::EXEC, "x")] {
            if p.contains(flag) {
                perms.push(name);
            }
        }
        let color = match c {
            Color::Red => "red",
            Color::Green => "green",
            Color::Blue => "blue",
        };
        format!("{color} {}", perms.join(""))
    }

    fn split(text: String, sep: Option<char>) -> (u32, Vec<String>) {
        let parts: Vec<String> = match sep {
            Some(sep) => text.split(sep).map(String::from).collect(),
            None => text.split_whitespace().map(String::from).collect(),
        };
        (parts.len() as u32, parts)
    }

    fn checked_div(a: i32, b: i32) -> Result<i32, String> {
        a.checked_div(b).ok_or_else(|| format!("cannot divide {a} by {b}"))
    }
}

export!(Component);
