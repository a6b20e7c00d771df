//! The JSON Schema of `verklaar schema` in a real editor's language server: yaml-language-server
//! (from npm, installed by `tests/run`) flags unknown keys and wrong types, and accepts every
//! version file that loads.

mod common;
#[path = "schema/lsp.rs"]
mod lsp;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use verklaar::content::schema::{
    MODELINE, SCHEMA_FILE, TRANSLATION_SCHEMA_FILE, translation_schema_json, version_schema_json,
};

/// A folder laid out like a content folder, with the schema beside where `site.yaml` would be.
fn folder_with_schema() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(SCHEMA_FILE), version_schema_json().unwrap()).unwrap();
    fs::create_dir(dir.path().join("acme")).unwrap();
    dir
}

#[test]
fn an_unknown_key_and_a_wrong_type_each_get_a_diagnostic() {
    let dir = folder_with_schema();
    let file = dir.path().join("acme/draft.yaml");
    // Line 3 has a key the model does not know, line 7 a text where a list belongs.
    let text = format!(
        "{MODELINE}\norganisation:\n  name: Acme\n  emial: info@acme.nl\ndata:\n  categories:\n    - id: contact\n      items: Naam\nrights:\n  list:\n    - kind: access\ncomplaints: {{}}\n"
    );
    let mut server = lsp::Server::start(dir.path());
    let published = server.diagnose(&[(&file, text)]);
    // The Dutch description shows where the pointer rests on a key.
    let schema: serde_json::Value = serde_json::from_str(&version_schema_json().unwrap()).unwrap();
    let dutch = schema["definitions"]["Organisation"]["properties"]["name"]["description"]
        .as_str()
        .unwrap();
    let example = schema["definitions"]["Organisation"]["properties"]["name"]["examples"][0]
        .as_str()
        .unwrap();
    // The server escapes Markdown punctuation such as the full stop.
    let hover = server.hover(&file, 2, 4).replace('\\', "");
    assert!(hover.contains(dutch) && hover.contains(example), "{hover}");
    let mut diagnostics = published[&lsp::uri(&file)].clone();
    diagnostics.sort_by_key(|d| d.line);
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].line, 3, "{diagnostics:#?}");
    assert!(
        diagnostics[0].message.contains("emial is not allowed"),
        "{diagnostics:#?}"
    );
    assert_eq!(diagnostics[1].line, 7, "{diagnostics:#?}");
    assert!(
        diagnostics[1].message.contains("Incorrect type. Expected \"array\""),
        "{diagnostics:#?}"
    );
}

#[test]
fn every_version_file_that_loads_is_valid_against_the_schema() {
    let dir = folder_with_schema();
    let mut folders = vec![repo().join("content")];
    for entry in fs::read_dir(repo().join("tests/fixtures")).unwrap() {
        folders.push(entry.unwrap().path().join("content"));
    }
    folders.sort();
    // Each file is opened as if it were in the folder with the schema, with the schema line first;
    // only the files that load today count (the fixtures of errors have some that do not).
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for folder in &folders {
        let Ok(loaded) = verklaar::content::load::load(folder) else {
            continue;
        };
        for corporation in loaded.content.iter().flat_map(|c| &c.corporations) {
            for version in corporation.versions.iter().chain(&corporation.draft) {
                let slug = corporation.slug.replace('/', "-");
                let name = format!("{}-{slug}-{}.yaml", folder_name(folder), version.id);
                let text = verklaar::content::schema::with_modeline(&version.source);
                files.push((dir.path().join("acme").join(name), text));
            }
        }
    }
    assert!(files.len() > 10, "too few version files found: {}", files.len());
    // A control, so that a schema the server failed to read cannot pass for one that accepts all.
    let control = dir.path().join("acme/control.yaml");
    files.push((control.clone(), format!("{MODELINE}\ntitel: Privacyverklaring\n")));
    let opened: Vec<(&Path, String)> = files
        .iter()
        .map(|(path, text)| (path.as_path(), text.clone()))
        .collect();
    let mut server = lsp::Server::start(dir.path());
    let mut published = server.diagnose(&opened);
    let control = published.remove(&lsp::uri(&control)).unwrap_or_default();
    assert!(
        control.iter().any(|d| d.message.contains("titel is not allowed")),
        "{control:#?}"
    );
    let problems: Vec<String> = published
        .iter()
        .flat_map(|(uri, diagnostics)| {
            diagnostics
                .iter()
                .map(move |d| format!("{uri}:{}: {}", d.line + 1, d.message))
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    eprintln!("{} version files are valid against the schema", published.len());
}

#[test]
fn the_vs_code_settings_of_the_readme_cover_version_files_and_leave_lints_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(content.join("acme")).unwrap();
    fs::write(content.join(SCHEMA_FILE), version_schema_json().unwrap()).unwrap();
    // As in the README's `.vscode/settings.json`.
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    let setting = r#""yaml.schemas": { "./content/version.schema.json": ["content/*/*.yaml", "!content/*/lints.yaml", "!content/*/*.*.yaml"], "./content/translation.schema.json": ["content/*/*.*.yaml"] }"#;
    assert!(
        readme.contains(setting),
        "the README shows other settings than this test uses"
    );
    fs::write(
        content.join(TRANSLATION_SCHEMA_FILE),
        translation_schema_json().unwrap(),
    )
    .unwrap();
    let schemas = serde_json::json!({
        "./content/version.schema.json": ["content/*/*.yaml", "!content/*/lints.yaml", "!content/*/*.*.yaml"],
        "./content/translation.schema.json": ["content/*/*.*.yaml"],
    });
    let version = content.join("acme/2020-01-01.yaml");
    let lints = content.join("acme/lints.yaml");
    let translation = content.join("acme/2020-01-01.en.yaml");
    let mut server = lsp::Server::start_with(dir.path(), schemas);
    let published = server.diagnose(&[
        (&version, "titel: Privacyverklaring\n".to_owned()),
        (
            &lints,
            "allow:\n  - lint: b1-long-word\n    reason: Het woord van de AVG.\n".to_owned(),
        ),
        (&translation, "summary: The first version.\ntitel: x\n".to_owned()),
    ]);
    // A translation needs none of a version's required fields, and has the same ones.
    let on_translation = &published[&lsp::uri(&translation)];
    assert!(
        on_translation.len() == 1 && on_translation[0].message.contains("titel is not allowed"),
        "{on_translation:#?}"
    );
    let on_version = &published[&lsp::uri(&version)];
    assert!(
        on_version.iter().any(|d| d.message.contains("titel is not allowed")),
        "{on_version:#?}"
    );
    assert_eq!(published[&lsp::uri(&lints)], [], "lints.yaml is not a version file");
}

#[test]
fn verklaar_schema_prints_the_schema_or_writes_it_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let printed = verklaar(&["schema", "--quiet"], dir.path());
    assert!(printed.status.success());
    assert_eq!(
        String::from_utf8(printed.stdout).unwrap(),
        version_schema_json().unwrap()
    );
    let written = verklaar(&["schema", "--out", "version.schema.json"], dir.path());
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    assert!(String::from_utf8_lossy(&written.stdout).contains(MODELINE));
    let file = fs::read_to_string(dir.path().join("version.schema.json")).unwrap();
    assert_eq!(file, version_schema_json().unwrap());
}

#[test]
fn the_shipped_schema_is_the_one_the_model_gives() {
    let shipped = fs::read_to_string(repo().join("content").join(SCHEMA_FILE)).unwrap();
    assert!(
        shipped == version_schema_json().unwrap(),
        "content/{SCHEMA_FILE} is out of date: run `verklaar schema --out content/{SCHEMA_FILE}`"
    );
}

/// The name of the folder above a content folder: the fixture's name, or the repository's.
fn folder_name(content: &Path) -> String {
    content
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn the_shipped_translation_schema_is_the_one_the_model_gives() {
    let shipped = fs::read_to_string(repo().join("content").join(TRANSLATION_SCHEMA_FILE)).unwrap();
    assert!(
        shipped == translation_schema_json().unwrap(),
        "content/{TRANSLATION_SCHEMA_FILE} is out of date: run `verklaar new-version` on any corporation (it \
         writes both schemas), then remove the draft"
    );
}
