//! The printable statement: print pages and PDFs of the shipped content and fixtures, checked with
//! the tools an archive would use (poppler's pdfinfo, pdffonts and pdftotext, and qpdf), which
//! `tests/run` installs.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use verklaar::site::{SiteFiles, build_with_pdf_cache};

/// Runs a tool on a file (then `after`) and returns its standard output; fails the test when the
/// tool fails.
/// A copy of the valid fixture whose newest version opens with `introduction`, corrected as an
/// erratum; the temporary folder and the content folder in it.
fn valid_with_introduction(introduction: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("valid"), &content);
    let file = content.join("voorbeeld-wonen/2021-03-01.yaml");
    let yaml = fs::read_to_string(&file)
        .unwrap()
        .replace("Wij gaan zorgvuldig om met uw gegevens.", introduction);
    fs::write(&file, yaml).unwrap();
    accept_correction(&content, "voorbeeld-wonen", "2021-03-01");
    (dir, content)
}

/// Accepts an edit of a published version as a correction, the way `verklaar erratum` does.
fn accept_correction(content: &Path, slug: &str, version: &str) {
    let today = TODAY.parse().unwrap();
    verklaar::lifecycle::erratum(content, slug, version, "Correctie voor de test.", today).unwrap();
}

fn tool_with(program: &str, args: &[&str], file: &Path, after: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .arg(file)
        .args(after)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} ({e}); run tests/run, which installs poppler-utils and qpdf"));
    assert!(
        output.status.success(),
        "{program} {args:?} {} failed:\n{}{}",
        file.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn tool(program: &str, args: &[&str], file: &Path) -> String {
    tool_with(program, args, file, &[])
}

/// The PDFs of a built site, by path.
fn pdfs(site: &SiteFiles) -> BTreeMap<&str, &[u8]> {
    site.files
        .iter()
        .filter(|(path, _)| path.ends_with(".pdf"))
        .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
        .collect()
}

/// Writes a built site to a temporary folder, for the command-line tools.
fn on_disk(site: &SiteFiles) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    verklaar::site::write(site, &dir.path().join("output")).unwrap();
    dir
}

/// What pdftotext reads, with white space collapsed and words that typst hyphenated at the end of a
/// line (which pdftotext shows as a soft hyphen) joined again. `join` says what becomes of a hard
/// hyphen at the end of a line, where a word with a hyphen of its own (`e-mailadres`) may break.
fn pdf_text(pdf: &Path, join: &str) -> String {
    let raw = tool_with("pdftotext", &["-raw", "-enc", "UTF-8"], pdf, &["-"]);
    let joined = raw.replace("\u{ad}\n", "").replace("-\n", join);
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The facts of a seed (`tests/seed_facts/<slug>.txt`) that none of `texts` shows.
fn missing_facts(slug: &str, texts: &[String]) -> Vec<String> {
    let facts = fs::read_to_string(repo().join("tests/seed_facts").join(format!("{slug}.txt"))).unwrap();
    facts
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter(|fact| !texts.iter().any(|text| text.contains(fact)))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_published_version_has_a_print_page_and_a_pdf_linked_from_its_statement() {
    let site = build(&repo().join("content"));
    let manifest: serde_json::Value = serde_json::from_str(&page(&site, "index.json")).unwrap();
    let mut versions = 0;
    for corporation in manifest["corporations"].as_array().unwrap() {
        for version in corporation["versions"].as_array().unwrap() {
            let print = version["print"].as_str().unwrap().trim_start_matches('/');
            let pdf = version["pdf"].as_str().unwrap().trim_start_matches('/');
            assert!(site.files.contains_key(&format!("{print}index.html")), "{print}");
            assert!(site.files[pdf].starts_with(b"%PDF-"), "{pdf}");
            let url = version["url"].as_str().unwrap().trim_start_matches('/');
            let statement = page(&site, &format!("{url}index.html"));
            let links = attribute_values(&statement, "href");
            let root = "../".repeat(url.matches('/').count());
            assert!(links.contains(&format!("{root}{print}")), "{links:?}");
            assert!(links.contains(&format!("{root}{pdf}")), "{links:?}");
            versions += 1;
        }
    }
    assert_eq!(versions, published_versions(&repo().join("content")));
    // Each other language has the PDF of every version too, in its folder.
    let languages = 1 + other_languages(&repo().join("content")).len();
    assert_eq!(pdfs(&site).len(), versions * languages);
}

#[test]
fn a_print_page_declares_its_pdf_and_a_draft_has_none() {
    let site = build(&fixture("valid"));
    let html = page(&site, "voorbeeld-wonen/2021-03-01/print/index.html");
    assert!(html.contains(r#"<link rel="alternate" type="application/pdf" href="../../../voorbeeld-wonen/2021-03-01/voorbeeld-wonen-2021-03-01.pdf">"#));
    for (name, value) in [
        ("dcterms.title", "Privacyverklaring &lt;test&gt;"),
        ("dcterms.publisher", "Voorbeeld Wonen"),
        (
            "dcterms.identifier",
            "https://example.org/privacy/voorbeeld-wonen/2021-03-01/",
        ),
        ("dcterms.issued", "2021-03-01"),
    ] {
        assert!(
            html.contains(&format!(r#"<meta name="{name}" content="{value}">"#)),
            "{name}: {html}"
        );
    }
    // A draft is not a document to hand out or archive.
    let drafts = verklaar::site::build(&fixture("valid"), options(true)).unwrap();
    assert!(!page(&drafts, "voorbeeld-wonen/draft/print/index.html").contains("application/pdf"));
    assert!(!page(&drafts, "voorbeeld-wonen/draft/index.html").contains("application/pdf"));
    assert!(
        !drafts
            .files
            .keys()
            .any(|path| path.contains("draft") && path.ends_with(".pdf"))
    );
}

#[test]
fn pdfs_are_tagged_archival_and_embed_their_fonts() {
    let site = build(&repo().join("content"));
    let dir = on_disk(&site);
    let manifests = std::iter::once("index.json".to_owned()).chain(
        other_languages(&repo().join("content"))
            .into_iter()
            .map(|l| format!("{l}/index.json")),
    );
    let names: Vec<String> = manifests
        .flat_map(|file| {
            let manifest: serde_json::Value = serde_json::from_str(&page(&site, &file)).unwrap();
            let corporations = manifest["corporations"].as_array().unwrap().clone();
            corporations.into_iter().map(|c| c["name"].as_str().unwrap().to_owned())
        })
        .collect();
    for path in pdfs(&site).keys() {
        let file = dir.path().join("output").join(path);
        let info = tool("pdfinfo", &[], &file);
        assert!(info.contains("Tagged:          yes"), "{path}:\n{info}");
        assert!(
            info.contains("Page size:       595.276 x 841.89 pts (A4)"),
            "{path}:\n{info}"
        );
        let title = info
            .lines()
            .find_map(|l| l.strip_prefix("Title:"))
            .unwrap_or_default()
            .trim();
        // The title names the corporation, as the manifest of the PDF's language calls it.
        assert!(
            names
                .iter()
                .any(|name| title.ends_with(name.as_str()) && title.len() > name.len()),
            "{info}"
        );
        let metadata = tool("pdfinfo", &["-meta"], &file);
        for claim in [
            "<pdfaid:part>2</pdfaid:part>",
            "<pdfaid:conformance>A</pdfaid:conformance>",
            "<pdfuaid:part>1</pdfuaid:part>",
            "<dc:language>",
        ] {
            assert!(metadata.contains(claim), "{path} does not claim {claim}:\n{metadata}");
        }
        let language = other_languages(&repo().join("content"))
            .into_iter()
            .find(|l| path.starts_with(&format!("{l}/")))
            .unwrap_or_else(|| "nl".to_owned());
        assert!(
            metadata.contains(&format!("<rdf:li>{language}</rdf:li>"))
                || metadata.contains(&format!("xml:lang=\"{language}\"")),
            "{metadata}"
        );
        let fonts = tool("pdffonts", &[], &file);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{fonts}");
        for row in rows {
            // name, type, encoding, emb, sub, uni, object id
            let columns: Vec<&str> = row.split_whitespace().collect();
            let emb = columns[columns.len() - 5];
            assert_eq!(emb, "yes", "{path}: font not embedded: {row}");
            assert!(
                row.contains("LibertinusSerif"),
                "{path}: only the theme's family: {row}"
            );
        }
        let check = tool("qpdf", &["--check"], &file);
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{path}:\n{check}"
        );
    }
}

/// Every fact of each seed statement is in its PDF, as it is on its web page.
#[test]
fn pdfs_carry_every_fact_of_their_seed() {
    let site = build(&repo().join("content"));
    let dir = on_disk(&site);
    for slug in ["cocon-wonen", "woningstichting-kockengen"] {
        let (pdf, _) = pdfs(&site)
            .into_iter()
            .find(|(path, _)| path.starts_with(&format!("{slug}/")))
            .unwrap();
        let file = dir.path().join("output").join(pdf);
        let texts = [pdf_text(&file, ""), pdf_text(&file, "-")];
        let missing = missing_facts(slug, &texts);
        assert!(
            missing.is_empty(),
            "{pdf} misses facts of its seed: {missing:#?}\n{}",
            texts[0]
        );
    }
}

#[test]
fn the_pdf_has_a_cover_contents_page_numbers_and_a_retention_table() {
    let site = build(&repo().join("content"));
    let dir = on_disk(&site);
    let file = dir
        .path()
        .join("output/cocon-wonen/2018-05-25/cocon-wonen-2018-05-25.pdf");
    let text = pdf_text(&file, "");
    assert!(text.starts_with("COCON WONEN Privacyverklaring Geldt vanaf 25 mei 2018 Online te lezen op https://privacy.example.org/cocon-wonen/2018-05-25/"), "{text}");
    // The cover carries the first layer, the main facts in a sentence each, before the contents.
    let cover = text.split("Inhoud").next().unwrap_or_default();
    assert!(
        cover.contains("In het kort • Wie is verantwoordelijk? Cocon Wonen is verantwoordelijk"),
        "{cover}"
    );
    assert!(cover.contains("Niet tevreden?"), "{cover}");
    assert!(text.contains("1. Wie zijn wij?"), "{text}");
    assert!(text.contains("Pagina 2 van "), "{text}");
    let info = tool("pdfinfo", &[], &file);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(text.contains(&format!("Pagina {pages} van {pages}")), "{text}");
    // The retention table keeps its header and a row per category.
    assert!(text.contains("Categorie Bewaartermijn Langer bewaren"), "{text}");
}

#[test]
fn text_that_means_something_to_typst_is_printed_as_written() {
    let (_dir, content) = valid_with_introduction(r#"Kosten $ 5 #geen-code @niemand = b ~ c / d "x" 'y' \z."#);
    let site = build(&content);
    let out = on_disk(&site);
    let text = pdf_text(
        &out.path()
            .join("output/voorbeeld-wonen/2021-03-01/voorbeeld-wonen-2021-03-01.pdf"),
        "",
    );
    assert!(
        text.contains(r#"Kosten $ 5 #geen-code @niemand = b ~ c / d "x" 'y' \z."#),
        "{text}"
    );
}

#[test]
fn two_builds_give_identical_pdfs() {
    let first = build(&repo().join("content"));
    let second = build(&repo().join("content"));
    assert_eq!(pdfs(&first), pdfs(&second));
    let text = String::from_utf8_lossy(pdfs(&first).values().next().unwrap()).into_owned();
    assert!(
        !text.contains(&repo().display().to_string()),
        "a PDF names the machine's path"
    );
}

#[test]
fn a_warm_cache_typesets_nothing_and_a_change_typesets_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let cache = dir.path().join(".verklaar-cache");

    let all = published_versions(&content) * (1 + other_languages(&content).len());
    let (cold, stats) = build_with_pdf_cache(&content, options(false), Some(&cache)).unwrap();
    assert_eq!((stats.typeset, stats.reused), (all, 0));
    let (warm, stats) = build_with_pdf_cache(&content, options(false), Some(&cache)).unwrap();
    assert_eq!((stats.typeset, stats.reused), (0, all));
    assert_eq!(cold, warm);

    // An edit to one statement typesets that PDF again, and the cache drops the old one.
    let file = content.join("cocon-wonen/2018-05-25.yaml");
    fs::write(
        &file,
        fs::read_to_string(&file)
            .unwrap()
            .replace("city: Soest", "city: Soest (Utrecht)"),
    )
    .unwrap();
    accept_correction(&content, "cocon-wonen", "2018-05-25");
    let (edited, stats) = build_with_pdf_cache(&content, options(false), Some(&cache)).unwrap();
    // Its PDF in every language.
    let languages = 1 + other_languages(&content).len();
    assert_eq!((stats.typeset, stats.reused), (languages, all - languages));
    assert_ne!(pdfs(&edited), pdfs(&warm));
    assert_eq!(fs::read_dir(&cache).unwrap().count(), all);

    // So does a change to the print template, for every PDF.
    let print = dir.path().join("themes/default/print");
    fs::create_dir_all(&print).unwrap();
    let template = fs::read_to_string(repo().join("themes/default/print/statement.typ")).unwrap();
    fs::write(
        print.join("statement.typ"),
        template.replace("size: 11pt", "size: 10.5pt"),
    )
    .unwrap();
    let (_, stats) = build_with_pdf_cache(&content, options(false), Some(&cache)).unwrap();
    assert_eq!((stats.typeset, stats.reused), (all, 0));
}

#[test]
fn the_command_line_keeps_its_cache_beside_the_output_and_says_what_it_typeset() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    let run = || {
        let output = Command::new(env!("CARGO_BIN_EXE_verklaar"))
            .args(["build", "--out", "site/public"])
            .current_dir(dir.path())
            .env("LC_ALL", "C")
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let content = dir.path().join("content");
    let all = published_versions(&content) * (1 + other_languages(&content).len());
    assert!(run().contains(&format!("({all} PDFs typeset, 0 unchanged from site/.verklaar-cache)")));
    assert!(run().contains(&format!("(0 PDFs typeset, {all} unchanged from site/.verklaar-cache)")));
    assert!(
        dir.path()
            .join("site/public/cocon-wonen/2018-05-25/cocon-wonen-2018-05-25.pdf")
            .is_file()
    );
    assert!(!dir.path().join("site/public/.verklaar-cache").exists());
    // A PDF taken from the cache is that file, linked into the output, not a copy read and written.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let output = fs::metadata(
            dir.path()
                .join("site/public/cocon-wonen/2018-05-25/cocon-wonen-2018-05-25.pdf"),
        )
        .unwrap();
        let cached: Vec<u64> = fs::read_dir(dir.path().join("site/.verklaar-cache"))
            .unwrap()
            .map(|entry| entry.unwrap().metadata().unwrap().ino())
            .collect();
        assert!(
            cached.contains(&output.ino()),
            "the output's PDF is not the cache's file"
        );
    }
}

#[test]
fn a_mistake_in_the_print_template_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("valid"), &content);
    let print = dir.path().join("themes/default/print");
    fs::create_dir_all(&print).unwrap();
    fs::write(
        print.join("statement.typ"),
        "#let data = json(\"/statement.json\")\n\n#data.nope\n",
    )
    .unwrap();
    let error = verklaar::site::build(&content, options(false)).unwrap_err().to_string();
    let shown = print.join("statement.typ").display().to_string();
    assert!(
        error.starts_with(&format!(
            "cannot typeset the PDF of voorbeeld-wonen/2020-01-01/print/index.html: error in {shown}, line 3: dictionary does not contain key \"nope\""
        )),
        "{error}"
    );
    assert!(error.ends_with("\n  | #data.nope"), "{error}");
}

/// PDF/A allows no character that the embedded fonts cannot show, so such a character stops the
/// build with a message that says which one, rather than making a PDF that is not archival.
#[test]
fn a_character_the_fonts_lack_is_reported_not_dropped() {
    let (_dir, content) = valid_with_introduction("Wij gaan zorgvuldig om met uw gegevens ✓ en geven € 5 → ½ ĳs.");
    let error = verklaar::site::build(&content, options(false)).unwrap_err().to_string();
    assert!(
        error.starts_with("cannot typeset the PDF of voorbeeld-wonen/2021-03-01/print/index.html: "),
        "{error}"
    );
    assert!(
        error.contains("the text `\"✓\"` could not be displayed with font `\"Libertinus Serif\"`"),
        "{error}"
    );
    assert!(
        error.contains("help: the fonts of the PDF (in the theme's print/fonts/) have no glyph"),
        "{error}"
    );
}

/// The lines of each page of a PDF, white space collapsed.
fn page_lines(pdf: &Path) -> Vec<Vec<String>> {
    let info = tool("pdfinfo", &[], pdf);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    (1..=pages)
        .map(|page| {
            let page = page.to_string();
            let raw = tool_with(
                "pdftotext",
                &["-raw", "-enc", "UTF-8", "-f", &page, "-l", &page],
                pdf,
                &["-"],
            );
            raw.lines()
                .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|line| !line.is_empty())
                .collect()
        })
        .collect()
}

/// The text of every `<h2>`, `<h3>` and `<h4>` of a page.
fn headings(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for level in ["h2", "h3", "h4"] {
        for part in html.split(&format!("<{level}")).skip(1) {
            if let Some((inner, _)) = part.split_once(&format!("</{level}>")) {
                let inner = inner.split_once('>').map_or(inner, |(_, rest)| rest);
                found.push(visible_text(&format!("<body>{inner}")));
            }
        }
    }
    found
}

/// No page ends with a heading whose text is on the next page. `footer` gives the running footer of
/// a page by its number, which is left out.
fn assert_headings_kept_with_their_text(pages: &[Vec<String>], footer: impl Fn(usize) -> String, headings: &[String]) {
    for (index, lines) in pages.iter().enumerate() {
        let footer = footer(index + 1);
        let body: Vec<&String> = lines.iter().filter(|line| !footer.contains(line.as_str())).collect();
        assert!(
            body.len() < lines.len(),
            "page {} lacks `{footer}`: {lines:?}",
            index + 1
        );
        let last = body.last().map_or(String::new(), |line| line.to_string());
        let last_two = body
            .len()
            .checked_sub(2)
            .map_or(String::new(), |at| format!("{} {}", body[at], body[at + 1]));
        for heading in headings {
            assert!(
                &last != heading && &last_two != heading,
                "page {} ends with heading `{heading}`: {lines:?}",
                index + 1
            );
        }
    }
}

#[test]
fn pdf_pages_never_end_with_a_heading() {
    let site = build(&repo().join("content"));
    let dir = on_disk(&site);
    for (slug, version, footer) in [
        (
            "cocon-wonen",
            "2018-05-25",
            "Cocon Wonen · Privacyverklaring · geldt vanaf 25 mei 2018",
        ),
        (
            "woningstichting-kockengen",
            "2018-09-25",
            "Woningstichting Kockengen · Privacystatement · geldt vanaf 25 september 2018",
        ),
    ] {
        let pdf = dir.path().join(format!("output/{slug}/{version}/{slug}-{version}.pdf"));
        let pages = page_lines(&pdf);
        let count = pages.len();
        let headings = headings(&page(&site, &format!("{slug}/{version}/print/index.html")));
        assert!(headings.len() > 20, "{headings:?}");
        // The cover has no footer; every other page has the statement and the page number.
        assert_headings_kept_with_their_text(
            &pages[1..],
            |n| format!("{footer} Pagina {} van {count}", n + 1),
            &headings,
        );
    }
}

/// Chromium prints the print page as its stylesheet says: A4, page numbers, headings kept with
/// their text, no toolbar, and every fact of the statement.
#[test]
fn chromium_prints_the_print_page_as_a_document() {
    let site = build(&repo().join("content"));
    let dir = on_disk(&site);
    for slug in ["cocon-wonen", "woningstichting-kockengen"] {
        let version = if slug == "cocon-wonen" {
            "2018-05-25"
        } else {
            "2018-09-25"
        };
        let html = dir.path().join(format!("output/{slug}/{version}/print/index.html"));
        let pdf = dir.path().join(format!("{slug}-chromium.pdf"));
        let output = Command::new("chromium")
            .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"])
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", html.display()))
            .output()
            .expect("run chromium; tests/run installs it");
        assert!(
            pdf.is_file(),
            "chromium made no PDF: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let info = tool("pdfinfo", &[], &pdf);
        assert!(info.contains("(A4)"), "{info}");
        let pages = page_lines(&pdf);
        let count = pages.len();
        assert!(count > 3, "{count} pages");
        let texts = [pdf_text(&pdf, ""), pdf_text(&pdf, "-")];
        assert!(
            !texts[0].contains("Terug naar de privacyverklaring"),
            "the toolbar is not printed"
        );
        let missing = missing_facts(slug, &texts);
        assert!(missing.is_empty(), "the printout misses {missing:#?}");
        let headings = headings(&page(&site, &format!("{slug}/{version}/print/index.html")));
        assert_headings_kept_with_their_text(&pages, |n| format!("{n} / {count}"), &headings);
    }
}
