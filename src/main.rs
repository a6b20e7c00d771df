//! The `verklaar` command line: parses arguments, calls the library, prints errors for people.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

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
    },
    /// Check the content for errors without writing anything.
    Check {
        /// Folder with site.yaml and one folder per corporation.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    let result = match cli.command {
        Command::Build { content, out } => verklaar::site::build(&content).and_then(|site| {
            verklaar::site::write(&site, &out)?;
            Ok(format!(
                "built {} files into {} in {} ms",
                site.files.len(),
                out.display(),
                started.elapsed().as_millis()
            ))
        }),
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
