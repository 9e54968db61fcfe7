//! Throughput of the extractor over the seed documents (`tests/corpus/seeds`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use duban::extract::{extract, DocContext};

fn seed_texts() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/corpus/seeds exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed is UTF-8"))
        .collect()
}

fn bench_extract(c: &mut Criterion) {
    let texts = seed_texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let ctx = DocContext::default();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("seeds", |b| {
        b.iter(|| {
            for t in &texts {
                std::hint::black_box(extract(std::hint::black_box(t), &ctx));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
