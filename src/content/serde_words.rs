//! The words of serde and of the YAML parser as patterns, so that their messages are shown in the
//! tool's language (see [`crate::messages::reword`]).

use crate::messages::reword;

/// What serde and the model's own parsers say about a value.
const VALUE_MESSAGES: &[&str] = &[
    msg_id!("missing field `{name}`"),
    msg_id!("duplicate key `{name}`"),
    msg_id!("invalid type: {found}, expected {expected}"),
    msg_id!("invalid value: {found}, expected {expected}"),
    msg_id!("invalid length {length}, expected {expected}"),
    msg_id!("`{text}` is not a date: write it as YYYY-MM-DD, e.g. 2018-05-25"),
    msg_id!("`{text}` is not a day in the calendar"),
    msg_id!(
        "`{text}` is not a duration; write a number in digits or Dutch words followed by uur, dagen, weken, maanden or jaar, e.g. `72 uur`, `veertien dagen`, `7 jaar na einde huurovereenkomst`, `maximaal 4 weken`"
    ),
    msg_id!("invalid place `{text}`: write `start`, `end`, `after <section>` or `before <section>`"),
];

/// The parts of serde's "invalid type: {found}, expected {expected}".
const VALUE_PARTS: &[&str] = &[
    msg_id!("string {value}"),
    msg_id!("integer {value}"),
    msg_id!("floating point {value}"),
    msg_id!("boolean {value}"),
    msg_id!("sequence"),
    msg_id!("map"),
    msg_id!("unit value"),
    msg_id!("a string"),
    msg_id!("a sequence"),
    msg_id!("a map"),
    msg_id!("a boolean"),
    msg_id!("struct {name}"),
    msg_id!("enum {name}"),
    msg_id!("the name of a data item, or a map with `name` and details"),
    msg_id!("a place, or a map with `name` and optional `id`, `retention`, `note`"),
];

/// The clauses of the YAML parser's messages, e.g. "did not find expected key, while parsing a
/// block mapping".
const SYNTAX_CLAUSES: &[&str] = &[
    msg_id!("did not find expected key"),
    msg_id!("while parsing a block mapping"),
    msg_id!("while parsing a block collection"),
    msg_id!("while parsing a flow sequence"),
    msg_id!("while parsing a flow mapping"),
    msg_id!("while parsing a flow node"),
    msg_id!("while parsing a block node"),
    msg_id!("while scanning a quoted scalar"),
    msg_id!("while scanning a simple key"),
    msg_id!("while scanning a plain scalar"),
    msg_id!("mapping values are not allowed in this context"),
    msg_id!("block sequence entries are not allowed in this context"),
    msg_id!("did not find expected ',' or ']'"),
    msg_id!("did not find expected ',' or '}'"),
    msg_id!("did not find expected node content"),
    msg_id!("did not find expected '-' indicator"),
    msg_id!("could not find expected ':'"),
    msg_id!("found unexpected end of stream"),
    msg_id!("found character that cannot start any token"),
    msg_id!("found a tab character that violates indentation"),
    msg_id!("found unknown escape character"),
    msg_id!("control characters are not allowed"),
    msg_id!("control characters are not allowed at position {position}"),
    msg_id!("unknown anchor"),
];

/// A message of serde or the YAML parser in this run's language.
pub(crate) fn in_tool_language(english: &str) -> String {
    let reworded = reword(english, VALUE_MESSAGES, VALUE_PARTS);
    if reworded != english {
        return reworded;
    }
    english
        .split(", ")
        .map(|clause| reword(clause, SYNTAX_CLAUSES, &[]))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::date::Date;
    use crate::content::model::Placement;
    use crate::messages::matches;

    #[test]
    fn the_models_own_messages_have_a_pattern() {
        let texts = [
            "2020-13-01".parse::<Date>().err(),
            "2021-02-30".parse::<Date>().err(),
            crate::content::model::duration::parse("lang").err(),
            "naast iets".parse::<Placement>().err(),
        ];
        for text in texts {
            let text = text.expect("an error");
            assert!(
                VALUE_MESSAGES.iter().any(|pattern| matches(pattern, &text).is_some()),
                "no pattern for {text:?}"
            );
        }
        assert!(
            SYNTAX_CLAUSES
                .iter()
                .any(|p| matches(p, "while parsing a block mapping").is_some())
        );
    }
}
