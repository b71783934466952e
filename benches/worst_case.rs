//! The worst input the limits admit, exported as PDF (`cargo bench --bench worst_case`).
//!
//! Every string sits at its field's limit (`src/limits.rs`) and is made of what costs the
//! typesetter most: unbroken runs of the widest Latin letter, CJK text without spaces,
//! characters Markdown and Typst must escape. Two plans, each filled until its manual is
//! as long as [`limits::MAX_MANUAL_BYTES`] lets a PDF be:
//!
//! - `text`: the hybrid template's chart with positions added, each with a job
//!   description, a matrix row, a KPI and a career step, all at their limits;
//! - `nodes`: [`limits::MAX_NODES`] positions with dotted lines, named as long as the
//!   manual's length allows, so the org chart figures draw the most boxes.
//!
//! Both editions, Chinese, cold. Target: each export under 10 s and under 1 GB (measure
//! the memory with `/usr/bin/time -v target/release/centerplan export FILE --edition E
//! -o out.pdf` on the documents written to `$CENTERPLAN_BENCH_OUT`). A plan with every
//! count at its limit as well (`nodes` named at the name limit) is refused before
//! anything is drawn or laid out; that refusal is timed too.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

use centerplan::limits;
use centerplan::manual::{self, Date, Edition, ManualOptions};
use centerplan::model::{
    Audience, CareerStep, CenterType, Duty, JobDescription, Kpi, Lang, Line, LineKind, MatrixRow,
    Node, NodeKind, Plan, Text,
};
use centerplan::templates::template;

mod support;
use support::fonts;

/// `bytes` bytes (or one less, at a character boundary) of `pattern` repeated.
fn fill(pattern: &str, bytes: usize) -> String {
    let mut out = pattern.repeat(bytes / pattern.len() + 1);
    let mut end = bytes;
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    out.truncate(end);
    out
}

/// A text at `bytes` per language: Chinese without spaces, with markup characters and
/// an unbroken Latin run in it; English as one unbroken run of wide letters and escapes.
fn text(bytes: usize) -> Text {
    Text::new(
        fill(
            "客户服务代表#*_受理投诉WWWWWWWWWWWWWWWWWWWWWWWWWWWWWW并记录工单",
            bytes,
        ),
        fill("WWWWMMMM*_#<>`", bytes),
    )
}

fn options(edition: Edition) -> ManualOptions {
    ManualOptions {
        edition,
        lang: Lang::Zh,
        date: Date::new(2026, 3, 5).unwrap(),
    }
}

fn markdown_len(plan: &Plan, edition: Edition) -> usize {
    manual::render_markdown(plan, &options(edition))
        .expect("the worst plan renders")
        .len()
}

/// The hybrid template with the center's name at its limit and `units` positions added,
/// each with everything the manual prints about a position at its limits.
fn text_plan(units: usize) -> Plan {
    let mut plan = template(CenterType::Hybrid, &fill("W", limits::MAX_PLAN_NAME_BYTES));
    for node in &mut plan.chart.nodes {
        node.name = text(limits::MAX_NAME_BYTES);
    }
    let root = plan.chart.nodes[0].id.clone();
    let duty = || text(limits::MAX_DUTY_BYTES);
    for unit in 0..units {
        let id = format!("w{unit:05}-{}", fill("x", 20));
        let mut node = Node::new(
            &id,
            Some(root.as_str()),
            NodeKind::Position,
            text(limits::MAX_NAME_BYTES),
        );
        node.headcount.planned = limits::MAX_HEADCOUNT;
        plan.chart.nodes.push(node);
        plan.job_descriptions.push(JobDescription {
            position: id.as_str().into(),
            summary: text(limits::MAX_PARAGRAPH_BYTES),
            duties: (0..8)
                .map(|_| Duty {
                    text: duty(),
                    audience: Audience::Both,
                })
                .collect(),
        });
        let mut row = MatrixRow::new(&id);
        for cell in &mut row.cells {
            cell.duties = vec![duty(), duty()];
        }
        plan.matrix.rows.push(row);
        plan.kpis.push(Kpi {
            id: fill(&format!("k{unit}-"), limits::MAX_ID_BYTES),
            name: text(limits::MAX_NAME_BYTES),
            definition: text(limits::MAX_PARAGRAPH_BYTES),
            formula: text(limits::MAX_PARAGRAPH_BYTES),
            target: fill("≥85%", limits::MAX_NAME_BYTES),
            audience: Audience::Both,
        });
        plan.career_path.push(CareerStep {
            stage: unit as u32 % 7,
            title: text(limits::MAX_NAME_BYTES),
            position: Some(id.as_str().into()),
            requirements: text(limits::MAX_PARAGRAPH_BYTES),
        });
    }
    plan
}

/// [`limits::MAX_NODES`] positions, a hundred units of team leaders and their agents,
/// with a dotted line from every team leader, named with `name_bytes` per language.
fn nodes_plan(name_bytes: usize) -> Plan {
    let mut plan = template(CenterType::Hybrid, &fill("W", limits::MAX_PLAN_NAME_BYTES));
    let name = text(name_bytes);
    let root = plan.chart.nodes[0].id.clone();
    let mut leaders = Vec::new();
    let mut unit = 0;
    while plan.chart.nodes.len() < limits::MAX_NODES {
        let unit_id = format!("u{unit}");
        plan.chart.nodes.push(Node::new(
            &unit_id,
            Some(root.as_str()),
            NodeKind::Unit,
            name.clone(),
        ));
        for team in 0..16 {
            let leader = format!("{unit_id}-t{team}");
            plan.chart.nodes.push(Node::new(
                &leader,
                Some(unit_id.as_str()),
                NodeKind::Position,
                name.clone(),
            ));
            leaders.push(leader.clone());
            for agent in 0..12 {
                if plan.chart.nodes.len() >= limits::MAX_NODES {
                    break;
                }
                let mut node = Node::new(
                    &format!("{leader}-a{agent}"),
                    Some(leader.as_str()),
                    NodeKind::Position,
                    name.clone(),
                );
                node.headcount.planned = 1;
                plan.chart.nodes.push(node);
            }
        }
        unit += 1;
    }
    plan.chart.nodes.truncate(limits::MAX_NODES);
    let qa = plan.chart.nodes[1].id.clone();
    let drawn: Vec<String> = leaders
        .into_iter()
        .filter(|l| plan.chart.node(&l.as_str().into()).is_some())
        .collect();
    for leader in drawn {
        plan.chart.lines.push(Line {
            from: leader.as_str().into(),
            to: qa.clone(),
            kind: LineKind::Dotted,
        });
    }
    plan
}

/// The largest `size` in `1..=max` whose plan's manual (for `edition`) is within the
/// manual limit, found by bisection on the manual's length.
fn largest_within(max: usize, edition: Edition, plan: impl Fn(usize) -> Plan) -> usize {
    let (mut low, mut high) = (1, max);
    while low < high {
        let middle = (low + high).div_ceil(2);
        if markdown_len(&plan(middle), edition) <= limits::MAX_MANUAL_BYTES {
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    low
}

fn bench(c: &mut Criterion) {
    let fonts = fonts();
    let out = std::env::var_os("CENTERPLAN_BENCH_OUT");
    // `cargo bench` passes --bench; `cargo test --benches` (make test) runs each benchmark
    // once in a debug build, where one export takes about 20 s: there the timed run alone
    // shows the worst plan exports, without a separate first export to report its size.
    let measuring = std::env::args().any(|arg| arg == "--bench") || out.is_some();
    let mut group = c.benchmark_group("worst case");
    group.sample_size(10);
    for edition in Edition::ALL {
        let units = largest_within(2_000, edition, text_plan);
        let name_bytes = largest_within(limits::MAX_NAME_BYTES, edition, nodes_plan);
        let plans = [
            (format!("text, {units} positions"), "text", text_plan(units)),
            (
                format!("{} nodes, names of {name_bytes} bytes", limits::MAX_NODES),
                "nodes",
                nodes_plan(name_bytes),
            ),
        ];
        for (label, file, plan) in plans {
            limits::check_plan(&plan).expect("the worst plan is within the limits");
            let options = options(edition);
            if measuring {
                let started = std::time::Instant::now();
                let pdf =
                    manual::render_pdf(&plan, &options, &fonts).expect("the worst plan exports");
                eprintln!(
                    "{} edition, {label}: manual text {} KB, PDF {} KB in {:.1?}",
                    edition.key(),
                    markdown_len(&plan, edition) / 1024,
                    pdf.len() / 1024,
                    started.elapsed()
                );
                if let Some(dir) = &out {
                    let stem = format!("worst-{file}-{}", edition.key());
                    let dir = Path::new(dir);
                    centerplan::document::save(&plan, &dir.join(format!("{stem}.centerplan")))
                        .unwrap();
                    std::fs::write(dir.join(format!("{stem}.pdf")), &pdf).unwrap();
                }
            }
            // Cold, Typst's memo cache emptied first, as in a one-shot CLI export: a warm
            // run of the same plan reuses nearly all of the layout.
            group.bench_function(format!("{} edition, {label}", edition.key()), |b| {
                b.iter(|| {
                    comemo::evict(0);
                    manual::render_pdf(&plan, &options, &fonts).unwrap()
                })
            });
        }
    }
    // Every count and every name at its limit: refused, quickly, before anything is drawn.
    let full = nodes_plan(limits::MAX_NAME_BYTES);
    let options = options(Edition::Manager);
    let err = manual::render_pdf(&full, &options, &fonts).unwrap_err();
    eprintln!("every limit at once: {err}");
    group.bench_function("every limit at once, refused", |b| {
        b.iter(|| manual::render_pdf(&full, &options, &fonts).unwrap_err())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
