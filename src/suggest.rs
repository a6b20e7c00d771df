//! "Did you mean": the known name closest to a mistyped one, for every message that lists choices.

/// The candidate closest to `wrong` by edit distance, when it is close enough to be a typo of it
/// (at most two edits, or a third of the candidate's length for long names).
///
/// ```
/// assert_eq!(verklaar::suggest::closest("emial", ["name", "email"]), Some("email"));
/// assert_eq!(verklaar::suggest::closest("xyz", ["name", "email"]), None);
/// ```
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(wrong, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 3))
        .min()
        .map(|(_, candidate)| candidate)
}

/// "did you mean `x`? " when a candidate is close to `wrong`, else nothing: the start of a hint.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(wrong, candidates)
        .map(|c| msg!("did you mean `{c}`? ", c))
        .unwrap_or_default()
}
