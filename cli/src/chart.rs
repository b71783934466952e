//! `centerplan chart`: draw a plan's org chart as SVG or PNG.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use centerplan::chart::{LayoutOptions, SvgOptions, layout, to_png, to_svg};
use centerplan::document;
use centerplan::fonts::FontMeasure;
use centerplan::model::{Lang, NodeId};

use super::CliError;

#[derive(Debug, Args)]
pub struct ChartArgs {
    /// The `.centerplan` document whose chart to draw.
    pub file: PathBuf,
    /// Where to write the chart: a `.svg` or `.png` file.
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
    /// Every unit shows the headcount of its whole subtree and its open posts.
    #[arg(long)]
    pub totals: bool,
}

pub fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("unknown language {text:?} (expected zh or en)"))
}

enum Format {
    Svg,
    Png,
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
        _ => {
            return Err(CliError::Output(format!(
                "{}: the chart is written as .svg or .png, name the output file accordingly",
                args.output.display()
            ))
            .into());
        }
    };
    let plan = document::open(&args.file)?;
    let fonts = super::fonts::load_fonts()?;
    let measure = FontMeasure::new(&fonts)?;
    let options = LayoutOptions {
        lang: args.lang,
        compact: args.compact,
        subtree_totals: args.totals,
        root: args.root.map(NodeId),
        ..LayoutOptions::default()
    };
    let chart =
        layout(&plan.chart, &options, &measure).with_context(|| args.file.display().to_string())?;
    let svg = to_svg(
        &chart,
        &SvgOptions {
            font_family: fonts.family.clone(),
        },
    );
    let bytes = match format {
        Format::Svg => svg.into_bytes(),
        Format::Png => to_png(&svg, &fonts, args.scale)
            .map_err(|err| CliError::Output(format!("{}: {err}", args.output.display())))?,
    };
    super::write_file(&args.output, &bytes, &[&args.file])?;
    Ok(ExitCode::SUCCESS)
}
