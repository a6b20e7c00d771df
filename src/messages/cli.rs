//! The command line's own mistakes (an unknown command or option, a missing argument) in the
//! tool's language: clap words them in English, so for Dutch they are worded here from clap's
//! context.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::{Lang, language};

/// What the parsers of argument values say, worded in English where they are made (they are also
/// serde's messages when a date is read from YAML).
const VALUE_ERRORS: &[&str] = &[
    msg_id!("`{text}` is not a date: write it as YYYY-MM-DD, e.g. 2018-05-25"),
    msg_id!("`{text}` is not a day in the calendar"),
];

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
            let invalid = msg!(
                "error: `{value}` is not a valid value for {option}",
                value = given,
                option = what
            );
            // Why, as the value's parser said it: our own words (a date, a web address).
            match std::error::Error::source(error) {
                Some(why) => format!("{invalid}: {}", super::reword(&why.to_string(), VALUE_ERRORS, &[])),
                None => invalid,
            }
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

/// The command line's own help (`verklaar --help`, `verklaar build --help`) in the tool's
/// language: in Dutch every text is looked up in `cli.nl.yaml` (whose keys are the English texts of
/// the argument docs, as clap holds them), and the headings are Dutch.
pub fn localize(command: clap::Command) -> clap::Command {
    if language() == Lang::En {
        return command;
    }
    let mut command = command;
    command.build();
    translate_command(command)
}

fn translate_command(command: clap::Command) -> clap::Command {
    let about = command.get_about().map(|text| cli_text(&text.to_string()));
    let long_about = command.get_long_about().map(|text| cli_text(&text.to_string()));
    let mut order = 0;
    let mut command = command
        .help_template(msg!(
            "{before-help}{about-with-newline}\nUsage: {usage}\n\n{all-args}{after-help}"
        ))
        .subcommand_help_heading(super::text(msg_id!("Commands")))
        .mut_args(|arg| {
            // A heading of one's own sorts arguments by name; keep them in the order they are declared.
            order += 1;
            let values = value_notes(&arg);
            let help = arg
                .get_help()
                .map(|text| format!("{}{values}", cli_text(&text.to_string())));
            let long_help = arg.get_long_help().map(|text| match values.trim_start() {
                "" => cli_text(&text.to_string()),
                values => format!("{}\n\n{values}", cli_text(&text.to_string())),
            });
            let heading = if arg.is_positional() {
                super::text(msg_id!("Arguments"))
            } else {
                super::text(msg_id!("Options"))
            };
            let arg = arg
                .help_heading(heading)
                .display_order(order)
                .hide_default_value(true)
                .hide_possible_values(true);
            let arg = match help {
                Some(help) => arg.help(help),
                None => arg,
            };
            match long_help {
                Some(help) => arg.long_help(help),
                None => arg,
            }
        })
        .mut_subcommands(translate_command);
    if let Some(about) = about {
        command = command.about(about);
    }
    if let Some(long_about) = long_about {
        command = command.long_about(long_about);
    }
    command
}

/// An argument's default and possible values, worded as clap does after a help text.
fn value_notes(arg: &clap::Arg) -> String {
    let mut notes = String::new();
    if !arg.get_action().takes_values() {
        return notes;
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() {
        notes.push_str(&msg!(" [default: {value}]", value = defaults.join(", ")));
    }
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .map(|v| v.get_name().to_owned())
        .collect();
    if !possible.is_empty() && !arg.is_hide_possible_values_set() {
        notes.push_str(&msg!(" [possible values: {values}]", values = possible.join(", ")));
    }
    notes
}

/// One help text of the command line in Dutch, or as it is when the catalog has none.
fn cli_text(english: &str) -> String {
    super::cli_catalog()
        .get(english)
        .map_or_else(|| english.to_owned(), |dutch| (*dutch).to_owned())
}
