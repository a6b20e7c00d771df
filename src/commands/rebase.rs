//! What `verklaar rebase` and `verklaar model-update` print: each draft written, and each conflict
//! with the fact, the model's new value and the corporation's deviation.

use std::path::Path;

use crate::content::models::conflicts::inline;
use crate::error::Result;
use crate::lifecycle::{self, Rebased, Update};

/// `verklaar rebase <slug> --onto <name>@<date>`.
pub fn rebase(content: &Path, slug: &str, onto: &str, force: bool) -> Result<String> {
    let rebased = lifecycle::rebase(content, slug, onto, force)?;
    Ok(describe(&rebased))
}

/// `verklaar model-update <name>`.
pub fn model_update(content: &Path, model: &str, force: bool) -> Result<String> {
    let (newest, updates) = lifecycle::model_update(content, model, force)?;
    if updates.is_empty() {
        return Ok(format!("every corporation based on {model} follows {newest} already"));
    }
    let mut out = vec![format!("rebasing onto {newest}:")];
    let mut with_conflicts = Vec::new();
    for update in &updates {
        match update {
            Update::Rebased(rebased) => {
                if !rebased.conflicts.is_empty() {
                    with_conflicts.push(rebased.slug.as_str());
                }
                out.push(describe(rebased));
            }
            Update::HasDraft { slug, file } => out.push(format!(
                "{slug}: left alone, it has a draft already ({}); publish it first, or rebase it with \
                 `verklaar rebase {slug} --onto {newest} --force`",
                file.display()
            )),
        }
    }
    let written = updates.iter().any(|u| matches!(u, Update::Rebased(_)));
    out.push(match with_conflicts.as_slice() {
        [] if !written => "no drafts written".to_owned(),
        [] => "no conflicts: every deviation is kept and touches nothing the model changed".to_owned(),
        slugs => format!(
            "conflicts in {}: check each draft, then publish it with `verklaar publish <slug>`",
            slugs.join(", ")
        ),
    });
    Ok(out.join("\n"))
}

fn describe(rebased: &Rebased) -> String {
    let how = if rebased.replaced_draft {
        "rebased its existing draft"
    } else {
        "wrote a draft"
    };
    let mut lines = vec![format!(
        "{}: {how} {} from {} onto {}, with its deviations kept",
        rebased.slug,
        rebased.file.display(),
        rebased.from,
        rebased.onto
    )];
    if rebased.conflicts.is_empty() {
        lines.push("  no conflicts".to_owned());
    }
    for conflict in &rebased.conflicts {
        lines.push(format!("  conflict: `{}`", conflict.fact));
        lines.push(format!(
            "    the model had:    {}",
            inline(conflict.model_before.as_ref())
        ));
        lines.push(format!("    the model now:    {}", inline(conflict.model_now.as_ref())));
        lines.push(format!("    this corporation: {}", inline(conflict.ours.as_ref())));
    }
    if !rebased.conflicts.is_empty() {
        lines.push(format!(
            "  the draft keeps the corporation's value; to follow the model instead, delete the fact from {}",
            rebased.file.display()
        ));
    }
    for problem in &rebased.problems {
        lines.push(format!("  {}", problem.to_string().trim_end().replace('\n', "\n  ")));
    }
    lines.join("\n")
}
