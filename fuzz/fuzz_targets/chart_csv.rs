//! Chart CSV import: any text is refused with row errors or yields a chart that lays out,
//! draws as SVG, and exports to CSV that imports again.
#![no_main]

use centerplan::chart::{LayoutOptions, SvgOptions, layout, to_svg};
use centerplan::csv_io::{chart_from_csv, chart_to_csv};
use centerplan::fonts::SimpleMeasure;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(chart) = chart_from_csv(text) else {
        return;
    };
    if let Ok(laid) = layout(&chart, &LayoutOptions::default(), &SimpleMeasure) {
        to_svg(&laid, &SvgOptions::default());
    }
    let again = chart_from_csv(&chart_to_csv(&chart)).expect("our CSV reads back");
    assert_eq!(again.nodes.len(), chart.nodes.len());
});
