//! Importing the org chart from a workbook (issue 20): a roster of 2,000 and one of
//! 20,000 positions as XLSX, read (calamine) and turned into a chart. Targets (release):
//! 2,000 rows under 200 ms, 20,000 under 2 s. Run with `cargo bench --bench sheet`.

use std::hint::black_box;

use centerplan::csv_io::import_table;
use centerplan::model::Lang;
use centerplan::sheet;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

#[path = "support/generated.rs"]
mod generated;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("import-sheet");
    group.sample_size(10);
    for size in [2_000, 20_000] {
        let bytes = sheet::chart_to_xlsx(&generated::generated(size), Lang::Zh).unwrap();
        group.throughput(Throughput::Elements(size as u64));
        group.bench_with_input(BenchmarkId::new("xlsx", size), &bytes, |b, bytes| {
            b.iter(|| {
                let table = sheet::table(black_box(bytes), None).unwrap();
                import_table(&table, &[]).unwrap()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
