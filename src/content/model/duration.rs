//! Periods as values: "72 uur", "veertien dagen", "tot 2 jaar na einde huurovereenkomst" read into
//! an amount and a unit, with the words after it as trigger, or kept as criteria when not a duration.
//!
//! Reading the number words is input grammar, like reading dates: the small Dutch table lives here
//! rather than in the theme's locale, because content is read before a theme is chosen.

use serde::{Deserialize, Serialize};

/// The unit of a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Hours ("uur").
    Hours,
    /// Days ("dag", "dagen").
    Days,
    /// Weeks ("week", "weken").
    Weeks,
    /// Months ("maand", "maanden").
    Months,
    /// Years ("jaar", "jaren").
    Years,
}

impl Unit {
    /// Its length in hours, a month as 30 days and a year as 365, for comparing.
    pub fn hours(self) -> u64 {
        match self {
            Unit::Hours => 1,
            Unit::Days => 24,
            Unit::Weeks => 7 * 24,
            Unit::Months => 30 * 24,
            Unit::Years => 365 * 24,
        }
    }

    fn from_word(word: &str) -> Option<Unit> {
        Some(match word {
            "uur" | "uren" | "u" | "hour" | "hours" => Unit::Hours,
            "dag" | "dagen" | "etmaal" | "etmalen" | "day" | "days" => Unit::Days,
            "week" | "weken" | "weeks" => Unit::Weeks,
            "maand" | "maanden" | "month" | "months" => Unit::Months,
            "jaar" | "jaren" | "year" | "years" => Unit::Years,
            _ => return None,
        })
    }
}

/// An amount of a unit, e.g. 14 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Duration {
    /// How many units.
    pub amount: u32,
    /// Which unit.
    pub unit: Unit,
}

/// The forms a duration can be written in, for error messages.
pub const ACCEPTED_FORMS: &str = "a number in digits or Dutch words followed by uur, dagen, weken, maanden or jaar, \
     e.g. `72 uur`, `veertien dagen`, `7 jaar na einde huurovereenkomst`, `maximaal 4 weken`";

/// Words that may come before the number: "maximaal 4 weken", "tot 2 jaar na ...".
const LEADING_WORDS: &[&str] = &[
    "maximaal",
    "maximum",
    "tot",
    "uiterlijk",
    "hooguit",
    "ten",
    "hoogste",
    "ongeveer",
];

impl Duration {
    /// Its length in hours, for comparing ("14 dagen" equals "twee weken").
    pub fn hours(self) -> u64 {
        u64::from(self.amount) * self.unit.hours()
    }
}

/// A period read from text: a duration and the words after it, or criteria when there is no duration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// The duration, when the text starts with one.
    pub duration: Option<Duration>,
    /// The words after the duration ("na einde huurovereenkomst"), or the whole text as criteria.
    pub rest: String,
}

/// Reads `text`: a duration at its start (after words such as "maximaal" or "tot"), and the rest.
pub fn read(text: &str) -> Reading {
    let lower = text.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let skip = words.iter().take_while(|w| LEADING_WORDS.contains(w)).count();
    let duration = match (words.get(skip), words.get(skip + 1)) {
        (Some(number), Some(unit)) => number_value(number).zip(Unit::from_word(unit.trim_end_matches([',', '.', ';']))),
        (Some(joined), None) => split_joined(joined),
        _ => None,
    };
    match duration {
        Some((amount, unit)) => {
            let used = if words.get(skip + 1).is_some() {
                skip + 2
            } else {
                skip + 1
            };
            let rest: Vec<&str> = text.split_whitespace().skip(used).collect();
            Reading {
                duration: Some(Duration { amount, unit }),
                rest: rest.join(" ").trim_start_matches([',', ';']).trim().to_owned(),
            }
        }
        None => Reading {
            duration: None,
            rest: text.trim().to_owned(),
        },
    }
}

/// Reads a text that must be a duration, or says which forms are accepted.
pub fn parse(text: &str) -> Result<Duration, String> {
    read(text)
        .duration
        .ok_or_else(|| format!("`{text}` is not a duration; write {ACCEPTED_FORMS}"))
}

/// "72u" or "24uur": digits joined to a unit.
fn split_joined(word: &str) -> Option<(u32, Unit)> {
    let digits = word.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = word.split_at(digits);
    Some((number.parse().ok()?, Unit::from_word(unit)?))
}

/// A number in digits or Dutch words up to ninety-nine ("veertien", "eenentwintig").
fn number_value(word: &str) -> Option<u32> {
    if let Ok(number) = word.parse::<u32>() {
        return Some(number);
    }
    const ONES: &[&str] = &[
        "nul",
        "een",
        "twee",
        "drie",
        "vier",
        "vijf",
        "zes",
        "zeven",
        "acht",
        "negen",
        "tien",
        "elf",
        "twaalf",
        "dertien",
        "veertien",
        "vijftien",
        "zestien",
        "zeventien",
        "achttien",
        "negentien",
    ];
    const TENS: &[&str] = &[
        "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig",
    ];
    let word = word.replace(['é', 'ë'], "e");
    let ones = |w: &str| ONES.iter().position(|o| *o == w).and_then(|n| u32::try_from(n).ok());
    let tens = |w: &str| TENS.iter().zip(2u32..).find(|(t, _)| **t == w).map(|(_, n)| n * 10);
    if word == "honderd" {
        return Some(100);
    }
    // A translation of a statement writes its periods in its own language; English is read too, so
    // that its change pages weigh a period as the default language's do.
    const ENGLISH: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    ];
    if let Some(n) = ENGLISH.iter().position(|w| *w == word) {
        return u32::try_from(n).ok();
    }
    ones(&word).or_else(|| tens(&word)).or_else(|| {
        let (ten, value) = TENS.iter().zip(2u32..).find(|(ten, _)| word.ends_with(*ten))?;
        let one = word.strip_suffix(ten)?.strip_suffix("en")?;
        Some(ones(one).filter(|n| (1..10).contains(n))? + value * 10)
    })
}

/// A period written in the editor's own words, read into a duration where it is one. It reads and
/// writes as the text itself, so pages show the editor's wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// The text as written.
    pub text: String,
    /// What it reads as.
    pub reading: Reading,
}

impl Period {
    /// The period of `text`.
    pub fn new(text: &str) -> Period {
        Period {
            text: text.to_owned(),
            reading: read(text),
        }
    }

    /// The duration, when the text is one.
    pub fn duration(&self) -> Option<Duration> {
        self.reading.duration
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Period::new(&String::deserialize(deserializer)?))
    }
}

/// A period that must be a duration ("72 uur"): a text that is not one is an error that names the
/// accepted forms. It reads and writes as the text itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrictPeriod(pub Period);

impl Serialize for StrictPeriod {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for StrictPeriod {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse(&text).map_err(serde::de::Error::custom)?;
        Ok(StrictPeriod(Period::new(&text)))
    }
}

/// In the schema for editors a period is text ("7 jaar", "veertien dagen", "zolang nodig").
impl schemars::JsonSchema for Period {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Period".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <String as schemars::JsonSchema>::json_schema(generator)
    }
}

/// In the schema for editors a strict period is text too; a reading error is reported by `check`.
impl schemars::JsonSchema for StrictPeriod {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "StrictPeriod".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <String as schemars::JsonSchema>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads(text: &str) -> Option<(u32, Unit, String)> {
        let reading = read(text);
        reading.duration.map(|d| (d.amount, d.unit, reading.rest))
    }

    #[test]
    fn durations_read_from_digits_and_words() {
        use Unit::*;
        let table: &[(&str, u32, Unit, &str)] = &[
            ("72 uur", 72, Hours, ""),
            ("24 uur", 24, Hours, ""),
            ("48 uren", 48, Hours, ""),
            ("72u", 72, Hours, ""),
            ("7 dagen", 7, Days, ""),
            ("1 dag", 1, Days, ""),
            ("veertien dagen", 14, Days, ""),
            ("Veertien dagen", 14, Days, ""),
            ("twee weken", 2, Weeks, ""),
            ("4 weken", 4, Weeks, ""),
            ("één maand", 1, Months, ""),
            ("zes maanden", 6, Months, ""),
            ("18 maanden", 18, Months, ""),
            ("7 jaar", 7, Years, ""),
            ("twintig jaar", 20, Years, ""),
            ("eenentwintig dagen", 21, Days, ""),
            ("tweeëntwintig dagen", 22, Days, ""),
            ("drieëntwintig dagen", 23, Days, ""),
            ("achtentwintig dagen", 28, Days, ""),
            (
                "2 jaar na einde huurovereenkomst",
                2,
                Years,
                "na einde huurovereenkomst",
            ),
            (
                "tot 2 jaar na einde huurovereenkomst",
                2,
                Years,
                "na einde huurovereenkomst",
            ),
            ("maximaal 4 weken", 4, Weeks, ""),
            ("ten hoogste 28 dagen", 28, Days, ""),
            ("7 dagen, bij een incident langer", 7, Days, "bij een incident langer"),
            ("honderd dagen", 100, Days, ""),
        ];
        for (text, amount, unit, rest) in table {
            assert_eq!(reads(text), Some((*amount, *unit, (*rest).to_owned())), "{text}");
        }
    }

    #[test]
    fn texts_that_are_not_durations_are_criteria() {
        for text in [
            "zolang nodig voor de huurovereenkomst",
            "tot het einde van de huur",
            "jaar",
            "veel dagen",
            "7",
            "",
            "zeven stuks",
            "enige tijd",
        ] {
            assert_eq!(read(text).duration, None, "{text}");
            assert_eq!(read(text).rest, text.trim());
            let error = parse(text).unwrap_err();
            assert!(
                error.contains("is not a duration") && error.contains("`72 uur`"),
                "{error}"
            );
        }
    }

    #[test]
    fn durations_compare_in_hours() {
        let hours = |t: &str| parse(t).unwrap().hours();
        assert_eq!(hours("14 dagen"), hours("veertien dagen"));
        assert_eq!(hours("twee weken"), hours("14 dagen"));
        assert!(hours("72 uur") < hours("7 dagen"));
    }

    #[test]
    fn periods_write_back_as_written() {
        let period: Period = serde_yaml::from_str("zolang nodig").unwrap();
        assert_eq!(serde_yaml::to_string(&period).unwrap().trim(), "zolang nodig");
        let error = serde_yaml::from_str::<StrictPeriod>("zolang nodig").unwrap_err();
        assert!(
            error.to_string().contains("accepted") || error.to_string().contains("e.g."),
            "{error}"
        );
    }
}
