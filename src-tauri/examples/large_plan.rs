//! Writes a hybrid plan of N chart nodes (default 2,000), for timing the app by hand or
//! with `make perf`. usage: cargo run -p centerplan-app --example large_plan -- OUT [N]

#[path = "../benches/large_plan.rs"]
mod large_plan;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().expect("usage: large_plan OUT [N]");
    let size = args
        .next()
        .map_or(2000, |n| n.parse().expect("N is a number"));
    let plan = large_plan::large_plan(size);
    centerplan_app::bridge::save(&plan, std::path::Path::new(&out)).expect("the plan saves");
    println!(
        "wrote {out}: {} nodes; `make perf` renames {}",
        plan.chart.nodes.len(),
        large_plan::RENAMED
    );
}
