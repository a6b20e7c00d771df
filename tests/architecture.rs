//! The shape of the code: every file under `src/` opens with a doc comment saying its job, stays
//! under 500 lines, and no two files import each other, directly or around a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Source files by their module path (`content::load`), relative path and text.
fn sources() -> BTreeMap<Vec<String>, (PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).unwrap().to_path_buf();
        let mut module: Vec<String> = relative
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if module.last().is_some_and(|m| m == "mod" || m == "lib" || m == "main") {
            module.pop();
        }
        if relative == Path::new("main.rs") {
            module = vec!["<main>".to_owned()];
        }
        files.insert(module, (relative, fs::read_to_string(path).unwrap()));
    }
    files
}

/// The file a `crate::a::b::c` path points into: the longest prefix that is a module.
fn target(path: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| modules.contains(prefix))
}

/// Every module that `text` (of `module`) refers to: by a `crate::`, `super::` or `self::` path, or
/// by a bare `child::` path into one of its own child modules.
fn references(module: &[String], text: &str, modules: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    // `self::` starts from the module itself, `super::` from its parent (for `a/mod.rs` and `a/b.rs` alike).
    let parent: Vec<String> = module[..module.len().saturating_sub(1)].to_vec();
    let mut prefixes: Vec<(String, Vec<String>)> = vec![
        ("crate::".to_owned(), Vec::new()),
        ("super::".to_owned(), parent),
        ("self::".to_owned(), module.to_vec()),
    ];
    for child in modules
        .iter()
        .filter(|m| m.len() == module.len() + 1 && m.starts_with(module))
    {
        prefixes.push((format!("{}::", child[module.len()]), child.clone()));
    }
    // Unit tests at the end of a file (`use super::*`) are part of that file.
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        for (start, root) in &prefixes {
            let mut rest = code;
            while let Some(at) = rest.find(start.as_str()) {
                let preceded = rest[..at]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
                let after = &rest[at + start.len()..];
                rest = after;
                if preceded {
                    continue;
                }
                let path_text: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '{' | ',' | ' '))
                    .collect();
                let (head, group) = match path_text.split_once('{') {
                    Some((head, group)) => (head, Some(group)),
                    None => (path_text.as_str(), None),
                };
                let segments = |text: &str| -> Vec<String> {
                    text.split("::")
                        .map(str::trim)
                        .filter(|s| !s.is_empty() && *s != "self")
                        .map(str::to_owned)
                        .collect()
                };
                let mut base = root.clone();
                base.extend(segments(head));
                // `a::{b, c}` names `a::b` and `a::c` (and `a` itself only through `self`).
                let paths: Vec<Vec<String>> = match group {
                    None => vec![base],
                    Some(group) => group
                        .split(',')
                        .map(|item| {
                            let mut path = base.clone();
                            path.extend(segments(item));
                            path
                        })
                        .collect(),
                };
                for path in paths {
                    if let Some(t) = target(&path, modules)
                        && t != module
                        && !t.is_empty()
                    {
                        out.insert(t);
                    }
                }
            }
        }
    }
    out
}

#[test]
fn no_two_files_import_each_other_even_around_a_circle() {
    let files = sources();
    let modules: BTreeSet<Vec<String>> = files.keys().cloned().collect();
    let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, (_, text)) in &files {
        graph.insert(module.clone(), references(module, text, &modules));
    }
    // Depth-first search for a back edge.
    fn visit(
        node: &Vec<String>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        stack: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            return Some(stack[at..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.clone());
        None
    }
    let mut done = BTreeSet::new();
    let mut cycles = Vec::new();
    let nodes: Vec<Vec<String>> = graph.keys().cloned().collect();
    for node in &nodes {
        while let Some(cycle) = visit(node, &graph, &mut Vec::new(), &mut done) {
            let names: Vec<String> = cycle.iter().map(|m| m.join("::")).collect();
            cycles.push(format!("{} -> {}", names.join(" -> "), names[0]));
            // Take one edge of the circle out and look for more.
            if let (Some(from), Some(to)) = (cycle.last(), cycle.first())
                && let Some(edges) = graph.get_mut(from)
            {
                edges.remove(to);
            }
            done.clear();
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
    // The checker must see the edges that exist, or it proves nothing.
    assert!(
        graph[&vec!["site".to_owned(), "builder".to_owned()]].contains(&vec!["site".to_owned(), "routes".to_owned()])
            || graph[&vec!["site".to_owned(), "pages".to_owned()]]
                .contains(&vec!["site".to_owned(), "routes".to_owned()])
    );
}

#[test]
fn every_file_opens_with_its_job_and_stays_short() {
    for (path, text) in sources().values() {
        assert!(
            text.starts_with("//!"),
            "{} must open with a `//!` line saying its job",
            path.display()
        );
        let lines = text.lines().count();
        assert!(lines <= 500, "{} has {lines} lines; split it by job", path.display());
    }
}

#[test]
fn main_only_parses_arguments_and_prints() {
    let (_, main) = &sources()[&vec!["<main>".to_owned()]];
    for library_stage in [
        "verklaar::content::load",
        "verklaar::lifecycle",
        "verklaar::site::build",
        "verklaar::render",
        "verklaar::pdf",
        "verklaar::diff",
    ] {
        assert!(
            !main.contains(library_stage),
            "main.rs calls {library_stage}; go through verklaar::commands"
        );
    }
}
