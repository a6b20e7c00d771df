//! A WebDriver client for headless Chromium through ChromeDriver: sessions, scripts (synchronous and
//! asynchronous) and Chrome DevTools commands such as a narrow viewport.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "chromedriver";

/// ChromeDriver on a free port, stopped when dropped.
pub struct Driver {
    process: Child,
    address: SocketAddr,
}

impl Driver {
    /// Starts ChromeDriver and waits until it is ready.
    pub fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let process = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {CHROMEDRIVER} ({e}); run tests/run, which installs chromium-driver")
            });
        let driver = Driver {
            process,
            address: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while driver
            .call("GET", "/status", None)
            .get("value")
            .and_then(|v| v["ready"].as_bool())
            != Some(true)
        {
            assert!(Instant::now() < deadline, "chromedriver did not get ready");
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    /// One WebDriver call; an unreachable driver gives `Value::Null`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let Ok(mut stream) = TcpStream::connect(self.address) else {
            return Value::Null;
        };
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).unwrap();
        // ChromeDriver may keep the connection open: read the head, then exactly Content-Length bytes.
        let mut response = Vec::new();
        let mut buffer = [0u8; 8192];
        loop {
            let text = String::from_utf8_lossy(&response).into_owned();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length = head
                    .lines()
                    .find_map(|line| {
                        line.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().to_owned())
                    })
                    .and_then(|v| v.parse::<usize>().ok());
                if length.is_none_or(|length| body.len() >= length) {
                    return serde_json::from_str(body).unwrap_or(Value::Null);
                }
            }
            match stream.read(&mut buffer) {
                Ok(0) | Err(_) => return Value::Null,
                Ok(read) => response.extend_from_slice(&buffer[..read]),
            }
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// A browser session, ended when dropped.
pub struct Browser<'a> {
    driver: &'a Driver,
    session: String,
}

impl<'a> Browser<'a> {
    /// A new headless Chromium window, 1200 by 900 pixels.
    pub fn open(driver: &'a Driver) -> Browser<'a> {
        Browser::open_with(driver, &[])
    }

    /// A session whose Chromium gets `extra` arguments too.
    pub fn open_with(driver: &'a Driver, extra: &[&str]) -> Browser<'a> {
        let mut args = vec![
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1200,900",
        ];
        args.extend_from_slice(extra);
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args}
        }}});
        let answer = driver.call("POST", "/session", Some(capabilities));
        let session = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_owned();
        Browser { driver, session }
    }

    /// Loads `url` and waits until it has loaded.
    pub fn go(&self, url: &str) {
        self.driver.call(
            "POST",
            &format!("/session/{}/url", self.session),
            Some(json!({"url": url})),
        );
    }

    /// Runs a synchronous script and gives what it returns.
    pub fn run(&self, script: &str) -> Value {
        let answer = self.driver.call(
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            Some(json!({"script": script, "args": []})),
        );
        answer["value"].clone()
    }

    /// Runs an asynchronous script: it ends by calling its last argument with the result.
    pub fn run_async(&self, script: &str) -> Value {
        let answer = self.driver.call(
            "POST",
            &format!("/session/{}/execute/async", self.session),
            Some(json!({"script": script, "args": []})),
        );
        answer["value"].clone()
    }

    /// Waits until `script` returns true, reading the page only (no clicks, no reloads).
    pub fn wait_until(&self, what: &str, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.run(script) != Value::Bool(true) {
            assert!(
                Instant::now() < deadline,
                "browser never saw: {what}; page text: {}",
                self.run("return document.body.innerText")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends a Chrome DevTools Protocol command, e.g. `Emulation.setDeviceMetricsOverride`.
    pub fn devtools(&self, command: &str, params: Value) -> Value {
        let answer = self.driver.call(
            "POST",
            &format!("/session/{}/goog/cdp/execute", self.session),
            Some(json!({"cmd": command, "params": params})),
        );
        answer["value"].clone()
    }
}

impl Drop for Browser<'_> {
    fn drop(&mut self) {
        self.driver.call("DELETE", &format!("/session/{}", self.session), None);
    }
}
