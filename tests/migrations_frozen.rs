//! A released migration never changes (databases that applied it keep its old checksum and
//! sqlx refuses to start on them), and none disappears: every file in `migrations/` must have
//! the SHA-256 recorded for it in `migrations/CHECKSUMS`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

const HOW_TO_ADD: &str = "a new migration is added to the list with \
     `cd migrations && sha256sum NEW_FILE.sql >> CHECKSUMS`; a released one is never \
     edited or removed: write a new migration that changes what it did";

fn migrations_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations")
}

/// File name -> SHA-256 (hex), as recorded.
fn recorded() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(migrations_dir().join("CHECKSUMS")).unwrap();
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (sum, name) = line
                .split_once("  ")
                .unwrap_or_else(|| panic!("CHECKSUMS line {line:?} is not `SHA256  FILE`"));
            (name.trim().to_owned(), sum.trim().to_owned())
        })
        .collect()
}

/// File name -> SHA-256 (hex) of every migration file now in the tree.
fn actual() -> BTreeMap<String, String> {
    std::fs::read_dir(migrations_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let sum = hex::encode(Sha256::digest(std::fs::read(&path).unwrap()));
            (name, sum)
        })
        .collect()
}

#[test]
fn every_released_migration_is_unchanged_and_still_there() {
    let actual = actual();
    let problems: Vec<String> = recorded()
        .into_iter()
        .filter_map(|(name, sum)| match actual.get(&name) {
            None => Some(format!("{name} was removed")),
            Some(now) if *now != sum => {
                Some(format!("{name} was edited (sha256 {sum}, now {now})"))
            }
            Some(_) => None,
        })
        .collect();
    assert!(
        problems.is_empty(),
        "released migrations changed:\n  {}\n({HOW_TO_ADD})",
        problems.join("\n  ")
    );
}

#[test]
fn every_migration_file_is_listed_in_the_checksums() {
    let recorded = recorded();
    let unlisted: Vec<String> = actual()
        .into_keys()
        .filter(|name| !recorded.contains_key(name))
        .collect();
    assert!(
        unlisted.is_empty(),
        "migrations missing from migrations/CHECKSUMS: {}\n({HOW_TO_ADD})",
        unlisted.join(", ")
    );
}
