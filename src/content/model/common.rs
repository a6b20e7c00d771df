//! The building blocks of the facts: Markdown text and the ids by which facts refer to each other.

/// Markdown text written by the person editing the YAML.
pub type Markdown = String;

/// A short identifier that other facts use to refer to this one.
pub type Id = String;
