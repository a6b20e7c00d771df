//! What the words say: laws that no longer apply, deadlines the AVG does not give, a signature
//! older than the version, and sentences and words too long for readers at language level B1.

use super::finding::{Findings, Rule, Severity};
use super::text::{has_word, texts};
use crate::content::date::Date;

static OUTDATED_LAW: Rule = Rule {
    id: "outdated-law-wbp",
    severity: Severity::Warning,
    article: msg_id!("UAVG art. 51 (the Wbp was repealed on 2018-05-25)"),
    fix: msg_id!("refer to the AVG and the UAVG instead of the Wbp (and its articles, such as art. 43 Wbp)"),
};
static DEADLINE: Rule = Rule {
    id: "art12-3-deadline-not-one-month",
    severity: Severity::Warning,
    article: "AVG art. 12(3)",
    fix: msg_id!("write `binnen een maand` (one month, which may be extended by two months when needed)"),
};
static SIGNATURE: Rule = Rule {
    id: "signatory-date-before-version",
    severity: Severity::Warning,
    article: "AVG art. 12(1), 5(2)",
    fix: msg_id!("update `signatory.date` to the day this version was signed"),
};
static LONG_SENTENCE: Rule = Rule {
    id: "b1-long-sentence",
    severity: Severity::Info,
    article: msg_id!("AVG art. 12(1): clear and plain language (B1)"),
    fix: msg_id!("split the sentence; B1 sentences have at most 25 words"),
};
static LONG_WORD: Rule = Rule {
    id: "b1-long-word",
    severity: Severity::Info,
    article: msg_id!("AVG art. 12(1): clear and plain language (B1)"),
    fix: msg_id!("use a shorter, everyday word, or explain it in `definitions:`"),
};

/// The rules of this group.
pub(super) const RULES: &[&Rule] = &[&OUTDATED_LAW, &DEADLINE, &SIGNATURE, &LONG_SENTENCE, &LONG_WORD];

/// The day the AVG replaced the Wbp.
const AVG_IN_FORCE: (u16, u8, u8) = (2018, 5, 25);
/// More words than this in one sentence is long for B1.
const SENTENCE_WORDS: usize = 25;
/// More letters than this in one word is long for B1.
const WORD_LETTERS: usize = 20;
/// Numbers of weeks written out, as statements write them.
const WEEKS: [&str; 12] = [
    "een week",
    "1 week",
    "twee weken",
    "drie weken",
    "vier weken",
    "vijf weken",
    "zes weken",
    "acht weken",
    "2 weken",
    "3 weken",
    "4 weken",
    "6 weken",
];

pub(super) fn check(findings: &mut Findings) {
    let statement = &findings.version.statement;
    let after_avg = statement
        .published
        .is_none_or(|d| Some(d) >= Date::new(AVG_IN_FORCE.0, AVG_IN_FORCE.1, AVG_IN_FORCE.2));
    let texts = texts(statement);
    for (path, text) in &texts {
        if after_avg && (has_word(text, "wbp") || text.to_lowercase().contains("wet bescherming persoonsgegevens")) {
            findings.add(
                &OUTDATED_LAW,
                Some(path.clone()),
                msg!("the text cites the Wbp, which the AVG replaced on 25 May 2018"),
            );
        }
        if path.starts_with("rights") {
            let lower = text.to_lowercase();
            if let Some(weeks) = WEEKS.iter().find(|w| lower.contains(*w)) {
                findings.add(
                    &DEADLINE,
                    Some(path.clone()),
                    msg!(
                        "a request is answered within `{weeks}`, but the AVG's deadline is one month",
                        weeks
                    ),
                );
            }
        }
        if let Some(sentence) = long_sentence(text) {
            findings.add(
                &LONG_SENTENCE,
                Some(path.clone()),
                msg!(
                    "a sentence of {count} words: «{sentence}»",
                    count = sentence.0,
                    sentence = sentence.1
                ),
            );
        }
        if let Some(word) = long_word(text) {
            findings.add(
                &LONG_WORD,
                Some(path.clone()),
                msg!("the word `{word}` is long for readers at level B1", word),
            );
        }
    }
    if let Some(signatory) = &statement.signatory
        && let (Some(signed), Some(published)) = (signatory.date, statement.published)
        && signed < published
    {
        findings.add(
            &SIGNATURE,
            Some("signatory.date".to_owned()),
            msg!(
                "the statement is signed on {signed}, before this version of {published}",
                signed,
                published
            ),
        );
    }
}

/// The first sentence longer than [`SENTENCE_WORDS`], with its number of words and its start.
pub(super) fn long_sentence(text: &str) -> Option<(usize, String)> {
    // Lines of a paragraph are one text; list items and paragraphs end a sentence.
    let text = text.replace("\n\n", ". ").replace("\n- ", ". ").replace("\n* ", ". ");
    text.split(['.', '!', '?', ';'])
        .filter(|s| !s.trim().is_empty())
        .map(|sentence| (sentence.split_whitespace().count(), sentence))
        .find(|(words, _)| *words > SENTENCE_WORDS)
        .map(|(words, sentence)| {
            let start: Vec<&str> = sentence.split_whitespace().take(8).collect();
            (words, format!("{} …", start.join(" ")))
        })
}

/// The first word of more than [`WORD_LETTERS`] letters; web and e-mail addresses do not count.
fn long_word(text: &str) -> Option<&str> {
    text.split_whitespace()
        .filter(|word| !word.contains(['@', '/', ':']))
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|word| word.chars().filter(|c| c.is_alphabetic()).count() > WORD_LETTERS)
}
