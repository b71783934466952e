//! `centerplan export`: the operations manual of a plan or a built-in template, as PDF,
//! standalone HTML or resolved Markdown.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use centerplan::fonts::FontSet;
use centerplan::manual::{self, Date, Edition, ManualOptions, SourceFile, Sources};
use centerplan::model::{CenterType, Lang, Plan};
use centerplan::{interchange, templates};

use super::CliError;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EditionArg {
    Manager,
    Csr,
}

impl From<EditionArg> for Edition {
    fn from(arg: EditionArg) -> Edition {
        match arg {
            EditionArg::Manager => Edition::Manager,
            EditionArg::Csr => Edition::Csr,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum ManualLangArg {
    #[default]
    Zh,
    En,
}

impl From<ManualLangArg> for Lang {
    fn from(arg: ManualLangArg) -> Lang {
        match arg {
            ManualLangArg::Zh => Lang::Zh,
            ManualLangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ManualFormat {
    Pdf,
    /// Word (`.docx`).
    Docx,
    Html,
    Md,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TemplateArg {
    Outsourced,
    Sales,
    Service,
    Hybrid,
}

impl From<TemplateArg> for CenterType {
    fn from(arg: TemplateArg) -> CenterType {
        match arg {
            TemplateArg::Outsourced => CenterType::Outsourced,
            TemplateArg::Sales => CenterType::Sales,
            TemplateArg::Service => CenterType::Service,
            TemplateArg::Hybrid => CenterType::Hybrid,
        }
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The plan: a `.centerplan` document or a JSON export of one.
    #[arg(required_unless_present = "template", conflicts_with = "template")]
    pub file: Option<PathBuf>,
    /// Export a built-in template instead of a plan file.
    #[arg(long, value_enum)]
    pub template: Option<TemplateArg>,
    #[arg(long, value_enum)]
    pub edition: EditionArg,
    #[arg(long, value_enum, default_value_t)]
    pub lang: ManualLangArg,
    /// The date printed on the cover and stamped in the PDF (YYYY-MM-DD; default today).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Output format; by default from the output file's extension.
    #[arg(long, value_enum)]
    pub format: Option<ManualFormat>,
    /// A chapter library: a folder as `chapters export` writes it (`DIR/zh-CN/NN-slug.md`,
    /// `DIR/en/NN-slug.md`, user syntax). A file replaces the built-in chapter of its slug
    /// unless the plan has edited that chapter, a new slug adds a chapter at its number;
    /// the plan file is not changed.
    #[arg(long, value_name = "DIR")]
    pub chapters: Option<PathBuf>,
    /// For chapter authors: a folder of chapter templates in the built-in chapters' own
    /// syntax (`DIR/zh-CN/NN-slug.md` as in `manuals/`) laid over the built-in ones: a file
    /// replaces the built-in template of the same name, others are added.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// The file to write.
    #[arg(short, long)]
    pub output: PathBuf,
}

/// The built-in chapter templates with those of `dir` laid over them (see `--templates`).
pub(super) fn load_templates(dir: Option<&Path>) -> anyhow::Result<Sources> {
    let Some(dir) = dir else {
        return Ok(Sources::embedded().clone());
    };
    let mut files = Vec::new();
    for lang in Lang::ALL {
        let lang_dir = dir.join(Sources::lang_dir(lang));
        let entries = match std::fs::read_dir(&lang_dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(err) => {
                return Err(
                    CliError::Input(format!("cannot read {}: {err}", lang_dir.display())).into(),
                );
            }
        };
        for entry in entries {
            let entry = entry.map_err(|err| {
                CliError::Input(format!("cannot read {}: {err}", lang_dir.display()))
            })?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".md") || !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            let text = super::read_text(&path, centerplan::limits::MAX_TEXT_BYTES as u64)?;
            files.push(SourceFile::new(
                format!("{}/{name}", Sources::lang_dir(lang)),
                text,
            ));
        }
    }
    if files.is_empty() {
        return Err(CliError::Input(format!(
            "{}: no chapters in zh-CN/ or en/ (files named NN-slug.md)",
            dir.display()
        ))
        .into());
    }
    Ok(Sources::embedded().overlaid(files))
}

pub(super) fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("{text:?} is not a date of the form YYYY-MM-DD"))
}

/// Reads a plan from a `.centerplan` document, or from a `.json` export of one.
pub fn load_plan(path: &Path) -> anyhow::Result<Plan> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if !is_json {
        return Ok(super::plan::open(path)?);
    }
    let text = super::read_text(path, centerplan::limits::MAX_INPUT_BYTES)?;
    interchange::from_json(&text)
        .map_err(|err| CliError::Input(format!("{}: {err}", path.display())).into())
}

fn format_for(path: &Path, explicit: Option<ManualFormat>) -> anyhow::Result<ManualFormat> {
    if let Some(format) = explicit {
        return Ok(format);
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("pdf") => Ok(ManualFormat::Pdf),
        Some("docx") => Ok(ManualFormat::Docx),
        Some("html" | "htm") => Ok(ManualFormat::Html),
        Some("md" | "markdown") => Ok(ManualFormat::Md),
        _ => Err(CliError::Output(format!(
            "cannot tell the format of {} from its extension: use --format pdf|docx|html|md",
            path.display()
        ))
        .into()),
    }
}

/// Today's date in UTC, from the system clock: only the binaries read the clock.
pub(super) fn today() -> Date {
    Date::from_system_time(std::time::SystemTime::now())
}

pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let format = format_for(&args.output, args.format)?;
    let plan = match (&args.file, args.template) {
        (_, Some(template)) => {
            let center_type = CenterType::from(template);
            let lang = Lang::from(args.lang);
            let name = match lang {
                Lang::Zh => format!("示例{}客户服务中心", center_type.name().get(lang)),
                Lang::En => format!(
                    "Sample {} customer service center",
                    center_type.name().get(lang)
                ),
            };
            templates::template(center_type, &name)
        }
        (Some(file), None) => load_plan(file)?,
        (None, None) => unreachable!("clap requires FILE or --template"),
    };
    let mut plan = plan;
    if let Some(dir) = &args.chapters {
        super::chapters::Library::read(dir)?.apply(&mut plan, None)?;
    }
    let options = ManualOptions {
        edition: args.edition.into(),
        lang: args.lang.into(),
        date: args.date.unwrap_or_else(today),
    };
    let sources = load_templates(args.templates.as_deref())?;
    let fonts;
    let target = match format {
        ManualFormat::Md => Target::Md,
        ManualFormat::Html => Target::Html,
        ManualFormat::Pdf => {
            fonts = super::fonts::load_fonts()?;
            Target::Pdf(&fonts)
        }
        ManualFormat::Docx => {
            fonts = super::fonts::load_fonts()?;
            Target::Docx(&fonts)
        }
    };
    let bytes = target.render(&plan, &options, &sources)?;
    super::write_file(
        &args.output,
        &bytes,
        &args.file.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// What a manual is written as, with the fonts when it is typeset.
#[derive(Clone, Copy)]
pub(super) enum Target<'a> {
    Md,
    Html,
    Pdf(&'a FontSet),
    /// Word: the fonts draw the chart's images and are named in the document.
    Docx(&'a FontSet),
}

impl Target<'_> {
    pub(super) fn extension(self) -> &'static str {
        match self {
            Target::Md => "md",
            Target::Html => "html",
            Target::Pdf(_) => "pdf",
            Target::Docx(_) => "docx",
        }
    }

    pub(super) fn render(
        self,
        plan: &Plan,
        options: &ManualOptions,
        sources: &Sources,
    ) -> anyhow::Result<Vec<u8>> {
        Ok(match self {
            Target::Md => manual::render_markdown_from(plan, options, sources)?.into_bytes(),
            Target::Html => manual::render_html_from(plan, options, sources)?.into_bytes(),
            Target::Pdf(fonts) => manual::render_pdf_from(plan, options, fonts, sources)?,
            Target::Docx(fonts) => manual::render_docx_from(plan, options, fonts, sources)?,
        })
    }
}
