//! YAML text into typed values, with serde_yaml's errors turned into located messages for people.

use std::fs;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::content::scan::{MAX_DEPTH, control_character, decode, second_document, too_deep, unclosed_quote};
use crate::content::serde_words::in_tool_language;
use crate::error::{ContentError, ContentErrorKind, Location};
use crate::suggest::did_you_mean;

/// Reads and parses one YAML file into `T`.
pub(crate) fn parse_file<T: DeserializeOwned>(path: &Path, shown: &Path) -> Result<T, Box<ContentError>> {
    parse_str(&read_file(path, shown)?, shown)
}

/// Reads one file as UTF-8 text; a file in another encoding is an error that says which one it
/// probably is and where the first character that is not UTF-8 stands.
pub(crate) fn read_file(path: &Path, shown: &Path) -> Result<String, Box<ContentError>> {
    let bytes = fs::read(path).map_err(|e| {
        Box::new(ContentError::new(
            ContentErrorKind::Missing,
            shown,
            msg!("cannot read the file: {e}", e),
        ))
    })?;
    decode(bytes, shown)
}

/// An error when `source` nests deeper than [`MAX_DEPTH`], found in one pass before any parser
/// sees it (serde_yaml takes seconds to reject 100,000 levels).
pub(crate) fn check_depth(source: &str, shown: &Path) -> Result<(), Box<ContentError>> {
    match too_deep(source) {
        None => Ok(()),
        Some(location) => Err(Box::new(
            ContentError::new(
                ContentErrorKind::Syntax,
                shown,
                msg!("the YAML nests more than {MAX_DEPTH} levels deep", MAX_DEPTH),
            )
            .with_help(msg!(
                "a statement needs only a few levels; check for brackets that are never closed"
            ))
            .at_location(location, source),
        )),
    }
}

/// Parses YAML text into `T`, turning serde_yaml's errors into [`ContentError`]s for people.
pub fn parse_str<T: DeserializeOwned>(source: &str, shown: &Path) -> Result<T, Box<ContentError>> {
    check_depth(source, shown)?;
    serde_yaml::from_str(source).map_err(|error| Box::new(yaml_error(&error, source, shown)))
}

pub(crate) fn yaml_error(error: &serde_yaml::Error, source: &str, shown: &Path) -> ContentError {
    // serde_yaml writes "<path>: <message> at line L column C[, <context>]"; take the parts apart.
    let without_location = strip_locations(&error.to_string());
    let (yaml_path, message) = split_yaml_path(&without_location);
    let (kind, message, mut help) = classify(message);
    // For an unknown key, point at the key itself rather than at the map that holds it.
    let yaml_path = match (kind, yaml_path) {
        (ContentErrorKind::UnknownKey, Some(parent)) => Some(format!("{parent}.{}", unknown_name(&message))),
        (ContentErrorKind::UnknownKey, None) => Some(unknown_name(&message).to_owned()),
        (_, path) => path.map(str::to_owned),
    };
    if let Some(location) = error.location() {
        let line = source
            .lines()
            .nth(location.line().saturating_sub(1))
            .unwrap_or_default();
        if kind == ContentErrorKind::Syntax && line.starts_with('\t') {
            help = Some(msg!("indent with spaces: YAML does not allow tabs for indentation"));
        } else if kind == ContentErrorKind::Syntax {
            help = crate::content::indent::indentation_hint(source, location.line()).or(help);
        }
    }
    // An unclosed quote is found at the end of the file; point at where it was opened.
    let text = error.to_string();
    let opened = (kind == ContentErrorKind::Syntax)
        .then(|| unclosed_quote(source, error.location().map_or(usize::MAX, |l| l.line())))
        .flatten();
    if opened.is_some() {
        help = Some(msg!(
            "a quote (\" or ') was opened here and not closed on this line; close it, or leave the quotes out"
        ));
    }
    let control = control_character(&text, source);
    if control.is_some() {
        help = Some(msg!(
            "remove the invisible control character (it may come from copying text out of another program)"
        ));
    }
    let location = quote_start(&text)
        .or(opened)
        .or(control)
        .or_else(|| second_document(&text, source))
        .or_else(|| {
            error.location().map(|location| Location {
                line: location.line(),
                column: location.column(),
            })
        });
    let mut content_error = ContentError::new(kind, shown, in_tool_language(&message));
    if let Some(help) = help {
        content_error = content_error.with_help(help);
    }
    if let Some(path) = yaml_path {
        content_error = content_error.at_path(path);
    }
    if let Some(location) = location {
        content_error = content_error.at_location(location, source);
    }
    content_error
}

/// The place in "..., while scanning a quoted scalar at line L column C".
fn quote_start(message: &str) -> Option<Location> {
    let (_, rest) = message.split_once("while scanning a quoted scalar at line ")?;
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some(Location {
        line: line.parse().ok()?,
        column: column.parse().ok()?,
    })
}

/// The name in "unknown key `name`".
fn unknown_name(message: &str) -> &str {
    message.split('`').nth(1).unwrap_or_default()
}

/// Removes every " at line L column C" that serde_yaml puts in its messages.
fn strip_locations(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " at line ".len()..];
        let digits = |text: &str| text.chars().take_while(char::is_ascii_digit).count();
        let line_digits = digits(after);
        let tail = &after[line_digits..];
        match tail.strip_prefix(" column ") {
            Some(column) if line_digits > 0 => rest = &column[digits(column)..],
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Splits `path.to[0].key: message` into the path and the message.
fn split_yaml_path(text: &str) -> (Option<&str>, &str) {
    if let Some((head, rest)) = text.split_once(": ") {
        let looks_like_path = !head.is_empty()
            && head
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '-'));
        if looks_like_path {
            return (Some(head), rest);
        }
    }
    (None, text)
}

/// Sorts a serde message into a kind, a message and a hint.
fn classify(message: &str) -> (ContentErrorKind, String, Option<String>) {
    for (prefix, what) in [("unknown field `", "key"), ("unknown variant `", "value")] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (name, allowed_text) = rest.split_once('`').unwrap_or((rest, ""));
            let allowed: Vec<&str> = allowed_text.split('`').skip(1).step_by(2).collect();
            let kind = if what == "key" {
                ContentErrorKind::UnknownKey
            } else {
                ContentErrorKind::Type
            };
            let help = match (kind, allowed.is_empty()) {
                (ContentErrorKind::UnknownKey, true) => msg!("this key takes no keys here"),
                (ContentErrorKind::UnknownKey, false) => {
                    msg!("allowed keys here: {allowed}", allowed = allowed.join(", "))
                }
                (_, true) => msg!("this value takes no values here"),
                (_, false) => msg!("allowed values here: {allowed}", allowed = allowed.join(", ")),
            };
            let help = format!("{}{help}", did_you_mean(name, allowed.iter().copied()));
            let message = if kind == ContentErrorKind::UnknownKey {
                msg!("unknown key `{name}`", name)
            } else {
                msg!("unknown value `{name}`", name)
            };
            return (kind, message, Some(help));
        }
    }
    if message.starts_with("duplicate field `") {
        return (
            ContentErrorKind::Invalid,
            message.replace("duplicate field", "duplicate key"),
            Some(msg!("a key appears twice in the same block; keep one of them")),
        );
    }
    if message.starts_with("missing field `") {
        let name = message.trim_start_matches("missing field `").trim_end_matches('`');
        return (
            ContentErrorKind::Type,
            message.to_owned(),
            Some(msg!("add `{name}:` here; it is required", name)),
        );
    }
    if message.starts_with("invalid type")
        || message.starts_with("invalid value")
        || message.starts_with("invalid length")
    {
        return (
            ContentErrorKind::Type,
            message.to_owned(),
            Some(msg!("check the value's type against the guide in README.md")),
        );
    }
    if message.contains("is not a date")
        || message.contains("not a day in the calendar")
        || message.starts_with("invalid place")
    {
        return (ContentErrorKind::Type, message.to_owned(), None);
    }
    if message.contains("more than one document") {
        return (
            ContentErrorKind::Syntax,
            msg!("the file holds more than one YAML document"),
            Some(msg!("a file holds one version of the statement; remove the `---` line")),
        );
    }
    let help = if message.contains("quoted scalar") {
        msg!("a quote (\" or ') was opened and not closed; close it, or leave the quotes out")
    } else {
        msg!("check the indentation, and put text that contains `: ` or ` #` in quotes")
    };
    (ContentErrorKind::Syntax, message.to_owned(), Some(help))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::Organisation;

    fn parse_error<T: DeserializeOwned + std::fmt::Debug>(source: &str) -> ContentError {
        *parse_str::<T>(source, Path::new("content/x/2018-01-01.yaml")).unwrap_err()
    }

    #[test]
    fn unknown_key_names_allowed_keys_and_closest() {
        let error = parse_error::<Organisation>("name: WSK\nemial: info@example.org\n");
        assert_eq!(error.kind, ContentErrorKind::UnknownKey);
        assert_eq!(error.message, "unknown key `emial`");
        let help = error.help.unwrap();
        assert!(help.starts_with("did you mean `email`?"), "{help}");
        assert!(help.contains("allowed keys here: name, short_name"), "{help}");
        assert_eq!(error.location.map(|l| l.line), Some(2));
        assert_eq!(error.source_line.as_deref(), Some("emial: info@example.org"));
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let error = parse_error::<Organisation>("name: x\naddress:\n  - a\n - b\n");
        assert_eq!(error.kind, ContentErrorKind::Syntax);
        assert_eq!(
            error.message,
            "did not find expected key, while parsing a block mapping"
        );
        assert_eq!(error.location.map(|l| (l.line, l.column)), Some((4, 2)));
        assert_eq!(error.source_line.as_deref(), Some(" - b"));
    }

    #[test]
    fn type_error_keeps_the_yaml_path() {
        let error = parse_error::<Organisation>("name: WSK\naddress: 5\n");
        assert_eq!(error.kind, ContentErrorKind::Type);
        assert_eq!(error.yaml_path.as_deref(), Some("address"));
        assert_eq!(error.location.map(|l| (l.line, l.column)), Some((2, 10)));
    }

    #[test]
    fn tabs_get_their_own_hint() {
        let error = parse_error::<Organisation>("\tname: x\n");
        assert!(error.help.unwrap().contains("tabs"));
    }

    #[test]
    fn an_unclosed_quote_is_located_where_it_opens() {
        let error = parse_error::<serde_yaml::Value>("a: 1\nb: \"open\nc: 2\nd: 3\ne: 4\n");
        assert_eq!(error.location.map(|l| (l.line, l.column)), Some((2, 4)));
        assert!(error.help.unwrap().contains("quote"));
    }

    #[test]
    fn an_unclosed_quote_is_found_before_the_error_it_causes() {
        let source = "organisation:\n  name: \"Voorbeeld\n  city: x\nintro: |\n  Een \"citaat\" hier.\nrest: y\n";
        let error = parse_error::<serde_yaml::Value>(source);
        assert_eq!(error.location.map(|l| (l.line, l.column)), Some((2, 9)));
        assert!(error.help.unwrap().contains("opened here"));
    }

    #[test]
    fn deep_nesting_is_rejected_at_once() {
        let start = std::time::Instant::now();
        let error = parse_error::<serde_yaml::Value>(&"[".repeat(100_000));
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
        assert!(error.message.contains("nests more than 64 levels"), "{}", error.message);
        let block: String = (0..200).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
        assert_eq!(
            parse_error::<serde_yaml::Value>(&block).location.map(|l| l.line),
            Some(65)
        );
    }

    #[test]
    fn locations_are_taken_out_of_messages() {
        assert_eq!(strip_locations("a at line 3 column 4, b at line 9 column 1"), "a, b");
        assert_eq!(strip_locations("at line x"), "at line x");
    }
}
