//! Every SQL statement of duban lives in `src/store/`: the other layers call its functions
//! and never write a statement of their own.

use std::path::{Path, PathBuf};

/// What marks a statement: sqlx's query builders, or a string that starts like one.
const MARKS: &[&str] = &[
    "sqlx::query",
    "query_as(",
    "query_scalar(",
    "\"SELECT ",
    "\"INSERT ",
    "\"UPDATE ",
    "\"DELETE ",
    "\"WITH ",
    "\"CREATE ",
    "\"ALTER ",
    "\"DROP ",
    "\"TRUNCATE ",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_sql_statement_is_written_outside_the_store() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let store = root.join("src/store");
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !f.starts_with(&store)) {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            if let Some(mark) = MARKS.iter().find(|m| line.contains(*m)) {
                let shown = file.strip_prefix(root).unwrap().display();
                found.push(format!("{shown}:{}: {mark}", n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "SQL outside src/store/ (move it into a store function):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_would_see_a_statement_if_one_were_written() {
    let line = r#"    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM items")"#;
    assert!(MARKS.iter().any(|m| line.contains(m)));
}
