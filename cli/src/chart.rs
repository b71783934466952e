//! `centerplan chart`: draw a plan's org chart as SVG or PNG, or print it as a PDF of
//! paper pages (split by subtree when it is too large for one).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use centerplan::chart::{LayoutOptions, SvgOptions, layout, to_png, to_svg};
use centerplan::document;
use centerplan::fonts::FontMeasure;
use centerplan::manual::{self, ChartPdfOptions, Date, Paper};
use centerplan::model::{Lang, NodeId};

use super::CliError;

#[derive(Debug, Args)]
pub struct ChartArgs {
    /// The `.centerplan` document whose chart to draw.
    pub file: PathBuf,
    /// Where to write the chart: a `.svg`, `.png` or `.pdf` file.
    #[arg(short, long)]
    pub output: PathBuf,
    /// The language of the labels: zh or en.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    pub lang: Lang,
    /// Draw only the subtree under this node id.
    #[arg(long)]
    pub root: Option<String>,
    /// Pixels per chart unit in a PNG.
    #[arg(long, default_value_t = 2.0)]
    pub scale: f32,
    /// Stack teams of leaf positions vertically instead of in one wide row.
    #[arg(long)]
    pub compact: bool,
    /// Every unit shows the headcount of its whole subtree and its open posts (always so
    /// in a PDF).
    #[arg(long)]
    pub totals: bool,
    /// The paper of a PDF: A4, A3 or A2.
    #[arg(long, default_value = "A4", value_parser = parse_paper)]
    pub paper: Paper,
    /// Every PDF page landscape (by default each page takes the orientation it prints
    /// larger in).
    #[arg(long)]
    pub landscape: bool,
    /// The date a PDF's header prints (YYYY-MM-DD; default today).
    #[arg(long, value_parser = super::export::parse_date)]
    pub date: Option<Date>,
}

fn parse_paper(text: &str) -> Result<Paper, String> {
    Paper::parse(text).ok_or_else(|| format!("unknown paper {text:?} (expected A4, A3 or A2)"))
}

pub fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("unknown language {text:?} (expected zh or en)"))
}

enum Format {
    Svg,
    Png,
    Pdf,
}

pub fn run(args: ChartArgs) -> anyhow::Result<ExitCode> {
    let extension = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let format = match extension.as_deref() {
        Some("svg") => Format::Svg,
        Some("png") => Format::Png,
        Some("pdf") => Format::Pdf,
        _ => {
            return Err(CliError::Output(format!(
                "{}: the chart is written as .svg, .png or .pdf, name the output file accordingly",
                args.output.display()
            ))
            .into());
        }
    };
    let plan = document::open(&args.file)?;
    let fonts = super::fonts::load_fonts()?;
    let bytes = match format {
        Format::Pdf => {
            let options = ChartPdfOptions {
                lang: args.lang,
                paper: args.paper,
                landscape: args.landscape,
                root: args.root.map(NodeId),
                date: args.date.unwrap_or_else(super::export::today),
            };
            manual::chart_pdf(&plan, &options, &fonts)
                .with_context(|| args.file.display().to_string())?
        }
        Format::Svg | Format::Png => {
            let measure = FontMeasure::new(&fonts)?;
            let options = LayoutOptions {
                lang: args.lang,
                compact: args.compact,
                subtree_totals: args.totals,
                root: args.root.map(NodeId),
                ..LayoutOptions::default()
            };
            let chart = layout(&plan.chart, &options, &measure)
                .with_context(|| args.file.display().to_string())?;
            let svg = to_svg(
                &chart,
                &SvgOptions {
                    font_family: fonts.family.clone(),
                },
            );
            match format {
                Format::Png => to_png(&svg, &fonts, args.scale)
                    .map_err(|err| CliError::Output(format!("{}: {err}", args.output.display())))?,
                _ => svg.into_bytes(),
            }
        }
    };
    super::write_file(&args.output, &bytes, &[&args.file])?;
    Ok(ExitCode::SUCCESS)
}
