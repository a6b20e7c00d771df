//! The command line's own mistakes (an unknown command or option, a missing argument) in the
//! tool's language: clap words them in English, so for Dutch they are worded here from clap's
//! context.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::{Lang, language};

/// The text to print for a command-line mistake in the tool's language (clap's own in English).
pub fn usage_error(error: &clap::Error) -> String {
    if language() == Lang::En {
        return error.render().to_string();
    }
    let value = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(text)) => Some(text.clone()),
        Some(ContextValue::Strings(texts)) => Some(texts.join(", ")),
        Some(ContextValue::StyledStr(text)) => Some(text.to_string()),
        _ => None,
    };
    let what = value(ContextKind::InvalidArg).unwrap_or_default();
    let given = value(ContextKind::InvalidValue).unwrap_or_default();
    let mut text = match error.kind() {
        ErrorKind::InvalidSubcommand => msg!(
            "error: unknown command `{command}`",
            command = value(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument => msg!("error: unknown option or argument `{option}`", option = what),
        ErrorKind::MissingRequiredArgument => msg!("error: missing argument {argument}", argument = what),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            msg!("error: name a command, e.g. `verklaar build`")
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            msg!(
                "error: `{value}` is not a valid value for {option}",
                value = given,
                option = what
            )
        }
        ErrorKind::ArgumentConflict => msg!(
            "error: {option} cannot be combined with the other options given",
            option = what
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            msg!("error: unexpected argument `{value}`", value = given)
        }
        _ => msg!("error: the command line is not valid"),
    }
    .to_string();
    if let Some(suggestion) = value(ContextKind::SuggestedSubcommand).or_else(|| value(ContextKind::SuggestedArg)) {
        text.push_str(&format!(
            "\n{}",
            msg!("  = help: did you mean `{suggestion}`?", suggestion)
        ));
    }
    if let Some(valid) = value(ContextKind::ValidValue) {
        text.push_str(&format!(
            "\n{}",
            msg!("  = help: possible values: {values}", values = valid)
        ));
    }
    text.push_str(&format!(
        "\n{}",
        msg!("  = help: `verklaar --help` lists the commands and options")
    ));
    text
}
