//! `centerplan staff` and `centerplan kpi` through the binary: the issue's worked
//! examples, forecasts, and the failures a user can run into.

use std::process::{Command, Output};

use expect_test::expect;
use serde_json::Value;

fn centerplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_centerplan"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json(args: &[&str]) -> Value {
    let output = centerplan(&[args, &["--format", "json"]].concat());
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

/// Reads `pointer` from `value` (scaled by `scale`, e.g. 100 for percent) and checks it
/// rounds to `published` at the number of decimals `published` is written with.
fn assert_published(value: &Value, pointer: &str, scale: f64, published: &str) {
    let actual = value
        .pointer(pointer)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("no {pointer} in {value}"))
        * scale;
    let decimals = published.split_once('.').map_or(0, |(_, d)| d.len());
    let factor = 10f64.powi(decimals as i32);
    let expected: f64 = published.parse().unwrap();
    assert!(
        ((actual * factor).round() - expected * factor).abs() < 0.5,
        "{pointer}: got {actual}, published {published}"
    );
}

/// Runs `staff` with `args` and checks each (JSON pointer, scale, published figure).
fn check(args: &[&str], figures: &[(&str, f64, &str)]) {
    let report = json(args);
    for (pointer, scale, published) in figures {
        assert_published(&report, pointer, *scale, published);
    }
}

#[test]
fn staff_reproduces_the_published_examples() {
    let base = [
        "staff",
        "--calls",
        "100",
        "--interval",
        "30m",
        "--aht",
        "180s",
        "--sl",
        "80/20",
        "--shrinkage",
        "0.3",
    ];
    check(
        &[&base[..], &["--max-occupancy", "0.85"]].concat(),
        &[
            ("/agents", 1.0, "14"),
            ("/scheduled", 1.0, "20"),
            ("/performance/service_level", 1.0, "0.88835"),
            ("/performance/occupancy", 1.0, "0.7143"),
            ("/performance/probability_wait", 1.0, "0.1741"),
            ("/performance/asa_secs", 1.0, "7.836"),
        ],
    );
    check(
        &[&base[..], &["--max-occupancy", "0.70"]].concat(),
        &[
            ("/agents", 1.0, "15"),
            ("/scheduled", 1.0, "22"),
            ("/performance/service_level", 1.0, "0.941"),
            ("/performance/occupancy", 1.0, "0.667"),
        ],
    );
    check(
        &[
            "staff",
            "--calls",
            "1000",
            "--interval",
            "60m",
            "--aht",
            "120s",
            "--sl",
            "80/20",
            "--max-occupancy",
            "0.85",
            "--shrinkage",
            "0.3",
        ],
        &[
            ("/performance/traffic_erlangs", 1.0, "33.33"),
            ("/agents", 1.0, "40"),
            ("/sizing/agents_for_service_level", 1.0, "38"),
            ("/performance/probability_wait", 100.0, "19.07"),
            ("/performance/service_level", 100.0, "93.72"),
            ("/performance/asa_secs", 1.0, "3.43"),
            ("/performance/occupancy", 100.0, "83.33"),
            ("/scheduled", 1.0, "58"),
        ],
    );
}

#[test]
fn staff_text_is_a_readable_table() {
    let output = centerplan(&[
        "staff",
        "--calls",
        "100",
        "--interval",
        "30m",
        "--aht",
        "180s",
        "--sl",
        "80/20",
        "--max-occupancy",
        "0.85",
        "--shrinkage",
        "0.3",
    ]);
    assert!(output.status.success());
    expect![[r#"
        Model          Erlang C (callers wait as long as it takes)
        Target         80/20, occupancy at most 85.00 %
        Traffic        10.00 erlangs (100 calls in 30 min, AHT 180 s)
        Agents         14 (service level alone: 14, occupancy cap alone: 12)
        Scheduled      20 (shrinkage 30.00 %)
        Service level  88.84 % answered within 20 s
        P(wait)        17.41 %
        ASA            7.84 s
        Occupancy      71.43 %
    "#]]
    .assert_eq(&String::from_utf8_lossy(&output.stdout));
}

#[test]
fn staff_with_agents_evaluates_and_reports_an_unstable_queue() {
    let evaluated = json(&[
        "staff",
        "--calls",
        "100",
        "--interval",
        "30m",
        "--aht",
        "180s",
        "--sl",
        "80/20",
        "--agents",
        "13",
    ]);
    assert_eq!(evaluated["agents"], 13);
    assert_eq!(evaluated["meets_target"], false);
    assert!(evaluated.get("sizing").is_none());

    let output = centerplan(&[
        "staff",
        "--calls",
        "100",
        "--interval",
        "30m",
        "--aht",
        "180s",
        "--sl",
        "80/20",
        "--agents",
        "10",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    expect![[r#"
        centerplan: unstable queue: 10.00 erlangs of traffic need more than 10 agents (the queue would grow without bound)
    "#]]
    .assert_eq(&String::from_utf8_lossy(&output.stderr));

    // With patience callers abandon, so the same overload has a steady state.
    let patient = json(&[
        "staff",
        "--calls",
        "100",
        "--interval",
        "30m",
        "--aht",
        "180s",
        "--sl",
        "80/20",
        "--agents",
        "10",
        "--patience",
        "300s",
    ]);
    assert_eq!(patient["model"], "erlang-a");
    let abandon = patient["performance"]["probability_abandon"]
        .as_f64()
        .unwrap();
    assert!(abandon > 0.0 && abandon < 1.0, "{abandon}");
}

#[test]
fn staff_flag_errors_name_the_flag() {
    let check = |args: &[&str], flag: &str| {
        let output = centerplan(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(flag), "{args:?}: {stderr}");
    };
    check(
        &["staff", "--calls", "100", "--aht", "3x", "--sl", "80/20"],
        "--aht",
    );
    check(
        &["staff", "--calls", "100", "--aht", "180s", "--sl", "80"],
        "--sl",
    );
    check(
        &[
            "staff",
            "--calls",
            "100",
            "--aht",
            "180s",
            "--sl",
            "80/20",
            "--interval",
            "0m",
        ],
        "--interval",
    );
    check(
        &[
            "staff",
            "--calls",
            "100",
            "--aht",
            "180s",
            "--sl",
            "80/20",
            "--max-occupancy",
            "1.2",
        ],
        "--max-occupancy",
    );
    check(
        &[
            "staff",
            "--calls",
            "100",
            "--aht",
            "180s",
            "--sl",
            "80/20",
            "--shrinkage",
            "100%",
        ],
        "--shrinkage",
    );
    check(
        &["staff", "--calls=-3", "--aht", "180s", "--sl", "80/20"],
        "--calls",
    );
    check(&["staff", "--calls", "100", "--sl", "80/20"], "--aht");
}

#[test]
fn staff_sizes_a_forecast() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day.csv");
    std::fs::write(
        &path,
        "interval_start,calls,aht\n08:00,100,\n08:30,1000,\n09:00,60,120\n",
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let report = json(&[
        "staff",
        "--forecast",
        path,
        "--interval",
        "30m",
        "--aht",
        "180s",
        "--sl",
        "80/20",
        "--max-occupancy",
        "0.85",
        "--shrinkage",
        "0.3",
    ]);
    let agents: Vec<u64> = report["intervals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["agents"].as_u64().unwrap())
        .collect();
    assert_eq!(agents[0], 14);
    assert_eq!(report["peak_interval"], "08:30");
    assert_eq!(report["peak_agents"], agents[1]);
    assert_eq!(report["days"], 1);
    let hours: u64 = agents.iter().sum();
    assert_published(
        &report,
        "/agent_hours",
        1.0,
        &format!("{:.1}", hours as f64 / 2.0),
    );

    let text = centerplan(&[
        "staff",
        "--forecast",
        path,
        "--aht",
        "180s",
        "--sl",
        "80/20",
    ]);
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("08:30") && text.contains("Peak") && text.contains("agents to employ"),
        "{text}"
    );

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "interval_start,calls\n08:00,100\n08:30,many\n").unwrap();
    let output = centerplan(&[
        "staff",
        "--forecast",
        bad.to_str().unwrap(),
        "--aht",
        "180s",
        "--sl",
        "80/20",
    ]);
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.csv: forecast line 3, column 2"),
        "{stderr}"
    );
}

#[test]
fn kpi_computes_the_sources_example_day() {
    let report = json(&[
        "kpi",
        "--offered",
        "358",
        "--answered",
        "279",
        "--talk",
        "2:25",
        "--acw",
        "0:34",
    ]);
    assert_published(&report, "/answer_rate", 100.0, "77.93");
    assert_published(&report, "/abandon_rate", 100.0, "22.07");
    assert_eq!(report["aht_secs"], 179.0);
    assert_eq!(report["service_level"], Value::Null);

    let output = centerplan(&[
        "kpi",
        "--offered",
        "358",
        "--answered",
        "279",
        "--abandoned",
        "60",
        "--talk",
        "2:25",
        "--acw",
        "0:34",
        "--within-threshold",
        "250",
    ]);
    expect![[r#"
        Offered         358
        Answered        279 (77.93 %)
        Abandoned       60 (16.76 %)
        Service level   69.83 % (250 answered within the threshold)
        AHT             179 s (talk 145 s + after-call work 34 s)
        Workload        13.87 agent-hours of handling
    "#]]
    .assert_eq(&String::from_utf8_lossy(&output.stdout));

    let contradictory = centerplan(&[
        "kpi",
        "--offered",
        "358",
        "--answered",
        "400",
        "--talk",
        "2:25",
    ]);
    assert_eq!(contradictory.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&contradictory.stderr)
            .contains("--answered: 400 answered exceeds 358 offered")
    );
}
