//! The `verklaar` command line: parses arguments, calls the library, prints errors for people.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Instant;

use clap::{Parser, Subcommand};
use verklaar::serve::{Preview, ServeOptions};

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
        Command::Build { content, out, drafts } => {
            let cache = pdf_cache_dir(&out);
            verklaar::site::build_with_pdf_cache(&content, drafts, Some(&cache)).and_then(|(site, pdfs)| {
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
