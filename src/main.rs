//! The `verklaar` command line: parses arguments, calls the library, prints errors for people.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use verklaar::commands;
use verklaar::content::date::Date;
use verklaar::serve::{Preview, ServeOptions};
use verklaar::site::BuildOptions;

/// Privacy statements of housing corporations, from YAML facts to a static website.
///
/// Exit status: 0 when all went well, 1 when the content has errors or a command failed,
/// 2 when the command line itself is wrong. Set NO_COLOR to turn colours off.
#[derive(Parser)]
#[command(name = "verklaar", version, about, long_about)]
struct Cli {
    /// Print only errors: no summary, no warnings.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

/// How `check` reports.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// For people, with the offending lines.
    Text,
    /// One JSON object with `errors` and `lints`, for editors and other tools.
    Json,
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
        /// The site's address for this build (e.g. a staging host), instead of `base_url` in
        /// site.yaml: used in canonical links, feeds, the sitemap and the data files.
        #[arg(long, value_parser = commands::parse_base_url)]
        base_url: Option<String>,
        /// Build only the pages and PDFs of these corporations (folder names), e.g. one shard of a
        /// CI matrix; the index, feeds, manifest and sitemap still list every corporation.
        #[arg(long, num_args = 1..)]
        only: Vec<String>,
    },
    /// Start the next version of a statement: copies the newest published version to `draft.yaml`.
    NewVersion {
        /// The corporation's folder name, e.g. `cocon-wonen`.
        slug: String,
        /// Folder with site.yaml and one folder per corporation.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Rebase a corporation onto another model version: writes its draft with its deviations
    /// kept and `based_on:` naming that version, and prints the conflicts.
    Rebase {
        /// The corporation's folder name.
        slug: String,
        /// The model version, `<name>@<date>`, e.g. `sectormodel@2026-09-01`.
        #[arg(long)]
        onto: String,
        /// Rebase the existing draft itself instead of refusing (only its `based_on:` line changes).
        #[arg(long)]
        force: bool,
        /// Folder with site.yaml and one folder per corporation.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// For the newest published version of a model: a rebased draft for every corporation based
    /// on an older version of it, and which of them have conflicts.
    ModelUpdate {
        /// The model's folder name in `content/models/`, e.g. `sectormodel`.
        model: String,
        /// Also rebase corporations that have a draft already (the draft itself is rebased).
        #[arg(long)]
        force: bool,
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
    /// Write the announcement of a version with fundamental changes, to send before it applies
    /// (Markdown for a news item, plain text for a letter or e-mail).
    Announce {
        /// The corporation's folder name.
        slug: String,
        /// The published version to announce, e.g. `2027-01-01`.
        version: String,
        /// Folder to write `<slug>-<version>-announcement.md` and `.txt` to.
        #[arg(long, default_value = ".")]
        out: PathBuf,
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
    /// Record versions published before verklaar kept a ledger, so that they can no longer change.
    Record {
        /// The corporation's folder name.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        slug: Option<String>,
        /// The published versions, e.g. `2018-05-25`.
        #[arg(required_unless_present = "all")]
        versions: Vec<String>,
        /// Record every published version of every corporation that is not in the ledger yet.
        #[arg(long)]
        all: bool,
        /// Folder with site.yaml and one folder per corporation.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Check the content for errors and lint it for gaps (warnings do not fail), writing nothing.
    Check {
        /// Folder with site.yaml and one folder per corporation.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// How to report: `text` for people, `json` for tools.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Add a corporation: writes `content/<slug>/draft.yaml` with every section as a commented example.
    NewCorporation {
        /// The folder name, used in web addresses: lowercase letters, digits and hyphens, e.g. `cocon-wonen`.
        slug: String,
        /// The corporation's full name, e.g. "Woningstichting Kockengen".
        #[arg(long)]
        name: String,
        /// Folder with site.yaml and one folder per corporation.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Write the JSON Schema of a version file, for completion and checks in editors such as VS Code.
    ///
    /// `new-version` and `new-corporation` keep it in `content/version.schema.json`, which the
    /// files they write name in their first line.
    Schema {
        /// File to write it to, e.g. `content/version.schema.json`; standard output when left out.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print a completion script for your shell, e.g. `verklaar completions bash > ~/.local/share/bash-completion/completions/verklaar`.
    Completions {
        /// The shell.
        shell: Shell,
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
    let quiet = cli.quiet;
    let result = match cli.command {
        Command::Build {
            content,
            out,
            drafts,
            today,
            base_url,
            only,
        } => {
            let options = BuildOptions {
                drafts,
                today: today.unwrap_or_else(Date::today),
            };
            let only = (!only.is_empty()).then_some(only.as_slice());
            commands::build(&content, &out, options, base_url.as_deref(), only).map(|reported| report(reported, quiet))
        }
        Command::Check {
            content,
            format: Format::Json,
        } => {
            let (json, failed) = commands::check_json(&content);
            println!("{json}");
            return if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS };
        }
        Command::Check {
            content,
            format: Format::Text,
        } => commands::check(&content).map(|reported| report(reported, quiet)),
        Command::NewCorporation { slug, name, content } => commands::new_corporation(&content, &slug, &name),
        Command::Schema { out: Some(out) } => commands::write_schema(&out),
        Command::Schema { out: None } => match commands::schema() {
            Ok(schema) => {
                print!("{schema}");
                return ExitCode::SUCCESS;
            }
            Err(error) => Err(error),
        },
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "verklaar", &mut std::io::stdout());
            return ExitCode::SUCCESS;
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
            serve(&options, open).map(|()| "stopped".to_owned())
        }
        Command::NewVersion { slug, content } => commands::new_version(&content, &slug),
        Command::Rebase {
            slug,
            onto,
            force,
            content,
        } => commands::rebase(&content, &slug, &onto, force),
        Command::ModelUpdate { model, force, content } => commands::model_update(&content, &model, force),
        Command::Publish { slug, date, content } => commands::publish(&content, &slug, date),
        Command::Diff {
            slug,
            from,
            to,
            content,
        } => commands::diff(&content, &slug, &from, &to),
        Command::Announce {
            slug,
            version,
            out,
            content,
        } => commands::announce(&content, &slug, &version, &out),
        Command::Erratum {
            slug,
            version,
            reason,
            content,
        } => commands::erratum(&content, &slug, &version, &reason),
        Command::Record {
            slug,
            versions,
            all: _,
            content,
        } => commands::record(&content, slug.as_deref(), &versions),
    };
    match result {
        Ok(summary) => {
            if !quiet && !summary.is_empty() {
                println!("{summary}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{}", painted(&error.to_string()));
            ExitCode::FAILURE
        }
    }
}

/// Prints the lints to stderr (unless `quiet`) and returns the summary for stdout.
fn report(reported: commands::Reported, quiet: bool) -> String {
    if !quiet && !reported.lints.is_empty() {
        eprintln!("{}", painted(&reported.lints));
    }
    reported.summary
}

/// `text` coloured when stderr is a terminal and `NO_COLOR` is not set.
fn painted(text: &str) -> String {
    if commands::colour_allowed(std::io::stderr().is_terminal()) {
        commands::paint(text)
    } else {
        text.to_owned()
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
    Ok(())
}
