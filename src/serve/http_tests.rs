//! Unit tests of request routing and responses.

use super::*;

#[test]
fn request_paths_resolve_inside_the_site_only() {
    assert_eq!(resolve("/").as_deref(), Some("index.html"));
    assert_eq!(resolve("/cocon-wonen/").as_deref(), Some("cocon-wonen/index.html"));
    assert_eq!(resolve("/assets/style.css").as_deref(), Some("assets/style.css"));
    assert_eq!(resolve("/caf%C3%A9/").as_deref(), Some("café/index.html"));
    for bad in [
        "/../etc/passwd",
        "/assets/../../x",
        "/%2e%2e/etc/passwd",
        "/%2E%2E%2Fetc%2Fpasswd",
        "/..%2fetc",
        "/a\\..\\b",
        "/a%5c..%5cb",
        "/./x",
        "/%00",
        "/%zz",
        "/%c3",
        "/%",
        "etc/passwd",
        "http://example.org/",
    ] {
        assert_eq!(resolve(bad), None, "{bad}");
    }
}

#[test]
fn redirect_targets_are_same_origin_paths() {
    assert_eq!(location("index.html"), "/");
    assert_eq!(location("x/index.html"), "/x/");
    assert_eq!(location("assets/style.css"), "/assets/style.css");
    assert_eq!(location("café/index.html"), "/caf%C3%A9/");
    for key in ["/x/index.html", "\\evil.example/index.html", "%2F/x", "a b/index.html"] {
        let target = location(key);
        let second = target.chars().nth(1);
        assert!(
            target.starts_with('/') && !matches!(second, Some('/' | '\\')),
            "{key} -> {target}"
        );
        assert!(!target.contains(['\\', ' ', '\r', '\n']), "{key} -> {target}");
    }
}

#[test]
fn text_types_say_utf_8() {
    assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
    assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
    assert_eq!(content_type("index.json"), "application/json; charset=utf-8");
    assert_eq!(content_type("a.png"), "image/png");
    assert_eq!(content_type("a.woff2"), "font/woff2");
    assert_eq!(content_type("a.pdf"), "application/pdf");
    assert_eq!(content_type("no-extension"), "application/octet-stream");
}
