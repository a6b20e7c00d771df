//! The preview's site on disk: a save renders only the corporation saved and writes only the files
//! whose bytes changed, a second start keeps what the first built, and after any edits the folder
//! served holds exactly what `verklaar build --drafts` makes (without the PDFs).

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::*;
use verklaar::content::date::Date;
use verklaar::site::BuildOptions;

/// The preview's folder for the content folder `content`.
fn served(content: &Path) -> PathBuf {
    content.parent().unwrap().join(".verklaar-cache/preview-content")
}

/// The inode and modification time of every file under `dir`.
fn stamps_in(dir: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().unwrap();
            let path = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (path, (meta.ino(), meta.mtime(), meta.mtime_nsec()))
        })
        .collect()
}

/// A second corporation with only a draft (published versions would need the ledger).
fn add_other(content: &Path) {
    let folder = content.join("ander-wonen");
    fs::create_dir_all(&folder).unwrap();
    let draft = fs::read_to_string(fixture("valid").join(STATEMENT)).unwrap();
    fs::write(folder.join("draft.yaml"), draft).unwrap();
}

/// Waits until the log has `count` lines and gives the last.
fn log_line(server: &Running, count: usize) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let log = server.log.lock().unwrap().clone();
        if log.len() >= count {
            return log[count - 1].clone();
        }
        assert!(Instant::now() < deadline, "no log line {count}: {log:?}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

#[test]
fn a_save_renders_only_its_corporation_and_writes_only_the_files_that_changed() {
    let server = Running::start_prepared("valid", false, |c| c.to_owned(), add_other);
    let folder = served(&server.content);
    let before = stamps_in(&folder);
    assert!(before.contains_key("ander-wonen/draft/index.html"), "{before:?}");
    let started = server.log.lock().unwrap().len();

    let original = server.read(STATEMENT);
    server.save(STATEMENT, &original.replace("Wij zijn zuinig", "Wij zijn heel zuinig"));
    server.wait_for("/voorbeeld-wonen/draft/", |body| body.contains("heel zuinig"));
    let line = log_line(&server, started + 1);
    assert!(line.contains("(voorbeeld-wonen rendered again)"), "{line}");

    let after = stamps_in(&folder);
    let touched: Vec<&String> = after
        .keys()
        .filter(|path| before.get(*path) != after.get(*path))
        .collect();
    assert!(
        touched.iter().any(|path| *path == "voorbeeld-wonen/draft/index.html"),
        "{touched:?}"
    );
    // The other corporation, and the pages of published versions the edit did not change, keep
    // their files: not written again.
    assert!(
        !touched.iter().any(|path| path.starts_with("ander-wonen/")),
        "{touched:?}"
    );
    assert!(
        !touched.contains(&&"voorbeeld-wonen/2020-01-01/index.html".to_owned()),
        "{touched:?}"
    );
    assert_eq!(after.len(), before.len());
}

#[test]
fn a_second_start_keeps_the_files_of_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("valid"), &content);
    let options = ServeOptions {
        content: content.clone(),
        bind: LOCALHOST,
        port: 0,
        poll: false,
    };
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = log.clone();
    Preview::start(&options, |_| {}).unwrap().stop();
    let before = stamps_in(&served(&content));
    Preview::start(&options, move |line| sink.lock().unwrap().push(line.to_owned()))
        .unwrap()
        .stop();
    assert_eq!(stamps_in(&served(&content)), before, "nothing written again");
    let first = log.lock().unwrap()[0].clone();
    assert!(
        first.contains("(0 corporations rendered, 1 kept from the last preview)"),
        "{first}"
    );
}

/// Edits `server`'s content in several ways, waiting for each to show, then builds the same
/// content with `verklaar build --drafts` and compares the two folders.
fn same_as_a_build_after_edits(name: &str) {
    let server = Running::start_with(name, false, |c| c.to_owned());
    let other = "ander-wonen/draft.yaml";
    add_other(&server.content);
    server.wait_for_status("/ander-wonen/draft/", 200);
    let draft = server.read(other);
    server.save(other, &draft.replace("Wij zijn zuinig", "Wij zijn heel zuinig"));
    server.wait_for("/ander-wonen/draft/", |body| body.contains("heel zuinig"));
    // A broken save, then a fix with another edit.
    server.save(
        other,
        &draft.replace("  city: Voorbeeldstad\n", "  city: Voorbeeldstad\n  nmae: x\n"),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.status_error("ander-wonen/draft/index.html", 0).is_null() {
        assert!(Instant::now() < deadline, "the broken save was not noticed");
        std::thread::sleep(Duration::from_millis(25));
    }
    server.save(other, &draft.replace("Wij zijn zuinig", "Wij zijn erg zuinig"));
    server.wait_for("/ander-wonen/draft/", |body| body.contains("erg zuinig"));
    // A corporation gone.
    let third = server.content.join("derde-wonen");
    fs::create_dir(&third).unwrap();
    fs::write(third.join("draft.yaml"), &draft).unwrap();
    server.wait_for_status("/derde-wonen/draft/", 200);
    fs::remove_dir_all(&third).unwrap();
    server.wait_for_status("/derde-wonen/draft/", 404);

    let out = server.content.parent().unwrap().join("output");
    let options = BuildOptions {
        drafts: true,
        today: Date::today(),
    };
    verklaar::commands::build(&server.content, &out, options, None, None).unwrap();
    let built: BTreeMap<String, Vec<u8>> = tree(&out)
        .into_iter()
        .filter(|(path, _)| !path.ends_with(".pdf"))
        .collect();
    let preview = tree(&served(&server.content));
    assert_eq!(
        preview.keys().collect::<Vec<_>>(),
        built.keys().collect::<Vec<_>>(),
        "the same files in {name}"
    );
    for (path, bytes) in &built {
        assert!(preview[path] == *bytes, "{name}: {path} differs from the build's");
    }
    // And what is served is those files (pages with the preview script added).
    let (status, manifest) = server.get("/index.json");
    assert_eq!(status, 200);
    assert_eq!(manifest.as_bytes(), built["index.json"].as_slice());
}

#[test]
fn after_edits_the_served_site_is_a_build_of_the_same_content() {
    same_as_a_build_after_edits("valid");
}

#[test]
fn after_edits_a_site_in_two_languages_is_a_build_of_the_same_content() {
    same_as_a_build_after_edits("languages");
}

#[test]
fn after_edits_a_site_with_other_documents_is_a_build_of_the_same_content() {
    same_as_a_build_after_edits("documents");
}

#[test]
fn after_edits_a_site_with_model_statements_is_a_build_of_the_same_content() {
    same_as_a_build_after_edits("models");
}
