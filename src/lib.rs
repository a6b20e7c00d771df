//! verklaar: privacy statements of Dutch housing corporations, from YAML facts to a versioned
//! static website.
//!
//! The pipeline runs [`load`] → [`validate`] → [`render`] → [`site`], and [`pdf`] typesets each
//! version's print page ([`print`]) into a PDF; [`site::build`] does it all and returns the site as
//! files in memory, [`site::write`] puts them on disk.

#![warn(missing_docs, unreachable_pub)]

pub mod date;
pub mod diff;
pub mod error;
mod html;
pub mod ledger;
pub mod load;
pub mod markdown;
pub mod model;
pub mod outline;
pub mod pdf;
pub mod print;
pub mod render;
pub mod serve;
pub mod site;
pub mod theme;
pub mod validate;
pub mod versions;

pub use error::{Error, Result};
