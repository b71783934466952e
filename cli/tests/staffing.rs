//! `centerplan staff` and `centerplan kpi` through the binary: the issue's worked
//! examples, forecasts, and the failures a user can run into.

use expect_test::expect;
use serde_json::Value;

use crate::support::centerplan;

fn json(args: &[&str]) -> Value {
    let output = centerplan(&[args, &["--format", "json"]].concat(), ".");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

/// Runs the CLI with `args`, which must succeed, and returns what it printed.
fn run(args: &[&str]) -> String {
    let output = centerplan(args, ".");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The manual of `plan` in `edition` and `lang` as Markdown, written beside the plan.
fn export_markdown(plan: &str, edition: &str, lang: &str) -> String {
    let out = format!("{plan}.{edition}-{lang}.md");
    run(&[
        "export",
        plan,
        "--edition",
        edition,
        "--lang",
        lang,
        "-o",
        &out,
    ]);
    std::fs::read_to_string(out).unwrap()
}

/// `plan` as the interchange JSON, written to `file` and read back.
fn exported_json(plan: &str, file: &str) -> Value {
    run(&["export-json", plan, "-o", file]);
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
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
    let output = centerplan(
        &[
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
        ],
        ".",
    );
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

    let output = centerplan(
        &[
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
        ],
        ".",
    );
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
        let output = centerplan(args, ".");
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

    let text = centerplan(
        &[
            "staff",
            "--forecast",
            path,
            "--aht",
            "180s",
            "--sl",
            "80/20",
        ],
        ".",
    );
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("08:30") && text.contains("Peak") && text.contains("agents to employ"),
        "{text}"
    );

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "interval_start,calls\n08:00,100\n08:30,many\n").unwrap();
    let output = centerplan(
        &[
            "staff",
            "--forecast",
            bad.to_str().unwrap(),
            "--aht",
            "180s",
            "--sl",
            "80/20",
        ],
        ".",
    );
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

    let output = centerplan(
        &[
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
        ],
        ".",
    );
    expect![[r#"
        Offered         358
        Answered        279 (77.93 %)
        Abandoned       60 (16.76 %)
        Service level   69.83 % (250 answered within the threshold)
        AHT             179 s (talk 145 s + after-call work 34 s)
        Workload        13.87 agent-hours of handling
    "#]]
    .assert_eq(&String::from_utf8_lossy(&output.stdout));

    let contradictory = centerplan(
        &[
            "kpi",
            "--offered",
            "358",
            "--answered",
            "400",
            "--talk",
            "2:25",
        ],
        ".",
    );
    assert_eq!(contradictory.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&contradictory.stderr)
            .contains("--answered: 400 answered exceeds 358 offered")
    );
}

/// `staff --plan --apply` records the sizing in the plan; the manager manual then states
/// the target and the figures in both languages, and the CSR edition only the target.
#[test]
fn an_accepted_sizing_is_stored_and_stated_by_the_manual() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let (plan, forecast) = (at("center.centerplan"), at("day.csv"));
    run(&[
        "new",
        "--type",
        "hybrid",
        "--name",
        "Test center",
        "-o",
        &plan,
    ]);
    let export = |edition: &str, lang: &str| export_markdown(&plan, edition, lang);
    assert!(export("manager", "en").contains("This center has not been sized yet"));
    assert!(export("manager", "zh").contains("本中心尚未完成人员测算"));

    std::fs::write(
        &forecast,
        "interval_start,calls\n08:00,100\n08:30,1000\n09:00,60\n",
    )
    .unwrap();
    let sizing = [
        "staff",
        "--forecast",
        &forecast,
        "--aht",
        "180s",
        "--sl",
        "85/30",
        "--max-occupancy",
        "85%",
        "--shrinkage",
        "30%",
        "--plan",
        &plan,
    ];
    // Without --apply nothing is written.
    run(&sizing);
    assert!(export("manager", "en").contains("This center has not been sized yet"));
    // With --plan the JSON output is the sizing report followed by the proposal.
    let output = run(&[&sizing[..], &["--apply", "--format", "json"]].concat());
    let reports: Vec<Value> = serde_json::Deserializer::from_str(&output)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[1]["recorded"], true);

    let json_file = at("center.json");
    let stored = exported_json(&plan, &json_file);
    let staffing = &stored["plan"]["staffing"];
    assert_eq!(staffing["inputs"]["service_level"], 0.85);
    assert_eq!(staffing["inputs"]["forecast_source"], "day.csv");
    assert_eq!(staffing["inputs"]["forecast"].as_array().unwrap().len(), 3);
    let result = &staffing["result"];
    let peak = result["peak_agents"].as_u64().unwrap();
    let agents = result["agents"].as_u64().unwrap();
    assert_eq!(result["peak_interval"], "08:30");
    assert_eq!(result["interval_agents"][1], peak);
    let leaders = result["team_leaders"].as_u64().unwrap();
    assert_eq!(leaders, agents.div_ceil(12));
    // The proposal was applied to the chart.
    let csr = stored["plan"]["chart"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "csr")
        .unwrap();
    assert_eq!(csr["headcount"]["planned"].as_u64(), Some(agents));

    let manager_en = export("manager", "en");
    for figure in [
        "85/30: 85% of calls answered within 30 s".to_owned(),
        format!("| Required agents at peak | {peak} on the phones at 08:30"),
        "| Shrinkage | 30% |".to_owned(),
        format!("| Agents to employ | {agents} |"),
        format!("| Team leader | 12 agents | {leaders} |"),
        "3 intervals of 30 minutes over one day, 1,160 calls in all (forecast file day.csv)"
            .to_owned(),
        "The center is staffed to answer 85% of calls within 30 seconds (85/30)".to_owned(),
    ] {
        assert!(manager_en.contains(&figure), "{figure}");
    }
    let manager_zh = export("manager", "zh");
    for figure in [
        "85/30：85% 的来电在 30 秒内接听".to_owned(),
        format!("| 高峰所需在线坐席 | {peak} 人（08:30）"),
        format!("| 需聘用的坐席 | {agents} |"),
        format!("| 主管 | 12 | {leaders} |"),
        "1 天共 3 个 30 分钟时段，合计 1,160 个来电（预测文件 day.csv）".to_owned(),
    ] {
        assert!(manager_zh.contains(&figure), "{figure}");
    }
    let (csr_en, csr_zh) = (export("csr", "en"), export("csr", "zh"));
    assert!(
        csr_en.contains("Our own target is 85/30: 85% of callers hear one of us within 30 seconds")
    );
    assert!(csr_zh.contains("本中心的目标是 85/30"));
    for (csr, words) in [
        (&csr_en, ["Agents to employ", "12 agents"]),
        (&csr_zh, ["需聘用的坐席", "每多少名坐席配一人"]),
    ] {
        for word in words {
            assert!(!csr.contains(word), "the CSR edition states {word}");
        }
    }
}

/// A forecast of voice, chat and email (Chinese channel names among them): the JSON
/// reports each channel and their sum per interval, the plan stores the channels, and
/// the manager manual states each channel's sizing and method in both languages while the
/// CSR edition states none of it.
#[test]
fn a_sizing_of_three_channels_is_reported_stored_and_stated_by_the_manual() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let (plan, forecast) = (at("center.centerplan"), at("channels.csv"));
    run(&[
        "new",
        "--type",
        "service",
        "--name",
        "Test center",
        "-o",
        &plan,
    ]);
    std::fs::write(
        &forecast,
        "interval_start,channel,calls,aht\n\
         08:00,voice,100,\n08:00,在线文字,40,\n08:00,email,80,\n\
         08:30,voice,120,\n08:30,chat,60,\n08:30,邮件,20,\n\
         09:00,voice,90,\n09:00,chat,50,\n09:00,email,0,\n",
    )
    .unwrap();
    let sizing = [
        "staff",
        "--forecast",
        &forecast,
        "--aht",
        "180s",
        "--sl",
        "80/20",
        "--max-occupancy",
        "85%",
        "--chat-concurrency",
        "3",
        "--chat-aht",
        "10m",
        "--chat-sl",
        "80/60",
        "--email-aht",
        "5m",
        "--email-target",
        "90/2h",
        "--plan",
        &plan,
    ];
    let report = json(&sizing[..sizing.len() - 2]);
    let channels = report["channels"].as_array().unwrap();
    let keys: Vec<&str> = channels
        .iter()
        .map(|c| c["channel"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["voice", "chat", "email"]);
    let total = report["timeline_agents"].as_array().unwrap();
    assert_eq!(total.len(), 3);
    for slot in 0..3 {
        let sum: u64 = channels
            .iter()
            .map(|c| c["interval_agents"][slot].as_u64().unwrap())
            .sum();
        assert_eq!(total[slot].as_u64(), Some(sum), "interval {slot}");
    }
    // 80 emails of 5 minutes at 08:00, 90 % due within 2 hours, that is by the close at
    // 09:30: 6 of the 6.7 agent-hours are spread over the three half hours from 08:00.
    let email = &channels[2];
    assert!(email["interval_agents"][0].as_u64().unwrap() > 0, "{email}");

    run(&[&sizing[..], &["--apply"]].concat());
    let json_file = at("center.json");
    let stored = exported_json(&plan, &json_file);
    let staffing = &stored["plan"]["staffing"];
    assert_eq!(staffing["inputs"]["chat"]["concurrency"], 3);
    assert_eq!(staffing["inputs"]["email"]["within_hours"], 2.0);
    assert_eq!(staffing["inputs"]["forecast"][1]["channel"], "chat");
    assert_eq!(staffing["result"]["channels"], report["channels"]);

    let export = |edition: &str, lang: &str| export_markdown(&plan, edition, lang);
    let peak = |c: usize| channels[c]["peak_agents"].as_u64().unwrap();
    let manager_en = export("manager", "en");
    for figure in [
        "Erlang C over session slots".to_owned(),
        "90% of each interval's emails answered within 2 hours".to_owned(),
        "3 intervals of 30 minutes over one day, 9 rows across the channels: 310 calls, 150 chats, 100 emails".to_owned(),
        format!("| Voice | 180 s | 80/20 | {} |", peak(0)),
        format!("| Chat | 600 s | 80/60, 3 sessions an agent | {} |", peak(1)),
        format!("| Email and tickets | 300 s | 90% within 2 h | {} |", peak(2)),
    ] {
        assert!(manager_en.contains(&figure), "{figure}");
    }
    let manager_zh = export("manager", "zh");
    for figure in [
        "按会话位计算的 Erlang C".to_owned(),
        "每个时段收到的邮件有 90% 在 2 小时内回复".to_owned(),
        "1 天共 3 个 30 分钟时段（各渠道共 9 条记录），来电 310 个、在线会话 150 个、邮件 100 封"
            .to_owned(),
        format!("| 语音 | 180 秒 | 80/20 | {} |", peak(0)),
        format!(
            "| 在线文字 | 600 秒 | 80/60，每名坐席 3 个会话 | {} |",
            peak(1)
        ),
        format!("| 邮件/工单 | 300 秒 | 90% 在 2 小时内回复 | {} |", peak(2)),
    ] {
        assert!(manager_zh.contains(&figure), "{figure}");
    }
    for (csr, word) in [
        (export("csr", "en"), "session slots"),
        (export("csr", "zh"), "会话位"),
    ] {
        assert!(!csr.contains(word), "the CSR edition states {word}");
    }
}

/// Shrinkage by cause: the causes combine as documented (planned add up, unplanned count
/// on the time left), the sizing uses the combination, the plan keeps the table and the
/// manager manual prints it with the formula in both languages.
#[test]
fn shrinkage_by_cause_sizes_is_stored_and_printed() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let plan = at("center.centerplan");
    run(&[
        "new",
        "--type",
        "sales",
        "--name",
        "Test center",
        "-o",
        &plan,
    ]);
    let sizing = [
        "staff",
        "--calls",
        "100",
        "--aht",
        "180s",
        "--sl",
        "80/20",
        "--max-occupancy",
        "85%",
        "--shrinkage-cause",
        "annual-leave=6%",
        "--shrinkage-cause",
        "training=4%",
        "--shrinkage-cause",
        "coaching=2%",
        "--shrinkage-cause",
        "meetings=2%",
        "--shrinkage-cause",
        "breaks=8%",
        "--shrinkage-cause",
        "sick-leave=3%",
        "--shrinkage-cause",
        "system-downtime=1%",
        "--shrinkage-cause",
        "other=1%",
    ];
    // 1 − (1 − 22 %) × (1 − 5 %) = 25.9 %: 14 agents ÷ 0.741 = 18.9, so 19 scheduled.
    let report = json(&sizing);
    assert_published(&report, "/shrinkage", 100.0, "25.9");
    assert_eq!(report["agents"], 14);
    assert_eq!(report["scheduled"], 19);

    run(&[&sizing[..], &["--plan", &plan, "--apply"]].concat());
    let json_file = at("center.json");
    let stored = exported_json(&plan, &json_file);
    let causes = stored["plan"]["staffing"]["inputs"]["shrinkage_causes"]
        .as_array()
        .unwrap();
    assert_eq!(causes.len(), 8);
    assert_eq!(
        causes[0],
        serde_json::json!({"cause": "annual-leave", "share": 0.06})
    );

    let export = |lang: &str| export_markdown(&plan, "manager", lang);
    let en = export("en");
    for line in [
        "| Shrinkage | 25.9%, by cause below |",
        "| Annual leave | Planned: share of paid time | 6% |",
        "| Sick leave | Unplanned: share of the time left after planned absence | 3% |",
        "Shrinkage = 1 − (1 − 22%) × (1 − 5%) = 25.9%.",
    ] {
        assert!(en.contains(line), "{line}");
    }
    let zh = export("zh");
    for line in [
        "| 损耗率 | 25.9%，按原因见下表 |",
        "| 年假 | 计划内：占带薪工时的比例 | 6% |",
        "| 系统停机 | 计划外：占扣除计划内缺勤后剩余工时的比例 | 1% |",
        "损耗率 = 1 −（1 − 22%）×（1 − 5%）= 25.9%。",
    ] {
        assert!(zh.contains(line), "{line}");
    }

    // A cause outside the list, or causes with a total as well, are refused at once.
    let output = centerplan(
        &[
            "staff",
            "--calls",
            "100",
            "--aht",
            "180s",
            "--sl",
            "80/20",
            "--shrinkage-cause",
            "lunch=5%",
        ],
        ".",
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("CAUSE one of annual-leave"));
    let output = centerplan(
        &[
            "staff",
            "--calls",
            "100",
            "--aht",
            "180s",
            "--sl",
            "80/20",
            "--shrinkage",
            "30%",
            "--shrinkage-cause",
            "breaks=5%",
        ],
        ".",
    );
    assert!(!output.status.success());
}
