//! The `verklaar` command line: parses arguments, calls the library, prints errors for people.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Instant;

use clap::{Parser, Subcommand};
use verklaar::date::Date;
use verklaar::diff::{ChangeKind, Materiality};
use verklaar::serve::{Preview, ServeOptions};
use verklaar::site::{BuildOptions, Builder};
use verklaar::versions;

/// Privacy statements of housing corporations, from YAML facts to a static website.
#[derive(Parser)]
#[command(name = "verklaar", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the website from the content folder into the output folder.
    Build {
        /// Folder with site.yaml and one folder per corporation.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Folder to write the site to; replaced only when the whole build succeeded.
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Also build each corporation's draft (`draft.yaml`), at `<slug>/draft/`, marked as a draft.
        #[arg(long)]
        drafts: bool,
        /// Build the site as it is on this day (YYYY-MM-DD) instead of today: which version is
        /// current and which are announced as upcoming.
        #[arg(long)]
        today: Option<Date>,
    },
    /// Start the next version of a statement: copies the newest published version to `draft.yaml`.
    NewVersion {
        /// The corporation's folder name, e.g. `cocon-wonen`.
        slug: String,
        /// Folder with site.yaml and one folder per corporation.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Publish the draft: it becomes `<date>.yaml`, is recorded in the ledger, and can no longer change.
    Publish {
        /// The corporation's folder name.
        slug: String,
        /// The day the version takes effect (YYYY-MM-DD); today when left out. A later date
        /// announces the version as an upcoming change until then.
        #[arg(long)]
        date: Option<Date>,
        /// Folder with site.yaml and one folder per corporation.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Show what changed between two versions, fact by fact (`draft` names the draft).
    Diff {
        /// The corporation's folder name.
        slug: String,
        /// The older version, e.g. `2018-05-25`.
        from: String,
        /// The newer version, e.g. `2026-11-21` or `draft`.
        to: String,
        /// Folder with site.yaml and one folder per corporation.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Correct a mistake in a published version: records its new facts with the reason, shown on its page.
    Erratum {
        /// The corporation's folder name.
        slug: String,
        /// The published version that was corrected, e.g. `2018-05-25`.
        version: String,
        /// What was wrong, in words for readers; shown on the version's page.
        #[arg(long)]
        reason: String,
        /// Folder with site.yaml and one folder per corporation.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Record a version published before verklaar kept a ledger, so that it can no longer change.
    Record {
        /// The corporation's folder name.
        slug: String,
        /// The published version, e.g. `2018-05-25`.
        version: String,
        /// Folder with site.yaml and one folder per corporation.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Check the content for errors without writing anything.
    Check {
        /// Folder with site.yaml and one folder per corporation.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Preview the site while you edit: rebuilds on every save and reloads the browser.
    Serve {
        /// Folder with site.yaml and one folder per corporation.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Port to listen on; when it is in use, the next free one is taken.
        #[arg(long, default_value_t = 4040)]
        port: u16,
        /// Address to listen on; the default only accepts connections from this computer.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// Check for changes every 100 ms instead of relying on file system events
        /// (for network drives and shared folders where saves are not noticed).
        #[arg(long)]
        poll: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    let result = match cli.command {
        Command::Build {
            content,
            out,
            drafts,
            today,
        } => {
            let cache = pdf_cache_dir(&out);
            let options = BuildOptions {
                drafts,
                today: today.unwrap_or_else(Date::today),
            };
            verklaar::site::build_with_pdf_cache(&content, options, Some(&cache)).and_then(|(site, pdfs)| {
                verklaar::site::write(&site, &out)?;
                Ok(format!(
                    "built {} files into {} in {} ms ({} PDFs typeset, {} unchanged from {})",
                    site.files.len(),
                    out.display(),
                    started.elapsed().as_millis(),
                    pdfs.typeset,
                    pdfs.reused,
                    cache.display(),
                ))
            })
        }
        Command::Serve {
            content,
            port,
            bind,
            open,
            poll,
        } => {
            let options = ServeOptions {
                content,
                bind,
                port,
                poll,
            };
            return match serve(&options, open) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("{error}");
                    ExitCode::FAILURE
                }
            };
        }
        Command::NewVersion { slug, content } => versions::new_version(&content, &slug).map(|draft| {
            format!(
                "started the next version of {slug} in {}\n\
                 edit it (preview with `verklaar serve`), describe the change in `summary:`, then run `verklaar publish {slug}`",
                draft.display()
            )
        }),
        Command::Publish { slug, date, content } => {
            versions::publish(&content, &slug, date.unwrap_or_else(Date::today)).map(|published| {
                format!(
                    "published {} as version {} and recorded it in the ledger; run `verklaar build` to update the site",
                    published.file.display(),
                    published.id
                )
            })
        }
        Command::Diff {
            slug,
            from,
            to,
            content,
        } => diff(&content, &slug, &from, &to),
        Command::Erratum {
            slug,
            version,
            reason,
            content,
        } => versions::erratum(&content, &slug, &version, &reason, Date::today()).map(|parts| {
            format!(
                "recorded the correction of {slug} {version} ({}); its page will say so",
                parts.join(", ")
            )
        }),
        Command::Record { slug, version, content } => versions::record(&content, &slug, &version)
            .map(|ledger| format!("recorded {slug} {version} in {}", ledger.display())),
        Command::Check { content } => verklaar::site::check(&content).map(|content| {
            let versions: usize = content.corporations.iter().map(|c| c.versions.len()).sum();
            format!(
                "content is valid: {} corporations, {} versions",
                content.corporations.len(),
                versions
            )
        }),
    };
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

/// The fact-level changes between two versions, one line each, coloured on a terminal.
fn diff(content_dir: &Path, slug: &str, from: &str, to: &str) -> verklaar::Result<String> {
    let content = verklaar::site::check(content_dir)?;
    let (old, new) = versions::pair(&content, slug, from, to)?;
    let builder = Builder::new(
        &content,
        BuildOptions {
            drafts: true,
            today: Date::today(),
        },
    )?;
    let changes = builder.change_sentences(old, new)?;
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = format!("{slug}: {from} → {to}, {} changes", changes.len());
    let fundamental = changes
        .iter()
        .filter(|(c, _)| c.materiality == Materiality::Fundamental)
        .count();
    if fundamental > 0 {
        out.push_str(&format!(" ({fundamental} fundamental, marked !)"));
    }
    for (change, sentence) in &changes {
        let (sign, code) = match change.kind {
            ChangeKind::Added => ('+', "32"),
            ChangeKind::Removed => ('-', "31"),
            ChangeKind::Changed => ('~', "33"),
            ChangeKind::Moved => ('>', "36"),
        };
        let mark = if change.materiality == Materiality::Fundamental {
            '!'
        } else {
            ' '
        };
        let line = format!("{mark}{sign} {sentence}");
        if colour {
            let bold = if mark == '!' { ";1" } else { "" };
            out.push_str(&format!("\n\x1b[{code}{bold}m{line}\x1b[0m"));
        } else {
            out.push_str(&format!("\n{line}"));
        }
    }
    Ok(out)
}

/// Where `build` keeps PDFs between builds: `.verklaar-cache/` beside the output folder, so that it is
/// never published with the site.
fn pdf_cache_dir(out: &std::path::Path) -> PathBuf {
    match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.join(".verklaar-cache"),
        _ => PathBuf::from(".verklaar-cache"),
    }
}

/// Runs the preview server until Ctrl-C.
fn serve(options: &ServeOptions, open: bool) -> verklaar::Result<()> {
    let preview = Preview::start(options, |line| println!("{line}"))?;
    let url = format!("http://{}/", preview.address());
    println!("serving {} at {url} (Ctrl-C to stop)", options.content.display());
    if open && let Err(error) = std::process::Command::new("xdg-open").arg(&url).spawn() {
        println!("could not open a browser ({error}); open {url} yourself");
    }
    let (stop, stopped) = mpsc::channel();
    // Kept so that waiting below does not end at once when no Ctrl-C handler could be installed.
    let _keep_waiting = stop.clone();
    if let Err(error) = ctrlc::set_handler(move || {
        let _ = stop.send(());
    }) {
        println!("Ctrl-C cannot be caught here ({error}); stop the process another way");
    }
    let _ = stopped.recv();
    preview.stop();
    println!("stopped");
    Ok(())
}
