//! Typed errors of the library, and their rendering for people.
//!
//! Content errors carry the file, the place in it (line and column, or the YAML path) and a hint on
//! how to fix it. [`Error`]'s `Display` renders them with the offending source line, the way the CLI
//! shows them.

use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong with a piece of content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentErrorKind {
    /// The file is not valid YAML.
    Syntax,
    /// A value has the wrong type, or a required key is missing.
    Type,
    /// A key that the model does not know.
    UnknownKey,
    /// An id that refers to nothing.
    BrokenReference,
    /// Two facts with the same id.
    DuplicateId,
    /// A value that is well-formed but not allowed, e.g. a version file named after another date.
    Invalid,
    /// A required file or folder is missing.
    Missing,
    /// A published version was changed, removed, or never recorded in the ledger.
    Published,
}

/// A line and column in a file, both counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// Line number, from 1.
    pub line: usize,
    /// Column number, from 1.
    pub column: usize,
}

/// One problem in the content, with everything a person needs to find and fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// Kind of problem.
    pub kind: ContentErrorKind,
    /// The file, relative to the content folder's parent where possible.
    pub file: PathBuf,
    /// Where in the file, when known.
    pub location: Option<Location>,
    /// The YAML path of the value, e.g. `purposes.list[2].categories[0]`, when known.
    pub yaml_path: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The text of the offending line, when known.
    pub source_line: Option<String>,
}

impl ContentError {
    /// A new error about `file` without a position yet.
    pub fn new(kind: ContentErrorKind, file: &Path, message: impl Into<String>) -> ContentError {
        ContentError {
            kind,
            file: file.to_path_buf(),
            location: None,
            yaml_path: None,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    /// Adds the YAML path.
    pub fn at_path(mut self, path: impl Into<String>) -> ContentError {
        self.yaml_path = Some(path.into());
        self
    }

    /// Adds a hint on how to fix it.
    pub fn with_help(mut self, help: impl Into<String>) -> ContentError {
        self.help = Some(help.into());
        self
    }

    /// Adds a line and column, and the text of that line from `source`.
    pub fn at_location(mut self, location: Location, source: &str) -> ContentError {
        self.source_line = source.lines().nth(location.line.saturating_sub(1)).map(str::to_owned);
        self.location = Some(location);
        self
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", msg!("error: {message}", message = self.message))?;
        let file = self.file.display();
        let at = self
            .yaml_path
            .as_ref()
            .map(|path| msg!(" (at `{path}`)", path))
            .map(|at| at.to_string())
            .unwrap_or_default();
        match self.location {
            Some(place) => writeln!(f, "  --> {file}:{}:{}{at}", place.line, place.column)?,
            None => writeln!(f, "  --> {file}{at}")?,
        }
        if let (Some(at), Some(line)) = (self.location, &self.source_line) {
            let number = at.line.to_string();
            let gutter = " ".repeat(number.len());
            writeln!(f, "{gutter} |")?;
            writeln!(f, "{number} | {line}")?;
            let indent: String = line
                .chars()
                .take(at.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{gutter} | {indent}^")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "{}", msg!("  = help: {help}", help))?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in verklaar.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in the content; all of a run are collected.
    #[error("{}", render_content_errors(.0))]
    Content(Vec<ContentError>),
    /// A file or folder could not be read or written.
    #[error("{}", io_message(.action, .path, .source))]
    Io {
        /// What verklaar tried to do, e.g. "read".
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A theme is missing or broken.
    #[error("{}\n  --> {}", msg!("theme error: {message}", message), .file.display())]
    Theme {
        /// The theme file.
        file: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A command cannot do what was asked, e.g. an unknown corporation or version.
    #[error("{}{}", msg!("error: {message}", message), help_suffix(.help))]
    Command {
        /// What is wrong.
        message: String,
        /// How to fix it.
        help: Option<String>,
    },
    /// A template failed to render.
    #[error("{}{}", msg!("template error in {template}{line}: {message}", template, line = line_suffix(*.line), message), snippet_suffix(.source_line))]
    Template {
        /// Name of the template.
        template: String,
        /// Line in the template, when known.
        line: Option<usize>,
        /// What went wrong.
        message: String,
        /// The template line, when known.
        source_line: Option<String>,
    },
    /// Something failed while verklaar was doing `context`: the error says what, the context where.
    #[error("{source}\n{}", msg!("  = while {context}", context))]
    Context {
        /// What verklaar was doing, e.g. "rendering page x/index.html".
        context: String,
        /// What went wrong.
        source: Box<Error>,
    },
    /// A PDF could not be typeset from its print page.
    #[error("{}{}", msg!("cannot typeset the PDF of {page}{template}{line}: {message}", page, template = template_suffix(.template), line = line_suffix(*.line), message), snippet_suffix(.source_line))]
    Pdf {
        /// The print page the PDF is made from, as a path in the site.
        page: String,
        /// The typst file with the mistake, when typst points at one.
        template: Option<PathBuf>,
        /// Line in that file, when known.
        line: Option<usize>,
        /// What typst said, with its hints.
        message: String,
        /// The line, when known.
        source_line: Option<String>,
    },
}

impl Error {
    /// A command error with a hint on how to fix it.
    pub fn command(message: impl Into<String>, help: impl Into<String>) -> Error {
        Error::Command {
            message: message.into(),
            help: Some(help.into()),
        }
    }

    /// Wraps an I/O error with the path and action it concerns.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<minijinja::Error> for Error {
    fn from(outer: minijinja::Error) -> Error {
        // An error in an included template is wrapped by the including one; report the innermost,
        // where the mistake is.
        let mut error = &outer;
        while let Some(inner) = std::error::Error::source(error).and_then(|s| s.downcast_ref::<minijinja::Error>()) {
            error = inner;
        }
        let template = error.name().unwrap_or("<unknown>").to_owned();
        let line = error.line();
        let source_line = match (error.template_source(), line) {
            (Some(source), Some(line)) => source.lines().nth(line.saturating_sub(1)).map(str::to_owned),
            _ => None,
        };
        let mut message = error.kind().to_string();
        if let Some(detail) = error.detail() {
            message = format!("{message}: {detail}");
        }
        Error::Template {
            template,
            line,
            message,
            source_line,
        }
    }
}

fn help_suffix(help: &Option<String>) -> String {
    help.as_ref()
        .map(|help| format!("\n{}", msg!("  = help: {help}", help)))
        .unwrap_or_default()
}

fn template_suffix(template: &Option<PathBuf>) -> String {
    template
        .as_ref()
        .map(|file| msg!(": error in {file}", file = file.display()).to_string())
        .unwrap_or_default()
}

fn line_suffix(line: Option<usize>) -> String {
    line.map(|line| msg!(", line {line}", line).to_string())
        .unwrap_or_default()
}

fn snippet_suffix(source_line: &Option<String>) -> String {
    source_line
        .as_ref()
        .map(|line| format!("\n  | {}", line.trim_end()))
        .unwrap_or_default()
}

fn render_content_errors(errors: &[ContentError]) -> String {
    let mut text: String = errors.iter().map(|error| format!("{error}\n")).collect();
    let count = errors.len();
    let total = if count == 1 {
        msg!("1 error in the content")
    } else {
        msg!("{count} errors in the content", count)
    };
    text.push_str(&total.to_string());
    text
}

/// "cannot read x: no such file or folder", with the action and the common reasons in the tool's
/// language and any other reason as the operating system says it.
fn io_message(action: &str, path: &Path, source: &std::io::Error) -> String {
    let reason = match source.kind() {
        std::io::ErrorKind::NotFound => msg!("no such file or folder").to_string(),
        std::io::ErrorKind::PermissionDenied => msg!("permission denied").to_string(),
        std::io::ErrorKind::AlreadyExists => msg!("it exists already").to_string(),
        _ => source.to_string(),
    };
    let action = crate::messages::text(action);
    msg!(
        "cannot {action} {path}: {reason}",
        action,
        path = path.display(),
        reason
    )
    .to_string()
}

/// Adds to an error what verklaar was doing when it happened, as Zola's `with_context` does, so
/// a person sees which page, template or version it concerns.
pub trait Context<T> {
    /// Wraps the error with `context()`, which is only called when there is an error.
    fn context(self, context: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: Into<Error>> Context<T> for std::result::Result<T, E> {
    fn context(self, context: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|error| Error::Context {
            context: context(),
            source: Box::new(error.into()),
        })
    }
}

/// Result with verklaar's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
