//! The tool's own words (terminal, errors, hints, the preview's overlay) in English and Dutch.
//!
//! The English text stays in the code as the message id, with named placeholders, through
//! [`msg!`](crate::msg): `msg!("no version `{version}` of `{slug}`", version = v, slug)`. The Dutch
//! catalog, `src/messages/nl.yaml`, maps each such pattern to its Dutch text with the same
//! placeholders. The language is chosen once per run ([`set_language`], from `--lang` or the
//! locale environment, see [`choose`]) before anything is said, so every line of a run is in one
//! language; a message is therefore rendered where it is made, and errors keep plain `String`s.
//! Texts that other libraries word (serde, the YAML parser, clap) are matched against English
//! patterns and translated with [`reword`]; the command line's help has its own catalog,
//! `cli.nl.yaml` (see [`cli`]).

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// The Dutch catalog: English pattern -> Dutch pattern.
const NL_CATALOG: &str = include_str!("nl.yaml");

/// A language the tool speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English, the language of the message ids.
    En,
    /// Dutch, from `nl.yaml`.
    Nl,
}

impl Lang {
    /// The language named by a `--lang` value or a locale such as `nl_NL.UTF-8`: `nl...` is
    /// Dutch, anything else (`C`, `POSIX`, `en_GB.UTF-8`) English.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("nl") {
            Lang::Nl
        } else {
            Lang::En
        }
    }

    /// The language's code, `en` or `nl`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }
}

/// The tool's language for this run, stored as `Lang as u8`.
static LANGUAGE: AtomicU8 = AtomicU8::new(0);

/// Sets the language of every message this process renders from now on.
pub fn set_language(lang: Lang) {
    LANGUAGE.store(lang as u8, Ordering::Relaxed);
}

/// The language messages are rendered in: English until [`set_language`] says otherwise.
pub fn language() -> Lang {
    match LANGUAGE.load(Ordering::Relaxed) {
        1 => Lang::Nl,
        _ => Lang::En,
    }
}

/// The language of a run: `flag` (`--lang`) when given, else the first set of `LC_ALL`,
/// `LC_MESSAGES` and `LANG` (as POSIX orders them), else English.
pub fn choose(flag: Option<&str>, env: impl Fn(&str) -> Option<String>) -> Lang {
    if let Some(flag) = flag {
        return Lang::from_locale(flag);
    }
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| env(name))
        .find(|value| !value.is_empty())
        .map_or(Lang::En, |value| Lang::from_locale(&value))
}

/// A message for people: its English pattern and the values of its placeholders, rendered in a
/// language only when shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pattern: &'static str,
    args: Vec<(&'static str, String)>,
}

impl Message {
    /// A message from its pattern and named values; use [`msg!`](crate::msg) instead.
    pub fn new(pattern: &'static str, args: Vec<(&'static str, String)>) -> Message {
        Message { pattern, args }
    }

    /// The message in `lang`; a pattern without a translation stays English.
    pub fn render(&self, lang: Lang) -> String {
        fill(translate(self.pattern, lang), &self.args)
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(language()))
    }
}

/// The pattern `english` in `lang`, without filling placeholders: for fixed texts such as a lint
/// rule's fix, marked in the code with [`msg_id!`](crate::msg_id).
pub fn translate(english: &str, lang: Lang) -> &str {
    match lang {
        Lang::En => english,
        Lang::Nl => catalog().get(english).copied().unwrap_or(english),
    }
}

/// [`translate`] into this run's language.
pub fn text(english: &str) -> &str {
    translate(english, language())
}

/// `english`, a text that another library worded (serde, the YAML parser), in this run's
/// language: the first of `patterns` that matches it whole is translated, with each placeholder's
/// text put through `parts` the same way; a text no pattern matches stays as it is.
pub fn reword(english: &str, patterns: &[&'static str], parts: &[&'static str]) -> String {
    if language() == Lang::En {
        return english.to_owned();
    }
    for pattern in patterns {
        if let Some(values) = matches(pattern, english) {
            let args: Vec<(&'static str, String)> = values
                .into_iter()
                .map(|(name, value)| (name, reword(value, parts, &[])))
                .collect();
            return Message::new(pattern, args).to_string();
        }
    }
    english.to_owned()
}

/// The text each `{name}` of `pattern` stands for in `text`, when `text` has the pattern's shape;
/// a placeholder takes the shortest text after which the rest of the pattern can follow.
pub(crate) fn matches<'t>(pattern: &'static str, text: &'t str) -> Option<Vec<(&'static str, &'t str)>> {
    let names = placeholders(pattern);
    let mut pieces: Vec<&'static str> = Vec::with_capacity(names.len() + 1);
    let mut rest = pattern;
    for name in &names {
        let marker = format!("{{{name}}}");
        let at = rest.find(&marker)?;
        pieces.push(&rest[..at]);
        rest = &rest[at + marker.len()..];
    }
    pieces.push(rest);
    let mut text = text.strip_prefix(pieces[0])?;
    let mut values = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let next = pieces[i + 1];
        let end = if i + 1 == names.len() {
            text.len()
                .checked_sub(next.len())
                .filter(|end| text.get(*end..) == Some(next))?
        } else if next.is_empty() {
            return None;
        } else {
            text.find(next)?
        };
        values.push((*name, &text[..end]));
        text = &text[end + next.len()..];
    }
    (names.is_empty() && text.is_empty() || !names.is_empty()).then_some(values)
}

/// The Dutch catalog, parsed once; an unreadable catalog is caught by the catalog test, and
/// leaves the tool speaking English rather than failing.
fn catalog() -> &'static HashMap<&'static str, &'static str> {
    static CATALOG: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    CATALOG.get_or_init(|| parse_catalog(NL_CATALOG))
}

/// The Dutch help texts of the command line: the English text of an argument's doc comment (as
/// clap holds it) -> its Dutch text; checked by the binary's tests.
const CLI_NL_CATALOG: &str = include_str!("cli.nl.yaml");

/// The Dutch help texts of the command line, parsed once.
pub fn cli_catalog() -> &'static HashMap<&'static str, &'static str> {
    static CATALOG: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    CATALOG.get_or_init(|| parse_catalog(CLI_NL_CATALOG))
}

/// A catalog's YAML map; an unreadable one is caught by its test, and leaves the tool speaking
/// English rather than failing.
fn parse_catalog(source: &'static str) -> HashMap<&'static str, &'static str> {
    let parsed: HashMap<String, String> = serde_yaml::from_str(source).unwrap_or_default();
    parsed
        .into_iter()
        .map(|(k, v)| (&*Box::leak(k.into_boxed_str()), &*Box::leak(v.into_boxed_str())))
        .collect()
}

/// The placeholders `{name}` of a pattern, in order.
fn placeholders(pattern: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) if is_name(&after[..end]) => {
                names.push(&after[..end]);
                rest = &after[end + 1..];
            }
            _ => rest = after,
        }
    }
    names
}

fn is_name(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `pattern` with each `{name}` replaced by its value; unknown names stay as written.
fn fill(pattern: &str, args: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let value = after.find('}').filter(|end| is_name(&after[..*end])).and_then(|end| {
            args.iter()
                .find(|(name, _)| *name == &after[..end])
                .map(|(_, v)| (end, v))
        });
        match value {
            Some((end, value)) => {
                out.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// An English pattern with its named values, rendered in this run's language (see [`Message`]):
/// `msg!("no version `{version}` of `{slug}`", version = id, slug)` (a bare name is its own value).
#[macro_export]
macro_rules! msg {
    ($pattern:literal $(,)?) => {
        $crate::messages::Message::new($pattern, ::std::vec::Vec::new()).to_string()
    };
    ($pattern:literal, $($name:ident $(= $value:expr)?),+ $(,)?) => {
        $crate::messages::Message::new(
            $pattern,
            ::std::vec![$((stringify!($name), $crate::msg!(@value $name $($value)?).to_string())),+],
        )
        .to_string()
    };
    (@value $name:ident $value:expr) => { $value };
    (@value $name:ident) => { $name };
}

/// Marks a fixed English text as a message id where a [`Message`] cannot be made (a `const`), so
/// the catalog test finds it; render it with [`text`].
#[macro_export]
macro_rules! msg_id {
    ($pattern:literal) => {
        $pattern
    };
}

pub mod cli;

#[cfg(test)]
mod tests;
