//! Scans of YAML text beside the parser: the file's encoding, how deeply it nests, where a quote
//! was opened and not closed, control characters and a second document.

use std::path::Path;

use crate::error::{ContentError, ContentErrorKind, Location};

/// How deeply YAML may nest collections; the statement needs fewer than ten levels.
pub const MAX_DEPTH: usize = 64;

/// The text of a file's bytes, which must be UTF-8.
pub(crate) fn decode(bytes: Vec<u8>, shown: &Path) -> Result<String, Box<ContentError>> {
    let save_as = msg!("save the file as UTF-8 (in most editors: \"Save with encoding\" → UTF-8)");
    let utf16 = bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || (bytes.len() >= 2 && bytes.iter().take(64).filter(|b| **b == 0).count() * 4 >= bytes.len().min(64));
    if utf16 {
        return Err(Box::new(
            ContentError::new(
                ContentErrorKind::Syntax,
                shown,
                msg!("the file is in UTF-16, not UTF-8"),
            )
            .with_help(&save_as),
        ));
    }
    String::from_utf8(bytes).map_err(|error| Box::new(decode_error(&error, shown, &save_as)))
}

/// The error for text that is not UTF-8, at the first byte that is not.
fn decode_error(error: &std::string::FromUtf8Error, shown: &Path, save_as: &str) -> ContentError {
    let bytes = error.as_bytes();
    let at = error.utf8_error().valid_up_to();
    let before = &bytes[..at];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let line_end = bytes[at..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |i| at + i);
    let text = String::from_utf8_lossy(&bytes[line_start..line_end]).into_owned();
    ContentError::new(
        ContentErrorKind::Syntax,
        shown,
        msg!(
            "the file is not UTF-8: byte 0x{byte} is probably Latin-1 or Windows-1252",
            byte = format!("{:02X}", bytes[at])
        ),
    )
    .with_help(save_as)
    .at_location(
        Location {
            line,
            column: String::from_utf8_lossy(&bytes[line_start..at]).chars().count() + 1,
        },
        &text_at(line, &text),
    )
}

/// A source of which only line `line` is known, for [`ContentError::at_location`].
fn text_at(line: usize, text: &str) -> String {
    format!("{}{text}", "\n".repeat(line.saturating_sub(1)))
}

/// Where `source` first nests deeper than [`MAX_DEPTH`], by flow brackets or by indentation, in
/// one pass over the text (so that a file of 100,000 levels is rejected at once).
pub(crate) fn too_deep(source: &str) -> Option<Location> {
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    for (index, line) in source.lines().enumerate() {
        let trimmed = line.trim_start_matches(' ');
        if flow == 0 && !(trimmed.is_empty() || trimmed.starts_with('#')) {
            let indent = line.len() - trimmed.len();
            while indents.last().is_some_and(|i| *i >= indent) {
                indents.pop();
            }
            indents.push(indent);
            let dashes = trimmed.split("- ").take_while(|p| p.is_empty()).count();
            if indents.len() + dashes > MAX_DEPTH {
                return Some(Location {
                    line: index + 1,
                    column: indent + 1,
                });
            }
        }
        let mut quote = None;
        for (column, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if flow > 0 => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    flow += 1;
                    if indents.len() + flow > MAX_DEPTH {
                        return Some(Location {
                            line: index + 1,
                            column: column + 1,
                        });
                    }
                }
                (None, ']' | '}') => flow = flow.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

/// The first value up to line `before` that opens a quote and does not close it on its line: a
/// syntax error after it usually comes from there, many lines before where the parser noticed.
pub(crate) fn unclosed_quote(source: &str, before: usize) -> Option<Location> {
    for (index, line) in source.lines().enumerate().take(before) {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            continue;
        }
        let mut quote: Option<(char, usize)> = None;
        let mut previous = ' ';
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            match quote {
                Some(('"', _)) if c == '\\' => i += 1,
                Some(('\'', _)) if c == '\'' && chars.get(i + 1) == Some(&'\'') => i += 1,
                Some((q, _)) if c == q => quote = None,
                Some(_) => {}
                None if c == '#' && previous == ' ' => break,
                None if matches!(c, '"' | '\'') && matches!(previous, ' ' | '[' | '{' | ',' | ':') => {
                    quote = Some((c, i));
                }
                None => {}
            }
            previous = c;
            i += 1;
        }
        if let Some((_, column)) = quote {
            return Some(Location {
                line: index + 1,
                column: column + 1,
            });
        }
    }
    None
}

/// Where the first control character is, for serde_yaml's "control characters are not allowed".
pub(crate) fn control_character(message: &str, source: &str) -> Option<Location> {
    if !message.contains("control characters are not allowed") {
        return None;
    }
    for (index, line) in source.lines().enumerate() {
        if let Some(column) = line.chars().position(|c| c.is_control() && c != '\t') {
            return Some(Location {
                line: index + 1,
                column: column + 1,
            });
        }
    }
    None
}

/// Where a second document starts (`---` after some content), for serde_yaml's error that has none.
pub(crate) fn second_document(message: &str, source: &str) -> Option<Location> {
    if !message.contains("more than one document") {
        return None;
    }
    let mut content_seen = false;
    for (index, line) in source.lines().enumerate() {
        if line.starts_with("---") && content_seen {
            return Some(Location {
                line: index + 1,
                column: 1,
            });
        }
        content_seen |= !(line.trim().is_empty() || line.starts_with('#') || line.starts_with("---"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_encodings_are_named() {
        let shown = Path::new("content/x/2018-01-01.yaml");
        let latin1 = decode(b"name: x\ncity: Rijsw\xEFk\n".to_vec(), shown).unwrap_err();
        assert!(latin1.message.contains("Latin-1"), "{}", latin1.message);
        assert_eq!(latin1.location.map(|l| (l.line, l.column)), Some((2, 12)));
        let utf16 = decode(b"\xFF\xFEn\0a\0".to_vec(), shown).unwrap_err();
        assert!(utf16.message.contains("UTF-16"));
        assert_eq!(decode(b"name: \xC3\xA9\n".to_vec(), shown).unwrap(), "name: é\n");
    }

    #[test]
    fn quotes_that_close_are_not_unclosed() {
        assert_eq!(unclosed_quote("a: 'it''s'\nb: \"x\\\"y\"\nc: d # 'x\n", 9), None);
        assert!(too_deep("a:\n  - [1, [2, {b: c}]]\n  - \"[[[[\"\n").is_none());
    }
}
