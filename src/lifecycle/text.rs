//! Version files edited as text, not re-serialised, so the editor's comments and layout stay.

use crate::content::date::Date;

/// `source` with the top-level `published:` set to `date`: the line is replaced where there is
/// one, or added before the first key.
pub(super) fn with_published(source: &str, date: Date) -> String {
    let line = format!("published: {date}");
    let mut lines: Vec<String> = source.lines().map(str::to_owned).collect();
    match lines.iter().position(|l| is_top_level_key(l, "published")) {
        Some(i) => lines[i] = line,
        None => {
            let first_key = lines
                .iter()
                .position(|l| !(l.trim().is_empty() || l.starts_with('#') || l.starts_with("---")))
                .unwrap_or(lines.len());
            lines.insert(first_key, line);
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// `source` without the top-level `key` and the lines that continue its value.
pub(super) fn without_top_level_key(source: &str, key: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut skipping = false;
    for line in source.lines() {
        if is_top_level_key(line, key) {
            skipping = true;
            continue;
        }
        if skipping && (line.starts_with([' ', '\t']) || line.trim().is_empty()) {
            continue;
        }
        skipping = false;
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `source` without the `date:` of its `signatory:`: the new version is signed on another day.
pub(super) fn without_signing_date(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut in_signatory = false;
    for line in source.lines() {
        if !line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            in_signatory = is_top_level_key(line, "signatory");
        }
        if in_signatory
            && line
                .trim_start()
                .strip_prefix("date")
                .is_some_and(|r| r.trim_start().starts_with(':'))
        {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `source` with a line, after the comment that opens it, saying which version it was copied from,
/// so that the comment is not taken for one written for the draft.
pub(super) fn marked_as_copied(source: &str, from: &str) -> String {
    let comment: usize = source
        .split_inclusive('\n')
        .take_while(|line| line.starts_with('#'))
        .map(str::len)
        .sum();
    let note = if comment > 0 {
        format!("# (Draft copied from {from}.yaml: check that the comment above still fits this version.)\n")
    } else {
        format!("# Draft copied from {from}.yaml.\n")
    };
    format!("{}{note}{}", &source[..comment], &source[comment..])
}

fn is_top_level_key(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_line_is_replaced_or_added() {
        let date: Date = "2026-11-21".parse().unwrap();
        assert_eq!(
            with_published("# kop\npublished: 2020-01-01\norganisation: x\n", date),
            "# kop\npublished: 2026-11-21\norganisation: x\n"
        );
        assert_eq!(
            with_published("# kop\n\norganisation: x\n", date),
            "# kop\n\npublished: 2026-11-21\norganisation: x\n"
        );
    }

    #[test]
    fn a_draft_loses_the_signing_date_and_says_where_its_comment_came_from() {
        let source = "# Over 2020\norganisation: {name: X}\nsignatory:\n  name: Y\n  date: 2020-01-01\nchanges: z\n";
        assert_eq!(
            without_signing_date(source),
            "# Over 2020\norganisation: {name: X}\nsignatory:\n  name: Y\nchanges: z\n"
        );
        assert!(marked_as_copied(source, "2020-01-01").starts_with(
            "# Over 2020\n# (Draft copied from 2020-01-01.yaml: check that the comment above still fits this version.)\norganisation"
        ));
        assert_eq!(marked_as_copied("a: b\n", "v"), "# Draft copied from v.yaml.\na: b\n");
    }

    #[test]
    fn a_key_goes_with_its_continuation_lines() {
        let source = "published: 2020-01-01\nsummary: >-\n  Twee regels\n\n  tekst.\norganisation:\n  name: X\npublished_note: y\n";
        assert_eq!(
            without_top_level_key(&without_top_level_key(source, "summary"), "published"),
            "organisation:\n  name: X\npublished_note: y\n"
        );
    }
}
