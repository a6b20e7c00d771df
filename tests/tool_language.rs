//! The tool speaks one language per run: real commands (`check` on broken fixtures and on mistakes
//! with languages and translations, `build`, `diff`, `new-version`, `rebase`, `model-update`,
//! `record` of translations, a wrong command line) under `LANG=C` say
//! nothing in Dutch, and under `LANG=nl_NL.UTF-8` nothing in English, outside quoted values, paths
//! and the echoed YAML lines.

mod common;

use std::fs;
use std::path::Path;

use common::*;

const DUTCH: &str = "nl_NL.UTF-8";
const ENGLISH: &str = "C";

/// Common Dutch words that no English message has.
const DUTCH_WORDS: &[&str] = &[
    "de",
    "het",
    "een",
    "niet",
    "geen",
    "fout",
    "fouten",
    "bij",
    "van",
    "voor",
    "met",
    "en",
    "waarschuwing",
    "opmerking",
    "versie",
    "versies",
    "inhoud",
    "bestand",
    "regel",
    "oplossing",
    "zie",
    "onbekende",
    "verwacht",
    "toegestane",
    "sleutel",
    "waarde",
    "hier",
    "gebouwd",
    "begonnen",
    "opdracht",
];

/// Common English words that no Dutch message has.
const ENGLISH_WORDS: &[&str] = &[
    "the", "error", "errors", "not", "with", "and", "help", "warning", "this", "there", "cannot", "must", "found",
    "expected", "while", "file", "line", "add", "unknown", "allowed", "here", "built", "started", "command", "did",
    "you", "mean", "to", "value", "key",
];

/// The words of `output` that people read as the tool's own: without text in backticks, quotes,
/// «», [] (lint ids) or <> (placeholders), without paths and addresses, and without the YAML lines echoed under an error.
fn own_words(output: &str) -> Vec<String> {
    let mut words = Vec::new();
    for line in output.lines() {
        let trimmed = line.trim_start();
        let echoed = trimmed
            .split_once('|')
            .is_some_and(|(gutter, _)| gutter.trim().chars().all(|c| c.is_ascii_digit()));
        if echoed {
            continue;
        }
        let mut plain = String::new();
        let mut closing: Option<char> = None;
        for c in trimmed.chars() {
            match closing {
                Some(end) if c == end => closing = None,
                Some(_) => {}
                None => match c {
                    '`' => closing = Some('`'),
                    '"' => closing = Some('"'),
                    '«' => closing = Some('»'),
                    '[' => closing = Some(']'),
                    '<' => closing = Some('>'),
                    _ => plain.push(c),
                },
            }
        }
        for token in plain.split_whitespace() {
            if token.contains('/') || token.contains(".yaml") || token.contains("://") || token.contains("--") {
                continue;
            }
            for word in token.split(|c: char| !c.is_alphabetic()) {
                if !word.is_empty() {
                    words.push(word.to_lowercase());
                }
            }
        }
    }
    words
}

/// Fails when `output` (of `what`) has a word of `foreign` outside values and paths.
fn assert_one_language(what: &str, output: &str, foreign: &[&str]) {
    let found: Vec<String> = own_words(output)
        .into_iter()
        .filter(|word| foreign.contains(&word.as_str()))
        .collect();
    assert!(
        found.is_empty(),
        "{what}: words of the other language {found:?} in:\n{output}"
    );
}

/// Runs `args` in `cwd` in both languages and checks each output; returns (English, Dutch) stderr
/// and stdout together.
fn both(what: &str, args: &[&str], cwd: &Path) -> (String, String) {
    let run = |lang: &str| {
        let output = verklaar_in(lang, args, cwd);
        assert!(
            !String::from_utf8_lossy(&output.stderr).contains("panicked"),
            "{what}: panicked"
        );
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    };
    let (english, dutch) = (run(ENGLISH), run(DUTCH));
    assert_one_language(&format!("{what} (LANG=C)"), &english, DUTCH_WORDS);
    assert_one_language(&format!("{what} (LANG={DUTCH})"), &dutch, ENGLISH_WORDS);
    (english, dutch)
}

/// A copy of fixture `name` (its whole folder, themes included) in a temporary folder.
fn copy_of(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    dir
}

#[test]
fn check_of_five_mistakes_is_in_one_language_each() {
    let repo_dir = fixture("five-mistakes").parent().unwrap().to_path_buf();
    let (english, dutch) = both("check five-mistakes", &["check"], &repo_dir);
    assert!(english.contains("error: unknown key `emial`"), "{english}");
    assert!(english.contains("5 errors in the content"), "{english}");
    assert!(dutch.contains("fout: onbekende sleutel `emial`"), "{dutch}");
    assert!(dutch.contains("(bij `organisation.emial`)"), "{dutch}");
    assert!(
        dutch.contains("= tip: bedoelt u `email`? toegestane sleutels hier: name,"),
        "{dutch}"
    );
    assert!(
        dutch.contains("fout: verkeerd soort waarde: tekst \"Naam\", verwacht: een lijst"),
        "{dutch}"
    );
    assert!(dutch.contains("5 fouten in de inhoud"), "{dutch}");
}

#[test]
fn every_broken_file_is_reported_in_one_language() {
    let dir = copy_of("valid");
    for (name, target, body) in bad_cases() {
        let content = dir.path().join("content");
        fs::remove_dir_all(&content).unwrap();
        copy_dir(&fixture("valid"), &content);
        fs::write(content.join(&target), body).unwrap();
        both(&name, &["check"], dir.path());
    }
}

#[test]
fn lints_build_and_new_version_speak_the_chosen_language() {
    let lints = fixture("lints").parent().unwrap().to_path_buf();
    let (_, dutch) = both("check lints", &["check"], &lints);
    assert!(dutch.contains("waarschuwing["), "{dutch}");
    assert!(dutch.contains("= oplossing: "), "{dutch}");
    let dir = copy_of("valid");
    let (english, dutch) = both("build", &["build", "--today", TODAY], dir.path());
    assert!(english.contains("built "), "{english}");
    assert!(dutch.contains("bestanden gebouwd in output"), "{dutch}");
    let draft = dir.path().join("content/voorbeeld-wonen/draft.yaml");
    if draft.exists() {
        fs::remove_file(&draft).unwrap();
    }
    let english = verklaar_in(ENGLISH, &["new-version", "voorbeeld-wonen"], dir.path());
    let english = String::from_utf8_lossy(&english.stdout).into_owned();
    assert!(
        english.starts_with("started the next version of voorbeeld-wonen"),
        "{english}"
    );
    assert_one_language("new-version (LANG=C)", &english, DUTCH_WORDS);
    fs::remove_file(&draft).unwrap();
    let dutch = verklaar_in(DUTCH, &["new-version", "voorbeeld-wonen"], dir.path());
    let dutch = String::from_utf8_lossy(&dutch.stdout).into_owned();
    assert!(
        dutch.starts_with("de volgende versie van voorbeeld-wonen is begonnen"),
        "{dutch}"
    );
    assert_one_language("new-version (nl)", &dutch, ENGLISH_WORDS);
    let (english, dutch) = both("new-version twice", &["new-version", "voorbeeld-wonen"], dir.path());
    assert!(english.contains("voorbeeld-wonen already has a draft"), "{english}");
    assert!(dutch.contains("voorbeeld-wonen heeft al een concept"), "{dutch}");
}

/// The output (stdout, then stderr) of `args` run in `cwd` under `lang`, which must not panic.
fn said(lang: &str, args: &[&str], cwd: &Path) -> String {
    let output = verklaar_in(lang, args, cwd);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!said.contains("panicked"), "{args:?}: panicked:\n{said}");
    said
}

#[test]
fn rebase_and_model_update_speak_the_chosen_language() {
    // What each step says in each language; every step runs on its own copy of fixture `models`.
    let languages: [(&str, &[&str], [&str; 5]); 2] = [
        (
            ENGLISH,
            DUTCH_WORDS,
            [
                "volgt: wrote a draft content/volgt/draft.yaml from basis@2026-01-01 onto basis@2026-06-01",
                "volgt already has a draft: ",
                "conflicts in volgt: check each draft",
                "every corporation based on basis follows basis@2026-06-01 already",
                "volgt: rebased its existing draft content/volgt/draft.yaml",
            ],
        ),
        (
            DUTCH,
            ENGLISH_WORDS,
            [
                "volgt: concept content/volgt/draft.yaml geschreven, overgezet van basis@2026-01-01 op basis@2026-06-01",
                "volgt heeft al een concept: ",
                "conflicten in volgt: controleer elk concept",
                "elke corporatie die op basis gebaseerd is, volgt al basis@2026-06-01",
                "volgt: het bestaande concept content/volgt/draft.yaml is overgezet",
            ],
        ),
    ];
    let rebase = ["rebase", "volgt", "--onto", "basis@2026-06-01"];
    for (lang, foreign, [wrote, has_draft, conflicts_in, follows, forced]) in languages {
        let dir = copy_of("models");
        let mut steps = Vec::new();
        steps.push((said(lang, &rebase, dir.path()), wrote));
        steps.push((said(lang, &rebase, dir.path()), has_draft));
        fs::remove_file(dir.path().join("content/volgt/draft.yaml")).unwrap();
        steps.push((said(lang, &["model-update", "basis"], dir.path()), conflicts_in));
        steps.push((said(lang, &["model-update", "basis"], dir.path()), follows));
        steps.push((said(lang, &[&rebase[..], &["--force"]].concat(), dir.path()), forced));
        for (output, expected) in steps {
            assert!(output.contains(expected), "LANG={lang}: lacks {expected:?}:\n{output}");
            assert_one_language(&format!("rebase (LANG={lang})"), &output, foreign);
        }
    }
    // The conflict itself, with the model's values before and now and the corporation's.
    let (english_copy, dutch_copy) = (copy_of("models"), copy_of("models"));
    let english = said(ENGLISH, &rebase, english_copy.path());
    let dutch = said(DUTCH, &rebase, dutch_copy.path());
    assert!(
        english.contains("  conflict: `retention.periods[contact]`"),
        "{english}"
    );
    assert!(english.contains("    the model had:    `{"), "{english}");
    assert!(english.contains("    this corporation: `{"), "{english}");
    assert!(dutch.contains("  conflict: `retention.periods[contact]`"), "{dutch}");
    assert!(dutch.contains("    het model had:   `{"), "{dutch}");
    assert!(dutch.contains("    deze corporatie: `{"), "{dutch}");
    assert!(
        dutch.contains("verwijder het feit dan uit content/volgt/draft.yaml"),
        "{dutch}"
    );
    assert_one_language("a conflict (LANG=C)", &english, DUTCH_WORDS);
    assert_one_language("a conflict (nl)", &dutch, ENGLISH_WORDS);
    // Wrong model versions, models and corporations.
    let dir = copy_of("models");
    let (english, dutch) = both(
        "no such model version",
        &["rebase", "volgt", "--onto", "basis@2027-01-01"],
        dir.path(),
    );
    assert!(
        english.contains("there is no published model version `basis@2027-01-01`"),
        "{english}"
    );
    assert!(
        dutch.contains("er is geen gepubliceerde modelversie `basis@2027-01-01`"),
        "{dutch}"
    );
    assert!(
        dutch.contains("de gepubliceerde versies van basis zijn: 2026-01-01, 2026-06-01"),
        "{dutch}"
    );
    let (_, dutch) = both(
        "no model version at all",
        &["rebase", "volgt", "--onto", "basis"],
        dir.path(),
    );
    assert!(dutch.contains("`basis` noemt geen versie van een model"), "{dutch}");
    let (_, dutch) = both(
        "no such corporation",
        &["rebase", "volgd", "--onto", "basis@2026-06-01"],
        dir.path(),
    );
    assert!(dutch.contains("er is geen corporatie `volgd`"), "{dutch}");
    let (english, dutch) = both("no such model", &["model-update", "bassis"], dir.path());
    assert!(english.contains("there is no published model `bassis`"), "{english}");
    assert!(dutch.contains("er is geen gepubliceerd model `bassis`"), "{dutch}");
    assert!(dutch.contains("de modellen zijn: basis"), "{dutch}");
}

#[test]
fn a_based_on_naming_no_model_is_reported_in_one_language() {
    let dir = copy_of("models");
    let case = fs::read_to_string(repo().join("tests/fixtures/bad/based-on-unknown-model.yaml")).unwrap();
    let (target, body) = case
        .strip_prefix("# target: ")
        .and_then(|rest| rest.split_once('\n'))
        .unwrap();
    let path = dir.path().join("content").join(target);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, body).unwrap();
    let (english, dutch) = both("check based-on-unknown-model", &["check"], dir.path());
    assert!(
        english.contains("error: there is no model `sectormodel` in content/models/"),
        "{english}"
    );
    assert!(english.contains("models that exist: `basis`"), "{english}");
    assert!(
        dutch.contains("fout: er is geen model `sectormodel` in content/models/"),
        "{dutch}"
    );
    assert!(dutch.contains("modellen die er zijn: `basis`"), "{dutch}");
}

#[test]
fn a_wrong_command_line_is_explained_in_the_chosen_language() {
    let cwd = repo();
    let (english, dutch) = both("unknown command", &["biuld"], &cwd);
    assert!(english.contains("unrecognized subcommand 'biuld'"), "{english}");
    assert!(dutch.contains("fout: onbekende opdracht `biuld`"), "{dutch}");
    assert!(dutch.contains("= tip: bedoelt u `build`?"), "{dutch}");
    let (_, dutch) = both("unknown flag", &["check", "--formaat", "json"], &cwd);
    assert!(
        dutch.contains("fout: onbekende optie of onbekend argument `--formaat`"),
        "{dutch}"
    );
    let output = verklaar_in(DUTCH, &["check", "--formaat"], &cwd);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a wrong command line exits 2 in Dutch too"
    );
    let (_, dutch) = both("a bad date", &["build", "--today", "morgen"], &cwd);
    assert!(
        dutch.contains("`morgen` is geen datum: schrijf hem als JJJJ-MM-DD"),
        "{dutch}"
    );
    // `--lang` beats the environment, before clap has parsed anything.
    let output = verklaar_in(DUTCH, &["--lang", "en", "biuld"], &cwd);
    assert!(String::from_utf8_lossy(&output.stderr).contains("unrecognized subcommand"));
    let output = verklaar_in(ENGLISH, &["biuld", "--lang=nl"], &cwd);
    assert!(String::from_utf8_lossy(&output.stderr).contains("onbekende opdracht"));
}

#[test]
fn diff_header_and_lines_come_from_the_locale_of_the_tool_language() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/history"), dir.path());
    let args = ["diff", "voorbeeldhof", "2021-01-01", "2023-04-01"];
    let english = verklaar_in(ENGLISH, &args, dir.path());
    let note = String::from_utf8_lossy(&english.stderr).into_owned();
    if repo().join("themes/default/locales/en.yaml").exists() {
        // The default theme speaks English: so does diff, without a note.
        let out = String::from_utf8_lossy(&english.stdout).into_owned();
        assert!(out.starts_with("voorbeeldhof: ") && !out.contains("versie"), "{out}");
        assert!(note.is_empty(), "{note}");
    } else {
        // A theme with only a Dutch locale: in English the lines stay Dutch, and a note says why.
        assert!(
            note.starts_with("note: the theme has no wording in this language (locales/en.yaml)"),
            "{note}"
        );
    }
    let dutch = verklaar_in(DUTCH, &args, dir.path());
    let dutch_out = String::from_utf8_lossy(&dutch.stdout).into_owned();
    assert!(
        dutch_out.starts_with("voorbeeldhof: versie 2021-01-01 → versie 2023-04-01"),
        "{dutch_out}"
    );
    assert!(dutch.stderr.is_empty(), "{}", String::from_utf8_lossy(&dutch.stderr));
    // A theme with an English locale: header and lines in English. The stand-in is the Dutch locale
    // with its terminal wording and one change sentence in English.
    let locale = fs::read_to_string(repo().join("themes/default/locales/nl.yaml")).unwrap();
    let english_locale = locale
        .replace(
            "terminal_version: \"versie {version}\"",
            "terminal_version: \"version {version}\"",
        )
        .replace(
            "terminal_count: \"{count} wijzigingen\"",
            "terminal_count: \"{count} changes\"",
        )
        .replace(
            "terminal_fundamental: \" (waarvan {fundamental} ingrijpend, gemarkeerd met !)\"",
            "terminal_fundamental: \" ({fundamental} of them fundamental, marked with !)\"",
        );
    assert_ne!(locale, english_locale, "the stand-in changes the terminal wording");
    let locales = dir.path().join("themes/default/locales");
    fs::create_dir_all(&locales).unwrap();
    fs::write(locales.join("en.yaml"), english_locale).unwrap();
    let english = verklaar_in(ENGLISH, &args, dir.path());
    let out = String::from_utf8_lossy(&english.stdout).into_owned();
    assert!(
        out.starts_with(
            "voorbeeldhof: version 2021-01-01 → version 2023-04-01, 13 changes (8 of them fundamental, marked with !)"
        ),
        "{out}\n{}",
        String::from_utf8_lossy(&english.stderr)
    );
    assert!(
        english.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&english.stderr)
    );
}

/// Kills the preview when the test ends, also when it fails.
struct Preview(std::process::Child);

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_preview_logs_and_overlay_heading_are_dutch_in_dutch() {
    use std::io::{BufRead, BufReader, Read, Write};
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("valid"), &dir.path().join("content"));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_verklaar"))
        .args(["serve", "--port", "0"])
        .current_dir(dir.path())
        .env("LANG", DUTCH)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let _preview = Preview(child);
    let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
    let built = lines.next().unwrap_or_default();
    assert!(built.starts_with("de site is gebouwd in "), "{built}");
    let serving = lines.next().unwrap_or_default();
    let address = serving
        .split(" is te zien op http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("{serving}"))
        .to_owned();
    assert!(serving.ends_with("(Ctrl-C om te stoppen)"), "{serving}");
    let draft = dir.path().join("content/voorbeeld-wonen/draft.yaml");
    let text = fs::read_to_string(&draft).unwrap();
    fs::write(
        &draft,
        text.replacen("organisation:\n", "organisation:\n  nmae: X\n", 1),
    )
    .unwrap();
    let failed: String = lines
        .by_ref()
        .skip_while(|line| !line.starts_with("opnieuw bouwen na een wijziging in"))
        .take_while(|line| !line.contains("fout in de inhoud"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(failed.contains("is mislukt in"), "{failed}");
    assert!(failed.contains("fout: onbekende sleutel `nmae`"), "{failed}");
    assert_one_language("the preview's log", &failed, ENGLISH_WORDS);
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    write!(
        stream,
        "GET /voorbeeld-wonen/ HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut page = String::new();
    stream.read_to_string(&mut page).unwrap();
    assert!(
        page.contains("data-title=\"De laatste wijziging kon niet worden verwerkt."),
        "the overlay heading is in the tool's language:\n{page}"
    );
}

#[test]
fn help_is_in_the_chosen_language() {
    let cwd = repo();
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "-h"],
        &["diff", "--help"],
        &["help", "serve"],
    ] {
        let run = |lang: &str| {
            let output = verklaar_in(lang, args, &cwd);
            let text = String::from_utf8_lossy(&output.stdout).into_owned();
            // The names of the commands in the list (`help`, `build`) are names, not words.
            let words: String = text
                .lines()
                .map(|line| match line.strip_prefix("  ") {
                    Some(rest) if rest.starts_with(|c: char| c.is_ascii_lowercase()) => {
                        rest.split_once("  ").map_or("", |(_, about)| about)
                    }
                    _ => line,
                })
                .collect::<Vec<_>>()
                .join("\n");
            (text, words)
        };
        let ((english, english_words), (dutch, dutch_words)) = (run(ENGLISH), run(DUTCH));
        assert_one_language(&args.join(" "), &english_words, DUTCH_WORDS);
        assert_one_language(&args.join(" "), &dutch_words, ENGLISH_WORDS);
        assert!(english.contains("Usage: verklaar"), "{english}");
        assert!(dutch.contains("Gebruik: verklaar"), "{dutch}");
    }
    let dutch = verklaar_in(DUTCH, &["build", "--help"], &cwd);
    let dutch = String::from_utf8_lossy(&dutch.stdout).into_owned();
    assert!(
        dutch.contains("Map met site.yaml en één map per corporatie [standaard: content]"),
        "{dutch}"
    );
}

/// A copy of fixture `languages` with the case `name` of `tests/fixtures/bad-languages` written
/// over it (its `# target:` line says where, its `# expect:` lines are left out).
fn languages_with(name: &str) -> common::driver::SiteTest {
    let text = fs::read_to_string(repo().join("tests/fixtures/bad-languages").join(name)).unwrap();
    let target = text.lines().next().and_then(|l| l.strip_prefix("# target: ")).unwrap();
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("# target: ") && !l.starts_with("# expect: "))
        .map(|l| format!("{l}\n"))
        .collect();
    common::driver::SiteTest::fixture("languages").write(target, &body)
}

#[test]
fn every_mistake_with_languages_is_reported_in_one_language() {
    // Each case of `tests/fixtures/bad-languages`, with a line of what it says in Dutch.
    let cases = [
        (
            "corporation-named-like-a-language.yaml",
            "fout: de map `en` heeft de naam van een taal van de site, waarvan de pagina's in `en/` staan",
        ),
        (
            "language-without-locale.yaml",
            "de taalbestanden die er zijn: `en`, `nl`; voeg het bestand toe",
        ),
        (
            "languages-disagree.yaml",
            "fout: `language: en` en de eerste van `languages` (`nl`) verschillen",
        ),
        ("locale-missing-a-key.yaml", "fout: het taalbestand `en` mist "),
        (
            "translation-in-unknown-language.yaml",
            "de talen van de site zijn: `nl`, `en`; voeg `de` toe aan `languages:` in site.yaml",
        ),
        (
            "translation-of-missing-id.yaml",
            "fout: de nl-versie heeft geen onderdeel `id: huur` in `purposes.list`",
        ),
        (
            "translation-of-missing-text.yaml",
            "de velden op deze plek zijn: id, label, name, categories",
        ),
        (
            "translation-of-missing-version.yaml",
            "fout: er is geen versie `2022-01-01` voor deze vertaling",
        ),
        (
            "translation-of-shared-field.yaml",
            "fout: `purposes.list[0].categories` is voor elke taal hetzelfde en kan niet vertaald worden",
        ),
    ];
    let mut names: Vec<String> = fs::read_dir(repo().join("tests/fixtures/bad-languages"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        cases.map(|(name, _)| name.to_owned()),
        "a case without its Dutch line"
    );
    for (name, expected) in cases {
        let site = languages_with(name);
        let (english, dutch) = both(name, &["check"], site.root());
        assert!(english.contains("error: "), "{name}: {english}");
        assert!(dutch.contains(expected), "{name}: lacks {expected:?}:\n{dutch}");
        let counted = |output: &str, one: &str, many: &str| output.contains(one) || output.contains(many);
        assert!(
            counted(&english, "1 error in the content", " errors in the content"),
            "{name}: {english}"
        );
        assert!(
            counted(&dutch, "1 fout in de inhoud", " fouten in de inhoud"),
            "{name}: {dutch}"
        );
    }
}

#[test]
fn the_lag_lint_and_recording_translations_speak_the_chosen_language() {
    let site = common::driver::SiteTest::fixture("languages");
    let (english, dutch) = both("check languages", &["check"], site.root());
    assert!(
        english.contains(
            "warning[translation-lags-behind]: `security.measures[1].description` changed in this version, \
             but its `en` translation did not: the `en` page shows the old text, marked as behind"
        ),
        "{english}"
    );
    assert!(
        dutch.contains(
            "waarschuwing[translation-lags-behind]: `security.measures[1].description` is in deze versie \
             veranderd, maar de vertaling (`en`) niet: de pagina in `en` toont de oude tekst"
        ),
        "{dutch}"
    );
    assert!(
        dutch.contains("= oplossing: vertaal de gewijzigde tekst opnieuw in het vertaalbestand"),
        "{dutch}"
    );
    assert!(
        dutch.contains("= zie: AVG art. 12(1): informatie in een beknopte"),
        "{dutch}"
    );
    // A published translation that changed.
    let file = site.root().join("content/tweetalig/2021-01-01.en.yaml");
    let text = fs::read_to_string(&file)
        .unwrap()
        .replace("Renting out homes", "Letting homes");
    let site = site.write("content/tweetalig/2021-01-01.en.yaml", &text);
    let (_, dutch) = both("a changed translation", &["check"], site.root());
    assert!(
        dutch.contains("fout: deze vertaling is gepubliceerd, en haar tekst is na publicatie veranderd"),
        "{dutch}"
    );
    // Recording versions and translations into a fresh ledger: first one translation, then the rest.
    let record = |lang: &str| {
        let site = common::driver::SiteTest::fixture("languages");
        fs::remove_file(site.root().join("content/ledger.yaml")).unwrap();
        let one = said(lang, &["record", "tweetalig", "2021-01-01.en"], site.root());
        (one, said(lang, &["record", "--all"], site.root()))
    };
    let (one, rest) = record(ENGLISH);
    assert!(
        one.starts_with("recorded the `en` translation of tweetalig 2021-01-01 in "),
        "{one}"
    );
    assert!(rest.starts_with("recorded 3 versions and 1 translation in "), "{rest}");
    assert_one_language("record (LANG=C)", &format!("{one}{rest}"), DUTCH_WORDS);
    let (one, rest) = record(DUTCH);
    assert!(
        one.starts_with("de vertaling (`en`) van tweetalig 2021-01-01 is vastgelegd in "),
        "{one}"
    );
    assert!(
        rest.starts_with("3 versies en 1 vertaling zijn vastgelegd in "),
        "{rest}"
    );
    assert_one_language("record (nl)", &format!("{one}{rest}"), ENGLISH_WORDS);
}
