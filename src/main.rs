//! The `verklaar` command line: parses arguments, calls the library, prints errors for people.

use std::io::{IsTerminal, Write};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use verklaar::commands;
use verklaar::content::date::Date;
use verklaar::serve::{Preview, ServeOptions};
use verklaar::site::BuildOptions;
use verklaar::{messages, msg};

/// mimalloc instead of the system allocator: rendering and typst allocate many small values on
/// every core, and glibc's malloc took about a third of a full render's CPU time (15% of a cold
/// build of many PDFs). Without transparent huge pages (`no_thp`), which raised peak memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// The language of verklaar's own messages: `en` or `nl`; by default the one of LC_ALL,
    /// LC_MESSAGES or LANG (`nl...` is Dutch, anything else English).
    #[arg(long, global = true, value_parser = ["en", "nl"])]
    lang: Option<String>,
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
    // The language is needed before clap reports a mistake in the command line, so `--lang` is
    // looked for by hand first; clap checks it again below.
    let args: Vec<String> = std::env::args().collect();
    let flag = args
        .iter()
        .enumerate()
        .find_map(|(i, arg)| match arg.strip_prefix("--lang") {
            Some("") => args.get(i + 1).map(String::as_str),
            Some(value) => value.strip_prefix('='),
            None => None,
        });
    messages::set_language(messages::choose(flag, |name| std::env::var(name).ok()));
    let parsed = messages::cli::localize(Cli::command())
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() || messages::language() == messages::Lang::En => error.exit(),
        Err(error) => {
            eprintln!("{}", messages::cli::usage_error(&error).trim_end());
            return ExitCode::from(2);
        }
    };
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
            return match (stdout(&format!("{json}\n")), failed) {
                (Err(code), _) => code,
                (Ok(()), true) => ExitCode::FAILURE,
                (Ok(()), false) => ExitCode::SUCCESS,
            };
        }
        Command::Check {
            content,
            format: Format::Text,
        } => commands::check(&content).map(|reported| report(reported, quiet)),
        Command::NewCorporation { slug, name, content } => commands::new_corporation(&content, &slug, &name),
        Command::Schema { out: Some(out) } => commands::write_schema(&out),
        Command::Schema { out: None } => match commands::schema() {
            Ok(schema) => return stdout(&schema).map_or_else(|code| code, |()| ExitCode::SUCCESS),
            Err(error) => Err(error),
        },
        Command::Completions { shell } => {
            let mut command = messages::cli::localize(Cli::command());
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "verklaar", &mut script);
            return stdout(&String::from_utf8_lossy(&script)).map_or_else(|code| code, |()| ExitCode::SUCCESS);
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
            serve(&options, open).map(|()| msg!("stopped").to_string())
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
        } => commands::diff(&content, &slug, &from, &to).map(|reported| report(reported, quiet)),
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
                return stdout(&format!("{summary}\n")).map_or_else(|code| code, |()| ExitCode::SUCCESS);
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{}", painted(&error.to_string()));
            ExitCode::FAILURE
        }
    }
}

/// Writes `text` to stdout. A reader that stopped reading (`verklaar check --format json | head`) is
/// no failure; any other write error is reported, with the exit code to end with.
fn stdout(text: &str) -> Result<(), ExitCode> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("{}", msg!("could not write to standard output: {error}", error));
            Err(ExitCode::FAILURE)
        }
        _ => Ok(()),
    }
}

/// Prints one line of the preview to stdout, for as long as anyone reads it.
fn say(line: impl std::fmt::Display) {
    let _ = stdout(&format!("{line}\n"));
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
    let preview = Preview::start(options, |line| say(line))?;
    let url = format!("http://{}/", preview.address());
    println!(
        "{}",
        msg!(
            "serving {content} at {url} (Ctrl-C to stop)",
            content = options.content.display(),
            url
        )
    );
    if open && let Err(error) = std::process::Command::new("xdg-open").arg(&url).spawn() {
        say(msg!(
            "could not open a browser ({error}); open {url} yourself",
            error,
            url
        ));
    }
    let (stop, stopped) = mpsc::channel();
    // Kept so that waiting below does not end at once when no Ctrl-C handler could be installed.
    let _keep_waiting = stop.clone();
    if let Err(error) = ctrlc::set_handler(move || {
        let _ = stop.send(());
    }) {
        say(msg!(
            "Ctrl-C cannot be caught here ({error}); stop the process another way",
            error
        ));
    }
    let _ = stopped.recv();
    preview.stop();
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Every help text of the command line, as clap holds it: the docs of commands and arguments.
    fn help_texts(command: &clap::Command, texts: &mut BTreeSet<String>) {
        texts.extend(command.get_about().map(|t| t.to_string()));
        texts.extend(command.get_long_about().map(|t| t.to_string()));
        for arg in command.get_arguments() {
            texts.extend(arg.get_help().map(|t| t.to_string()));
            texts.extend(arg.get_long_help().map(|t| t.to_string()));
        }
        for sub in command.get_subcommands() {
            help_texts(sub, texts);
        }
    }

    #[test]
    fn every_help_text_has_a_dutch_entry_and_every_entry_is_used() {
        let mut command = Cli::command();
        command.build();
        let mut texts = BTreeSet::new();
        help_texts(&command, &mut texts);
        let catalog = messages::cli_catalog();
        let missing: Vec<&String> = texts.iter().filter(|t| !catalog.contains_key(t.as_str())).collect();
        assert!(
            missing.is_empty(),
            "help texts without a Dutch entry in src/messages/cli.nl.yaml:\n{missing:#?}"
        );
        let unused: Vec<&&str> = catalog.keys().filter(|k| !texts.contains(**k)).collect();
        assert!(
            unused.is_empty(),
            "entries of src/messages/cli.nl.yaml that no help text uses:\n{unused:#?}"
        );
    }
}
