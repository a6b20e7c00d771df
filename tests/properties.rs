//! A short run of the property targets in `tests/props/` (the long run is `benches/fuzz.rs`).

mod props;

use props::*;

#[test]
fn random_yaml_never_panics_the_loader() {
    run(512, text(), |source| yaml(&source));
}

#[test]
fn a_mutated_statement_never_panics_the_loader_or_the_checks() {
    run(256, mutated_draft(), |source| yaml(&source));
}

#[test]
fn random_markdown_renders_without_scripts() {
    run(512, text(), |source| markdown(&source));
}

#[test]
fn random_file_names_never_panic_the_loader() {
    let (_dir, content) = content_folder();
    run(128, (name(), text()), |(name, body)| paths(&content, &name, &body));
}

#[test]
fn random_text_in_the_statement_renders_safely() {
    // A few whole builds: random text as the organisation's name and introduction.
    let (_dir, content) = content_folder();
    run(12, (text(), text()), |(name, intro)| {
        let quoted = |s: &str| serde_json::to_string(s).unwrap();
        let statement = format!(
            "organisation: {{ name: {} }}\nintroduction: {}\n",
            quoted(&name),
            quoted(&intro)
        );
        std::fs::write(content.join("acme/draft.yaml"), statement).unwrap();
        let options = verklaar::site::BuildOptions {
            drafts: true,
            today: "2026-11-21".parse().unwrap(),
        };
        if let Ok(site) = verklaar::site::build(&content, options) {
            for (path, bytes) in &site.files {
                let page = String::from_utf8_lossy(bytes).to_lowercase();
                proptest::prop_assert!(!page.contains("href=\"javascript:"), "{path}");
                proptest::prop_assert!(!page.contains("<script>alert"), "{path}");
            }
        }
        Ok(())
    });
}

#[test]
fn random_request_paths_never_leave_the_site_in_the_preview_router() {
    run(2048, request_path(), |path| router(&path));
}
