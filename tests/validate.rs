//! Validation rules: each with a passing and a failing case, driven through one `check`.

use centerplan::model::*;
use centerplan::validate::{Severity, Subject, validate};

/// A small valid hybrid plan: the base every case mutates.
fn base() -> Plan {
    let node = |id: &str, parent: Option<&str>, kind, zh: &str, en: &str| {
        Node::new(id, parent, kind, Text::new(zh, en))
    };
    let mut gm = node("gm", None, NodeKind::Position, "总经理", "General manager");
    gm.function = Some(Function::GeneralManager);
    let mut vp_oversight = node(
        "vp-oversight",
        Some("gm"),
        NodeKind::Position,
        "监管副总",
        "Oversight VP",
    );
    vp_oversight.function = Some(Function::OversightVp);
    vp_oversight.rank = Some(Rank(1));
    let mut vp_operations = node(
        "vp-operations",
        Some("gm"),
        NodeKind::Position,
        "运营副总",
        "Operations VP",
    );
    vp_operations.function = Some(Function::OperationsVp);
    let mut analysis = node(
        "ops-analysis",
        Some("vp-oversight"),
        NodeKind::Position,
        "运营分析",
        "Operations analysis",
    );
    analysis.function = Some(Function::OperationsAnalysis);
    let mut csr = node(
        "csr",
        Some("vp-operations"),
        NodeKind::Position,
        "客服代表",
        "CSR",
    );
    csr.headcount = Headcount::new(10, 8);
    let chart = OrgChart {
        nodes: vec![
            gm,
            node(
                "gm-assistant",
                Some("gm"),
                NodeKind::Assistant,
                "助理",
                "Assistant",
            ),
            vp_oversight,
            vp_operations,
            analysis,
            csr,
        ],
        lines: vec![Line {
            from: "ops-analysis".into(),
            to: "gm".into(),
            kind: LineKind::Bypass,
        }],
    };
    let mut lead = MatrixRow::new("vp-oversight");
    let mut doer = MatrixRow::new("vp-operations");
    for phase in Phase::ALL {
        lead.cell_mut(phase).lead = true;
        lead.cell_mut(phase)
            .duties
            .push(Text::new("总负责", "Leads"));
        doer.cell_mut(phase)
            .duties
            .push(Text::new("执行", "Runs it"));
    }
    Plan {
        name: "Test".into(),
        name_en: String::new(),
        center_type: CenterType::Hybrid,
        chart,
        matrix: ResponsibilityMatrix {
            rows: vec![lead, doer],
        },
        job_descriptions: vec![JobDescription {
            position: "csr".into(),
            summary: Text::default(),
            duties: vec![],
        }],
        kpis: vec![],
        career_path: vec![],
        settings: Settings::default(),
        staffing: None,
        rules: Default::default(),
        manual: Default::default(),
        control: Default::default(),
        logo: None,
        releases: Vec::new(),
    }
}

fn node_mut<'a>(plan: &'a mut Plan, id: &str) -> &'a mut Node {
    plan.chart
        .node_mut(&NodeId::new(id))
        .expect("node in base plan")
}

/// Applies `mutate` to the base plan and compares the diagnostic codes (with severity).
fn check(mutate: impl FnOnce(&mut Plan), expected: &[(Severity, &str)]) {
    let mut plan = base();
    mutate(&mut plan);
    // The base plan is a bare chart without the template's roles and KPIs: what the
    // manual leans on is checked by the `manual_*` tests below, not here.
    let found: Vec<(Severity, &str)> = validate(&plan)
        .iter()
        .filter(|d| !d.code.starts_with("manual."))
        .map(|d| (d.severity, d.code))
        .collect();
    assert_eq!(found, expected);
}

use Severity::{Error, Warning};

#[test]
fn base_plan_is_clean() {
    check(|_| {}, &[]);
}

#[test]
fn chart_needs_nodes_and_exactly_one_root() {
    check(
        |p| {
            p.chart = OrgChart::default();
            p.matrix.rows.clear();
            p.job_descriptions.clear();
            p.center_type = CenterType::Service;
        },
        &[(Error, "chart.empty"), (Warning, "matrix.empty")],
    );
    check(
        |p| node_mut(p, "csr").parent = None,
        &[(Error, "chart.multiple-roots")],
    );
    check(
        |p| node_mut(p, "gm").parent = Some("csr".into()),
        &[
            (Error, "chart.no-root"),
            (Error, "chart.cycle"),
            (Error, "chart.cycle"),
            (Error, "chart.cycle"),
        ],
    );
}

#[test]
fn ids_and_parents_must_resolve() {
    check(
        |p| node_mut(p, "csr").id = NodeId::new("ops-analysis"),
        &[
            (Error, "chart.duplicate-id"),
            (Error, "job.unknown-position"),
        ],
    );
    check(
        |p| node_mut(p, "csr").parent = Some("nobody".into()),
        &[(Error, "chart.unknown-parent")],
    );
}

#[test]
fn reporting_cycles_are_found() {
    check(
        |p| node_mut(p, "vp-operations").parent = Some("csr".into()),
        &[(Error, "chart.cycle"), (Error, "chart.cycle")],
    );
}

#[test]
fn a_child_sits_below_its_parent() {
    check(|p| node_mut(p, "csr").rank = Some(Rank(5)), &[]);
    check(
        |p| node_mut(p, "csr").rank = Some(Rank(2)),
        &[(Error, "chart.rank-not-below-parent")],
    );
}

#[test]
fn headcount_is_not_negative_and_not_over_plan() {
    check(
        |p| node_mut(p, "csr").headcount = Headcount::new(10, 10),
        &[],
    );
    check(
        |p| node_mut(p, "csr").headcount = Headcount::new(-1, 0),
        &[(Error, "chart.negative-headcount")],
    );
    check(
        |p| node_mut(p, "csr").headcount = Headcount::new(10, 11),
        &[(Warning, "chart.overfilled")],
    );
}

#[test]
fn span_of_control_is_limited_by_the_setting() {
    let add_reports = |p: &mut Plan, count: usize| {
        for i in 0..count {
            let name = Text::new(format!("组{i}"), format!("Team {i}"));
            p.chart.nodes.push(Node::new(
                &format!("t{i}"),
                Some("vp-operations"),
                NodeKind::Position,
                name,
            ));
        }
    };
    // vp-operations already has one report (csr): 11 more make 12, the limit.
    check(|p| add_reports(p, 11), &[]);
    check(
        |p| add_reports(p, 12),
        &[(Warning, "chart.span-of-control")],
    );
    check(
        |p| {
            add_reports(p, 3);
            p.settings.span_of_control_limit = 3;
        },
        &[(Warning, "chart.span-of-control")],
    );
}

#[test]
fn sibling_names_are_distinct() {
    check(
        |p| node_mut(p, "vp-operations").name = Text::new("运营副总", "Ops VP"),
        &[],
    );
    check(
        |p| node_mut(p, "vp-operations").name = node_mut(p, "vp-oversight").name.clone(),
        &[(Warning, "chart.duplicate-sibling-name")],
    );
}

#[test]
fn oversight_sits_half_a_level_above_its_peers() {
    check(
        |p| node_mut(p, "vp-oversight").rank = Some(Rank(0)),
        &[(Error, "chart.rank-not-below-parent")],
    );
    check(
        |p| {
            p.center_type = CenterType::Service;
            node_mut(p, "vp-oversight").rank = None;
        },
        &[(Warning, "chart.oversight-not-raised")],
    );
    let diagnostics = validate(&{
        let mut p = base();
        p.center_type = CenterType::Service;
        node_mut(&mut p, "vp-oversight").rank = None;
        p
    });
    assert!(
        diagnostics[0].message.en.contains("half a level above"),
        "the warning cites the principle"
    );
    assert!(diagnostics[0].message.zh.contains("高出半级"));
}

#[test]
fn hybrid_oversight_vp_ranks_above_operations_vp() {
    check(
        |p| node_mut(p, "vp-operations").rank = Some(Rank(1)),
        &[
            (Error, "chart.hybrid-oversight-vp-not-above"),
            (Warning, "chart.oversight-not-raised"),
        ],
    );
    check(
        |p| node_mut(p, "vp-oversight").function = None,
        &[(Warning, "chart.hybrid-oversight-vp-missing")],
    );
    // The rule is the hybrid type's: a service center may rank its VPs as it likes.
    check(
        |p| {
            p.center_type = CenterType::Service;
            node_mut(p, "vp-operations").rank = Some(Rank(1));
        },
        &[(Warning, "chart.oversight-not-raised")],
    );
}

#[test]
fn line_endpoints_exist_and_differ() {
    check(
        |p| p.chart.lines[0].to = "ghost".into(),
        &[(Error, "line.unknown-endpoint")],
    );
    check(
        |p| p.chart.lines[0].from = "ghost".into(),
        &[(Error, "line.unknown-endpoint")],
    );
    check(
        |p| {
            p.chart.lines.push(Line {
                from: "csr".into(),
                to: "csr".into(),
                kind: LineKind::Dotted,
            })
        },
        &[(Error, "line.self")],
    );
    check(
        |p| {
            p.chart.lines.push(Line {
                from: "csr".into(),
                to: "ops-analysis".into(),
                kind: LineKind::Dotted,
            })
        },
        &[],
    );
    check(
        |p| p.chart.lines.push(p.chart.lines[0].clone()),
        &[(Warning, "line.duplicate")],
    );
}

#[test]
fn a_bypass_line_skips_at_least_one_level() {
    let bypass = |from: &str, to: &str| Line {
        from: from.into(),
        to: to.into(),
        kind: LineKind::Bypass,
    };
    check(|p| p.chart.lines = vec![bypass("csr", "gm")], &[]);
    check(
        |p| p.chart.lines = vec![bypass("csr", "vp-operations")],
        &[(Error, "line.bypass-not-skipping")],
    );
    check(
        |p| p.chart.lines = vec![bypass("csr", "ops-analysis")],
        &[(Error, "line.bypass-not-skipping")],
    );
}

#[test]
fn every_phase_has_exactly_one_lead() {
    check(
        |p| p.matrix.rows[0].cell_mut(Phase::Start).lead = false,
        &[(Error, "matrix.no-lead")],
    );
    check(
        |p| p.matrix.rows[1].cell_mut(Phase::Close).lead = true,
        &[(Error, "matrix.multiple-leads")],
    );
    let diagnostics = validate(&{
        let mut p = base();
        p.matrix.rows[1].cell_mut(Phase::Close).lead = true;
        p
    });
    assert_eq!(
        diagnostics[0].subject,
        Subject::Cell {
            role: "vp-operations".into(),
            phase: Phase::Close
        }
    );
}

#[test]
fn matrix_roles_exist_once_and_have_work() {
    check(
        |p| p.matrix.rows[1].role = "ghost".into(),
        &[(Error, "matrix.unknown-role")],
    );
    check(
        |p| {
            p.matrix.rows.push(MatrixRow {
                role: "vp-operations".into(),
                ..p.matrix.rows[1].clone()
            })
        },
        &[(Warning, "matrix.duplicate-role")],
    );
    check(
        |p| p.matrix.rows.push(MatrixRow::new("csr")),
        &[(Warning, "matrix.idle-role")],
    );
    check(|p| p.matrix.rows.clear(), &[(Warning, "matrix.empty")]);
}

#[test]
fn references_from_job_descriptions_kpis_and_career_path_resolve() {
    check(
        |p| p.job_descriptions[0].position = "ghost".into(),
        &[(Error, "job.unknown-position")],
    );
    let kpi = Kpi {
        id: "aht".into(),
        name: Text::new("平均处理时长", "AHT"),
        definition: Text::default(),
        formula: Text::default(),
        target: String::new(),
        audience: Audience::Both,
    };
    check(|p| p.kpis = vec![kpi.clone()], &[]);
    check(
        |p| p.kpis = vec![kpi.clone(), kpi.clone()],
        &[(Error, "kpi.duplicate-id")],
    );
    let step = |position: &str| CareerStep {
        stage: 1,
        title: Text::new("主管", "Team leader"),
        position: Some(position.into()),
        requirements: Text::default(),
    };
    check(|p| p.career_path = vec![step("csr")], &[]);
    check(
        |p| p.career_path = vec![step("ghost")],
        &[(Error, "career.unknown-position")],
    );
}

#[test]
fn deep_charts_validate_without_overflowing_the_stack() {
    let mut plan = base();
    for i in 0..10_000 {
        let parent = if i == 0 {
            "csr".to_owned()
        } else {
            format!("deep{}", i - 1)
        };
        plan.chart.nodes.push(Node::new(
            &format!("deep{i}"),
            Some(&parent),
            NodeKind::Position,
            Text::new(format!("层{i}"), format!("L{i}")),
        ));
    }
    assert!(
        validate(&plan)
            .iter()
            .all(|d| d.code.starts_with("manual."))
    );
}

#[test]
fn every_template_validates_clean() {
    for center_type in CenterType::ALL {
        let plan = centerplan::templates::template(center_type, "Template");
        let diagnostics = validate(&plan);
        assert!(diagnostics.is_empty(), "{center_type}: {diagnostics:#?}");
    }
}
