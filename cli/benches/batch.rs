//! A consultant's batch with a chapter library (issue 17 item 6): `centerplan batch` of 20
//! client plans (the four center types, five each), manager edition in Chinese, with and
//! without `--chapters DIR`, as Markdown and as PDF. Criterion reports the time per manual
//! (throughput: 20 manuals per run). Target: the library costs nothing measurable per
//! manual. The release binary runs as a consultant runs it, so reading the library, checking
//! it against each plan, applying its edits and rendering the user-syntax chapters are all
//! in the figure.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const PLANS: usize = 20;

fn centerplan(args: &[&str], dir: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_centerplan"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "centerplan {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The library a consultant keeps: exported from one plan, three chapters rewritten (with a
/// manager-only block and references) and one chapter of the house added, in both languages.
fn library(dir: &Path) {
    centerplan(
        &[
            "chapters",
            "export",
            "clients/client-00.centerplan",
            "--dir",
            "house",
        ],
        dir,
    );
    for (lang, extra) in [
        (
            "zh-CN",
            "本所规定：{{ center.name }}的每一通电话都按本所的规范处理。",
        ),
        (
            "en",
            "House rule: every call at {{ center.name }} follows the house standard.",
        ),
    ] {
        let lang_dir = dir.join("house").join(lang);
        let mut names: Vec<String> = std::fs::read_dir(&lang_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names.iter().skip(2).step_by(5).take(3) {
            let path = lang_dir.join(name);
            let text = std::fs::read_to_string(&path).unwrap();
            let edited =
                format!("{text}\n{extra}\n\n::: manager\n{extra}\n:::\n\n{{{{ kpi_table() }}}}\n");
            std::fs::write(&path, edited).unwrap();
        }
        std::fs::write(
            lang_dir.join("95-house.md"),
            format!("# House\n\n{extra}\n\n::: csr\n{extra}\n:::\n\n{{{{ org_chart() }}}}\n"),
        )
        .unwrap();
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("clients")).unwrap();
    let types = ["hybrid", "outsourced", "sales", "service"];
    for i in 0..PLANS {
        let file = format!("clients/client-{i:02}.centerplan");
        let name = format!("客户服务中心 {i:02}");
        centerplan(
            &["new", "--type", types[i % 4], "--name", &name, "-o", &file],
            dir.path(),
        );
    }
    library(dir.path());

    let mut group = c.benchmark_group("batch_20_plans");
    group.throughput(Throughput::Elements(PLANS as u64));
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    // `cargo test` runs each benchmark once to check it still works (no `--bench`): the
    // Markdown batches cover every step of the library; forty debug-build PDFs would only
    // add minutes to `make test`.
    let measuring = std::env::args().any(|arg| arg == "--bench");
    let formats: &[&str] = if measuring { &["md", "pdf"] } else { &["md"] };
    for &format in formats {
        for (label, chapters) in [("built-in", None), ("library", Some("house"))] {
            group.bench_function(format!("{format}/{label}"), |b| {
                b.iter(|| {
                    let mut args = vec![
                        "batch",
                        "clients",
                        "--out-dir",
                        "out",
                        "--edition",
                        "manager",
                        "--format",
                        format,
                        "--date",
                        "2026-03-05",
                    ];
                    if let Some(dir) = chapters {
                        args.extend(["--chapters", dir]);
                    }
                    centerplan(&args, dir.path());
                });
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
