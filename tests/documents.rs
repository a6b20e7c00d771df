//! More than one document per corporation: a camera statement in `content/<slug>/cameraverklaring/`
//! is versioned with its own pages, print page, PDF, change log, feed and ledger entries, and the
//! corporation's documents link to each other.

mod common;

use std::fs;

use common::*;

#[test]
fn another_document_has_its_own_pages_pdf_change_log_and_feed() {
    let site = build(&fixture("documents"));
    for path in [
        "proefdorp/index.html",
        "proefdorp/2026-01-01/proefdorp-2026-01-01.pdf",
        "proefdorp/cameraverklaring/index.html",
        "proefdorp/cameraverklaring/2026-03-01/index.html",
        "proefdorp/cameraverklaring/2026-03-01/print/index.html",
        "proefdorp/cameraverklaring/2026-03-01/proefdorp-cameraverklaring-2026-03-01.pdf",
        "proefdorp/cameraverklaring/2026-09-01/changes/index.html",
        "proefdorp/cameraverklaring/changes/index.html",
        "proefdorp/cameraverklaring/feed.xml",
    ] {
        assert!(site.files.contains_key(path), "{path}: {:?}", site.files.keys());
    }
    let changes = visible_text(&page(&site, "proefdorp/cameraverklaring/2026-09-01/changes/index.html"));
    assert!(
        changes.contains("Camerabeelden van Entree Torenflat bewaren we voortaan 28 dagen in plaats van veertien (want: een langere bewaartermijn)"),
        "{changes}"
    );
    let camera = page(&site, "proefdorp/cameraverklaring/index.html");
    assert!(camera.contains("<h1>Cameraverklaring</h1>"), "its kind gives its title");
    let feed = page(&site, "proefdorp/cameraverklaring/feed.xml");
    assert!(feed.contains("<title>Cameraverklaring van Woonstichting Proefdorp: versies</title>"));
    let log = page(&site, "proefdorp/cameraverklaring/changes/index.html");
    assert!(log.contains("elke versie van de cameraverklaring van Woonstichting Proefdorp"));
    let past = page(&site, "proefdorp/cameraverklaring/2026-03-01/index.html");
    assert!(past.contains("Dit is niet de actuele versie van deze cameraverklaring."));
}

#[test]
fn the_documents_of_a_corporation_link_to_each_other_and_the_index_lists_it_once() {
    let site = build(&fixture("documents"));
    let privacy = page(&site, "proefdorp/index.html");
    assert!(privacy.contains(r#"<a href="../proefdorp/cameraverklaring/">Cameraverklaring</a>"#));
    let camera = page(&site, "proefdorp/cameraverklaring/2026-03-01/index.html");
    assert!(camera.contains(r#"<a href="../../../proefdorp/">Privacyverklaring</a>"#));
    let print = page(&site, "proefdorp/cameraverklaring/2026-03-01/print/index.html");
    assert!(
        print.contains("Privacyverklaring"),
        "the print page names the other document"
    );
    let index = page(&site, "index.html");
    assert_eq!(index.matches("Woonstichting Proefdorp").count(), 1, "{index}");
    let alone = page(&build(&fixture("camera-statement")), "proefdorp/index.html");
    assert!(!alone.contains(r#"class="documents""#), "one document needs no links");
}

#[test]
fn documents_are_in_the_ledger_and_a_bad_folder_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("documents"), &content);
    let file = content.join("proefdorp/cameraverklaring/2026-03-01.yaml");
    let edited = fs::read_to_string(&file).unwrap().replace("72 uur", "96 uur");
    fs::write(&file, edited).unwrap();
    let error = verklaar::site::build(&content, options(false))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("proefdorp/cameraverklaring/2026-03-01.yaml"), "{error}");

    copy_dir(&fixture("documents"), &content);
    fs::rename(
        content.join("proefdorp/cameraverklaring"),
        content.join("proefdorp/Camera Verklaring"),
    )
    .unwrap();
    let error = verklaar::site::build(&content, options(false))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("cannot be used in a web address"), "{error}");
}

#[test]
fn a_preview_update_of_a_corporation_renders_its_other_documents_too() {
    let content = verklaar::content::check(&fixture("documents")).unwrap_or_else(|e| panic!("{e}"));
    let builder = verklaar::site::Builder::new(&content, options(false)).unwrap_or_else(|e| panic!("{e}"));
    let full = builder.render(&content).unwrap_or_else(|e| panic!("{e}"));
    let changed = ["proefdorp"].into_iter().collect();
    let update = builder
        .render_update(&content, &full, &changed)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        update.files.keys().collect::<Vec<_>>(),
        full.files.keys().collect::<Vec<_>>()
    );
    assert!(update.files.contains_key("proefdorp/cameraverklaring/index.html"));
}
