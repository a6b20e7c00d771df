//! verklaar: privacy statements of Dutch housing corporations, from YAML facts to a versioned
//! static website.
//!
//! The pipeline, one module per stage:
//! [`content`] (load, check, ledger) → [`render`] (theme, locale, templates) → [`site`] (pages,
//! feeds, manifest, the output folder) → [`pdf`] (print pages typeset as PDFs), with [`diff`]
//! comparing versions for the change logs. [`lifecycle`] holds the commands that change content,
//! [`serve`] the preview, [`commands`] what the command line prints, [`messages`] in which words.

#![warn(missing_docs, unreachable_pub)]

// First, so that `msg!` is in scope in every module after it.
#[macro_use]
pub mod messages;
pub mod commands;
pub mod content;
pub mod diff;
pub mod error;
pub mod lifecycle;
pub mod pdf;
pub mod render;
pub mod serve;
pub mod site;
pub mod suggest;
pub mod trace;

pub use error::{Error, Result};
