//! Publication dates as the readers find them: the date fields of JSONL, CSV
//! and WARC records ([`parse_date`]) and the looser dates of page metadata
//! ([`parse_date_loose`]). One home for both, so that a format is added in
//! one place; the date in a page's URL stays with the page (`html::meta`).

use chrono::NaiveDate;

/// The warning for a publication date the readers cannot use.
pub(crate) fn unreadable_date_warning(field: &str, value: &str) -> String {
    format!(
        "the {field} field {value:?} is not a day date (expected YYYY-MM-DD); \
         analysed without it, relative dates resolved against a date in the text if any"
    )
}

/// The day that `head` (the first ten characters of a date) is in the first
/// of `formats` that reads all of it.
fn head_day(head: &str, formats: &[&str]) -> Option<NaiveDate> {
    formats
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(head, f).ok())
}

/// Read a date given as `YYYY-MM-DD`, an RFC 3339 timestamp, or `DD.MM.YYYY`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(d) = s
        .get(..10)
        .and_then(|h| head_day(h, &["%Y-%m-%d", "%d.%m.%Y"]))
    {
        return Some(d);
    }
    NaiveDate::parse_from_str(s, "%Y%m%d").ok()
}

/// A date from ISO 8601 timestamps, `YYYY-MM-DD`, `YYYY/MM/DD`, `DD.MM.YYYY`,
/// `YYYYMMDD`, RFC 2822; page metadata holds all of them. A year outside
/// [`plausible`] is no publication date.
pub fn parse_date_loose(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head: String = s.chars().take(10).collect();
    if let Some(d) = head_day(&head, &["%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y"]) {
        return plausible(d);
    }
    if let Some(h8) = s.get(..8) {
        if h8.bytes().all(|b| b.is_ascii_digit()) && s.len() >= 8 {
            if let Ok(d) = NaiveDate::parse_from_str(h8, "%Y%m%d") {
                return plausible(d);
            }
        }
    }
    // RFC 2822 ("Tue, 19 Nov 2019 08:00:00 GMT").
    chrono::DateTime::parse_from_rfc2822(s)
        .ok()
        .and_then(|d| plausible(d.date_naive()))
}

/// A publication date of a news page lies in 1990–2100; other years in
/// metadata and URLs are ids, versions or typos.
pub(crate) fn plausible(d: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    (1990..=2100).contains(&d.year()).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("10.07.2025"),
            NaiveDate::from_ymd_opt(2025, 7, 10)
        );
        assert_eq!(
            parse_date("2025-07-10"),
            NaiveDate::from_ymd_opt(2025, 7, 10)
        );
        assert_eq!(parse_date("gestern"), None);
    }

    #[test]
    fn metadata_dates() {
        let day = NaiveDate::from_ymd_opt(2019, 11, 19);
        assert_eq!(parse_date_loose("2019-11-19T08:00:00+01:00"), day);
        assert_eq!(parse_date_loose("2019/11/19"), day);
        assert_eq!(parse_date_loose("20191119"), day);
        assert_eq!(parse_date_loose("Tue, 19 Nov 2019 08:00:00 GMT"), day);
        // A year no news page is from, and a day the field reader does not take.
        assert_eq!(parse_date_loose("1066-10-14"), None);
        assert_eq!(parse_date("2019/11/19"), None);
    }
}
