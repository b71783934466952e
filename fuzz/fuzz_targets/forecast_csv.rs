//! Forecast CSV: any text is refused with an error naming the line, or yields a forecast
//! that sizes (or fails with an error) for a fixed 80/20 target.
#![no_main]

use centerplan::staffing::{IntervalOptions, Model, Target, parse_forecast, plan_intervals};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(forecast) = parse_forecast(text) else {
        return;
    };
    let options = IntervalOptions {
        interval_secs: 1800.0,
        default_aht_secs: Some(180.0),
        target: Target {
            service_level: 0.8,
            threshold_secs: 20.0,
            max_occupancy: Some(0.85),
        },
        model: Model::ErlangC,
        shrinkage: 0.3,
        fte_hours_per_day: 8.0,
    };
    let _ = plan_intervals(&forecast, &options);
});
