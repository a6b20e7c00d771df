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
        return Ok(msg!(
            "every corporation based on {model} follows {newest} already",
            model,
            newest
        ));
    }
    let mut out = vec![msg!("rebasing onto {newest}:", newest)];
    let mut with_conflicts = Vec::new();
    for update in &updates {
        match update {
            Update::Rebased(rebased) => {
                if !rebased.conflicts.is_empty() {
                    with_conflicts.push(rebased.slug.as_str());
                }
                out.push(describe(rebased));
            }
            Update::HasDraft { slug, file } => out.push(msg!(
                "{slug}: left alone, it has a draft already ({file}); publish it first, or rebase it with \
                 `verklaar rebase {slug} --onto {newest} --force`",
                slug,
                file = file.display(),
                newest
            )),
        }
    }
    let written = updates.iter().any(|u| matches!(u, Update::Rebased(_)));
    out.push(match with_conflicts.as_slice() {
        [] if !written => msg!("no drafts written"),
        [] => msg!("no conflicts: every deviation is kept and touches nothing the model changed"),
        slugs => msg!(
            "conflicts in {slugs}: check each draft, then publish it with `verklaar publish <slug>`",
            slugs = slugs.join(", ")
        ),
    });
    Ok(out.join("\n"))
}

fn describe(rebased: &Rebased) -> String {
    let (slug, file, from, onto) = (&rebased.slug, rebased.file.display(), &rebased.from, &rebased.onto);
    let mut lines = vec![if rebased.replaced_draft {
        msg!(
            "{slug}: rebased its existing draft {file} from {from} onto {onto}, with its deviations kept",
            slug,
            file,
            from,
            onto
        )
    } else {
        msg!(
            "{slug}: wrote a draft {file} from {from} onto {onto}, with its deviations kept",
            slug,
            file,
            from,
            onto
        )
    }];
    if rebased.conflicts.is_empty() {
        lines.push(format!("  {}", msg!("no conflicts")));
    }
    for conflict in &rebased.conflicts {
        lines.push(format!("  {}", msg!("conflict: `{fact}`", fact = conflict.fact)));
        let before = inline(conflict.model_before.as_ref());
        lines.push(format!("    {}", msg!("the model had:    `{before}`", before)));
        let now = inline(conflict.model_now.as_ref());
        lines.push(format!("    {}", msg!("the model now:    `{now}`", now)));
        let ours = inline(conflict.ours.as_ref());
        lines.push(format!("    {}", msg!("this corporation: `{ours}`", ours)));
    }
    if !rebased.conflicts.is_empty() {
        lines.push(format!(
            "  {}",
            msg!(
                "the draft keeps the corporation's value; to follow the model instead, delete the fact from {file}",
                file
            )
        ));
    }
    for problem in &rebased.problems {
        lines.push(format!("  {}", problem.to_string().trim_end().replace('\n', "\n  ")));
    }
    lines.join("\n")
}
