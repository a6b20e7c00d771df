//! Edits while serving: statements, the theme, the site settings, the ledger, corporation folders,
//! by native events and by polling.

use std::path::Path;

use super::*;

#[test]
fn edit_break_and_fix_through_renames() {
    let server = Running::start(false);
    let original = fs::read_to_string(server.content.join(STATEMENT)).unwrap();
    let before = server.get("/voorbeeld-wonen/draft/").1;
    let first_version = version_of(&before);

    // An edit saved through a rename shows up.
    server.save(
        STATEMENT,
        &original.replace("Wij zijn zuinig op gegevens,", "Wij zijn heel zuinig op gegevens,"),
    );
    let edited = server.wait_for("/voorbeeld-wonen/draft/", |body| body.contains("heel zuinig"));
    let edited_version = version_of(&edited);
    assert!(edited_version > first_version);
    // The other corporation-less pages that did not change keep their version.
    assert_eq!(version_of(&server.get("/voorbeeld-wonen/2020-01-01/").1), 1);
    // A page that is behind is told to reload at once; a current one is not.
    assert_eq!(
        server.status_error("voorbeeld-wonen/draft/index.html", edited_version),
        serde_json::Value::Null
    );

    // A broken save keeps serving the last good page, and the event stream carries the error.
    server.save(
        STATEMENT,
        &original.replace("  city: Voorbeeldstad\n", "  city: Voorbeeldstad\n  nmae: x\n"),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let error = loop {
        let error = server.status_error("voorbeeld-wonen/draft/index.html", edited_version);
        if !error.is_null() || Instant::now() > deadline {
            break error;
        }
        std::thread::sleep(Duration::from_millis(25));
    };
    let error = error.as_str().expect("an error message");
    assert!(error.contains("error: unknown key `nmae`"), "{error}");
    assert!(error.contains("content/voorbeeld-wonen/draft.yaml:"), "{error}");
    assert!(error.contains("did you mean `name`?"), "{error}");
    let (status, still) = server.get("/voorbeeld-wonen/draft/");
    assert_eq!(status, 200);
    assert!(still.contains("heel zuinig"), "the last good build is still served");

    // Fixing it clears the error.
    server.save(STATEMENT, &original);
    server.wait_for("/voorbeeld-wonen/draft/", |body| !body.contains("heel zuinig"));
    assert_eq!(
        server.status_error("voorbeeld-wonen/draft/index.html", 0),
        serde_json::Value::Null
    );
    let log = server.log.lock().unwrap().join("\n");
    assert!(
        log.contains("failed") && log.contains("still serving the last good build"),
        "{log}"
    );
}

#[test]
fn event_stream_tells_a_stale_page_to_reload() {
    let server = Running::start(false);
    let mut stream = TcpStream::connect(server.address()).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        stream,
        "GET /__verklaar/events?page=voorbeeld-wonen/draft/index.html&version=1 HTTP/1.1\r\nHost: {}\r\n\r\n",
        host(server.address())
    )
    .unwrap();
    let text = read_until(&mut stream, "\n\n", "event: status");
    assert!(
        text.starts_with("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream"),
        "{text}"
    );
    assert!(!text.contains("event: reload"));
    let original = fs::read_to_string(server.content.join(STATEMENT)).unwrap();
    server.save(STATEMENT, &original.replace("Cookies", "Koekjes"));
    read_until(&mut stream, "\n\n", "event: reload");
}

#[test]
fn polling_sees_edits_too() {
    let server = Running::start(true);
    let original = fs::read_to_string(server.content.join(STATEMENT)).unwrap();
    server.save(STATEMENT, &original.replace("Cookies", "Koekjes"));
    server.wait_for("/voorbeeld-wonen/draft/", |body| body.contains("Koekjes"));
}

#[test]
fn polling_sees_edits_with_a_relative_content_folder() {
    // `--content content` is the default: a path relative to where `verklaar serve` runs.
    let server = Running::start_with("valid", true, relative_to_cwd);
    let original = server.read(STATEMENT);
    server.save(STATEMENT, &original.replace("Cookies", "Koekjes"));
    server.wait_for("/voorbeeld-wonen/draft/", |body| body.contains("Koekjes"));
}

/// `path` relative to the working directory of the tests, by `..` where need be.
fn relative_to_cwd(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap().canonicalize().unwrap();
    let path = path.canonicalize().unwrap();
    let mut relative = PathBuf::new();
    let mut base = cwd.as_path();
    while !path.starts_with(base) {
        relative.push("..");
        base = base.parent().unwrap();
    }
    let relative = relative.join(path.strip_prefix(base).unwrap());
    assert!(relative.is_relative());
    relative
}

#[test]
fn a_theme_edit_rerenders_the_pages() {
    let server = Running::start_with("theme-override", false, Path::to_owned);
    let template = server
        .content
        .parent()
        .unwrap()
        .join("themes/custom/templates/sections/questions.html");
    let (status, before) = server.get("/acme/");
    assert_eq!(status, 200);
    assert!(before.contains(r#"<p class="custom-questions">"#), "{before}");
    save(&template, r#"<p class="custom-questions edited">{{ s.questions }}</p>"#);
    server.wait_for("/acme/", |body| body.contains(r#"<p class="custom-questions edited">"#));
    let stylesheet = server.content.parent().unwrap().join("themes/custom/assets/style.css");
    save(&stylesheet, "/* edited stylesheet */");
    server.wait_for("/assets/style.css", |body| body.contains("edited stylesheet"));
}

#[test]
fn a_site_settings_edit_rerenders_every_page() {
    let server = Running::start(false);
    let settings = server.read("site.yaml");
    let title = settings
        .lines()
        .find_map(|line| line.strip_prefix("title: "))
        .unwrap()
        .to_owned();
    assert!(server.get("/").1.contains(&title));
    server.save("site.yaml", &settings.replace(&title, "Een andere titel"));
    server.wait_for("/", |body| body.contains("Een andere titel"));
    let (_, page) = server.get("/voorbeeld-wonen/2020-01-01/");
    assert!(page.contains("Een andere titel") && !page.contains(&title), "{page}");
}

#[test]
fn a_ledger_edit_is_checked_again() {
    let server = Running::start(false);
    let ledger = server.read("ledger.yaml");
    // Tampering with a recorded hash makes the content fail its check.
    let hash = ledger.split("hash: sha256:").nth(1).unwrap()[..64].to_owned();
    server.save("ledger.yaml", &ledger.replacen(&hash, &"0".repeat(64), 1));
    let deadline = Instant::now() + Duration::from_secs(10);
    let error = loop {
        let error = server.status_error("index.html", 1);
        if !error.is_null() || Instant::now() > deadline {
            break error;
        }
        std::thread::sleep(Duration::from_millis(25));
    };
    // The version whose recorded hash no longer fits is named.
    let error = error.as_str().expect("an error message");
    assert!(error.contains("content/voorbeeld-wonen/2020-01-01.yaml"), "{error}");
    assert_eq!(server.get("/").0, 200, "the last good build is still served");
    server.save("ledger.yaml", &ledger);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !server.status_error("index.html", 1).is_null() {
        assert!(Instant::now() < deadline, "the error stays after the fix");
        std::thread::sleep(Duration::from_millis(25));
    }
}

#[test]
fn a_corporation_folder_added_and_removed() {
    let server = Running::start(false);
    assert_eq!(server.get("/ander-wonen/draft/").0, 404);
    let folder = server.content.join("ander-wonen");
    fs::create_dir(&folder).unwrap();
    // A new corporation starts with a draft; published versions would need the ledger.
    fs::copy(server.content.join(STATEMENT), folder.join("draft.yaml")).unwrap();
    assert_eq!(server.wait_for_status("/ander-wonen/draft/", 200), 200);
    assert_eq!(server.get("/voorbeeld-wonen/draft/").0, 200);
    fs::remove_dir_all(&folder).unwrap();
    assert_eq!(server.wait_for_status("/ander-wonen/draft/", 404), 404);
    assert_eq!(server.get("/voorbeeld-wonen/draft/").0, 200);
}
