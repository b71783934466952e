//! The manual as a controlled document: its number, version and effective date, its
//! confidentiality label, who prepared, reviewed and approved it (编制 / 审核 / 批准), the
//! revision history, and the client's or company's logo.
//!
//! **API boundary.** [`DocumentControl`] is plain serde data (`Plan.control`), edited as a
//! whole by the form (`Edit::SetControl`). [`Logo`] (`Plan.logo`) is checked when it is
//! made ([`Logo::new`]): a PNG or SVG within [`MAX_LOGO_BYTES`] that decodes, of a sane
//! size; its fields are private, so every `Logo` value is one the typesetter, the Word
//! writer and the webview can show. [`ControlPage`] is the one place the document-control
//! page's labels and rows are made: the PDF, the Word document and the HTML all print it.
//!
//! **Invariants.** An untouched plan has the default control and no logo, and prints its
//! manual as before: no control page, no footer line, no acknowledgement sheet. What a
//! reviewer would catch (an approval dated before the preparation, a revision history out
//! of order) is representable and reported by validation (`control.*` codes).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::manual::{Date, Edition};
use crate::model::{Lang, NodeKind, Plan, Text};

/// The most bytes a logo may have: a logo printed 4 cm wide at 300 dpi is well under this.
pub const MAX_LOGO_BYTES: usize = 512 * 1024;
/// The largest side of a PNG logo, in pixels.
pub const MAX_LOGO_SIDE: u32 = 4_096;
/// The most revision entries the history may hold.
pub const MAX_REVISIONS: usize = 500;
/// The longest document number and version, in UTF-8 bytes.
pub const MAX_NUMBER_BYTES: usize = 64;

/// The most releases a plan keeps (each holds a copy of the plan as released).
pub const MAX_RELEASES: usize = 200;

/// A released version of the manual: its version and date, and the plan's content as it
/// was ([`content`]), so a later plan can be compared with it (the draft watermark,
/// `centerplan diff --since-release`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Release {
    pub version: String,
    pub date: Date,
    #[serde(with = "snapshot")]
    pub plan: Arc<Plan>,
}

/// A release's plan in JSON: a plan object of its own, which holds no control record, no
/// logo and no releases (so a file cannot nest plans).
mod snapshot {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::model::Plan;

    pub fn serialize<S: Serializer>(plan: &Arc<Plan>, serializer: S) -> Result<S::Ok, S::Error> {
        plan.as_ref().serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Arc<Plan>, D::Error> {
        let plan = Plan::deserialize(deserializer)?;
        if !plan.releases.is_empty() || !plan.control.is_default() || plan.logo.is_some() {
            return Err(serde::de::Error::custom(
                "a release's plan holds its content only: no control, logo or releases",
            ));
        }
        Ok(Arc::new(plan))
    }
}

/// What a release freezes of `plan`: everything but the document control, the logo and
/// the releases themselves, which say how the content is released rather than what it is.
pub fn content(plan: &Plan) -> Plan {
    let mut content = plan.clone();
    content.control = DocumentControl::default();
    content.logo = None;
    content.releases = Vec::new();
    content
}

/// Whether the manual is a draft: the plan is under document control and its content
/// differs from its last release, or it was never released.
pub fn is_draft(plan: &Plan) -> bool {
    is_controlled(plan)
        && plan
            .releases
            .last()
            .is_none_or(|release| !same_content(plan, &release.plan))
}

/// Whether `plan` has the content `released` holds ([`content`]'s comparison, without
/// copying the plan: the preview asks on every keystroke, the app on every edit). Every
/// field is named, so a field added to the plan must be placed on one side or the other.
fn same_content(plan: &Plan, released: &Plan) -> bool {
    let Plan {
        name,
        name_en,
        center_type,
        chart,
        matrix,
        job_descriptions,
        kpis,
        career_path,
        settings,
        staffing,
        manual,
        rules,
        control: _,
        logo: _,
        releases: _,
    } = plan;
    *name == released.name
        && *name_en == released.name_en
        && *center_type == released.center_type
        && *chart == released.chart
        && *matrix == released.matrix
        && *job_descriptions == released.job_descriptions
        && *kpis == released.kpis
        && *career_path == released.career_path
        && *settings == released.settings
        && *staffing == released.staffing
        && *manual == released.manual
        && *rules == released.rules
}

/// The version a new release would most likely have: the last released one with its
/// last number raised (`1.2` after `1.1`, `2.10` after `2.9`), else the record's version,
/// else `1.0`.
pub fn next_version(plan: &Plan) -> String {
    let Some(last) = plan.releases.last() else {
        return if plan.control.version.is_empty() {
            "1.0".to_owned()
        } else {
            plan.control.version.clone()
        };
    };
    let version = last.version.as_str();
    let cut = version
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    match version[cut..].parse::<u64>() {
        Ok(n) => format!("{}{}", &version[..cut], n.saturating_add(1)),
        Err(_) => format!("{version}.1"),
    }
}

/// The document-control record the form edits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct DocumentControl {
    /// The document number (文件编号), e.g. `KF-YY-001`; empty: none.
    pub number: String,
    /// The manual's version (`1.2`); empty: none yet.
    pub version: String,
    /// The date the manual takes effect (实施日期).
    pub effective: Option<Date>,
    pub confidentiality: Confidentiality,
    /// Prepared by (编制).
    pub prepared: Signoff,
    /// Reviewed by (审核).
    pub reviewed: Signoff,
    /// Approved by (批准).
    pub approved: Signoff,
    /// The revision history, oldest first.
    pub revisions: Vec<Revision>,
}

impl DocumentControl {
    pub fn is_default(&self) -> bool {
        *self == DocumentControl::default()
    }

    /// The three sign-offs in the order the page prints them, with their names.
    pub fn signoffs(&self) -> [(SignoffRole, &Signoff); 3] {
        [
            (SignoffRole::Prepared, &self.prepared),
            (SignoffRole::Reviewed, &self.reviewed),
            (SignoffRole::Approved, &self.approved),
        ]
    }
}

/// Who signed the manual off in one role: a person's name (one spelling), their post in
/// both languages, and the date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct Signoff {
    pub name: String,
    pub post: Text,
    pub date: Option<Date>,
}

impl Signoff {
    pub fn is_empty(&self) -> bool {
        *self == Signoff::default()
    }
}

/// The three roles of a sign-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "kebab-case")]
pub enum SignoffRole {
    Prepared,
    Reviewed,
    Approved,
}

impl SignoffRole {
    pub const ALL: [SignoffRole; 3] = [
        SignoffRole::Prepared,
        SignoffRole::Reviewed,
        SignoffRole::Approved,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SignoffRole::Prepared => "prepared",
            SignoffRole::Reviewed => "reviewed",
            SignoffRole::Approved => "approved",
        }
    }

    pub fn label(self) -> Text {
        match self {
            SignoffRole::Prepared => Text::new("编制", "Prepared by"),
            SignoffRole::Reviewed => Text::new("审核", "Reviewed by"),
            SignoffRole::Approved => Text::new("批准", "Approved by"),
        }
    }
}

/// One entry of the revision history.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct Revision {
    pub version: String,
    pub date: Option<Date>,
    /// Who made the revision.
    pub author: String,
    /// What changed, in both languages (either side may be empty: the other prints).
    pub summary: Text,
}

/// The confidentiality label printed on the cover, the control page and every footer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "kebab-case")]
pub enum Confidentiality {
    /// No label printed.
    #[default]
    None,
    Public,
    Internal,
    Confidential,
    StrictlyConfidential,
}

impl Confidentiality {
    pub const ALL: [Confidentiality; 5] = [
        Confidentiality::None,
        Confidentiality::Public,
        Confidentiality::Internal,
        Confidentiality::Confidential,
        Confidentiality::StrictlyConfidential,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Confidentiality::None => "none",
            Confidentiality::Public => "public",
            Confidentiality::Internal => "internal",
            Confidentiality::Confidential => "confidential",
            Confidentiality::StrictlyConfidential => "strictly-confidential",
        }
    }

    pub fn from_key(key: &str) -> Option<Confidentiality> {
        Confidentiality::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The label as printed; empty for [`Confidentiality::None`].
    pub fn label(self) -> Text {
        match self {
            Confidentiality::None => Text::default(),
            Confidentiality::Public => Text::new("公开", "Public"),
            Confidentiality::Internal => Text::new("内部", "Internal"),
            Confidentiality::Confidential => Text::new("秘密", "Confidential"),
            Confidentiality::StrictlyConfidential => Text::new("机密", "Strictly confidential"),
        }
    }
}

/// The image formats a logo may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS, strum::EnumIter))]
#[serde(rename_all = "lowercase")]
pub enum LogoFormat {
    Png,
    Svg,
}

impl LogoFormat {
    pub fn key(self) -> &'static str {
        match self {
            LogoFormat::Png => "png",
            LogoFormat::Svg => "svg",
        }
    }

    pub fn from_key(key: &str) -> Option<LogoFormat> {
        [LogoFormat::Png, LogoFormat::Svg]
            .into_iter()
            .find(|f| f.key() == key)
    }

    pub fn mime(self) -> &'static str {
        match self {
            LogoFormat::Png => "image/png",
            LogoFormat::Svg => "image/svg+xml",
        }
    }
}

/// Why a logo was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogoError {
    #[error("the logo has {found} bytes, more than the limit of {MAX_LOGO_BYTES}")]
    TooLarge { found: usize },
    #[error("the logo is neither a PNG nor an SVG image")]
    UnknownFormat,
    #[error("the logo is not a readable {format} image: {reason}")]
    Unreadable {
        format: &'static str,
        reason: String,
    },
    #[error("the logo is {width}×{height} pixels; a side may be 1 to {MAX_LOGO_SIDE} pixels")]
    BadSize { width: u64, height: u64 },
    /// The file could not be read (`path: reason`), or what it holds is not a logo.
    #[error("{path}: {reason}")]
    File {
        path: String,
        reason: String,
        code: &'static str,
        zh: String,
    },
}

impl crate::error::Failure for LogoError {
    fn code(&self) -> &'static str {
        match self {
            LogoError::TooLarge { .. } => "logo.too-large",
            LogoError::UnknownFormat => "logo.unknown-format",
            LogoError::Unreadable { .. } => "logo.unreadable",
            LogoError::BadSize { .. } => "logo.bad-size",
            LogoError::File { code, .. } => code,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (LogoError::TooLarge { found }, Lang::Zh) => {
                format!("标志图片有 {found} 字节，超过上限 {MAX_LOGO_BYTES} 字节（请缩小后再用）")
            }
            (LogoError::UnknownFormat, Lang::Zh) => "标志图片既不是 PNG 也不是 SVG 格式".to_owned(),
            (LogoError::Unreadable { format, .. }, Lang::Zh) => {
                format!("标志图片不是可读的 {format} 图片")
            }
            (LogoError::BadSize { width, height }, Lang::Zh) => {
                format!("标志图片为 {width}×{height} 像素，每边应为 1 至 {MAX_LOGO_SIDE} 像素")
            }
            (LogoError::File { path, zh, .. }, Lang::Zh) => format!("{path}：{zh}"),
        }
    }
}

/// A logo image, checked: a PNG or SVG within [`MAX_LOGO_BYTES`] that decodes, each side
/// at most [`MAX_LOGO_SIDE`] pixels (an SVG: units), and not more than 20 times wider than
/// high or the reverse. The bytes are shared, so a plan's undo history holds one copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "LogoData", into = "LogoData")]
pub struct Logo {
    format: LogoFormat,
    bytes: Arc<[u8]>,
    /// Its size in pixels (a PNG) or SVG user units, at least 1 each.
    width: u32,
    height: u32,
}

/// A logo as JSON carries it: its format and its bytes in base64.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LogoData {
    pub format: LogoFormat,
    /// The image's bytes, base64 (standard alphabet, padded).
    pub data: String,
}

impl TryFrom<LogoData> for Logo {
    type Error = String;

    fn try_from(data: LogoData) -> Result<Logo, String> {
        use base64::Engine;
        // Bounded before decoding: base64 takes 4 bytes for every 3.
        if data.data.len() > MAX_LOGO_BYTES.div_ceil(3) * 4 {
            return Err(LogoError::TooLarge {
                found: data.data.len() / 4 * 3,
            }
            .to_string());
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data.data.as_bytes())
            .map_err(|err| format!("the logo's data is not base64: {err}"))?;
        let logo = Logo::new(bytes).map_err(|err| err.to_string())?;
        if logo.format != data.format {
            return Err(format!(
                "the logo says it is {}, but its data is {}",
                data.format.key(),
                logo.format.key()
            ));
        }
        Ok(logo)
    }
}

impl From<Logo> for LogoData {
    fn from(logo: Logo) -> LogoData {
        use base64::Engine;
        LogoData {
            format: logo.format,
            data: base64::engine::general_purpose::STANDARD.encode(&logo.bytes),
        }
    }
}

/// usvg options that read nothing outside the SVG: an image it links is dropped, an
/// embedded (`data:`) one is read within the logo's own bytes.
fn svg_options() -> resvg::usvg::Options<'static> {
    resvg::usvg::Options {
        image_href_resolver: resvg::usvg::ImageHrefResolver {
            resolve_data: resvg::usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..resvg::usvg::Options::default()
    }
}

impl Logo {
    /// Checks `bytes` as a logo: the format from its first bytes, then a full decode.
    pub fn new(bytes: Vec<u8>) -> Result<Logo, LogoError> {
        if bytes.len() > MAX_LOGO_BYTES {
            return Err(LogoError::TooLarge { found: bytes.len() });
        }
        let (format, width, height) = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            let (width, height) = png_size(&bytes)?;
            (LogoFormat::Png, width, height)
        } else if looks_like_svg(&bytes) {
            let tree = resvg::usvg::Tree::from_data(&bytes, &svg_options()).map_err(|err| {
                LogoError::Unreadable {
                    format: "SVG",
                    reason: err.to_string(),
                }
            })?;
            let size = tree.size();
            let side = |v: f32| -> u64 { if v.is_finite() { v.ceil() as u64 } else { 0 } };
            let (width, height) = (side(size.width()), side(size.height()));
            check_size(width, height)?;
            (LogoFormat::Svg, width as u32, height as u32)
        } else {
            return Err(LogoError::UnknownFormat);
        };
        Ok(Logo {
            format,
            bytes: bytes.into(),
            width,
            height,
        })
    }

    /// Reads the logo file at `path` (at most [`MAX_LOGO_BYTES`] are read) and checks it;
    /// an error names the file.
    pub fn read(path: &std::path::Path) -> Result<Logo, LogoError> {
        use std::io::Read;
        let file = path.display().to_string();
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_LOGO_BYTES as u64 + 1).read_to_end(&mut bytes))
            .map_err(|err| LogoError::File {
                path: file.clone(),
                reason: format!("cannot read: {}", crate::error::io_reason(&err, Lang::En)),
                code: "logo.read",
                zh: format!("无法读取：{}", crate::error::io_reason(&err, Lang::Zh)),
            })?;
        Logo::new(bytes).map_err(|err| {
            use crate::error::Failure;
            LogoError::File {
                path: file,
                reason: err.to_string(),
                code: err.code(),
                zh: err.message(Lang::Zh),
            }
        })
    }

    pub fn format(&self) -> LogoFormat {
        self.format
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// A CRC-32 of the bytes: tells one logo from another without comparing them.
    pub fn fingerprint(&self) -> u32 {
        crc32fast::hash(&self.bytes)
    }

    /// Width and height in pixels (PNG) or SVG units.
    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// Height over width.
    pub fn aspect(&self) -> f64 {
        f64::from(self.height) / f64::from(self.width)
    }

    /// `data:` URL of the image, for HTML and the webview.
    pub fn data_url(&self) -> String {
        use base64::Engine;
        format!(
            "data:{};base64,{}",
            self.format.mime(),
            base64::engine::general_purpose::STANDARD.encode(&self.bytes)
        )
    }

    /// The logo as PNG bytes: a PNG as it is, an SVG drawn `width` pixels wide with the
    /// host's `fonts` (for Word, which needs a bitmap beside an SVG). `None` if drawing
    /// fails.
    pub fn png(&self, width: u32, fonts: &crate::fonts::FontSet) -> Option<Vec<u8>> {
        use resvg::tiny_skia;
        if self.format == LogoFormat::Png {
            return Some(self.bytes.to_vec());
        }
        let options = resvg::usvg::Options {
            image_href_resolver: svg_options().image_href_resolver,
            ..crate::chart::png_options(fonts)
        };
        let tree = resvg::usvg::Tree::from_data(&self.bytes, &options).ok()?;
        let size = tree.size();
        let scale = width as f32 / size.width();
        let height = (size.height() * scale).ceil() as u32;
        let mut pixmap = tiny_skia::Pixmap::new(width.max(1), height.clamp(1, 4 * MAX_LOGO_SIDE))?;
        resvg::render(
            &tree,
            tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        pixmap.encode_png().ok()
    }
}

fn check_size(width: u64, height: u64) -> Result<(), LogoError> {
    let side = 1..=u64::from(MAX_LOGO_SIDE);
    if !side.contains(&width)
        || !side.contains(&height)
        || width > 20 * height
        || height > 20 * width
    {
        return Err(LogoError::BadSize { width, height });
    }
    Ok(())
}

/// The size of a PNG, after decoding every frame's data (a file that only starts like a
/// PNG is refused here, not by the typesetter).
fn png_size(bytes: &[u8]) -> Result<(u32, u32), LogoError> {
    let unreadable = |reason: String| LogoError::Unreadable {
        format: "PNG",
        reason,
    };
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_limits(png::Limits {
        bytes: 64 * 1024 * 1024,
    });
    let mut reader = decoder.read_info().map_err(|e| unreadable(e.to_string()))?;
    let (width, height) = (reader.info().width, reader.info().height);
    check_size(u64::from(width), u64::from(height))?;
    let mut buffer = vec![
        0;
        reader
            .output_buffer_size()
            .ok_or_else(|| unreadable("too large".to_owned()))?
    ];
    reader
        .next_frame(&mut buffer)
        .map_err(|e| unreadable(e.to_string()))?;
    Ok((width, height))
}

/// Whether `bytes` start like an SVG document (after a BOM, white space, an XML
/// declaration or comments); the parse decides the rest.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let Ok(text) =
        std::str::from_utf8(head).or_else(|err| std::str::from_utf8(&head[..err.valid_up_to()]))
    else {
        return false;
    };
    let text = text.trim_start_matches('\u{feff}').trim_start();
    (text.starts_with("<?xml") || text.starts_with("<svg") || text.starts_with("<!--"))
        && text.contains("<svg")
}

/// The document-control page as every output prints it: labels and values in the
/// manual's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlPage {
    /// The page's title.
    pub title: String,
    /// [label, value] rows of the metadata table; a field left empty prints blank.
    pub details: Vec<[String; 2]>,
    /// The sign-off table's header and one row per role: role, name, post, date, signature.
    pub signoff_header: [String; 5],
    pub signoffs: Vec<[String; 5]>,
    /// The revision table's title, header and rows (oldest first; none: the table says so).
    pub revisions_title: String,
    pub revision_header: [String; 4],
    pub revisions: Vec<[String; 4]>,
    /// Printed instead of the table while the history is empty.
    pub no_revisions: String,
}

/// The words of the control matter in `lang`.
pub struct ControlWords {
    pub page_title: &'static str,
    pub number: &'static str,
    pub version: &'static str,
    pub effective: &'static str,
    pub confidentiality: &'static str,
    pub edition: &'static str,
    pub role: &'static str,
    pub name: &'static str,
    pub post: &'static str,
    pub date: &'static str,
    pub signature: &'static str,
    pub revisions: &'static str,
    pub author: &'static str,
    pub summary: &'static str,
    pub no_revisions: &'static str,
}

pub fn words(lang: Lang) -> ControlWords {
    match lang {
        Lang::Zh => ControlWords {
            page_title: "文件控制",
            number: "文件编号",
            version: "版本",
            effective: "实施日期",
            confidentiality: "密级",
            edition: "适用版本",
            role: "职责",
            name: "姓名",
            post: "职务",
            date: "日期",
            signature: "签名",
            revisions: "修订记录",
            author: "修订人",
            summary: "修订内容",
            no_revisions: "尚无修订记录。",
        },
        Lang::En => ControlWords {
            page_title: "Document control",
            number: "Document number",
            version: "Version",
            effective: "Effective date",
            confidentiality: "Confidentiality",
            edition: "Edition",
            role: "Role",
            name: "Name",
            post: "Post",
            date: "Date",
            signature: "Signature",
            revisions: "Revision history",
            author: "Revised by",
            summary: "Changes",
            no_revisions: "No revisions recorded yet.",
        },
    }
}

/// The ISO date as the control matter prints it (tables: `2026-03-05` in both languages).
fn date_cell(date: Option<Date>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

impl ControlPage {
    pub fn new(control: &DocumentControl, edition: Edition, lang: Lang) -> ControlPage {
        let w = words(lang);
        let details = vec![
            [w.number.to_owned(), control.number.clone()],
            [w.version.to_owned(), control.version.clone()],
            [w.effective.to_owned(), date_cell(control.effective)],
            [
                w.confidentiality.to_owned(),
                control.confidentiality.label().get(lang).to_owned(),
            ],
            [w.edition.to_owned(), edition.title(lang).to_owned()],
        ];
        let signoffs = control
            .signoffs()
            .into_iter()
            .map(|(role, s)| {
                [
                    role.label().get(lang).to_owned(),
                    s.name.clone(),
                    s.post.get(lang).to_owned(),
                    date_cell(s.date),
                    String::new(),
                ]
            })
            .collect();
        let revisions = control
            .revisions
            .iter()
            .map(|r| {
                [
                    r.version.clone(),
                    date_cell(r.date),
                    r.author.clone(),
                    r.summary.get(lang).to_owned(),
                ]
            })
            .collect();
        ControlPage {
            title: w.page_title.to_owned(),
            details,
            signoff_header: [w.role, w.name, w.post, w.date, w.signature].map(str::to_owned),
            signoffs,
            revisions_title: w.revisions.to_owned(),
            revision_header: [w.version, w.date, w.author, w.summary].map(str::to_owned),
            revisions,
            no_revisions: w.no_revisions.to_owned(),
        }
    }
}

/// The line every page's footer prints under a controlled manual: number, version and
/// label, those that are set (`KF-YY-001 · 版本 1.2 · 内部`); empty when none is.
pub fn footer_line(control: &DocumentControl, lang: Lang) -> String {
    let w = words(lang);
    let mut parts = Vec::new();
    if !control.number.is_empty() {
        parts.push(control.number.clone());
    }
    if !control.version.is_empty() {
        parts.push(format!("{} {}", w.version, control.version));
    }
    let label = control.confidentiality.label();
    if !label.is_empty() {
        parts.push(match lang {
            Lang::Zh => format!("{}：{}", w.confidentiality, label.get(lang)),
            Lang::En => label.get(lang).to_owned(),
        });
    }
    parts.join(" · ")
}

/// The cover's line under the date: number, version and effective date, those that are
/// set (`文件编号：KF-YY-001　　版本：1.2`); empty when none is.
pub fn cover_line(control: &DocumentControl, lang: Lang) -> String {
    let w = words(lang);
    let (colon, gap) = match lang {
        Lang::Zh => ("：", "　　"),
        Lang::En => (": ", "    "),
    };
    let mut parts = Vec::new();
    if !control.number.is_empty() {
        parts.push(format!("{}{colon}{}", w.number, control.number));
    }
    if !control.version.is_empty() {
        parts.push(format!("{}{colon}{}", w.version, control.version));
    }
    if let Some(effective) = control.effective {
        parts.push(format!("{}{colon}{}", w.effective, effective.display(lang)));
    }
    parts.join(gap)
}

/// What a manual prints of the document control, decided once per manual: the record
/// (`None` while the plan is not under control), the logo, and the draft watermark. The
/// PDF, Word and HTML writers all take it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Matter<'a> {
    pub control: Option<&'a DocumentControl>,
    pub logo: Option<&'a Logo>,
    pub draft: bool,
}

impl<'a> Matter<'a> {
    pub fn of(plan: &'a Plan) -> Matter<'a> {
        Matter {
            control: is_controlled(plan).then_some(&plan.control),
            logo: plan.logo.as_ref(),
            draft: is_draft(plan),
        }
    }
}

/// Whether the manual prints the control matter: the plan has a control record, a logo
/// or a release.
pub fn is_controlled(plan: &Plan) -> bool {
    !plan.control.is_default() || plan.logo.is_some() || !plan.releases.is_empty()
}

/// The most signature lines the distribution record prints; a larger center copies the
/// page.
pub const MAX_RECORD_LINES: u64 = 200;

/// The positions the distribution record of `edition` is for, in chart order, each with
/// its name in `lang` and planned headcount: the front line (CSRs, senior and lead CSRs)
/// for the CSR edition, every other position for the manager edition. Positions planned
/// at 0 are left out.
pub fn readers(plan: &Plan, edition: Edition, lang: Lang) -> Vec<(String, u64)> {
    plan.chart
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Position)
        .filter(|n| reader_edition(n.function) == edition)
        .filter_map(|n| {
            let planned = u64::try_from(n.headcount.planned).ok().filter(|&p| p > 0)?;
            Some((n.name.get(lang).to_owned(), planned))
        })
        .collect()
}

/// The edition a position reads: the front line (CSRs, senior and lead CSRs) the CSR
/// edition, everyone else the manager edition.
pub fn reader_edition(function: Option<crate::model::Function>) -> Edition {
    use crate::model::Function;
    match function {
        Some(Function::Csr | Function::SeniorCsr | Function::LeadCsr) => Edition::Csr,
        _ => Edition::Manager,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_version_raises_the_last_number() {
        let mut plan = crate::templates::template(crate::model::CenterType::Sales, "x");
        assert_eq!(next_version(&plan), "1.0");
        plan.control.version = "0.9".to_owned();
        assert_eq!(next_version(&plan), "0.9");
        for (last, next) in [
            ("1.1", "1.2"),
            ("2.9", "2.10"),
            ("V3", "V4"),
            ("draft", "draft.1"),
        ] {
            plan.releases = vec![Release {
                version: last.to_owned(),
                date: Date::new(2026, 1, 1).unwrap(),
                plan: Arc::new(content(&plan)),
            }];
            assert_eq!(next_version(&plan), next);
        }
    }

    #[test]
    fn confidentiality_keys_round_trip() {
        for c in Confidentiality::ALL {
            assert_eq!(Confidentiality::from_key(c.key()), Some(c));
        }
    }

    #[test]
    fn what_only_starts_like_an_image_is_refused() {
        assert_eq!(Logo::new(b"GIF89a".to_vec()), Err(LogoError::UnknownFormat));
        assert!(matches!(
            Logo::new(b"\x89PNG\r\n\x1a\nnot a png".to_vec()),
            Err(LogoError::Unreadable { format: "PNG", .. })
        ));
        assert!(matches!(
            Logo::new(b"<svg <svg".to_vec()),
            Err(LogoError::Unreadable { format: "SVG", .. })
        ));
        assert!(matches!(
            Logo::new(vec![0; MAX_LOGO_BYTES + 1]),
            Err(LogoError::TooLarge { .. })
        ));
    }

    #[test]
    fn an_svg_logo_has_its_size_and_no_outside_image() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="40"><image href="/etc/passwd" width="10" height="10"/><rect width="120" height="40" fill="red"/></svg>"#;
        let logo = Logo::new(svg.to_vec()).unwrap();
        assert_eq!(logo.format(), LogoFormat::Svg);
        assert_eq!(logo.size(), (120, 40));
        // A strip 2000 times wider than high is not a logo.
        let strip = br#"<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="2"/>"#;
        assert!(matches!(
            Logo::new(strip.to_vec()),
            Err(LogoError::BadSize { .. })
        ));
    }
}
