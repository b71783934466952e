//! The plain-text outline `centerplan show` prints, as inline snapshots (UPDATE_EXPECT=1).

use centerplan::model::{CenterType, Lang};
use centerplan::{outline, templates};
use expect_test::{Expect, expect};

fn check(center_type: CenterType, lang: Lang, expected: Expect) {
    let plan = templates::template(center_type, "示例中心");
    expected.assert_eq(&outline::render(&plan, lang));
}

#[test]
fn hybrid_outline_in_chinese() {
    check(
        CenterType::Hybrid,
        Lang::Zh,
        expect![[r#"
        示例中心 · 综合型

        组织架构 (31 个节点)
          L1    中心总经理 [gm]  1/1
          L2      · 助理: 总经理助理 [gm-assistant]  1/1
          L1.5    监管部副总经理 [vp-oversight]  1/1  ▲ 比同级高半级
          L2.5      监管部 [oversight] 部门
          L3.5        风险与流程监管经理 [risk-process]  1/1
          L3.5        运营分析经理 [ops-analysis]  1/1
          L4.5          排班与预测专员 [wfm-planner]  2/2
          L4.5          数据报表专员 [reporting-analyst]  2/2
          L3.5        质量管理组 [quality] 部门
          L4.5          质检主管 [qa-supervisor]  1/1
          L5.5            质检专员 [qa-specialist]  5/6 (空缺 1)
          L4.5          客户调查主管 [survey-supervisor]  1/1
          L5.5            客户调查专员 [surveyor]  2/2
          L3.5        人力与行政组 [hr-admin] 部门
          L4.5          人事专员 [hr-specialist]  3/3
          L4.5          培训师 [trainer]  2/3 (空缺 1)
          L4.5          行政专员 [admin-specialist]  2/2
          L2      运营部副总经理 [vp-operations]  1/1
          L3        运营部 [operations] 部门
          L4          拓展经理 [bd-manager]  1/1
          L5            项目拓展专员 [bd-specialist]  3/3
          L4          运营经理 [ops-manager]  2/2
          L5            主管（班组长） [team-leader]  8/9 (空缺 1)
          L6              客户服务代表 [csr]  108/120 (空缺 12)
          L5            客户投诉主管 [complaint-supervisor]  1/1
          L6              投诉处理专员 [complaint-specialist]  3/4 (空缺 1)
          L4          外联组 [liaison] 部门
          L5            外联专员 [liaison-specialist]  2/2
          L4          技术支持组 [technology] 部门
          L5            系统与通信工程师 [systems-engineer]  4/4
          L5            桌面运维专员 [desktop-support]  2/2

        附加汇报线
          越级      运营分析经理 [ops-analysis] → 中心总经理 [gm]  (越过 2)
          虚线      质检主管 [qa-supervisor] → 运营经理 [ops-manager]
          虚线      排班与预测专员 [wfm-planner] → 运营经理 [ops-manager]

        项目职责矩阵 (7 个角色 × 4 个阶段)
          项目引入
            监管部副总经理 [牵头, A]:
              1. 担任项目总负责人，主持立项评估，决定是否承接项目及承接条件。
            拓展经理 [R]:
              1. 在项目立项前开展市场推广，与潜在客户建立联系。
              2. 负责引入项目，统筹引入阶段的各项协调工作。
              3. 与客户洽谈服务费用及商务条款。
              4. 汇总项目组各成员的意见，起草合作方案。
            风险与流程监管经理 [R]:
              1. 分析合作风险，包括合同、合规及交付能力方面的风险。
              2. 制定项目中每个岗位的工作流程，并负责监督执行。
            运营分析经理 [R]:
              1. 核算项目成本。
              2. 根据客户需求确定项目的管理目标。
              3. 为各部门设定 KPI 目标。
            质量管理组: —
            人力与行政组: —
            运营经理 [C]:
              1. 制定项目的培训与支持计划，作为合作方案的输入。
          项目开始
            监管部副总经理 [牵头, A]:
              1. 担任项目总负责人，审批项目启动方案，明确各部门的分工与时间节点。
            拓展经理 [R]:
              1. 作为与合作方的联络窗口：向合作方提出项目团队所需的支持，并将合作方的要求准确传达给项目团队。
            风险与流程监管经理 [R]:
              1. 监控流程执行情况及合作风险。
            运营分析经理 [R]:
              1. 复核各项 KPI 目标是否合理，必要时予以调整。
            质量管理组 [R]:
              1. 依据合作方案制定本项目的质检计划。
            人力与行政组 [R]:
              1. 提供项目所需的全部资源：设备、人员、场地及办公用品。
              2. 制定员工考核与激励方案。
            运营经理 [R]:
              1. 制定人员配置方案：人数、班次和席位。
              2. 完成系统搭建与测试。
              3. 组织上岗培训。
              4. 制定日常运营计划。
              5. 与其他运营团队建立协作流程。
          项目运行
            监管部副总经理 [牵头, A]:
              1. 担任项目总负责人，依据运营数据和风险报告掌握项目进展，协调解决跨部门问题。
            拓展经理 [R]:
              1. 就项目运行情况与客户保持定期沟通，及时反馈客户意见。
            风险与流程监管经理 [R]:
              1. 持续监控流程执行与合作风险，发现偏差及时预警。
            运营分析经理 [R]:
              1. 收集并分析 KPI 数据，定期出具运营报表。
            质量管理组 [R]:
              1. 安排质检人员开展质量监控和抽样检查。
            人力与行政组: —
            运营经理 [R]:
              1. 执行经审批的运营方案。
              2. 负责日常人员管理。
          项目结束
            监管部副总经理 [牵头, A]:
              1. 担任项目总负责人，组织项目结项评审。
              2. 向客户汇报项目整体情况；可视项目重要程度，委托拓展经理或运营分析经理代为汇报。
            拓展经理 [R]:
              1. 提交项目引入总结报告。
            风险与流程监管经理 [R]:
              1. 提交合作报告和风险报告。
            运营分析经理 [R]:
              1. 核算项目总收入及投资回报率，出具投资回报（ROI）报告。
              2. 出具项目整体运营及 KPI 报告。
              3. 汇总项目组全部成员的报告，呈报总经理及各副总经理。
            质量管理组 [R]:
              1. 提交质量报告。
            人力与行政组 [R]:
              1. 按既定方案兑现考核结果与激励。
            运营经理 [R]:
              1. 提交运营报告。
    "#]],
    );
}

#[test]
fn service_outline_in_english() {
    check(
        CenterType::Service,
        Lang::En,
        expect![[r#"
        示例中心 · Service

        Org chart (29 nodes)
          L1    Center general manager [gm]  1/1
          L2      · assistant: Assistant to the general manager [gm-assistant]  1/1
          L1.5    Oversight [oversight] unit  ▲ half a level above its peers
          L2.5      Operations analysis manager [ops-analysis]  1/1
          L3.5        Workforce planner [wfm-planner]  2/2
          L3.5        Reporting analyst [reporting-analyst]  2/2
          L2.5      Risk and process oversight manager [risk-process]  1/1
          L2.5      Quality management team [quality] unit
          L3.5        QA supervisor [qa-supervisor]  1/1
          L4.5          QA specialist [qa-specialist]  5/5
          L3.5        Customer survey supervisor [survey-supervisor]  1/1
          L4.5          Customer surveyor [surveyor]  2/2
          L2      External liaison [liaison] unit
          L3        Liaison manager [liaison-manager]  1/1
          L4          Liaison officer [liaison-specialist]  2/2
          L2      Operations [operations] unit
          L3        Operations manager [ops-manager]  1/1
          L4          Team leader [team-leader]  7/7
          L5            Customer service representative [csr]  93/100 (vacant 7)
          L4          Complaint supervisor [complaint-supervisor]  1/1
          L5            Complaint specialist [complaint-specialist]  2/3 (vacant 1)
          L4          Second-line support engineer [tier2-support]  9/10 (vacant 1)
          L2      HR and administration [hr-admin] unit
          L3        HR specialist [hr-specialist]  2/2
          L3        Trainer [trainer]  1/2 (vacant 1)
          L3        Administration specialist [admin-specialist]  2/2
          L2      Technology [technology] unit
          L3        Systems and telephony engineer [systems-engineer]  3/3
          L3        Desktop support technician [desktop-support]  2/2

        Extra reporting lines
          dotted  QA supervisor [qa-supervisor] → Operations manager [ops-manager]
          dotted  Workforce planner [wfm-planner] → Operations manager [ops-manager]

        Responsibility matrix (7 roles × 4 phases)
          Intake
            Oversight [lead, A]:
              1. The head of oversight (or an operations analysis manager named by them) leads the project: chairs the intake assessment and decides how the work will be done.
            External liaison [R]:
              1. Collects the needs of clients and partner departments and pins down the scope and standard of service.
              2. Sets up the communication channels and named contacts with clients and partner departments.
              3. Gathers input from every project member and drafts the cooperation plan.
            Risk and process oversight manager [R]:
              1. Analyses the risks of the cooperation: contractual, compliance and capacity to deliver.
              2. Defines the workflow of every role in the project and oversees that it is followed.
            Operations analysis manager [R]:
              1. Works out the project's costs.
              2. Turns the client's needs into the project's management targets.
              3. Sets KPI targets for each unit.
            Quality management team: —
            HR and administration: —
            Operations manager [C]:
              1. Draws up the project's training and support plan as input to the cooperation plan.
          Start
            Oversight [lead, A]:
              1. Leads the project: approves the start-up plan and settles each unit's share of the work and its deadlines.
            External liaison [R]:
              1. Acts as the contact with partner departments: asks them for the support the team needs and passes their requirements to the team accurately.
            Risk and process oversight manager [R]:
              1. Monitors how the processes are followed and watches the cooperation risks.
            Operations analysis manager [R]:
              1. Reviews whether the KPI targets are sound and adjusts them where needed.
            Quality management team [R]:
              1. Draws up the project's quality-assurance plan from the cooperation plan.
            HR and administration [R]:
              1. Provides every resource the project needs: equipment, people, space and supplies.
              2. Designs the staff appraisal and incentive scheme.
            Operations manager [R]:
              1. Draws up the staffing plan: headcount, shifts and seats.
              2. Has the systems set up and tested.
              3. Runs the training before go-live.
              4. Draws up the daily operations plan.
              5. Agrees the cooperation flow with the other operations teams.
          Running
            Oversight [lead, A]:
              1. Leads the project: follows progress through the operating data and risk reports and settles issues that cross units.
            External liaison [R]:
              1. Exchanges information with clients and partner departments on a fixed rhythm and passes on changes to products, policies and procedures promptly.
            Risk and process oversight manager [R]:
              1. Keeps monitoring process execution and cooperation risks, and raises an early warning on any deviation.
            Operations analysis manager [R]:
              1. Collects and analyses the KPIs and issues the regular operating reports.
            Quality management team [R]:
              1. Assigns QA staff to quality monitoring and spot checks.
            HR and administration: —
            Operations manager [R]:
              1. Runs the approved operations plan.
              2. Manages the staff day to day.
          Close
            Oversight [lead, A]:
              1. Leads the project and chairs the closing review.
              2. Reports on the whole project to the client and the general manager; for a smaller project, may hand the client report to the business development manager.
            External liaison [R]:
              1. Submits the liaison summary, assessing how cooperation with each partner department went.
            Risk and process oversight manager [R]:
              1. Submits the cooperation report and the risk report.
            Operations analysis manager [R]:
              1. Computes total revenue and return on investment and issues the ROI report.
              2. Issues the overall operations and KPI report.
              3. Consolidates every member's report for the general manager.
            Quality management team [R]:
              1. Submits the quality report.
            HR and administration [R]:
              1. Pays out appraisal results and incentives as the scheme sets them.
            Operations manager [R]:
              1. Submits the operations report.
    "#]],
    );
}

/// A reporting cycle used to be listed after every root, from its first member, at depth
/// 0 with the level of a report (`L2`) above its own manager at `L1`. It is now listed
/// where the chart draws it: from the member the chart tree cuts, in model order.
#[test]
fn outline_lists_a_reporting_cycle_as_the_chart_draws_it() {
    use centerplan::model::{Node, NodeKind, OrgChart, Text};
    let mut plan = templates::template(CenterType::Service, "x");
    let node =
        |id: &str, parent: &str| Node::new(id, Some(parent), NodeKind::Position, Text::new(id, id));
    plan.chart = OrgChart {
        nodes: vec![
            node("a", "b"),
            node("b", "a"),
            Node::new("gm", None, NodeKind::Position, Text::new("gm", "gm")),
            node("c", "b"),
        ],
        lines: Vec::new(),
    };
    plan.matrix.rows.clear();
    let text = outline::render(&plan, Lang::En);
    let chart: String = text
        .lines()
        .skip_while(|line| !line.starts_with("Org chart"))
        .take_while(|line| !line.is_empty())
        .map(|line| format!("{line}\n"))
        .collect();
    expect![[r#"
        Org chart (4 nodes)
          L1    b [b]
          L2      a [a]
          L2      c [c]
          L1    gm [gm]
    "#]]
    .assert_eq(&chart);
}
