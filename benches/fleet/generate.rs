//! Writes a fleet of fictional corporations: N corporations with M published versions each, with
//! the changes real statements go through, drafts for every other corporation, and the ledger.
//!
//! Every corporation starts from the shipped Cocon Wonen statement under another name and city;
//! each next version changes one to three things (a retention period, a recipient, a sub-purpose, an
//! item of data) and often rewords the introduction. The output is a pure function of the sizes, so
//! the PDF cache of an earlier run stays valid.

use std::fs;
use std::path::Path;

use serde::Deserialize;
use serde_yaml::{Mapping, Value};
use verklaar::content::ledger::{Ledger, fingerprint};

/// The statement every corporation starts from, and the names in it that each one replaces.
const BASE: &str = "content/cocon-wonen/2018-05-25.yaml";
const BASE_NAME: &str = "Cocon Wonen";
const BASE_CITY: &str = "Soest";

/// Dutch words for names and changes, kept out of the code.
#[derive(Deserialize)]
struct Words {
    prefixes: Vec<String>,
    places: Vec<String>,
    /// Name, what the recipient receives.
    recipients: Vec<Vec<String>>,
    items: Vec<String>,
    purposes: Vec<String>,
    paragraphs: Vec<String>,
    summaries: Summaries,
}

#[derive(Deserialize)]
struct Summaries {
    retention: String,
    recipient: String,
    purpose: String,
    item: String,
    reword: String,
}

/// One generated corporation, as the benchmark needs to know it.
pub struct Generated {
    /// Folder name.
    pub slug: String,
    /// Published versions, oldest first: id and facts.
    pub versions: Vec<(String, Value)>,
    /// The draft, when this corporation has one.
    pub draft: Option<Value>,
}

/// A small deterministic generator (splitmix64), so that the fleet is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Writes `site.yaml`, every corporation's versions and drafts, and `ledger.yaml` into `content`
/// (replacing what was there), and a copy of the repository's themes beside it. The site has the
/// shipped `site.yaml`'s settings in `languages` (the first the default).
pub fn fleet(
    repo: &Path,
    content: &Path,
    corporations: usize,
    versions: usize,
    languages: &[String],
) -> Result<Vec<Generated>, String> {
    let words: Words =
        serde_yaml::from_str(&read(&repo.join("benches/fleet/words.yaml"))?).map_err(|e| format!("words.yaml: {e}"))?;
    let base = read(&repo.join(BASE))?;
    if content.exists() {
        fs::remove_dir_all(content).map_err(|e| format!("clear {}: {e}", content.display()))?;
    }
    fs::create_dir_all(content).map_err(|e| format!("create {}: {e}", content.display()))?;
    let site = site_settings(&read(&repo.join("content/site.yaml"))?, languages)?;
    write(&content.join("site.yaml"), &site)?;
    let themes = content
        .parent()
        .map(|p| p.join("themes"))
        .ok_or("content has no parent")?;
    copy_dir(&repo.join("themes"), &themes)?;

    let mut ledger = Ledger::default();
    let mut fleet = Vec::with_capacity(corporations);
    for index in 0..corporations {
        let corporation = corporation(&words, &base, index, versions)?;
        let dir = content.join(&corporation.slug);
        fs::create_dir_all(&dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
        for (id, facts) in &corporation.versions {
            let source = to_yaml(facts)?;
            let print = fingerprint(&source).ok_or_else(|| format!("{}/{id}: not YAML", corporation.slug))?;
            ledger.record(&corporation.slug, id, print);
            write(&dir.join(format!("{id}.yaml")), &source)?;
        }
        if let Some(draft) = &corporation.draft {
            write(&dir.join("draft.yaml"), &to_yaml(draft)?)?;
        }
        fleet.push(corporation);
    }
    ledger.save(content).map_err(|e| e.to_string())?;
    Ok(fleet)
}

/// The versions of corporation `index`.
fn corporation(words: &Words, base: &str, index: usize, versions: usize) -> Result<Generated, String> {
    let place = &words.places[index % words.places.len()];
    let prefix = &words.prefixes[(index / words.places.len()) % words.prefixes.len()];
    let name = format!("{prefix} {place} {}", index + 1);
    let slug = name.to_lowercase().replace(' ', "-");
    let source = base.replace(BASE_NAME, &name).replace(BASE_CITY, place);
    let mut facts: Value = serde_yaml::from_str(&source).map_err(|e| format!("{BASE}: {e}"))?;
    let mut rng = Rng(index as u64 + 1);
    let mut list = Vec::with_capacity(versions);
    for number in 0..versions {
        let date = version_date(index, number, versions);
        let mut summary = Vec::new();
        if number > 0 {
            change(words, &mut facts, &mut rng, number, &mut summary);
        }
        set(&mut facts, "published", Value::from(date.clone()));
        set(&mut facts, "summary", Value::from(summary.join(" ")));
        if let Some(signatory) = facts.get_mut("signatory") {
            set(signatory, "date", Value::from(date.clone()));
        }
        list.push((date, facts.clone()));
    }
    let draft = index.is_multiple_of(2).then(|| {
        let mut draft = facts.clone();
        let mut summary = Vec::new();
        change(words, &mut draft, &mut rng, versions, &mut summary);
        if let Value::Mapping(map) = &mut draft {
            map.remove("published");
        }
        set(&mut draft, "summary", Value::from(summary.join(" ")));
        draft
    });
    Ok(Generated {
        slug,
        versions: list,
        draft,
    })
}

/// Version `number` of corporation `index`: spread over the years before the benchmark's day.
fn version_date(index: usize, number: usize, versions: usize) -> String {
    let step = (96 / versions.max(1)).max(1);
    let month = number * step;
    format!("{}-{:02}-{:02}", 2016 + month / 12, month % 12 + 1, index % 28 + 1)
}

/// Makes one to three changes to `facts`, and often rewords the introduction; says what in `summary`.
fn change(words: &Words, facts: &mut Value, rng: &mut Rng, number: usize, summary: &mut Vec<String>) {
    let count = 1 + rng.below(3);
    let first = rng.below(4);
    for kind in (first..first + count).map(|k| k % 4) {
        let said = match kind {
            0 => retention(facts, rng, words),
            1 => recipient(facts, rng, words, number),
            2 => purpose(facts, rng, words, number),
            _ => item(facts, rng, words),
        };
        summary.push(said.to_owned());
    }
    if rng.below(2) == 0 {
        let paragraph = &words.paragraphs[rng.below(words.paragraphs.len())];
        if let Some(Value::String(text)) = facts.get_mut("introduction") {
            let mut paragraphs: Vec<&str> = text.trim_end().split("\n\n").collect();
            if paragraphs.len() > 2 {
                paragraphs.pop();
            }
            paragraphs.push(paragraph);
            *text = format!("{}\n", paragraphs.join("\n\n"));
        }
        summary.push(words.summaries.reword.clone());
    }
}

/// A longer or shorter retention period for one category.
fn retention<'w>(facts: &mut Value, rng: &mut Rng, words: &'w Words) -> &'w str {
    let years = 1 + rng.below(10);
    if let Some(Value::Sequence(periods)) = facts.get_mut("retention").and_then(|r| r.get_mut("periods")) {
        let at = rng.below(periods.len());
        if let Some(period) = periods.get_mut(at) {
            set(period, "period", Value::from(format!("{years} jaar")));
        }
    }
    &words.summaries.retention
}

/// A new recipient, or one that an earlier version added gone.
fn recipient<'w>(facts: &mut Value, rng: &mut Rng, words: &'w Words, number: usize) -> &'w str {
    if let Some(Value::Sequence(list)) = facts.get_mut("recipients").and_then(|r| r.get_mut("list")) {
        let added = list
            .iter()
            .position(|r| id_of(r).is_some_and(|id| id.starts_with("extra-")));
        match added {
            Some(at) if rng.below(2) == 0 => {
                list.remove(at);
            }
            _ => {
                let pick = &words.recipients[rng.below(words.recipients.len())];
                let mut new = Mapping::new();
                new.insert("id".into(), format!("extra-{number}").into());
                new.insert("name".into(), pick.first().cloned().unwrap_or_default().into());
                new.insert("kind".into(), "processor".into());
                new.insert("safeguard".into(), "processing_agreement".into());
                new.insert("receives".into(), pick.get(1).cloned().unwrap_or_default().into());
                new.insert("categories".into(), Value::Sequence(vec!["naam-contact".into()]));
                list.push(Value::Mapping(new));
            }
        }
    }
    &words.summaries.recipient
}

/// A new sub-purpose, or one that an earlier version added gone.
fn purpose<'w>(facts: &mut Value, rng: &mut Rng, words: &'w Words, number: usize) -> &'w str {
    if let Some(Value::Sequence(list)) = facts.get_mut("purposes").and_then(|p| p.get_mut("list")) {
        let at = rng.below(list.len());
        let Some(main) = list.get_mut(at) else {
            return &words.summaries.purpose;
        };
        let parent = id_of(main).unwrap_or_default().to_owned();
        if let Some(Value::Sequence(subs)) = main.get_mut("sub_purposes") {
            let added = subs
                .iter()
                .position(|s| id_of(s).is_some_and(|id| id.contains("-new-")));
            match added {
                Some(at) if rng.below(2) == 0 => {
                    subs.remove(at);
                }
                _ => {
                    let mut new = Mapping::new();
                    new.insert("id".into(), format!("{parent}-new-{number}").into());
                    let label = format!("{}{}", parent.to_uppercase(), subs.len() + 1);
                    new.insert("label".into(), label.into());
                    let name = &words.purposes[rng.below(words.purposes.len())];
                    new.insert("name".into(), name.clone().into());
                    subs.push(Value::Mapping(new));
                }
            }
        }
    }
    &words.summaries.purpose
}

/// An item of data more or less in one category.
fn item<'w>(facts: &mut Value, rng: &mut Rng, words: &'w Words) -> &'w str {
    let category = rng.below(2);
    if let Some(Value::Sequence(categories)) = facts.get_mut("data").and_then(|d| d.get_mut("categories"))
        && let Some(Value::Sequence(items)) = categories.get_mut(category).and_then(|c| c.get_mut("items"))
    {
        let added = items
            .iter()
            .position(|i| i.as_str().is_some_and(|s| words.items.iter().any(|w| w == s)));
        match added {
            Some(at) if rng.below(2) == 0 => {
                items.remove(at);
            }
            _ => {
                let new = &words.items[rng.below(words.items.len())];
                if !items.iter().any(|i| i.as_str() == Some(new)) {
                    items.push(new.clone().into());
                }
            }
        }
    }
    &words.summaries.item
}

fn id_of(value: &Value) -> Option<&str> {
    value.get("id").and_then(Value::as_str)
}

fn set(value: &mut Value, key: &str, new: Value) {
    if let Value::Mapping(map) = value {
        map.insert(key.into(), new);
    }
}

fn to_yaml(facts: &Value) -> Result<String, String> {
    serde_yaml::to_string(facts).map_err(|e| e.to_string())
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("write {}: {e}", path.display()))
}

/// Copies a folder tree, replacing `to`.
pub fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    if to.exists() {
        fs::remove_dir_all(to).map_err(|e| format!("clear {}: {e}", to.display()))?;
    }
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(|e| e.to_string())?;
        let relative = entry.path().strip_prefix(from).map_err(|e| e.to_string())?;
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).map_err(|e| format!("create {}: {e}", target.display()))?;
        } else {
            fs::copy(entry.path(), &target).map_err(|e| format!("copy {}: {e}", target.display()))?;
        }
    }
    Ok(())
}

/// The shipped site settings `site` with only `languages`, and the titles of those languages.
fn site_settings(site: &str, languages: &[String]) -> Result<String, String> {
    let mut settings: serde_yaml::Mapping = serde_yaml::from_str(site).map_err(|e| format!("site.yaml: {e}"))?;
    settings.remove("language");
    let list = languages.iter().cloned().map(serde_yaml::Value::String).collect();
    settings.insert("languages".into(), serde_yaml::Value::Sequence(list));
    if let Some(serde_yaml::Value::Mapping(translations)) = settings.get_mut("translations") {
        translations.retain(|code, _| code.as_str().is_some_and(|c| languages.iter().any(|l| l == c)));
    }
    serde_yaml::to_string(&settings).map_err(|e| format!("site.yaml: {e}"))
}
