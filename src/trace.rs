//! Timing spans on stderr, off unless `VERKLAAR_TRACE` is set: where a build's time goes.
//!
//! ```
//! let _span = verklaar::trace::span("load");
//! // ... work ...
//! // on drop, with VERKLAAR_TRACE=1: `trace: load 12.3 ms`
//! ```

use std::sync::OnceLock;
use std::time::Instant;

/// Whether tracing is on (`VERKLAAR_TRACE` set to anything but empty or `0`), read once.
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var("VERKLAAR_TRACE").is_ok_and(|v| !v.is_empty() && v != "0"))
}

/// A running span; prints its name and duration when dropped, if tracing is on.
pub struct Span {
    name: &'static str,
    started: Option<Instant>,
}

/// Starts a span named `name`.
pub fn span(name: &'static str) -> Span {
    Span {
        name,
        started: enabled().then(Instant::now),
    }
}

/// Prints `message` as a trace line, if tracing is on.
pub fn note(message: impl FnOnce() -> String) {
    if enabled() {
        eprintln!("trace: {}", message());
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some(started) = self.started {
            eprintln!(
                "trace: {} {:.1} ms",
                self.name,
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}
