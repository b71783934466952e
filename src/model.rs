//! The plan: the domain model every other module reads and writes.
//!
//! A [`Plan`] is pure data (serde-serializable, no I/O). It may be invalid: references
//! to nodes that do not exist, cycles, two leads in a phase. Such plans must still load,
//! save and round-trip, because a user fixes them in the editor; the [`crate::validate`]
//! module reports what is wrong instead of the model refusing to represent it.
//!
//! Domain terms follow `domain.md`: center type, unit, position, phase, edition.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A language of the product's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Simplified Chinese (zh-CN), the primary language.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The short code used on the command line and in file names: `zh` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Parses `zh`, `zh-CN`, `en`, `en-US` and the like, case-insensitively.
    pub fn parse(code: &str) -> Option<Lang> {
        let lower = code.to_ascii_lowercase();
        match lower.split(['-', '_']).next() {
            Some("zh") => Some(Lang::Zh),
            Some("en") => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text in both product languages. Either side may be empty while a user is editing;
/// [`Text::get`] falls back to the other language so nothing prints blank.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`, or in the other language when that side is empty.
    pub fn get(&self, lang: Lang) -> &str {
        let (wanted, other) = match lang {
            Lang::Zh => (&self.zh, &self.en),
            Lang::En => (&self.en, &self.zh),
        };
        if wanted.is_empty() { other } else { wanted }
    }

    pub fn is_empty(&self) -> bool {
        self.zh.is_empty() && self.en.is_empty()
    }
}

/// The four kinds of center of `domain.md` §1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "lowercase")]
pub enum CenterType {
    /// 外包型: runs contracted projects of outside companies.
    Outsourced,
    /// 销售型: up-sell, cross-sell, outbound telemarketing, phone ordering.
    Sales,
    /// 服务型: pre-sale and in-sale consulting, after-sales service, technical support.
    Service,
    /// 综合型: all of the above in one center.
    Hybrid,
}

impl CenterType {
    pub const ALL: [CenterType; 4] = [
        CenterType::Outsourced,
        CenterType::Sales,
        CenterType::Service,
        CenterType::Hybrid,
    ];

    /// The stable key used in files and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            CenterType::Outsourced => "outsourced",
            CenterType::Sales => "sales",
            CenterType::Service => "service",
            CenterType::Hybrid => "hybrid",
        }
    }

    pub fn from_key(key: &str) -> Option<CenterType> {
        CenterType::ALL.into_iter().find(|t| t.key() == key)
    }

    pub fn name(self) -> Text {
        match self {
            CenterType::Outsourced => Text::new("外包型", "Outsourced"),
            CenterType::Sales => Text::new("销售型", "Sales"),
            CenterType::Service => Text::new("服务型", "Service"),
            CenterType::Hybrid => Text::new("综合型", "Hybrid"),
        }
    }

    /// One sentence on what such a center does, for the start screen and `templates`.
    pub fn description(self) -> Text {
        match self {
            CenterType::Outsourced => Text::new(
                "承接外部企业的合同项目运营，可提供坐席人员、管理人员、席位、设备乃至整个中心，本身没有自营项目。",
                "Runs contracted projects for outside companies, supplying agents, managers, seats, equipment or a whole center; it has no in-house project of its own.",
            ),
            CenterType::Sales => Text::new(
                "以电话销售为主：向上销售、交叉销售、直复营销、外呼营销、电话订购和电视购物热线。",
                "Sells by phone: up-selling, cross-selling, direct response, outbound telemarketing, phone ordering and TV shopping lines.",
            ),
            CenterType::Service => Text::new(
                "提供售前与售中咨询、售后服务和技术支持，重在与客户及合作部门的流程衔接和信息交流。",
                "Gives pre-sale and in-sale advice, after-sales service and technical support; its success rests on smooth hand-offs and information flow with clients and partner departments.",
            ),
            CenterType::Hybrid => Text::new(
                "在一个中心内兼具外包、销售和服务职能，跨部门协调与监管最为关键。",
                "Combines outsourcing, sales and service in one center, where coordination across units and oversight matter most.",
            ),
        }
    }
}

impl fmt::Display for CenterType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A stable identifier of an org-chart node, unique within a plan (e.g. `ops-analysis`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
pub struct NodeId(pub String);

impl NodeId {
    pub fn new(id: impl Into<String>) -> NodeId {
        NodeId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for NodeId {
    fn from(id: &str) -> NodeId {
        NodeId(id.to_owned())
    }
}

/// What a node of the chart is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// A department or group (部门), e.g. the oversight unit.
    Unit,
    /// A position (岗位) held by one or more people.
    #[default]
    Position,
    /// An assistant or staff post, drawn beside its manager rather than below.
    Assistant,
}

impl NodeKind {
    pub const ALL: [NodeKind; 3] = [NodeKind::Unit, NodeKind::Position, NodeKind::Assistant];

    pub fn key(self) -> &'static str {
        match self {
            NodeKind::Unit => "unit",
            NodeKind::Position => "position",
            NodeKind::Assistant => "assistant",
        }
    }

    pub fn from_key(key: &str) -> Option<NodeKind> {
        NodeKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// The role a node plays in the center's design, where the domain gives it one.
///
/// Validation rules of `domain.md` need to know which node is the oversight unit or the
/// operations VP, and the manual's chapters name every role they speak of, whatever the
/// user has renamed it to or whatever id an HR spreadsheet gave it: this tag says which
/// node does what. One table ([`Function::TABLE`]) holds each function's key and its
/// canonical names, used by the manual, CSV import and the app alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "kebab-case")]
pub enum Function {
    /// The center's top executive (中心总经理).
    GeneralManager,
    /// The general manager's assistant (总经理助理).
    GeneralManagerAssistant,
    /// The oversight unit (监管部: operations analysis and quality management).
    Oversight,
    /// The VP in charge of oversight (hybrid centers).
    OversightVp,
    /// The VP in charge of operations (hybrid centers).
    OperationsVp,
    /// Operations analysis (运营分析).
    OperationsAnalysis,
    /// Quality management (质量管理), the quality unit.
    QualityManagement,
    /// The QA supervisor (质检主管), head of the QA specialists.
    QaSupervisor,
    /// The QA specialist (质检专员), who scores sampled calls.
    QaSpecialist,
    /// The customer survey supervisor (客户调查主管).
    SurveySupervisor,
    /// The customer surveyor (客户调查专员).
    Surveyor,
    /// Risk and process oversight (风险与流程监管).
    RiskProcess,
    /// Business development (拓展部).
    BusinessDevelopment,
    /// External liaison (外联部, service centers).
    ExternalLiaison,
    /// Operations (运营部).
    Operations,
    /// The operations manager (运营经理), who runs the floor.
    OperationsManager,
    /// The team leader (主管/班组长) of a team of CSRs.
    TeamLeader,
    /// The customer service representative (客户服务代表).
    Csr,
    /// A senior CSR (资深客户服务代表), where the chart has the grade.
    SeniorCsr,
    /// A lead CSR (首席客户服务代表), where the chart has the grade.
    LeadCsr,
    /// The complaint supervisor (客户投诉主管).
    ComplaintSupervisor,
    /// The complaint specialist (投诉处理专员).
    ComplaintSpecialist,
    /// Second-line technical support (二线技术支持, service centers).
    SecondLineSupport,
    /// HR and administration (人力与行政).
    HrAdmin,
    /// The HR specialist (人事专员).
    HrSpecialist,
    /// The trainer (培训师).
    Trainer,
    /// The administration specialist (行政专员).
    AdminSpecialist,
    /// The workforce planner (排班与预测专员): forecasts and schedules.
    WorkforcePlanner,
    /// The reporting analyst (数据报表专员).
    ReportingAnalyst,
    /// Technology and systems (技术支持).
    Technology,
}

/// One row of [`Function::TABLE`]: the key files and templates use, and the canonical
/// names (running-text form) in Chinese and English.
pub struct FunctionInfo {
    pub function: Function,
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

macro_rules! functions {
    ($($variant:ident, $key:literal, $zh:literal, $en:literal;)*) => {
        impl Function {
            /// Every function with its key and canonical names, in the order pickers list them.
            pub const TABLE: &'static [FunctionInfo] = &[
                $(FunctionInfo { function: Function::$variant, key: $key, zh: $zh, en: $en },)*
            ];
            pub const ALL: &'static [Function] = &[$(Function::$variant,)*];
        }
    };
}

functions! {
    GeneralManager, "general-manager", "中心总经理", "general manager";
    GeneralManagerAssistant, "general-manager-assistant", "总经理助理", "assistant to the general manager";
    OversightVp, "oversight-vp", "监管部副总经理", "oversight VP";
    OperationsVp, "operations-vp", "运营部副总经理", "operations VP";
    Oversight, "oversight", "监管部", "oversight unit";
    OperationsAnalysis, "operations-analysis", "运营分析经理", "operations analysis manager";
    RiskProcess, "risk-process", "风险与流程监管经理", "risk and process manager";
    QualityManagement, "quality-management", "质量管理组", "quality management team";
    QaSupervisor, "qa-supervisor", "质检主管", "QA supervisor";
    QaSpecialist, "qa-specialist", "质检专员", "QA specialist";
    SurveySupervisor, "survey-supervisor", "客户调查主管", "customer survey supervisor";
    Surveyor, "surveyor", "客户调查专员", "customer surveyor";
    HrAdmin, "hr-admin", "人力与行政部", "HR and administration";
    HrSpecialist, "hr-specialist", "人事专员", "HR specialist";
    Trainer, "trainer", "培训师", "trainer";
    AdminSpecialist, "admin-specialist", "行政专员", "administration specialist";
    WorkforcePlanner, "workforce-planner", "排班与预测专员", "workforce planner";
    ReportingAnalyst, "reporting-analyst", "数据报表专员", "reporting analyst";
    Operations, "operations", "运营部", "operations department";
    OperationsManager, "operations-manager", "运营经理", "operations manager";
    TeamLeader, "team-leader", "主管", "team leader";
    Csr, "csr", "客户服务代表", "customer service representative";
    SeniorCsr, "senior-csr", "资深客户服务代表", "senior CSR";
    LeadCsr, "lead-csr", "首席客户服务代表", "lead CSR";
    ComplaintSupervisor, "complaint-supervisor", "客户投诉主管", "complaint supervisor";
    ComplaintSpecialist, "complaint-specialist", "投诉处理专员", "complaint specialist";
    BusinessDevelopment, "business-development", "拓展部", "business development";
    ExternalLiaison, "external-liaison", "外联部", "external liaison";
    SecondLineSupport, "second-line-support", "二线技术支持工程师", "second-line support engineer";
    Technology, "technology", "技术支持部", "technology support";
}

impl Function {
    fn info(self) -> &'static FunctionInfo {
        Function::TABLE
            .iter()
            .find(|info| info.function == self)
            .expect("every function has a row in Function::TABLE")
    }

    pub fn key(self) -> &'static str {
        self.info().key
    }

    pub fn from_key(key: &str) -> Option<Function> {
        Function::TABLE
            .iter()
            .find(|info| info.key == key)
            .map(|info| info.function)
    }

    /// The canonical name in running text ("主管", "team leader"): what the manual prints
    /// when no single node holds the function.
    pub fn term(self) -> Text {
        let info = self.info();
        Text::new(info.zh, info.en)
    }

    /// The function a key or a canonical name (zh or en, any case) stands for: what a
    /// spreadsheet's function column may hold.
    pub fn parse(text: &str) -> Option<Function> {
        let text = text.trim();
        Function::from_key(text).or_else(|| {
            Function::TABLE
                .iter()
                .find(|info| info.zh == text || info.en.eq_ignore_ascii_case(text))
                .map(|info| info.function)
        })
    }

    /// Whether this node belongs to the oversight line that `domain.md` places half a
    /// level above its peers.
    pub fn is_oversight_head(self) -> bool {
        matches!(self, Function::Oversight | Function::OversightVp)
    }
}

/// A vertical position in the chart, counted in half levels from the root (rank 0).
///
/// An integer, not a float: the domain's "half a level above its peers" is exact, and
/// equality of ranks must be exact too. A child sits [`Rank::LEVEL`] below its parent
/// unless given a rank of its own; the oversight unit sits one step (half a level) higher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
pub struct Rank(pub i32);

impl Rank {
    /// One full level, in half-level steps.
    pub const LEVEL: i32 = 2;
    pub const ROOT: Rank = Rank(0);

    /// The rank one full level below this one.
    pub fn below(self) -> Rank {
        // Ranks read from files are bounded (`limits::MAX_RANK`); saturating all the same,
        // so no chart can make this overflow.
        Rank(self.0.saturating_add(Rank::LEVEL))
    }

    /// The level as people say it, with the root at level 1: rank 0 → "1", rank 3 → "2.5".
    pub fn level_label(self) -> String {
        let whole = self.0.div_euclid(2) + 1;
        if self.0.rem_euclid(2) == 0 {
            whole.to_string()
        } else {
            format!("{whole}.5")
        }
    }

    /// Parses a level as people write it ("2", "1.5") into a rank.
    pub fn parse_level(text: &str) -> Option<Rank> {
        let text = text.trim();
        let (whole, half) = match text.split_once('.') {
            None => (text, false),
            Some((whole, "5")) => (whole, true),
            Some((whole, "0")) => (whole, false),
            Some(_) => return None,
        };
        let whole: i32 = whole.parse().ok()?;
        let rank = whole
            .checked_sub(1)?
            .checked_mul(2)?
            .checked_add(i32::from(half))?;
        Some(Rank(rank))
    }
}

impl fmt::Display for Rank {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "L{}", self.level_label())
    }
}

/// Planned and filled headcount of a node. Vacancies are the difference.
///
/// Signed so that a bad value read from a file or CSV is represented and reported by
/// validation rather than lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Headcount {
    pub planned: i32,
    pub filled: i32,
}

impl Headcount {
    pub fn new(planned: i32, filled: i32) -> Headcount {
        Headcount { planned, filled }
    }

    /// Open seats: planned minus filled, never below zero (over-staffing is not a vacancy).
    pub fn vacancies(self) -> i32 {
        (self.planned.saturating_sub(self.filled)).max(0)
    }
}

/// One box of the org chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    pub id: NodeId,
    /// The solid reporting line; `None` for the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<NodeId>,
    pub kind: NodeKind,
    pub name: Text,
    /// An explicit rank; `None` means one level below the parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<Rank>,
    #[serde(default)]
    pub headcount: Headcount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<Function>,
    /// Whether the chart hides this node's descendants.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub collapsed: bool,
}

impl Node {
    pub fn new(id: &str, parent: Option<&str>, kind: NodeKind, name: Text) -> Node {
        Node {
            id: NodeId::new(id),
            parent: parent.map(NodeId::new),
            kind,
            name,
            rank: None,
            headcount: Headcount::default(),
            function: None,
            collapsed: false,
        }
    }
}

/// The kind of an extra (non-solid) reporting line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "lowercase")]
pub enum LineKind {
    /// A matrix relationship, drawn dashed.
    Dotted,
    /// Reporting past the chain, e.g. operations analysis straight to the general
    /// manager; the source draws it red.
    Bypass,
}

impl LineKind {
    pub const ALL: [LineKind; 2] = [LineKind::Dotted, LineKind::Bypass];

    pub fn key(self) -> &'static str {
        match self {
            LineKind::Dotted => "dotted",
            LineKind::Bypass => "bypass",
        }
    }

    pub fn from_key(key: &str) -> Option<LineKind> {
        LineKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// An extra reporting line from `from` (the reporter) to `to` (who receives the report).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Line {
    pub from: NodeId,
    pub to: NodeId,
    pub kind: LineKind,
}

/// The org chart: nodes in model order (siblings are drawn in this order) and extra lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OrgChart {
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub lines: Vec<Line>,
}

impl OrgChart {
    pub fn node(&self, id: &NodeId) -> Option<&Node> {
        self.nodes.iter().find(|n| &n.id == id)
    }

    pub fn node_mut(&mut self, id: &NodeId) -> Option<&mut Node> {
        self.nodes.iter_mut().find(|n| &n.id == id)
    }

    /// Index of every node by id (the first one wins where ids repeat).
    pub fn index(&self) -> HashMap<&NodeId, usize> {
        let mut index = HashMap::with_capacity(self.nodes.len());
        for (i, node) in self.nodes.iter().enumerate() {
            index.entry(&node.id).or_insert(i);
        }
        index
    }

    /// The first node tagged with `function`.
    pub fn find_function(&self, function: Function) -> Option<&Node> {
        self.nodes.iter().find(|n| n.function == Some(function))
    }

    /// The chart's solid-line forest (cycles and missing parents cut), resolved once for
    /// every walk over it.
    pub fn tree(&self) -> crate::tree::ChartTree {
        crate::tree::ChartTree::new(self)
    }

    /// Effective ranks of all nodes, in node order: the explicit rank, or one level
    /// below the parent. Nodes cut from a cycle or under a missing parent count as roots
    /// ([`crate::tree::ChartTree::rank`]).
    pub fn effective_ranks(&self) -> Vec<Rank> {
        self.tree().ranks().to_vec()
    }
}

/// A phase of a project's life (`domain.md` §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// 项目引入
    Intake,
    /// 项目开始
    Start,
    /// 项目运行
    Running,
    /// 项目结束
    Close,
}

impl Phase {
    pub const ALL: [Phase; 4] = [Phase::Intake, Phase::Start, Phase::Running, Phase::Close];

    pub fn key(self) -> &'static str {
        match self {
            Phase::Intake => "intake",
            Phase::Start => "start",
            Phase::Running => "running",
            Phase::Close => "close",
        }
    }

    pub fn from_key(key: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.key() == key)
    }

    pub fn name(self) -> Text {
        match self {
            Phase::Intake => Text::new("项目引入", "Intake"),
            Phase::Start => Text::new("项目开始", "Start"),
            Phase::Running => Text::new("项目运行", "Running"),
            Phase::Close => Text::new("项目结束", "Close"),
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// A RACI letter for a matrix cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
pub enum Raci {
    #[serde(rename = "R")]
    Responsible,
    #[serde(rename = "A")]
    Accountable,
    #[serde(rename = "C")]
    Consulted,
    #[serde(rename = "I")]
    Informed,
}

impl Raci {
    pub const ALL: [Raci; 4] = [
        Raci::Responsible,
        Raci::Accountable,
        Raci::Consulted,
        Raci::Informed,
    ];

    pub fn letter(self) -> char {
        match self {
            Raci::Responsible => 'R',
            Raci::Accountable => 'A',
            Raci::Consulted => 'C',
            Raci::Informed => 'I',
        }
    }

    pub fn from_letter(letter: &str) -> Option<Raci> {
        Raci::ALL
            .into_iter()
            .find(|r| letter.len() == 1 && letter.starts_with(r.letter()))
    }
}

/// What one role does in one phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Cell {
    /// Whether this role leads the project in this phase (exactly one per phase).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lead: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raci: Option<Raci>,
    /// Ordered duties; empty means the role has nothing to do in this phase ("—").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duties: Vec<Text>,
}

/// One row of the responsibility matrix: a role (an org node) and its four cells,
/// indexed by [`Phase::index`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixRow {
    pub role: NodeId,
    pub cells: [Cell; 4],
}

impl MatrixRow {
    pub fn new(role: &str) -> MatrixRow {
        MatrixRow {
            role: NodeId::new(role),
            cells: Default::default(),
        }
    }

    pub fn cell(&self, phase: Phase) -> &Cell {
        &self.cells[phase.index()]
    }

    pub fn cell_mut(&mut self, phase: Phase) -> &mut Cell {
        &mut self.cells[phase.index()]
    }
}

/// Who does what in each phase of a project (phases × roles → duties).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ResponsibilityMatrix {
    pub rows: Vec<MatrixRow>,
}

impl ResponsibilityMatrix {
    /// The roles leading `phase`, in row order (a valid matrix has exactly one).
    pub fn leads(&self, phase: Phase) -> impl Iterator<Item = &NodeId> {
        self.rows
            .iter()
            .filter(move |r| r.cell(phase).lead)
            .map(|r| &r.role)
    }
}

/// Which edition of the manual shows a piece of content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Both editions.
    #[default]
    Both,
    /// The manager edition (经理版) only.
    Manager,
    /// The CSR edition (客户服务代表版) only.
    Csr,
}

impl Audience {
    pub const ALL: [Audience; 3] = [Audience::Both, Audience::Manager, Audience::Csr];

    pub fn key(self) -> &'static str {
        match self {
            Audience::Both => "both",
            Audience::Manager => "manager",
            Audience::Csr => "csr",
        }
    }

    pub fn from_key(key: &str) -> Option<Audience> {
        Audience::ALL.into_iter().find(|a| a.key() == key)
    }
}

fn is_both(audience: &Audience) -> bool {
    *audience == Audience::Both
}

/// One duty of a job description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Duty {
    pub text: Text,
    #[serde(default, skip_serializing_if = "is_both")]
    pub audience: Audience,
}

/// The job description of one position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobDescription {
    pub position: NodeId,
    /// One or two sentences on why the position exists and whom it reports to.
    #[serde(default)]
    pub summary: Text,
    pub duties: Vec<Duty>,
}

/// A key performance indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Kpi {
    /// Stable key, e.g. `service-level`.
    pub id: String,
    pub name: Text,
    pub definition: Text,
    /// How it is computed, in words or symbols.
    #[serde(default)]
    pub formula: Text,
    /// The target as written in reports, e.g. `85/30` or `≤ 5%`; empty if none is set.
    #[serde(default)]
    pub target: String,
    #[serde(default, skip_serializing_if = "is_both")]
    pub audience: Audience,
}

/// One step of the career path. Steps with the same `stage` are alternatives
/// (after team leader, one may become center manager, training manager, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareerStep {
    pub stage: u32,
    pub title: Text,
    /// The chart position this step corresponds to, if the chart has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<NodeId>,
    /// What it takes to reach this step.
    #[serde(default)]
    pub requirements: Text,
}

/// Settings that tune validation and output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The most direct reports a manager should have before validation warns.
    pub span_of_control_limit: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            span_of_control_limit: 12,
        }
    }
}

/// Agents per supporting position, for deriving their headcount from the agents a
/// forecast needs. Zero means the center has no such position and none is proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ratios {
    pub agents_per_team_leader: u32,
    pub agents_per_qa_specialist: u32,
    pub agents_per_trainer: u32,
    pub agents_per_wfm_planner: u32,
}

impl Default for Ratios {
    /// Common starting points: a team leader's span matches the default span-of-control
    /// limit (12); one QA specialist can monitor about 25 agents' calls; one trainer runs
    /// induction and refreshers for about 50; one planner forecasts and schedules for 100.
    fn default() -> Ratios {
        Ratios {
            agents_per_team_leader: 12,
            agents_per_qa_specialist: 25,
            agents_per_trainer: 50,
            agents_per_wfm_planner: 100,
        }
    }
}

/// How contacts reach the center; each is sized its own way
/// ([`crate::staffing::channels`]).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Phone calls, answered live: Erlang C or A.
    #[default]
    Voice,
    /// Web or app chat: live too, but one agent holds several sessions at once.
    Chat,
    /// Email and tickets: answered later, within a response target in hours.
    Email,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Voice, Channel::Chat, Channel::Email];

    /// The key files and the JSON use: `voice`, `chat`, `email`.
    pub fn key(self) -> &'static str {
        match self {
            Channel::Voice => "voice",
            Channel::Chat => "chat",
            Channel::Email => "email",
        }
    }

    /// The channel's name as the manual and the panel print it.
    pub fn name(self) -> Text {
        match self {
            Channel::Voice => Text::new("语音", "voice"),
            Channel::Chat => Text::new("在线文字", "chat"),
            Channel::Email => Text::new("邮件/工单", "email"),
        }
    }

    /// A channel as a forecast names it: the key, an English synonym or a Chinese name.
    pub fn parse(text: &str) -> Option<Channel> {
        match text.trim().to_lowercase().as_str() {
            "voice" | "phone" | "call" | "calls" | "语音" | "电话" | "热线" => {
                Some(Channel::Voice)
            }
            "chat" | "webchat" | "im" | "在线" | "文字" | "在线文字" | "在线客服" | "聊天" => {
                Some(Channel::Chat)
            }
            "email" | "e-mail" | "mail" | "ticket" | "tickets" | "邮件" | "电子邮件" | "工单"
            | "邮件/工单" => Some(Channel::Email),
            _ => None,
        }
    }

    pub fn from_key(key: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn is_voice(&self) -> bool {
        *self == Channel::Voice
    }
}

/// Why paid time is not spent handling contacts: the causes a director explains
/// shrinkage by. Each is planned (scheduled ahead) or unplanned (it happens to the
/// schedule); see [`crate::staffing::shrinkage`] for how they combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "kebab-case")]
pub enum ShrinkageCause {
    AnnualLeave,
    SickLeave,
    Training,
    Coaching,
    Meetings,
    Breaks,
    SystemDowntime,
    Other,
}

impl ShrinkageCause {
    pub const ALL: [ShrinkageCause; 8] = [
        ShrinkageCause::AnnualLeave,
        ShrinkageCause::SickLeave,
        ShrinkageCause::Training,
        ShrinkageCause::Coaching,
        ShrinkageCause::Meetings,
        ShrinkageCause::Breaks,
        ShrinkageCause::SystemDowntime,
        ShrinkageCause::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ShrinkageCause::AnnualLeave => "annual-leave",
            ShrinkageCause::SickLeave => "sick-leave",
            ShrinkageCause::Training => "training",
            ShrinkageCause::Coaching => "coaching",
            ShrinkageCause::Meetings => "meetings",
            ShrinkageCause::Breaks => "breaks",
            ShrinkageCause::SystemDowntime => "system-downtime",
            ShrinkageCause::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<ShrinkageCause> {
        ShrinkageCause::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn name(self) -> Text {
        match self {
            ShrinkageCause::AnnualLeave => Text::new("年假", "Annual leave"),
            ShrinkageCause::SickLeave => Text::new("病假与事假", "Sick leave"),
            ShrinkageCause::Training => Text::new("培训", "Training"),
            ShrinkageCause::Coaching => Text::new("辅导", "Coaching"),
            ShrinkageCause::Meetings => Text::new("会议", "Meetings"),
            ShrinkageCause::Breaks => Text::new("休息", "Breaks"),
            ShrinkageCause::SystemDowntime => Text::new("系统停机", "System downtime"),
            ShrinkageCause::Other => Text::new("其他", "Other"),
        }
    }

    /// Planned causes are in the schedule before the day starts (leave, training,
    /// coaching, meetings, breaks); unplanned ones happen to it (sickness, downtime,
    /// anything else).
    pub fn planned(self) -> bool {
        !matches!(
            self,
            ShrinkageCause::SickLeave | ShrinkageCause::SystemDowntime | ShrinkageCause::Other
        )
    }
}

/// One cause of shrinkage with its share of paid time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ShrinkageShare {
    pub cause: ShrinkageCause,
    /// A share of paid time (planned causes) or of the time left after planned
    /// shrinkage (unplanned causes), e.g. 0.08.
    pub share: f64,
}

/// One interval of the contact forecast a sizing was made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastInterval {
    /// A time of day (`08:30`), optionally after a day (`Mon 08:30`).
    pub start: String,
    /// Contacts arriving in the interval: calls, chats or emails by `channel`.
    pub calls: f64,
    /// This interval's handle time in seconds, when it differs from the channel's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aht_secs: Option<f64>,
    #[serde(default, skip_serializing_if = "Channel::is_voice")]
    pub channel: Channel,
}

/// How chat is sized: agents hold up to `concurrency` sessions at once and answer a
/// share of new chats within a threshold, as voice does.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChatInputs {
    /// Sessions one agent handles at once, 1 to 4.
    pub concurrency: u32,
    /// Session handle time in seconds for rows without their own.
    pub aht_secs: Option<f64>,
    pub service_level: f64,
    pub threshold_secs: f64,
}

impl Default for ChatInputs {
    /// Two sessions an agent, 80 % of chats answered within 60 seconds: common starting
    /// points for a service chat.
    fn default() -> ChatInputs {
        ChatInputs {
            concurrency: 2,
            aht_secs: None,
            service_level: 0.8,
            threshold_secs: 60.0,
        }
    }
}

/// How email and tickets are sized: `share` of each interval's arrivals answered within
/// `within_hours`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EmailInputs {
    /// Handle time in seconds for rows without their own.
    pub aht_secs: Option<f64>,
    pub share: f64,
    pub within_hours: f64,
}

impl Default for EmailInputs {
    /// 90 % answered within 24 hours.
    fn default() -> EmailInputs {
        EmailInputs {
            aht_secs: None,
            share: 0.9,
            within_hours: 24.0,
        }
    }
}

/// One channel's part of an accepted sizing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelResult {
    pub channel: Channel,
    /// Agents this channel needs in each interval of the forecast's timeline (the
    /// distinct interval starts in order), 0 where it has no row.
    pub interval_agents: Vec<u32>,
    pub peak_agents: u32,
    /// Agent-hours of the channel over the forecast.
    pub agent_hours: f64,
    /// Email only: items still waiting at the end of the forecast, carried into its
    /// start when it repeats; 0 for the live channels.
    pub backlog: f64,
}

/// What the director sized the center with: the call volume, the service-level target,
/// the planning assumptions and the support ratios.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffingInputs {
    /// Calls offered in one interval, when sizing a single interval; `None` with a
    /// forecast.
    pub calls: Option<f64>,
    /// The forecast's intervals; empty when sizing a single interval.
    #[serde(default)]
    pub forecast: Vec<ForecastInterval>,
    /// Where the forecast came from (its file name), for the manual; may be empty.
    #[serde(default)]
    pub forecast_source: String,
    /// 15, 30 or 60 for a forecast.
    pub interval_minutes: u32,
    /// Average handle time (talk plus after-call work) in seconds, for intervals without
    /// their own.
    pub aht_secs: Option<f64>,
    /// The share of calls to answer within the threshold, e.g. 0.8 of 80/20.
    pub service_level: f64,
    pub threshold_secs: f64,
    /// The most agents may be busy on average, e.g. 0.85; `None` for no cap.
    pub max_occupancy: Option<f64>,
    /// The share of paid time off the phones (breaks, training, absence). When
    /// `shrinkage_causes` is not empty their combination is used instead
    /// ([`StaffingInputs::effective_shrinkage`]).
    pub shrinkage: f64,
    /// Shrinkage by cause, each cause at most once; empty when only the total is given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shrinkage_causes: Vec<ShrinkageShare>,
    /// Average caller patience in seconds: sized with Erlang A when set, Erlang C if not.
    pub patience_secs: Option<f64>,
    /// Paid hours of one full-time agent per working day, for FTE totals.
    pub fte_hours_per_day: f64,
    pub ratios: Ratios,
    /// How chat rows of the forecast are sized.
    #[serde(default)]
    pub chat: ChatInputs,
    /// How email rows of the forecast are sized.
    #[serde(default)]
    pub email: EmailInputs,
}

/// The sizing the director accepted into the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffingResult {
    /// Agents on the phones in the busiest interval.
    pub peak_agents: u32,
    /// Staff to schedule for that interval, shrinkage added.
    pub peak_scheduled: u32,
    /// The first busiest interval; empty for a single interval.
    pub peak_interval: String,
    /// Service level and occupancy the peak staffing achieves.
    pub peak_service_level: f64,
    pub peak_occupancy: f64,
    /// Full-time equivalents to schedule, shrinkage included.
    pub scheduled_fte: f64,
    /// Agents to employ: the FTE rounded up; the supporting positions follow from it.
    pub agents: u32,
    pub team_leaders: u32,
    pub qa_specialists: u32,
    pub trainers: u32,
    pub wfm_planners: u32,
    /// Agents required in each forecast interval, in forecast order; empty for a single
    /// interval.
    #[serde(default)]
    pub interval_agents: Vec<u32>,
    /// Each channel of the forecast with what it needs (their agents add up to
    /// `interval_agents`); empty for a single interval, and in plans sized before
    /// channels, which were voice only.
    #[serde(default)]
    pub channels: Vec<ChannelResult>,
}

/// A plan's staffing: the inputs and the last result accepted into the chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Staffing {
    pub inputs: StaffingInputs,
    pub result: StaffingResult,
}

// Plans compare with `Eq`. The floats here are never NaN in a plan that loads: JSON has
// no NaN and SQLite stores a NaN as NULL, which the NOT NULL columns refuse.
impl Eq for Staffing {}

/// A center's plan: what a `.centerplan` document holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// The center's name, as printed on the manual's cover (the Chinese manual's, and the
    /// English one's while `name_en` is empty).
    pub name: String,
    /// The center's English name, for the English manual; empty when none was given.
    /// Absent from JSON when empty, so plans without one keep their interchange form and
    /// checksum.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name_en: String,
    pub center_type: CenterType,
    pub chart: OrgChart,
    #[serde(default)]
    pub matrix: ResponsibilityMatrix,
    #[serde(default)]
    pub job_descriptions: Vec<JobDescription>,
    #[serde(default)]
    pub kpis: Vec<Kpi>,
    #[serde(default)]
    pub career_path: Vec<CareerStep>,
    #[serde(default)]
    pub settings: Settings,
    /// The staffing sizing accepted into the plan; `None` until one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staffing: Option<Staffing>,
    /// The plan's own manual: chapter order, hidden chapters, the user's texts. Empty
    /// (and absent from JSON) for the built-in chapters as shipped.
    #[serde(
        default,
        skip_serializing_if = "crate::manual::ManualPlan::is_untouched"
    )]
    pub manual: crate::manual::ManualPlan,
    /// The center's rules (opening hours, shifts, deadlines) the manual prints. Absent
    /// from JSON while they are the defaults, so untouched plans keep their interchange
    /// form.
    #[serde(default, skip_serializing_if = "crate::rules::Rules::is_default")]
    pub rules: crate::rules::Rules,
    /// The manual as a controlled document: number, version, sign-offs, revisions. Absent
    /// from JSON while untouched.
    #[serde(
        default,
        skip_serializing_if = "crate::control::DocumentControl::is_default"
    )]
    pub control: crate::control::DocumentControl,
    /// The client's or company's logo, printed on the cover and in the running header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<crate::control::Logo>,
    /// The released versions, oldest first, each with the plan as released.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub releases: Vec<crate::control::Release>,
}

impl Plan {
    /// The center's name in `lang`: the English name for English when there is one, else
    /// the other language's (a plan named only in Chinese prints that name in both).
    pub fn center_name(&self, lang: Lang) -> &str {
        let (own, other) = match lang {
            Lang::Zh => (&self.name, &self.name_en),
            Lang::En => (&self.name_en, &self.name),
        };
        if own.is_empty() { other } else { own }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_center_name_falls_back_to_the_other_language() {
        let mut plan = crate::templates::template(CenterType::Hybrid, "华北客户服务中心");
        assert_eq!(plan.center_name(Lang::Zh), "华北客户服务中心");
        assert_eq!(plan.center_name(Lang::En), "华北客户服务中心");
        plan.name_en = "North China Service Center".to_owned();
        assert_eq!(plan.center_name(Lang::Zh), "华北客户服务中心");
        assert_eq!(plan.center_name(Lang::En), "North China Service Center");
        // Only a missing name falls back: a name of white space is the user's, and shown.
        plan.name = " ".to_owned();
        assert_eq!(plan.center_name(Lang::Zh), " ");
        plan.name = String::new();
        assert_eq!(plan.center_name(Lang::Zh), "North China Service Center");
    }

    #[test]
    fn rank_levels_read_as_people_write_them() {
        for (rank, label) in [
            (0, "1"),
            (1, "1.5"),
            (2, "2"),
            (3, "2.5"),
            (-1, "0.5"),
            (-2, "0"),
        ] {
            assert_eq!(Rank(rank).level_label(), label);
            assert_eq!(Rank::parse_level(label), Some(Rank(rank)), "{label}");
        }
        assert_eq!(Rank::parse_level("2.0"), Some(Rank(2)));
        assert_eq!(Rank::parse_level("2.25"), None);
        assert_eq!(Rank::parse_level("two"), None);
    }

    #[test]
    fn effective_ranks_follow_parents_and_survive_cycles() {
        let mut chart = OrgChart::default();
        chart
            .nodes
            .push(Node::new("gm", None, NodeKind::Position, Text::default()));
        let mut oversight = Node::new("oversight", Some("gm"), NodeKind::Unit, Text::default());
        oversight.rank = Some(Rank(1));
        chart.nodes.push(oversight);
        chart.nodes.push(Node::new(
            "qa",
            Some("oversight"),
            NodeKind::Position,
            Text::default(),
        ));
        chart.nodes.push(Node::new(
            "ops",
            Some("gm"),
            NodeKind::Unit,
            Text::default(),
        ));
        chart
            .nodes
            .push(Node::new("a", Some("b"), NodeKind::Unit, Text::default()));
        chart
            .nodes
            .push(Node::new("b", Some("a"), NodeKind::Unit, Text::default()));
        let ranks = chart.effective_ranks();
        assert_eq!(ranks[..4], [Rank(0), Rank(1), Rank(3), Rank(2)]);
        // On a cycle every node still gets a rank, each one level below the other.
        assert_eq!((ranks[4].0 - ranks[5].0).abs(), 2);
    }

    #[test]
    fn deep_chart_ranks_do_not_overflow_the_stack() {
        let mut chart = OrgChart::default();
        chart
            .nodes
            .push(Node::new("n0", None, NodeKind::Position, Text::default()));
        for i in 1..10_000 {
            let parent = format!("n{}", i - 1);
            chart.nodes.push(Node::new(
                &format!("n{i}"),
                Some(&parent),
                NodeKind::Position,
                Text::default(),
            ));
        }
        chart.nodes.reverse();
        let ranks = chart.effective_ranks();
        assert_eq!(ranks[0], Rank(2 * 9_999));
    }

    #[test]
    fn text_falls_back_to_the_other_language() {
        assert_eq!(Text::new("", "Team").get(Lang::Zh), "Team");
        assert_eq!(Text::new("主管", "").get(Lang::En), "主管");
        assert_eq!(
            Text::new("主管", "Team leader").get(Lang::En),
            "Team leader"
        );
    }
}
