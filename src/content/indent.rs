//! Hints for YAML syntax errors that come from indentation: a line indented further than a key
//! that already has a value, or back to a depth that no block above has.

/// Explains the indentation of line `line` (from 1) of `source` when it is the likely mistake.
pub(crate) fn indentation_hint(source: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = source.lines().collect();
    let index = line.checked_sub(1)?;
    let current = lines.get(index)?;
    let depth = indent(current);
    let previous = (0..index).rev().find(|&i| is_content(lines[i]))?;
    let above = lines[previous];
    let above_depth = indent(above);
    let spaces = |n: usize| if n == 1 { msg!("1 space") } else { msg!("{n} spaces", n) };
    if depth > above_depth && has_value(above) {
        return Some(msg!(
            "this line is indented {depth} but `{key}` on line {line} above already has a value, so nothing can be \
             nested under it: indent this line {above_depth} like `{key}` if it belongs to the same block",
            depth = spaces(depth),
            key = key_of(above),
            line = previous + 1,
            above_depth = spaces(above_depth),
        ));
    }
    // The depths a line can go back to: the line above and every line it is nested in.
    let mut open = vec![(above_depth, previous)];
    for i in (0..previous).rev() {
        let candidate = lines[i];
        if is_content(candidate) && indent(candidate) < open.last().map_or(0, |o| o.0) {
            open.push((indent(candidate), i));
        }
    }
    if depth < above_depth && !open.iter().any(|(d, _)| *d == depth) {
        let choices: Vec<String> = open
            .iter()
            .take(2)
            .map(|(d, i)| {
                msg!(
                    "`{key}` on line {line} ({depth})",
                    key = key_of(lines[*i]),
                    line = i + 1,
                    depth = spaces(*d)
                )
            })
            .collect();
        return Some(msg!(
            "this line is indented {spaces}, which lines up with no block above: indent it like {choices}",
            spaces = spaces(depth),
            choices = choices.join(&msg!(" or "))
        ));
    }
    None
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Whether a line holds YAML rather than being blank or a comment.
fn is_content(line: &str) -> bool {
    let trimmed = line.trim();
    !trimmed.is_empty() && !trimmed.starts_with('#')
}

/// Whether the line is `key: value` with the value on the same line (not a block opener).
fn has_value(line: &str) -> bool {
    let trimmed = line.trim().trim_start_matches("- ");
    match trimmed.split_once(": ") {
        Some((_, value)) => {
            let value = value.split(" #").next().unwrap_or_default().trim();
            !value.is_empty() && !matches!(value.chars().next(), Some('|' | '>' | '&'))
        }
        None => false,
    }
}

/// The key or item a line starts with, as shown in a hint.
fn key_of(line: &str) -> String {
    let trimmed = line.trim();
    match trimmed.split_once(':') {
        Some((key, _)) => format!("{key}:"),
        None => trimmed.chars().take(20).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_under_a_key_with_a_value_is_explained() {
        let hint = indentation_hint("a:\n  b: 1\n    c: 2\n", 3).unwrap();
        assert_eq!(
            hint,
            "this line is indented 4 spaces but `b:` on line 2 above already has a value, so nothing can be \
             nested under it: indent this line 2 spaces like `b:` if it belongs to the same block"
        );
    }

    #[test]
    fn a_line_back_to_no_block_is_explained() {
        let hint = indentation_hint("a:\n  - x\n - y\n", 3).unwrap();
        assert_eq!(
            hint,
            "this line is indented 1 space, which lines up with no block above: indent it like `- x` on \
             line 2 (2 spaces) or `a:` on line 1 (0 spaces)"
        );
    }

    #[test]
    fn a_well_indented_line_gets_no_hint() {
        assert_eq!(indentation_hint("a:\n  b: 1\nc: 2\n", 3), None);
    }
}
