//! A minimal Language Server Protocol client over stdio for the YAML language server installed from
//! `tests/schema/package.json` (the server of VS Code's Red Hat YAML extension).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common;

/// A running `yaml-language-server --stdio`.
pub struct Server {
    child: Child,
    input: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
    settings: Value,
}

/// One diagnostic: the line (from 0) and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub line: u64,
    pub message: String,
}

impl Server {
    /// Starts the server with validation on and the online schema store off, for `root`.
    pub fn start(root: &Path) -> Server {
        Server::start_with(root, json!({}))
    }

    /// Starts the server as [`Server::start`] does, with `schemas` as the `yaml.schemas` setting
    /// (schema file -> file patterns), as in VS Code's `settings.json`.
    pub fn start_with(root: &Path, schemas: Value) -> Server {
        let script = common::repo().join("tests/schema/node_modules/yaml-language-server/bin/yaml-language-server");
        assert!(
            script.is_file(),
            "{} is missing; run tests/run, which installs tests/schema/package-lock.json with npm ci",
            script.display()
        );
        let mut child = Command::new("node")
            .arg(&script)
            .arg("--stdio")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run node ({e}); run tests/run, which installs npm and node"));
        let input = child.stdin.take().unwrap();
        let output = child.stdout.take().unwrap();
        let (send, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(output);
            while let Some(message) = read_message(&mut reader) {
                if send.send(message).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            input,
            messages,
            next_id: 1,
            settings: settings(schemas),
        };
        let root_uri = uri(root);
        server.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": "content"}],
                "capabilities": {"workspace": {"configuration": true}, "textDocument": {"publishDiagnostics": {}}},
            }),
        );
        server.notify("initialized", json!({}));
        let yaml = server.settings.clone();
        server.notify("workspace/didChangeConfiguration", json!({"settings": {"yaml": yaml}}));
        server
    }

    /// Opens each `(path, text)` and returns the diagnostics the server publishes for each path.
    pub fn diagnose(&mut self, files: &[(&Path, String)]) -> BTreeMap<String, Vec<Diagnostic>> {
        for (path, text) in files {
            self.notify(
                "textDocument/didOpen",
                json!({"textDocument": {"uri": uri(path), "languageId": "yaml", "version": 1, "text": text}}),
            );
        }
        let wanted: Vec<String> = files.iter().map(|(path, _)| uri(path)).collect();
        let mut published = BTreeMap::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        // The server publishes once per file when it has read the schema; a later publish wins.
        let mut quiet_since = None;
        while Instant::now() < deadline {
            let all_in = wanted.iter().all(|uri| published.contains_key(uri));
            if all_in && quiet_since.is_some_and(|t: Instant| t.elapsed() > Duration::from_millis(1500)) {
                break;
            }
            let Ok(message) = self.messages.recv_timeout(Duration::from_millis(100)) else {
                quiet_since.get_or_insert_with(Instant::now);
                continue;
            };
            quiet_since = None;
            self.answer(&message);
            if message["method"] == "textDocument/publishDiagnostics" {
                let uri = message["params"]["uri"].as_str().unwrap_or_default().to_owned();
                let diagnostics = message["params"]["diagnostics"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|d| Diagnostic {
                        line: d["range"]["start"]["line"].as_u64().unwrap_or(u64::MAX),
                        message: d["message"].as_str().unwrap_or_default().to_owned(),
                    })
                    .collect();
                published.insert(uri, diagnostics);
            }
        }
        for uri in &wanted {
            assert!(published.contains_key(uri), "no diagnostics were published for {uri}");
        }
        published
    }

    /// The text the server shows when the pointer rests on `line`, `character` (both from 0) of
    /// the open file `path`.
    pub fn hover(&mut self, path: &Path, line: u64, character: u64) -> String {
        let result = self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(path)}, "position": {"line": line, "character": character}}),
        );
        result["contents"]["value"].as_str().unwrap_or_default().to_owned()
    }

    /// Answers a request from the server: its settings for `workspace/configuration`, null otherwise.
    fn answer(&mut self, message: &Value) {
        let (Some(id), Some(method)) = (message.get("id"), message["method"].as_str()) else {
            return;
        };
        let result = if method == "workspace/configuration" {
            let items = message["params"]["items"].as_array().cloned().unwrap_or_default();
            Value::Array(
                items
                    .iter()
                    .map(|item| {
                        if item["section"] == "yaml" {
                            self.settings.clone()
                        } else {
                            Value::Null
                        }
                    })
                    .collect(),
            )
        } else {
            Value::Null
        };
        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            let Ok(message) = self.messages.recv_timeout(Duration::from_millis(100)) else {
                continue;
            };
            if message["id"] == json!(id) && message.get("method").is_none() {
                return message["result"].clone();
            }
            self.answer(&message);
        }
        panic!("yaml-language-server did not answer `{method}`");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.input.flush().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The settings an editor would send: validation on, no schemas from the internet.
fn settings(schemas: Value) -> Value {
    json!({"validate": true, "hover": true, "completion": true, "schemaStore": {"enable": false}, "yamlVersion": "1.2", "schemas": schemas})
}

/// The `file://` URI of an absolute path.
pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// One LSP message, or `None` at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}
