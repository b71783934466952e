//! Sizing a week of 15-minute intervals (672) from a forecast; the budget is 5 ms.
//! Then the same week sized and covered by the default shift table (four fixed shifts and
//! a flexible one, each placeable on every day): the shift-coverage budget is 100 ms. And a
//! week of three channels (voice, chat at two sessions an agent, email within 24 hours)
//! sized and covered by the shifts: also within 100 ms.

use std::fmt::Write as _;
use std::hint::black_box;

use centerplan::model::{ChatInputs, EmailInputs};
use centerplan::staffing::intervals::IntervalOptions;
use centerplan::staffing::shifts::cover;
use centerplan::staffing::{Model, Target, parse_forecast, plan_intervals, scheduled_staff};
use criterion::{Criterion, criterion_group, criterion_main};

/// A week around the clock with a daily double peak: quiet at night, busy mid-morning and
/// mid-afternoon, up to about 50 erlangs.
fn week_forecast() -> String {
    let mut text = String::from("interval_start,calls\n");
    for (start, peaks) in week_shape() {
        let calls = (5.0 + 280.0 * peaks).round();
        let _ = writeln!(text, "{start},{calls}");
    }
    text
}

/// The same week's calls, with chat at a third of the calls and email at a quarter (their
/// handle times from the options).
fn three_channel_forecast() -> String {
    let mut text = String::from("interval_start,channel,calls\n");
    for (start, peaks) in week_shape() {
        let calls = (5.0 + 280.0 * peaks).round();
        let _ = writeln!(text, "{start},voice,{calls}");
        let _ = writeln!(text, "{start},chat,{}", (calls / 3.0).round());
        let _ = writeln!(text, "{start},email,{}", (calls / 4.0).round());
    }
    text
}

/// Each 15-minute start of a week with the shape of its traffic (0 to about 1).
fn week_shape() -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for day in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] {
        for quarter in 0..96 {
            let hour = f64::from(quarter) / 4.0;
            let peaks =
                (-(hour - 10.5).powi(2) / 6.0).exp() + 0.8 * (-(hour - 15.0).powi(2) / 8.0).exp();
            out.push((
                format!("{day} {:02}:{:02}", quarter / 4, quarter % 4 * 15),
                peaks,
            ));
        }
    }
    out
}

fn options(model: Model) -> IntervalOptions {
    IntervalOptions {
        interval_secs: 900.0,
        default_aht_secs: Some(180.0),
        target: Target {
            service_level: 0.8,
            threshold_secs: 20.0,
            max_occupancy: Some(0.85),
        },
        model,
        shrinkage: 0.3,
        fte_hours_per_day: 8.0,
        chat: ChatInputs {
            aht_secs: Some(600.0),
            ..ChatInputs::default()
        },
        email: EmailInputs {
            aht_secs: Some(300.0),
            ..EmailInputs::default()
        },
    }
}

fn week(c: &mut Criterion) {
    let text = week_forecast();
    let forecast = parse_forecast(&text).expect("the generated forecast parses");
    assert_eq!(forecast.rows.len(), 672);
    c.bench_function("size a week of 672 intervals, Erlang C", |b| {
        b.iter(|| plan_intervals(black_box(&forecast), &options(Model::ErlangC)).unwrap())
    });
    c.bench_function("size a week of 672 intervals, Erlang A", |b| {
        let model = Model::ErlangA {
            patience_secs: 300.0,
        };
        b.iter(|| plan_intervals(black_box(&forecast), &options(model)).unwrap())
    });
    c.bench_function("parse and size a week, Erlang C", |b| {
        b.iter(|| {
            plan_intervals(
                &parse_forecast(black_box(&text)).unwrap(),
                &options(Model::ErlangC),
            )
            .unwrap()
        })
    });
}

fn coverage(c: &mut Criterion) {
    let forecast = parse_forecast(&week_forecast()).expect("the generated forecast parses");
    let shifts = centerplan::rules::default_shifts();
    c.bench_function(
        "size a week and cover it with the default shift table",
        |b| {
            b.iter(|| {
                let plan = plan_intervals(black_box(&forecast), &options(Model::ErlangC)).unwrap();
                let required: Vec<u32> = plan.intervals.iter().map(|i| i.scheduled).collect();
                let coverage = cover(&required, plan.interval_minutes, &shifts).unwrap();
                assert!(coverage.balance.iter().all(|&b| b >= 0));
                coverage
            })
        },
    );
}

fn channels(c: &mut Criterion) {
    let forecast =
        parse_forecast(&three_channel_forecast()).expect("the generated forecast parses");
    assert_eq!(forecast.rows.len(), 3 * 672);
    let shifts = centerplan::rules::default_shifts();
    c.bench_function(
        "size a week of voice, chat and email and cover it with the default shift table",
        |b| {
            b.iter(|| {
                let options = options(Model::ErlangC);
                let plan = plan_intervals(black_box(&forecast), &options).unwrap();
                assert_eq!(plan.channels.len(), 3);
                let required: Vec<u32> = plan
                    .timeline_agents
                    .iter()
                    .map(|&agents| scheduled_staff(agents, options.shrinkage).unwrap())
                    .collect();
                let coverage = cover(&required, plan.interval_minutes, &shifts).unwrap();
                assert!(coverage.balance.iter().all(|&b| b >= 0));
                coverage
            })
        },
    );
}

criterion_group!(benches, week, coverage, channels);
criterion_main!(benches);
