//! The center's rules as data: the facts several chapters of the manual repeat.
//!
//! Opening hours, the shift table, rest and leave rules, complaint and work-order
//! deadlines, hold and transfer limits, QA sample sizes, training and probation length —
//! each a typed value of the plan with a default equal to the built-in chapters' text, so
//! an untouched plan prints the manual as it always did and a director who changes "level
//! 4 complaints resolved within 5 working days" changes every chapter that states it, in
//! both languages and editions.
//!
//! **API boundary.** [`Rules`] is plain serde data (`Plan.rules`). [`RULE_SPECS`] lists every
//! scalar rule with its key (the `rule("key")` spelling of templates and user text), its
//! JSON field, kind and zh/en label, so a form or a CLI is derived from the table and not
//! from a copied list. [`Rules::reference`] is the one place a value becomes text: the
//! chapters' `rule("key")` and the user text's `{{ rule("key") }}` both print through it.
//!
//! **Invariants.** Values are typed (times are [`ClockTime`], durations [`Span`]), so a
//! malformed time cannot be represented; contradictions between rules (a shift longer
//! than the rest rule allows) are representable and reported by validation
//! (`rules.*` codes), never refused, like every other fault of a plan. Limits on sizes
//! live in [`crate::limits::check_rules`].

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::{Lang, Text};

/// A time of day, minutes after midnight (00:00 to 23:59), written `HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
// ts(as): the custom Serialize writes the time as an "HH:MM" string, not the minutes.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(as = "String"))]
pub struct ClockTime(u16);

impl ClockTime {
    /// The time `hour:minute`, or `None` outside 00:00–23:59.
    pub const fn new(hour: u16, minute: u16) -> Option<Self> {
        if hour < 24 && minute < 60 {
            Some(ClockTime(hour * 60 + minute))
        } else {
            None
        }
    }

    /// Parses exactly `HH:MM` (two digits each; `8:00` and `24:00` are refused).
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 5 || bytes[2] != b':' {
            return None;
        }
        let digits = |a: u8, b: u8| -> Option<u16> {
            (a.is_ascii_digit() && b.is_ascii_digit())
                .then(|| u16::from((a - b'0') * 10 + (b - b'0')))
        };
        ClockTime::new(digits(bytes[0], bytes[1])?, digits(bytes[3], bytes[4])?)
    }

    /// Minutes after midnight.
    pub fn minutes(self) -> u16 {
        self.0
    }

    const fn at(hour: u16, minute: u16) -> Self {
        ClockTime(hour * 60 + minute)
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ClockTime::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("expected a time of day as HH:MM, found {text:?}"))
        })
    }
}

/// The unit of a [`Span`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "kebab-case")]
pub enum SpanUnit {
    Seconds,
    Minutes,
    Hours,
    /// Hours of the center's service time ("4 个工作小时").
    WorkingHours,
    Days,
    WorkingDays,
    Weeks,
    Months,
    Years,
}

impl SpanUnit {
    /// Every unit, shortest first (the form's unit picker).
    pub const ALL: [SpanUnit; 9] = [
        SpanUnit::Seconds,
        SpanUnit::Minutes,
        SpanUnit::Hours,
        SpanUnit::WorkingHours,
        SpanUnit::Days,
        SpanUnit::WorkingDays,
        SpanUnit::Weeks,
        SpanUnit::Months,
        SpanUnit::Years,
    ];

    /// The key as JSON and the document spell it.
    pub fn key(self) -> &'static str {
        match self {
            SpanUnit::Seconds => "seconds",
            SpanUnit::Minutes => "minutes",
            SpanUnit::Hours => "hours",
            SpanUnit::WorkingHours => "working-hours",
            SpanUnit::Days => "days",
            SpanUnit::WorkingDays => "working-days",
            SpanUnit::Weeks => "weeks",
            SpanUnit::Months => "months",
            SpanUnit::Years => "years",
        }
    }

    /// The unit with this key.
    pub fn from_key(key: &str) -> Option<Self> {
        SpanUnit::ALL.into_iter().find(|unit| unit.key() == key)
    }

    /// Nominal length in seconds, for comparing deadlines of different units: a working
    /// hour counts as an hour and a working day as a day (a deadline in working days is
    /// never shorter than the same number of calendar days' worth of hours), a month as 30
    /// days. Only validation compares spans; nothing is scheduled with these figures.
    fn nominal_seconds(self) -> u64 {
        const DAY: u64 = 24 * 3600;
        match self {
            SpanUnit::Seconds => 1,
            SpanUnit::Minutes => 60,
            SpanUnit::Hours | SpanUnit::WorkingHours => 3600,
            SpanUnit::Days | SpanUnit::WorkingDays => DAY,
            SpanUnit::Weeks => 7 * DAY,
            SpanUnit::Months => 30 * DAY,
            SpanUnit::Years => 365 * DAY,
        }
    }
}

/// A duration: an amount of a unit ("48 hours", "3 working days").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Span {
    pub amount: u32,
    pub unit: SpanUnit,
}

impl Span {
    pub const fn new(amount: u32, unit: SpanUnit) -> Self {
        Span { amount, unit }
    }

    /// Nominal length in seconds (see [`SpanUnit`]'s comparison rule).
    pub fn nominal_seconds(self) -> u64 {
        u64::from(self.amount) * self.unit.nominal_seconds()
    }

    /// The span as the manual prints it: "48 小时", "1 working day", "3 working days".
    pub fn print(self, lang: Lang) -> String {
        let n = self.amount;
        match lang {
            Lang::Zh => {
                let unit = match self.unit {
                    SpanUnit::Seconds => "秒",
                    SpanUnit::Minutes => "分钟",
                    SpanUnit::Hours => "小时",
                    SpanUnit::WorkingHours => "个工作小时",
                    SpanUnit::Days => "天",
                    SpanUnit::WorkingDays => "个工作日",
                    SpanUnit::Weeks => "周",
                    SpanUnit::Months => "个月",
                    SpanUnit::Years => "年",
                };
                format!("{n} {unit}")
            }
            Lang::En => {
                let (one, many) = match self.unit {
                    SpanUnit::Seconds => ("second", "seconds"),
                    SpanUnit::Minutes => ("minute", "minutes"),
                    SpanUnit::Hours => ("hour", "hours"),
                    SpanUnit::WorkingHours => ("working hour", "working hours"),
                    SpanUnit::Days => ("day", "days"),
                    SpanUnit::WorkingDays => ("working day", "working days"),
                    SpanUnit::Weeks => ("week", "weeks"),
                    SpanUnit::Months => ("month", "months"),
                    SpanUnit::Years => ("year", "years"),
                };
                format!("{n} {}", if n == 1 { one } else { many })
            }
        }
    }

    /// The short form tables use: English "30 min", "60 s", "2 h"; Chinese as printed.
    pub fn short(self, lang: Lang) -> String {
        match (lang, self.unit) {
            (Lang::En, SpanUnit::Seconds) => format!("{} s", self.amount),
            (Lang::En, SpanUnit::Minutes) => format!("{} min", self.amount),
            (Lang::En, SpanUnit::Hours) => format!("{} h", self.amount),
            _ => self.print(lang),
        }
    }
}

/// How often something recurs (the mystery-shopping rounds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "kebab-case")]
pub enum Frequency {
    Weekly,
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
}

impl Frequency {
    /// Every frequency, most frequent first.
    pub const ALL: [Frequency; 5] = [
        Frequency::Weekly,
        Frequency::Monthly,
        Frequency::Quarterly,
        Frequency::HalfYearly,
        Frequency::Yearly,
    ];

    /// The key as JSON and the document spell it.
    pub fn key(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::HalfYearly => "half-yearly",
            Frequency::Yearly => "yearly",
        }
    }

    /// The frequency with this key.
    pub fn from_key(key: &str) -> Option<Self> {
        Frequency::ALL.into_iter().find(|f| f.key() == key)
    }

    /// "每季度" / "every quarter".
    pub fn print(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, Frequency::Weekly) => "每周",
            (Lang::Zh, Frequency::Monthly) => "每月",
            (Lang::Zh, Frequency::Quarterly) => "每季度",
            (Lang::Zh, Frequency::HalfYearly) => "每半年",
            (Lang::Zh, Frequency::Yearly) => "每年",
            (Lang::En, Frequency::Weekly) => "every week",
            (Lang::En, Frequency::Monthly) => "every month",
            (Lang::En, Frequency::Quarterly) => "every quarter",
            (Lang::En, Frequency::HalfYearly) => "every six months",
            (Lang::En, Frequency::Yearly) => "every year",
        }
    }

    /// "每季度" / "per quarter".
    pub fn per(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, _) => self.print(lang),
            (Lang::En, Frequency::Weekly) => "per week",
            (Lang::En, Frequency::Monthly) => "per month",
            (Lang::En, Frequency::Quarterly) => "per quarter",
            (Lang::En, Frequency::HalfYearly) => "per half-year",
            (Lang::En, Frequency::Yearly) => "per year",
        }
    }
}

/// A count: calls sampled, days in a row (the sentence carries the unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
pub struct Count(pub u32);

/// An amount of money in yuan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
pub struct Yuan(pub u32);

/// One shift of the shift table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Shift {
    /// 早班 / Early.
    pub name: Text,
    pub start: ClockTime,
    /// The end; at or before `start`, the shift crosses midnight.
    pub end: ClockTime,
    /// Only the length (`end` − `start`) is fixed; the shift is placed where it is needed.
    #[serde(default)]
    pub flexible: bool,
    /// The meal break in minutes (0: none).
    pub meal_minutes: u32,
    /// How many short breaks.
    pub breaks: u32,
    /// Each short break's length in minutes.
    pub break_minutes: u32,
    /// What the shift is for (the table's last column).
    #[serde(default)]
    pub purpose: Text,
}

impl Shift {
    /// Length in minutes: `end` − `start`, across midnight when `end` is not after
    /// `start` (a shift from 08:00 to 08:00 is 24 hours).
    pub fn length_minutes(&self) -> u32 {
        let (start, end) = (u32::from(self.start.0), u32::from(self.end.0));
        if end > start {
            end - start
        } else {
            end + 24 * 60 - start
        }
    }

    /// Whether the shift runs past midnight.
    pub fn crosses_midnight(&self) -> bool {
        !self.flexible && self.end <= self.start
    }

    /// Meal and short breaks together, in minutes.
    pub fn break_total_minutes(&self) -> u64 {
        u64::from(self.meal_minutes) + u64::from(self.breaks) * u64::from(self.break_minutes)
    }

    /// The hours column: "08:00–16:30", or for a flexible shift "4 小时，时段按需".
    pub fn times(&self, lang: Lang) -> String {
        if !self.flexible {
            return format!("{}–{}", self.start, self.end);
        }
        let length = minutes_span(self.length_minutes());
        match lang {
            Lang::Zh => format!("{}，时段按需", length.print(lang)),
            Lang::En => format!("{}, placed as needed", length.print(lang)),
        }
    }

    /// The meal column: "30 分钟" / "30 min", or "无" / "none".
    pub fn meal(&self, lang: Lang) -> String {
        if self.meal_minutes == 0 {
            return none(lang).to_owned();
        }
        Span::new(self.meal_minutes, SpanUnit::Minutes).short(lang)
    }

    /// The breaks column: "2 次，各 15 分钟" / "2 × 15 min", "1 次，15 分钟", or "无" / "none".
    pub fn breaks(&self, lang: Lang) -> String {
        if self.breaks == 0 || self.break_minutes == 0 {
            return none(lang).to_owned();
        }
        let each = Span::new(self.break_minutes, SpanUnit::Minutes);
        match lang {
            Lang::Zh if self.breaks == 1 => format!("1 次，{}", each.print(lang)),
            Lang::Zh => format!("{} 次，各 {}", self.breaks, each.print(lang)),
            Lang::En => format!("{} × {}", self.breaks, each.short(lang)),
        }
    }
}

fn none(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "无",
        Lang::En => "none",
    }
}

/// Whole hours when the minutes make them, else minutes.
fn minutes_span(minutes: u32) -> Span {
    if minutes.is_multiple_of(60) {
        Span::new(minutes / 60, SpanUnit::Hours)
    } else {
        Span::new(minutes, SpanUnit::Minutes)
    }
}

/// A zh/en label of the rules table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Label {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Label {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// What a scalar rule holds (the type of its `Rules` field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// A [`Span`].
    Span,
    /// A [`Count`].
    Count,
    /// An amount in [`Yuan`].
    Yuan,
    /// A [`ClockTime`].
    Time,
    /// A [`Frequency`].
    Frequency,
}

/// Which part of the form (and of the manual) a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "kebab-case")]
pub enum RuleGroup {
    Service,
    Schedule,
    Attendance,
    Phone,
    Complaints,
    WorkOrders,
    Callbacks,
    Quality,
    People,
    Records,
}

impl RuleGroup {
    /// The group's heading in the form.
    pub fn label(self) -> Label {
        let (zh, en) = match self {
            RuleGroup::Service => ("服务时间", "Service hours"),
            RuleGroup::Schedule => ("排班", "Scheduling"),
            RuleGroup::Attendance => ("考勤与休假", "Attendance and leave"),
            RuleGroup::Phone => ("通话", "Calls"),
            RuleGroup::Complaints => ("投诉", "Complaints"),
            RuleGroup::WorkOrders => ("工单", "Work orders"),
            RuleGroup::Callbacks => ("回电与留言", "Call-backs and messages"),
            RuleGroup::Quality => ("质量监控", "Quality monitoring"),
            RuleGroup::People => ("培训与人事", "Training and people"),
            RuleGroup::Records => ("资料保存", "Records"),
        };
        Label { zh, en }
    }
}

/// One scalar rule of the table: what a generic form or CLI needs to show and edit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RuleSpec {
    /// The key templates and user text use: `rule("complaint.l4.resolve")`.
    pub key: &'static str,
    /// The field of [`Rules`] in JSON (camelCase): `complaintL4Resolve`.
    pub field: &'static str,
    pub group: RuleGroup,
    pub kind: RuleKind,
    pub label: Label,
    /// For counts and money, what is counted ("通/人/月" / "calls per agent a month");
    /// empty for the other kinds, whose value carries its unit.
    pub unit: Label,
}

/// The value of one rule as a template sees it: printed form and parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    /// As the manual prints it: "48 小时", "08:00", "每季度", "500".
    pub text: String,
    /// The short table form ("30 min"); the same as `text` where there is none.
    pub short: String,
    /// The bare number of a span, count or amount.
    pub number: Option<u32>,
    /// A frequency's "per" form ("per quarter").
    pub per: Option<String>,
}

/// A value that can be printed as a rule.
trait RuleType {
    fn printed(&self, lang: Lang) -> Printed;
}

impl RuleType for Span {
    fn printed(&self, lang: Lang) -> Printed {
        Printed {
            text: self.print(lang),
            short: self.short(lang),
            number: Some(self.amount),
            per: None,
        }
    }
}

impl RuleType for Count {
    fn printed(&self, _lang: Lang) -> Printed {
        Printed {
            text: self.0.to_string(),
            short: self.0.to_string(),
            number: Some(self.0),
            per: None,
        }
    }
}

impl RuleType for Yuan {
    fn printed(&self, _lang: Lang) -> Printed {
        Printed {
            text: self.0.to_string(),
            short: self.0.to_string(),
            number: Some(self.0),
            per: None,
        }
    }
}

impl RuleType for ClockTime {
    fn printed(&self, _lang: Lang) -> Printed {
        Printed {
            text: self.to_string(),
            short: self.to_string(),
            number: None,
            per: None,
        }
    }
}

impl RuleType for Frequency {
    fn printed(&self, lang: Lang) -> Printed {
        Printed {
            text: self.print(lang).to_owned(),
            short: self.print(lang).to_owned(),
            number: None,
            per: Some(self.per(lang).to_owned()),
        }
    }
}

const fn span(amount: u32, unit: SpanUnit) -> Span {
    Span::new(amount, unit)
}

use SpanUnit::{
    Days as D, Hours as H, Minutes as Min, Months as Mo, Seconds as S, Weeks as W,
    WorkingDays as Wd, WorkingHours as Wh, Years as Y,
};

/// Declares [`Rules`], its defaults and [`RULE_SPECS`] from one table, so the three
/// cannot drift apart.
macro_rules! rules_table {
    ($(
        $(#[$attr:meta])*
        $field:ident: $ty:ident = $default:expr,
        $key:literal, $json:literal, $group:ident, $kind:ident,
        ($zh:literal, $en:literal) $(, unit ($uzh:literal, $uen:literal))?;
    )*) => {
        /// The center's rules. Every field's default is what the built-in chapters say.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(default, rename_all = "camelCase")]
        pub struct Rules {
            /// The shift table, in the order the scheduling chapter prints it.
            pub shifts: Vec<Shift>,
            $( $(#[$attr])* pub $field: $ty, )*
        }

        impl Default for Rules {
            fn default() -> Self {
                Rules { shifts: default_shifts(), $( $field: $default, )* }
            }
        }

        /// Every scalar rule, in form order.
        pub const RULE_SPECS: &[RuleSpec] = &[$(
            RuleSpec {
                key: $key,
                field: $json,
                group: RuleGroup::$group,
                kind: RuleKind::$kind,
                label: Label { zh: $zh, en: $en },
                unit: rules_table!(@unit $($uzh, $uen)?),
            },
        )*];

        impl Rules {
            fn scalar(&self, key: &str, lang: Lang) -> Option<Printed> {
                match key {
                    $( $key => Some(self.$field.printed(lang)), )*
                    _ => None,
                }
            }

            /// Every scalar rule's span, by key, for validation and limits.
            pub(crate) fn spans(&self) -> Vec<(&'static RuleSpec, Span)> {
                let mut out = Vec::new();
                let mut specs = RULE_SPECS.iter();
                $(
                    let spec = specs.next().expect("one spec per field");
                    if let Some(span) = as_span(&self.$field) {
                        out.push((spec, span));
                    }
                )*
                out
            }

            /// The scalar rules that differ from their defaults, as `(key, amount, text)`
            /// columns of the document's `rule` table.
            pub(crate) fn changed_columns(&self) -> Vec<(&'static str, Option<i64>, Option<String>)> {
                let defaults = Rules::default();
                let mut out = Vec::new();
                $(
                    if self.$field != defaults.$field {
                        let (amount, text) = self.$field.columns();
                        out.push(($key, amount, text));
                    }
                )*
                out
            }

            /// Sets the rule `key` from its document columns; `Ok(false)` when no scalar
            /// rule has that key, `Err` naming what is wrong with the value.
            pub(crate) fn set_columns(
                &mut self,
                key: &str,
                amount: Option<i64>,
                text: Option<&str>,
            ) -> Result<bool, BadColumn> {
                match key {
                    $( $key => self.$field = <$ty>::from_columns(amount, text)?, )*
                    _ => return Ok(false),
                }
                Ok(true)
            }

            /// Every count and amount, by key, for limits.
            pub(crate) fn numbers(&self) -> Vec<(&'static RuleSpec, u32)> {
                let mut out = Vec::new();
                let mut specs = RULE_SPECS.iter();
                $(
                    let spec = specs.next().expect("one spec per field");
                    if let Some(n) = as_number(&self.$field) {
                        out.push((spec, n));
                    }
                )*
                out
            }
        }
    };
    (@unit $zh:literal, $en:literal) => { Label { zh: $zh, en: $en } };
    (@unit) => { Label { zh: "", en: "" } };
}

/// How a value is stored in the document's `rule` table: an `amount` (INTEGER) and a
/// `text` (TEXT) column, each NULL where the kind has none. A bad value names its column.
trait Columns: Sized {
    fn columns(&self) -> (Option<i64>, Option<String>);
    fn from_columns(amount: Option<i64>, text: Option<&str>) -> Result<Self, BadColumn>;
}

/// A stored rule's bad column and what is wrong with it.
pub(crate) type BadColumn = (&'static str, String);

fn amount_u32(amount: Option<i64>) -> Result<u32, BadColumn> {
    let amount = amount.ok_or(("amount", "the amount is missing".to_owned()))?;
    u32::try_from(amount).map_err(|_| ("amount", format!("{amount} is not 0 or more")))
}

fn no_text(text: Option<&str>) -> Result<(), BadColumn> {
    match text {
        None => Ok(()),
        Some(text) => Err(("text", format!("a number has no text, found {text:?}"))),
    }
}

fn no_amount(amount: Option<i64>) -> Result<(), BadColumn> {
    match amount {
        None => Ok(()),
        Some(amount) => Err(("amount", format!("expected no amount, found {amount}"))),
    }
}

fn required<'t>(text: Option<&'t str>, what: &str) -> Result<&'t str, BadColumn> {
    text.ok_or_else(|| ("text", format!("the {what} is missing")))
}

impl Columns for Span {
    fn columns(&self) -> (Option<i64>, Option<String>) {
        (
            Some(i64::from(self.amount)),
            Some(self.unit.key().to_owned()),
        )
    }
    fn from_columns(amount: Option<i64>, text: Option<&str>) -> Result<Self, BadColumn> {
        let unit = required(text, "unit")?;
        let unit =
            SpanUnit::from_key(unit).ok_or_else(|| ("text", format!("unknown unit {unit:?}")))?;
        Ok(Span::new(amount_u32(amount)?, unit))
    }
}

impl Columns for Count {
    fn columns(&self) -> (Option<i64>, Option<String>) {
        (Some(i64::from(self.0)), None)
    }
    fn from_columns(amount: Option<i64>, text: Option<&str>) -> Result<Self, BadColumn> {
        no_text(text)?;
        Ok(Count(amount_u32(amount)?))
    }
}

impl Columns for Yuan {
    fn columns(&self) -> (Option<i64>, Option<String>) {
        (Some(i64::from(self.0)), None)
    }
    fn from_columns(amount: Option<i64>, text: Option<&str>) -> Result<Self, BadColumn> {
        no_text(text)?;
        Ok(Yuan(amount_u32(amount)?))
    }
}

impl Columns for ClockTime {
    fn columns(&self) -> (Option<i64>, Option<String>) {
        (None, Some(self.to_string()))
    }
    fn from_columns(amount: Option<i64>, text: Option<&str>) -> Result<Self, BadColumn> {
        no_amount(amount)?;
        let text = required(text, "time")?;
        ClockTime::parse(text)
            .ok_or_else(|| ("text", format!("expected a time as HH:MM, found {text:?}")))
    }
}

impl Columns for Frequency {
    fn columns(&self) -> (Option<i64>, Option<String>) {
        (None, Some(self.key().to_owned()))
    }
    fn from_columns(amount: Option<i64>, text: Option<&str>) -> Result<Self, BadColumn> {
        no_amount(amount)?;
        let text = required(text, "frequency")?;
        Frequency::from_key(text).ok_or_else(|| ("text", format!("unknown frequency {text:?}")))
    }
}

trait Parts {
    fn span(&self) -> Option<Span> {
        None
    }
    fn number(&self) -> Option<u32> {
        None
    }
}
impl Parts for Span {
    fn span(&self) -> Option<Span> {
        Some(*self)
    }
}
impl Parts for Count {
    fn number(&self) -> Option<u32> {
        Some(self.0)
    }
}
impl Parts for Yuan {
    fn number(&self) -> Option<u32> {
        Some(self.0)
    }
}
impl Parts for ClockTime {}
impl Parts for Frequency {}
fn as_span(value: &impl Parts) -> Option<Span> {
    value.span()
}
fn as_number(value: &impl Parts) -> Option<u32> {
    value.number()
}

rules_table! {
    /// When the center opens for calls with an agent.
    service_open: ClockTime = ClockTime::at(8, 0),
        "service.open", "serviceOpen", Service, Time, ("人工服务开始", "Service opens");
    /// When it closes.
    service_close: ClockTime = ClockTime::at(22, 0),
        "service.close", "serviceClose", Service, Time, ("人工服务结束", "Service closes");
    min_rest: Span = span(11, H),
        "schedule.min-rest", "minRest", Schedule, Span, ("两个班次之间最短间隔", "Minimum rest between shifts");
    max_consecutive_days: Count = Count(6),
        "schedule.max-consecutive-days", "maxConsecutiveDays", Schedule, Count,
        ("最多连续上班天数", "Most working days in a row"), unit ("天", "days");
    swap_notice: Span = span(48, H),
        "schedule.swap-notice", "swapNotice", Schedule, Span, ("换班提前提交", "Shift swap: submit ahead");
    arrive_before: Span = span(15, Min),
        "attendance.arrive-before", "arriveBefore", Attendance, Span, ("班次开始前到岗", "Arrive before the shift");
    late_as_absence: Span = span(2, H),
        "attendance.late-as-absence", "lateAsAbsence", Attendance, Span, ("迟到超过即按缺勤处理", "Late by more than this counts as absent");
    away_max: Span = span(5, Min),
        "attendance.away-max", "awayMax", Attendance, Span, ("临时离开每次不超过", "Time away: each at most");
    away_total: Span = span(15, Min),
        "attendance.away-total", "awayTotal", Attendance, Span, ("临时离开每班累计不超过", "Time away: per shift at most");
    annual_leave_notice: Span = span(2, W),
        "leave.annual-notice", "annualLeaveNotice", Attendance, Span, ("年假提前申请", "Annual leave: ask ahead");
    annual_leave_notice_peak: Span = span(4, W),
        "leave.annual-notice-peak", "annualLeaveNoticePeak", Attendance, Span, ("年假提前申请（旺季）", "Annual leave in peak season: ask ahead");
    personal_leave_notice: Span = span(3, Wd),
        "leave.personal-notice", "personalLeaveNotice", Attendance, Span, ("事假提前申请", "Personal leave: ask ahead");
    sick_leave_notice: Span = span(1, H),
        "leave.sick-notice", "sickLeaveNotice", Attendance, Span, ("病假在班次开始前电话通知", "Sick leave: phone before the shift");
    sick_certificate: Span = span(2, Wd),
        "leave.sick-certificate", "sickCertificate", Attendance, Span, ("病假返岗后交证明", "Sick note due after return");
    hold_max: Span = span(60, S),
        "call.hold-max", "holdMax", Phone, Span, ("单次保持不超过", "One hold at most");
    hold_total: Span = span(3, Min),
        "call.hold-total", "holdTotal", Phone, Span, ("一通电话累计保持不超过", "Holds on one call at most");
    transfer_wait: Span = span(60, S),
        "call.transfer-wait", "transferWait", Phone, Span, ("转接等待对方接听不超过", "Transfer: wait for an answer at most");
    acw_notice: Span = span(2, Min),
        "call.acw-notice", "acwNotice", Phone, Span, ("话后处理预计超过时先报告", "After-call work: tell your leader beyond");
    complaint_l2_response: Span = span(1, Wd),
        "complaint.l2.response", "complaintL2Response", Complaints, Span, ("二级投诉答复客户", "Level 2 complaint: answer the customer");
    complaint_l3_response: Span = span(3, Wd),
        "complaint.l3.response", "complaintL3Response", Complaints, Span, ("三级投诉答复客户", "Level 3 complaint: answer the customer");
    complaint_l4_first_contact: Span = span(2, H),
        "complaint.l4.first-contact", "complaintL4FirstContact", Complaints, Span, ("四级投诉首次联系客户", "Level 4 complaint: first contact");
    complaint_l4_resolve: Span = span(5, Wd),
        "complaint.l4.resolve", "complaintL4Resolve", Complaints, Span, ("四级投诉给出处理结果", "Level 4 complaint: result");
    complaint_urgent_report: Span = span(30, Min),
        "complaint.urgent.report", "complaintUrgentReport", Complaints, Span, ("紧急投诉上报", "Urgent complaint: report within");
    complaint_repeat_window: Span = span(30, D),
        "complaint.repeat-window", "complaintRepeatWindow", Complaints, Span, ("重复投诉的统计期", "Repeat complaints: counted within");
    complaint_authority: Yuan = Yuan(500),
        "complaint.authority", "complaintAuthority", Complaints, Yuan,
        ("投诉专员可批准的补偿上限", "Compensation a complaint handler may grant"), unit ("元", "yuan");
    work_order_urgent: Span = span(2, H),
        "work-order.urgent", "workOrderUrgent", WorkOrders, Span, ("紧急故障响应", "Urgent fault: response");
    work_order_repair: Span = span(48, H),
        "work-order.repair", "workOrderRepair", WorkOrders, Span, ("一般报修上门或解决", "Routine repair: visit or fix");
    work_order_billing: Span = span(3, Wd),
        "work-order.billing", "workOrderBilling", WorkOrders, Span, ("账务核查、退款答复", "Billing check, refund: answer");
    work_order_data_change: Span = span(1, Wd),
        "work-order.data-change", "workOrderDataChange", WorkOrders, Span, ("资料变更审核", "Data change approval");
    work_order_technical: Span = span(1, Wd),
        "work-order.technical", "workOrderTechnical", WorkOrders, Span, ("技术问题给出方案", "Technical problem: solution");
    work_order_suggestion: Span = span(5, Wd),
        "work-order.suggestion", "workOrderSuggestion", WorkOrders, Span, ("表扬、建议登记处理", "Praise, suggestion: logged and dealt with");
    work_order_default: Span = span(3, Wd),
        "work-order.default", "workOrderDefault", WorkOrders, Span, ("未定时限类别的默认时限", "Category without a time limit: default");
    work_order_reopen_window: Span = span(7, D),
        "work-order.reopen-window", "workOrderReopenWindow", WorkOrders, Span, ("结案后可重开期限", "Reopen window after closing");
    callback_voicemail_by: ClockTime = ClockTime::at(12, 0),
        "callback.voicemail-by", "callbackVoicemailBy", Callbacks, Time, ("非服务时间留言：下一个工作日回电截止", "After-hours message: call back next working day by");
    callback_voicemail: Span = span(4, Wh),
        "callback.voicemail", "callbackVoicemail", Callbacks, Span, ("服务时间内留言回电", "Message in service hours: call back within");
    callback_web: Span = span(1, Wd),
        "callback.web", "callbackWeb", Callbacks, Span, ("网站提交问题答复", "Web enquiry: answer within");
    qa_sample: Count = Count(8),
        "qa.sample", "qaSample", Quality, Count, ("每人每月随机抽样", "Random sample per agent a month"), unit ("通", "calls");
    qa_sample_new: Count = Count(5),
        "qa.sample-new", "qaSampleNew", Quality, Count, ("新员工每人每周抽样", "Sample per new hire a week"), unit ("通", "calls");
    qa_new_hire_period: Span = span(3, Mo),
        "qa.new-hire-period", "qaNewHirePeriod", Quality, Span, ("新员工抽样期（上岗后）", "New-hire sampling period (after going live)");
    qa_feedback: Span = span(2, Wd),
        "qa.feedback", "qaFeedback", Quality, Span, ("质检结果反馈给员工", "QA result to the agent within");
    mystery_frequency: Frequency = Frequency::Quarterly,
        "mystery.frequency", "mysteryFrequency", Quality, Frequency, ("神秘顾客评估频次", "Mystery shopping rounds");
    mystery_calls: Count = Count(20),
        "mystery.calls", "mysteryCalls", Quality, Count, ("每个项目每轮神秘顾客来电", "Mystery calls per project a round"), unit ("通", "calls");
    training_before_live: Span = span(4, W),
        "training.before-live", "trainingBeforeLive", People, Span, ("入职到独立上线", "Joining to working alone");
    probation: Span = span(3, Mo),
        "people.probation", "probation", People, Span, ("试用期", "Probation");
    conduct_appeal: Span = span(3, Wd),
        "conduct.appeal", "conductAppeal", People, Span, ("对违纪处理书面申诉期限", "Disciplinary appeal: within");
    records_recordings: Span = span(6, Mo),
        "records.recordings", "recordsRecordings", Records, Span, ("通话录音保存", "Call recordings kept");
    records_work_orders: Span = span(3, Y),
        "records.work-orders", "recordsWorkOrders", Records, Span, ("工单和通话备注保存", "Work orders and call notes kept");
}

/// The shift table the scheduling chapter has always printed.
pub fn default_shifts() -> Vec<Shift> {
    let shift =
        |zh: &str, en: &str, start, end, flexible, meal, breaks, purpose: (&str, &str)| Shift {
            name: Text::new(zh, en),
            start,
            end,
            flexible,
            meal_minutes: meal,
            breaks,
            break_minutes: 15,
            purpose: Text::new(purpose.0, purpose.1),
        };
    vec![
        shift(
            "早班",
            "Early",
            ClockTime::at(8, 0),
            ClockTime::at(16, 30),
            false,
            30,
            2,
            (
                "覆盖上午开线和上午高峰",
                "Opening the lines and the morning peak",
            ),
        ),
        shift(
            "中班",
            "Middle",
            ClockTime::at(10, 0),
            ClockTime::at(18, 30),
            false,
            30,
            2,
            (
                "叠加覆盖上午和午后两个高峰",
                "Overlaps both the morning and the afternoon peak",
            ),
        ),
        shift(
            "晚班",
            "Late",
            ClockTime::at(13, 30),
            ClockTime::at(22, 0),
            false,
            30,
            2,
            ("覆盖傍晚高峰和收线", "The early-evening peak and closing"),
        ),
        shift(
            "弹性短班",
            "Flexible short shift",
            ClockTime::at(0, 0),
            ClockTime::at(4, 0),
            true,
            0,
            1,
            (
                "填补高峰缺口，或在季节性高峰期使用",
                "Filling peak gaps or seasonal surges",
            ),
        ),
    ]
}

/// The keys of a shift's parts: `shift.N.<part>` (N from 1).
pub const SHIFT_PARTS: [&str; 7] = ["name", "times", "start", "end", "meal", "breaks", "purpose"];

impl Rules {
    /// Whether every rule has its default value (the plan's JSON then omits them).
    pub fn is_default(&self) -> bool {
        *self == Rules::default()
    }

    /// The rule `key` as the manual prints it in `lang` ("48 小时" / "48 hours", "08:00",
    /// "每季度"), or `None` when no rule has that key. Besides the keys of [`RULE_SPECS`]:
    /// `service.hours` ("08:00–22:00") and `shift.N.name|times|start|end|meal|breaks|purpose`
    /// for the N-th shift (from 1).
    pub fn reference(&self, key: &str, lang: Lang) -> Option<String> {
        self.printed(key, lang).map(|printed| printed.text)
    }

    /// The rule `key` with its parts ([`Printed`]), as templates see it.
    pub fn printed(&self, key: &str, lang: Lang) -> Option<Printed> {
        if let Some(printed) = self.scalar(key, lang) {
            return Some(printed);
        }
        let plain = |text: String| Printed {
            short: text.clone(),
            text,
            number: None,
            per: None,
        };
        if key == "service.hours" {
            return Some(plain(self.service_hours()));
        }
        let rest = key.strip_prefix("shift.")?;
        let (index, part) = rest.split_once('.')?;
        // "01" or "+1" would be a second spelling of the same reference.
        if index.starts_with(['0', '+']) {
            return None;
        }
        let shift = self
            .shifts
            .get(index.parse::<usize>().ok()?.checked_sub(1)?)?;
        Some(plain(shift.part(part, lang)?))
    }

    /// "08:00–22:00".
    pub fn service_hours(&self) -> String {
        format!("{}–{}", self.service_open, self.service_close)
    }

    /// The service day's length in minutes (close − open; 0 when close is not after open).
    pub fn service_minutes(&self) -> u32 {
        u32::from(self.service_close.0).saturating_sub(u32::from(self.service_open.0))
    }

    /// The spec of `key`, if it is a scalar rule.
    pub fn spec(key: &str) -> Option<&'static RuleSpec> {
        RULE_SPECS.iter().find(|spec| spec.key == key)
    }
}

/// The times of a working day on a shift the manual walks a new hire through: arrive
/// ([`Rules::arrive_before`] before the start), read the day's notices (ten minutes before
/// the start, not before arriving), the briefing (five minutes before), the start, wrap up
/// (ten minutes before the end), the end. Times wrap past midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShiftDay {
    pub arrive: ClockTime,
    pub read: ClockTime,
    pub briefing: ClockTime,
    pub start: ClockTime,
    pub wrap_up: ClockTime,
    pub end: ClockTime,
}

impl ClockTime {
    /// This time moved by `minutes` (either way), around the clock.
    pub fn plus_minutes(self, minutes: i64) -> ClockTime {
        ClockTime((i64::from(self.0) + minutes).rem_euclid(24 * 60) as u16)
    }
}

impl Rules {
    /// The day on `shift` (see [`ShiftDay`]).
    pub fn shift_day(&self, shift: &Shift) -> ShiftDay {
        let before = i64::try_from(self.arrive_before.nominal_seconds() / 60)
            .unwrap_or(0)
            .min(24 * 60);
        let read_before = 10.min(before);
        ShiftDay {
            arrive: shift.start.plus_minutes(-before),
            read: shift.start.plus_minutes(-read_before),
            briefing: shift.start.plus_minutes(-5.min(before)),
            start: shift.start,
            wrap_up: shift.end.plus_minutes(-10),
            end: shift.end,
        }
    }
}

impl Shift {
    /// One part of the shift as the manual prints it (see [`SHIFT_PARTS`]).
    pub fn part(&self, part: &str, lang: Lang) -> Option<String> {
        Some(match part {
            "name" => self.name.get(lang).to_owned(),
            "times" => self.times(lang),
            "start" => self.start.to_string(),
            "end" => self.end.to_string(),
            "meal" => self.meal(lang),
            "breaks" => self.breaks(lang),
            "purpose" => self.purpose.get(lang).to_owned(),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_parse_only_hh_mm() {
        assert_eq!(ClockTime::parse("08:30"), ClockTime::new(8, 30));
        assert_eq!(
            ClockTime::parse("23:59").map(ClockTime::minutes),
            Some(1439)
        );
        for bad in [
            "8:30",
            "24:00",
            "12:60",
            "12-30",
            "",
            "0830",
            "12:3x",
            "１２:００",
        ] {
            assert_eq!(ClockTime::parse(bad), None, "{bad:?}");
        }
        assert_eq!(ClockTime::at(8, 5).to_string(), "08:05");
    }

    #[test]
    fn every_spec_field_is_the_json_name_of_its_field() {
        let json = serde_json::to_value(Rules::default()).unwrap();
        let mut fields: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| *k != "shifts")
            .collect();
        let mut specs: Vec<&str> = RULE_SPECS.iter().map(|s| s.field).collect();
        fields.sort_unstable();
        specs.sort_unstable();
        assert_eq!(fields, specs);
        let mut keys: Vec<&str> = RULE_SPECS.iter().map(|s| s.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), RULE_SPECS.len(), "duplicate keys");
    }

    #[test]
    fn references_print_as_the_manual_does() {
        let rules = Rules::default();
        let check = |key: &str, zh: &str, en: &str| {
            assert_eq!(rules.reference(key, Lang::Zh).as_deref(), Some(zh), "{key}");
            assert_eq!(rules.reference(key, Lang::En).as_deref(), Some(en), "{key}");
        };
        check("complaint.l2.response", "1 个工作日", "1 working day");
        check("complaint.l4.resolve", "5 个工作日", "5 working days");
        check("work-order.repair", "48 小时", "48 hours");
        check("callback.voicemail", "4 个工作小时", "4 working hours");
        check("call.hold-max", "60 秒", "60 seconds");
        check("qa.sample", "8", "8");
        check("mystery.frequency", "每季度", "every quarter");
        check("service.hours", "08:00–22:00", "08:00–22:00");
        check("shift.1.times", "08:00–16:30", "08:00–16:30");
        check(
            "shift.4.times",
            "4 小时，时段按需",
            "4 hours, placed as needed",
        );
        check("shift.2.breaks", "2 次，各 15 分钟", "2 × 15 min");
        check("shift.4.breaks", "1 次，15 分钟", "1 × 15 min");
        check("shift.4.meal", "无", "none");
        for missing in [
            "shift.0.name",
            "shift.5.name",
            "shift.01.name",
            "shift.1.colour",
            "nope",
        ] {
            assert_eq!(rules.reference(missing, Lang::En), None, "{missing}");
        }
    }
}
