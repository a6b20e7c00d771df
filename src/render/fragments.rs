//! Text shown in the default language on a page in another language, marked with that language's
//! `lang`: while rendering, such a text is put between markers; after rendering, a marker in text
//! content becomes `<span lang>` (`<div lang>` around a Markdown block) and one anywhere else (an
//! attribute, `<title>`, a comment or a script) is dropped, so no template can break a page with it.

use std::collections::BTreeSet;
use std::sync::Arc;

use minijinja::value::{Kwargs, Object, StringInput, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Output, State};

use crate::render::{filters, html, markdown, strict};

/// Opens a text in the default language (Unicode noncharacters: never in a page's own text).
const INLINE_OPEN: char = '\u{FDD0}';
/// Closes it.
const INLINE_CLOSE: char = '\u{FDD1}';
/// Opens a block (rendered Markdown) in the default language.
const BLOCK_OPEN: char = '\u{FDD2}';
/// Closes it.
const BLOCK_CLOSE: char = '\u{FDD3}';

/// The default-language texts a page shows untranslated (`translation.texts` in its context).
#[derive(Debug)]
pub struct Untranslated(Arc<BTreeSet<String>>);

impl Object for Untranslated {}

/// The page context's value for `texts`, the set of texts to mark.
pub fn value(texts: &Arc<BTreeSet<String>>) -> Value {
    Value::from_object(Untranslated(Arc::clone(texts)))
}

/// What one render found in its context, looked up once.
struct Found(Option<Arc<BTreeSet<String>>>);

/// The set of the page being rendered, from its context.
fn lookup(state: &State) -> Option<Arc<BTreeSet<String>>> {
    let texts = state.lookup("translation")?.get_attr("texts").ok()?;
    texts.downcast_object_ref::<Untranslated>().map(|u| Arc::clone(&u.0))
}

/// The formatter of every `{{ value }}`: locale keys that do not exist are an error, strings are
/// HTML-escaped (`/` left alone so URLs stay readable); with `marking`, a text of the page's
/// untranslated set is put between markers.
pub fn format(out: &mut Output, state: &mut State, value: &Value, marking: bool) -> Result<(), Error> {
    if let Some(missing) = value.downcast_object_ref::<strict::Missing>() {
        return Err(Error::new(
            ErrorKind::UndefinedError,
            msg!(
                "the locale has no key `t.{path}`; add it to the locale file",
                path = missing.path
            ),
        ));
    }
    let write = |out: &mut Output, text: &str| {
        out.write_str(text)
            .map_err(|_| Error::new(ErrorKind::WriteFailure, "formatting failed"))
    };
    match value.as_str() {
        Some(text) if matches!(state.auto_escape(), AutoEscape::Html) && !value.is_safe() => {
            if marking && untranslated(state, text) {
                write(out, &format!("{INLINE_OPEN}{}{INLINE_CLOSE}", html::escape(text)))
            } else {
                write(out, &html::escape(text))
            }
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Whether `text` is in the untranslated set of the page `state` renders, looked up once a render.
fn untranslated(state: &mut State, text: &str) -> bool {
    if state.get_extension::<Found>().is_none() {
        let found = Found(lookup(state));
        state.get_or_insert_extension(found);
    }
    in_set(state, text)
}

/// Replaces the filters of `env` that change a text (`markdown`, `markdown_inline`, `fill`,
/// `replace`, `lowercase_first`) with ones that mark a text of the page's untranslated set.
pub fn register(env: &mut Environment<'static>) {
    // `{{ t.summary.controller | escape | replace("{name}", o.name) }}`: the name is marked.
    env.add_filter(
        "replace",
        |state: &mut State, value: StringInput, from: StringInput, to: Value| -> Result<Value, Error> {
            let to = match to.as_str() {
                Some(text) if !to.is_safe() && in_set(state, text) => {
                    Value::from(format!("{INLINE_OPEN}{}{INLINE_CLOSE}", unmarked(text)))
                }
                Some(text) if !to.is_safe() => Value::from(unmarked(text)),
                _ => to,
            };
            let to = StringInput::new(state, &to)?;
            minijinja::filters::replace(state, value, from, to)
        },
    );
    env.add_filter("lowercase_first", |state: &State, text: &str| {
        let lowered = unmarked(&filters::lowercase_first(text));
        if in_set(state, text) {
            format!("{INLINE_OPEN}{lowered}{INLINE_CLOSE}")
        } else {
            lowered
        }
    });
    // A text put into a locale pattern ("{name} is responsible ...") is marked where it is.
    env.add_filter(
        "fill",
        |state: &State, pattern: &str, kwargs: Kwargs| -> Result<String, Error> {
            let mut values = std::collections::BTreeMap::new();
            for key in kwargs.args() {
                let value = kwargs.get::<Value>(key)?;
                let text = unmarked(&value.to_string());
                let text = match value.as_str() {
                    Some(original) if in_set(state, original) => format!("{INLINE_OPEN}{text}{INLINE_CLOSE}"),
                    _ => text,
                };
                values.insert(key.to_owned(), text);
            }
            Ok(filters::fill(pattern, &values))
        },
    );
    env.add_filter("markdown", |state: &State, text: &str| {
        let rendered = markdown::to_html(text);
        Value::from_safe_string(if in_set(state, text) {
            format!("{BLOCK_OPEN}{rendered}{BLOCK_CLOSE}")
        } else {
            rendered
        })
    });
    env.add_filter("markdown_inline", |state: &State, text: &str| {
        let rendered = markdown::to_inline_html(text);
        Value::from_safe_string(if in_set(state, text) {
            format!("{INLINE_OPEN}{rendered}{INLINE_CLOSE}")
        } else {
            rendered
        })
    });
}

/// Whether `text` is in the untranslated set of the page `state` renders (a filter cannot keep
/// what it looked up, so it uses the formatter's when there is one).
fn in_set(state: &State, text: &str) -> bool {
    match state.get_extension::<Found>() {
        Some(found) => found.0.as_ref().is_some_and(|texts| texts.contains(text)),
        None => lookup(state).is_some_and(|texts| texts.contains(text)),
    }
}

/// `text` without any of the marks this module writes (see [`html::is_reserved`]): a text from
/// content can neither open nor close one.
fn unmarked(text: &str) -> String {
    text.replace(html::is_reserved, "\u{FFFD}")
}

/// Whether `output` has a marker.
fn has_markers(output: &str) -> bool {
    output.contains([INLINE_OPEN, INLINE_CLOSE, BLOCK_OPEN, BLOCK_CLOSE])
}

/// `output` with every marker in text content turned into an element with `lang="{code}"` and
/// every other marker dropped; `html` says whether it is an HTML page at all (if not, every marker
/// is dropped).
pub fn finish(output: String, code: &str, is_html: bool) -> String {
    if !has_markers(&output) {
        return output;
    }
    let mut out = String::with_capacity(output.len() + 64);
    let mut place = Place::Text;
    let mut rest = output.as_str();
    while let Some(c) = rest.chars().next() {
        let marker = matches!(c, INLINE_OPEN | INLINE_CLOSE | BLOCK_OPEN | BLOCK_CLOSE);
        if marker {
            if is_html && place == Place::Text {
                out.push_str(&match c {
                    INLINE_OPEN => format!(r#"<span lang="{code}">"#),
                    INLINE_CLOSE => "</span>".to_owned(),
                    BLOCK_OPEN => format!(r#"<div lang="{code}">"#),
                    _ => "</div>".to_owned(),
                });
            }
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let (taken, next) = step(place, rest);
        out.push_str(&rest[..taken]);
        rest = &rest[taken..];
        place = next;
    }
    out
}

/// Where in an HTML page the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Text content, where an element may go.
    Text,
    /// Inside a tag, in a quoted attribute value when `quote` is set.
    Tag { quote: Option<u8>, raw: Option<Raw> },
    /// Inside `<!-- -->`.
    Comment,
    /// Inside an element whose content is not markup (`<title>`, `<script>`).
    Raw(Raw),
}

/// The elements whose content is text only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Raw {
    Title,
    Script,
    Style,
    Textarea,
}

impl Raw {
    const ALL: [(Raw, &'static str); 4] = [
        (Raw::Title, "title"),
        (Raw::Script, "script"),
        (Raw::Style, "style"),
        (Raw::Textarea, "textarea"),
    ];

    /// The raw-text element a start tag at the start of `tag` (after `<`) opens.
    fn opened_by(tag: &str) -> Option<Raw> {
        Raw::ALL.iter().find_map(|(raw, name)| {
            let after = tag.get(..name.len())?;
            let end = tag.as_bytes().get(name.len()).copied();
            (after.eq_ignore_ascii_case(name) && matches!(end, Some(b'>' | b' ' | b'\t' | b'\n' | b'/')))
                .then_some(*raw)
        })
    }

    fn name(self) -> &'static str {
        Raw::ALL
            .iter()
            .find(|(raw, _)| *raw == self)
            .map_or("", |(_, name)| name)
    }
}

/// How many bytes of `rest` (which does not start with a marker) are read in `place`, and where
/// the reader is after them.
fn step(place: Place, rest: &str) -> (usize, Place) {
    let bytes = rest.as_bytes();
    let len = rest.chars().next().map_or(1, char::len_utf8);
    match place {
        Place::Text if rest.starts_with("<!--") => (4, Place::Comment),
        Place::Text if bytes[0] == b'<' && bytes.get(1).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/') => {
            let raw = Raw::opened_by(&rest[1..]);
            (1, Place::Tag { quote: None, raw })
        }
        Place::Tag { quote: None, raw } if bytes[0] == b'>' => (1, raw.map_or(Place::Text, Place::Raw)),
        Place::Tag { quote: None, raw } if bytes[0] == b'"' || bytes[0] == b'\'' => (
            1,
            Place::Tag {
                quote: Some(bytes[0]),
                raw,
            },
        ),
        Place::Tag { quote: Some(q), raw } if bytes[0] == q => (1, Place::Tag { quote: None, raw }),
        Place::Comment if rest.starts_with("-->") => (3, Place::Text),
        Place::Raw(raw) if bytes[0] == b'<' && closes(&rest[1..], raw) => (1, Place::Tag { quote: None, raw: None }),
        other => (len, other),
    }
}

/// Whether `tag` (after `<`) is the end tag of `raw`.
fn closes(tag: &str, raw: Raw) -> bool {
    let name = raw.name();
    tag.strip_prefix('/')
        .and_then(|t| t.get(..name.len()))
        .is_some_and(|t| t.eq_ignore_ascii_case(name))
}

/// The code of the default language named in a page's `translation`, for [`finish`].
pub fn code(context: &Value) -> Option<String> {
    let code = context.get_attr("translation").ok()?.get_attr("code").ok()?;
    code.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str) -> String {
        format!("{INLINE_OPEN}{text}{INLINE_CLOSE}")
    }

    #[test]
    fn markers_in_text_become_elements_and_elsewhere_disappear() {
        let page = format!(
            "<title>{a} | x</title><meta content=\"{a}\"><p title='{a}'>{a}</p><!-- {a} -->\
             <script>if (1 < 2) {{ '{a}' }}</script>{BLOCK_OPEN}<p>Tekst</p>{BLOCK_CLOSE}",
            a = marked("Klachten"),
        );
        assert_eq!(
            finish(page, "nl", true),
            "<title>Klachten | x</title><meta content=\"Klachten\"><p title='Klachten'>\
             <span lang=\"nl\">Klachten</span></p><!-- Klachten --><script>if (1 < 2) { 'Klachten' }</script>\
             <div lang=\"nl\"><p>Tekst</p></div>"
        );
        assert_eq!(finish(marked("Tekst"), "nl", false), "Tekst");
    }
}
