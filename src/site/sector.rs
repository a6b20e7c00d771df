//! The sector view, `sector/` and `sector/sector.csv`: over every corporation, which model version
//! it follows, how many deviations it has, and its key facts side by side. Built only when at
//! least one corporation is based on a model, so other sites stay as they are.

use minijinja::context;
use minijinja::value::Value;
use serde::Serialize;

use crate::content::Corporation;
use crate::content::model::{RecipientKind, Statement};
use crate::content::models::{Change, Deviation};
use crate::content::outline::SECTION_KEYS;
use crate::error::{Context, Error, Result};
use crate::site::files::SiteFiles;
use crate::site::output::{BuildContext, Output};
use crate::site::routes::Route;
use crate::site::views::{corporation_name, periods};

/// `sector/index.html` and `sector/sector.csv`.
pub(crate) struct SectorView;

/// One corporation's column of the sector view.
#[derive(Debug, Serialize)]
struct Column<'a> {
    slug: &'a str,
    name: &'a str,
    /// Its current statement, relative to the sector page.
    path: String,
    /// `name@version` of the model it follows, if any.
    based_on: Option<String>,
    /// The model version's page, when the site publishes the models.
    model_path: Option<String>,
    /// The facts in which it differs from the model, for people.
    deviations: Vec<DeviationView>,
    /// The same facts by their paths, for the CSV.
    #[serde(skip)]
    deviation_facts: Vec<String>,
    processors: Vec<&'a str>,
    /// Where cameras are; `None` without camera surveillance.
    camera: Option<Vec<String>>,
    /// Whether data leaves the EU; `None` when the statement does not say.
    outside_eu: Option<bool>,
    countries: Vec<&'a str>,
    /// Period (and trigger) by the category's name (its id when it has none), in file order.
    retention: Vec<(&'a str, String)>,
}

/// One deviation as the page shows it: what was done, to which section, to which item.
#[derive(Debug, Serialize)]
struct DeviationView {
    /// `added`, `replaced` or `removed`.
    change: Change,
    /// The section's key when it is a section of the statement (its title is in the locale).
    section: Option<&'static str>,
    /// The item's name, or for a retention period its category's name.
    name: Option<String>,
}

/// One row of retention periods: a category and each corporation's period for it.
#[derive(Debug, Serialize)]
struct RetentionRow<'a> {
    /// The category's name: the same name in two corporations is one row.
    name: &'a str,
    cells: Vec<Option<String>>,
}

/// Whether the site has a sector view: some corporation's newest version follows a model.
pub(crate) fn has_sector_view(corporations: &[Corporation]) -> bool {
    corporations
        .iter()
        .any(|c| c.newest().is_some_and(|v| v.basis.is_some()))
}

impl Output for SectorView {
    fn add(&self, build: &BuildContext<'_>, site: &mut SiteFiles) -> Result<()> {
        let corporations = &build.content.corporations;
        if !has_sector_view(corporations) {
            return Ok(());
        }
        let route = Route::Sector;
        let columns: Vec<Column<'_>> = corporations
            .iter()
            .filter(|c| !c.is_document())
            .filter(|c| !c.slug.starts_with("models/"))
            .filter_map(|c| {
                let mut column = column(c, in_force(c, build)?, &route.root());
                if build.content.config.publish_models {
                    column.model_path = c.newest().and_then(|v| v.basis.as_ref()).map(|basis| {
                        let slug = format!("models/{}", basis.model);
                        let page = Route::Version {
                            slug: &slug,
                            version: &basis.version,
                        };
                        format!("{}{}", route.root(), page.path())
                    });
                }
                Some(column)
            })
            .collect();
        let rows = retention_rows(&columns);
        let html = build
            .renderer
            .render(
                "sector.html",
                context! {
                    site => build.site_value.clone(),
                    page => build.page(route, false),
                    corporations => Value::from(minijinja::value::Serde(&columns)),
                    retention => Value::from(minijinja::value::Serde(&rows)),
                    csv => Route::SectorCsv.path().trim_start_matches("sector/"),
                },
            )
            .context(|| msg!("rendering page {file}", file = route.file()))?;
        site.insert(route.file(), html);
        site.insert(Route::SectorCsv.file(), csv(&columns, &rows)?);
        Ok(())
    }
}

/// The version in force on the day of the build, or the first that will be.
fn in_force<'a>(corporation: &'a Corporation, build: &BuildContext<'_>) -> Option<&'a crate::content::Version> {
    let periods = periods(corporation, build.today);
    periods
        .iter()
        .find(|p| p.current)
        .or(periods.first())
        .map(|p| p.version)
}

fn column<'a>(corporation: &'a Corporation, version: &'a crate::content::Version, root: &str) -> Column<'a> {
    let statement: &Statement = &version.statement;
    let recipients = statement
        .recipients
        .as_ref()
        .map(|r| r.list.as_slice())
        .unwrap_or_default();
    let transfers = statement.transfers.as_ref();
    let retention = statement
        .retention
        .iter()
        .flat_map(|r| &r.periods)
        .map(|p| {
            let period = p.period.as_ref().map(|p| p.text.as_str());
            let text = [period, p.trigger.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let category = statement.data.categories.iter().find(|c| c.id == p.category);
            let name = category.and_then(|c| c.name.as_deref()).unwrap_or(p.category.as_str());
            (name, text)
        })
        .collect();
    Column {
        slug: &corporation.slug,
        name: corporation_name(corporation),
        path: format!(
            "{root}{}",
            Route::Corporation {
                slug: &corporation.slug
            }
            .path()
        ),
        based_on: version.basis.as_ref().map(|b| b.reference()),
        model_path: None,
        deviations: version
            .basis
            .iter()
            .flat_map(|b| &b.deviations)
            .map(|d| deviation_view(d, statement))
            .collect(),
        deviation_facts: version
            .basis
            .iter()
            .flat_map(|b| &b.deviations)
            .map(|d| d.fact.clone())
            .collect(),
        processors: recipients
            .iter()
            .filter(|r| r.kind == Some(RecipientKind::Processor))
            .map(|r| r.name.as_str())
            .collect(),
        camera: statement
            .camera_surveillance
            .as_ref()
            .map(|c| c.locations.iter().map(|l| l.name().to_owned()).collect()),
        outside_eu: transfers.map(|t| t.outside_eu),
        countries: transfers
            .iter()
            .flat_map(|t| &t.list)
            .map(|t| t.country.as_str())
            .collect(),
        retention,
    }
}

fn deviation_view(deviation: &Deviation, statement: &Statement) -> DeviationView {
    let top = deviation.fact.split(['.', '[']).next().unwrap_or_default();
    let category = deviation
        .value
        .as_ref()
        .and_then(|v| v.get("category"))
        .and_then(|c| c.as_str());
    let category_name = category.and_then(|id| {
        statement
            .data
            .categories
            .iter()
            .find(|c| c.id.as_str() == id)
            .and_then(|c| c.name.clone())
    });
    DeviationView {
        change: deviation.change,
        section: SECTION_KEYS.iter().copied().find(|key| *key == top),
        name: deviation.name.clone().or(category_name),
    }
}

/// One row per category name that any corporation gives a period for, in the order first seen.
fn retention_rows<'a>(columns: &[Column<'a>]) -> Vec<RetentionRow<'a>> {
    let mut order: Vec<&str> = Vec::new();
    for column in columns {
        for (name, _) in &column.retention {
            if !order.contains(name) {
                order.push(name);
            }
        }
    }
    let cell = |column: &Column<'_>, name: &str| {
        column
            .retention
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| text.clone())
    };
    order
        .into_iter()
        .map(|name| RetentionRow {
            name,
            cells: columns.iter().map(|c| cell(c, name)).collect(),
        })
        .collect()
}

/// `cell` as a spreadsheet reads it as text: a cell that starts like a formula (`=`, `+`, `-`, `@`,
/// a tab or a carriage return) gets a leading `'`, so a name written in a version file cannot run
/// as a formula in the sector body's spreadsheet (CSV injection).
fn inert(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The same facts as CSV: one line per corporation, one column per fact.
fn csv(columns: &[Column<'_>], rows: &[RetentionRow<'_>]) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "slug",
        "name",
        "based_on",
        "deviations",
        "deviation_facts",
        "processors",
        "camera_surveillance",
        "outside_eu",
        "countries",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(rows.iter().map(|r| format!("retention: {}", r.name)));
    let header: Vec<String> = header.into_iter().map(inert).collect();
    let failed = |e: csv::Error| Error::command(msg!("cannot write sector.csv: {e}", e), msg!("report this as a bug"));
    writer.write_record(&header).map_err(failed)?;
    for (index, column) in columns.iter().enumerate() {
        let mut record = vec![
            column.slug.to_owned(),
            column.name.to_owned(),
            column.based_on.clone().unwrap_or_default(),
            column.deviation_facts.len().to_string(),
            column.deviation_facts.join("; "),
            column.processors.join("; "),
            column.camera.as_ref().map(|c| c.join("; ")).unwrap_or_default(),
            column.outside_eu.map(|b| b.to_string()).unwrap_or_default(),
            column.countries.join("; "),
        ];
        record.extend(rows.iter().map(|r| r.cells[index].clone().unwrap_or_default()));
        let record: Vec<String> = record.into_iter().map(inert).collect();
        writer.write_record(&record).map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| Error::command(msg!("cannot write sector.csv: {e}", e), msg!("report this as a bug")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_that_starts_like_a_formula_is_kept_as_text() {
        assert_eq!(
            inert("=HYPERLINK(\"http://x\")".to_owned()),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(inert("@SUM(A1)".to_owned()), "'@SUM(A1)");
        assert_eq!(inert("-1".to_owned()), "'-1");
        assert_eq!(inert("2 jaar na het einde".to_owned()), "2 jaar na het einde");
        assert_eq!(inert(String::new()), "");
    }
}
