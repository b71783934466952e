//! Forecast parsing rules that the `staff` command relies on (the command itself is tested
//! through the binary in the CLI crate, `cli/tests/staffing.rs`).

#[test]
fn forecast_order_is_checked_within_a_day_and_across_dates_not_across_day_names() {
    use centerplan::staffing::parse_forecast;
    let ok = |text: &str| parse_forecast(text).map(|f| f.rows.len());
    // Day names have no agreed first day: a week may start on Sunday.
    assert_eq!(
        ok("interval_start,calls\nSun 23:30,1\nMon 00:00,2\nMon 00:30,3\n"),
        Ok(3)
    );
    assert_eq!(
        ok("interval_start,calls\n2026-03-01 23:30,1\n2026-03-02 00:00,2\n"),
        Ok(2)
    );
    for shuffled in [
        "interval_start,calls\nMon 09:00,1\nMon 08:30,2\n",
        "interval_start,calls\n2026-03-02 00:00,1\n2026-03-01 23:30,2\n",
        "interval_start,calls\n10:00,1\n9:30,2\n",
    ] {
        let err = parse_forecast(shuffled).unwrap_err().to_string();
        assert!(
            err.contains("line 3") && err.contains("time order"),
            "{err}"
        );
    }
}
