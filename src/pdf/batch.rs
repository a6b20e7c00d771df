//! A build's PDFs as one batch: each distinct input typeset once, the versions of one statement
//! in order on one thread (so typst reuses the layout the version before already did), and each
//! new PDF stored in the cache by the thread that made it.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::cache::PdfCache;
use crate::error::{Error, Result};

/// After each PDF of a batch, typst's memo cache drops what the last this many PDFs of each thread
/// did not use. Every eviction ages every entry, whichever thread made it, so the age scales with
/// the threads: 2 keeps what the previous version of the same statement left, which is what the
/// next version reuses, and bounds memory to a few documents per thread.
const MEMO_AGE_PER_THREAD: usize = 2;

/// What a batch needs of each job `i`: where its print page is (`pages[i]`, for messages), where
/// its PDF goes (`pdfs[i]`) and its cache key (`keys[i]`); `typeset(i)` typesets it, leaving
/// typst's memo cache to the batch.
pub(super) struct Batch<'a, F> {
    pub(super) pages: Vec<&'a str>,
    pub(super) pdfs: Vec<&'a str>,
    pub(super) keys: Vec<String>,
    pub(super) typeset: F,
}

/// Makes the PDF of every job of `batch`, or takes it from `cache`; prunes the cache to the
/// batch's keys when `prune`. Returns the PDFs in job order and how many were typeset and reused.
/// Jobs with the same key are typeset once.
pub(super) fn run<F>(batch: Batch<'_, F>, cache: Option<&Path>, prune: bool) -> Result<(Vec<Vec<u8>>, usize, usize)>
where
    F: Fn(usize) -> Result<Vec<u8>> + Sync,
{
    let Batch {
        pages,
        pdfs: paths,
        keys,
        typeset,
    } = batch;
    let cache = cache.map(PdfCache::open).transpose()?;
    let mut results: Vec<Option<Result<Vec<u8>>>> = keys
        .iter()
        .map(|key| cache.as_ref().and_then(|cache| cache.get(key)).map(Ok))
        .collect();
    let reused = results.iter().filter(|r| r.is_some()).count();
    // The first job of each input the cache did not have is typeset; later ones copy its PDF.
    let mut first_with: BTreeMap<&str, usize> = BTreeMap::new();
    let mut distinct = Vec::new();
    let mut copies = Vec::new();
    for index in (0..keys.len()).filter(|&i| results[i].is_none()) {
        match first_with.entry(keys[index].as_str()) {
            Entry::Vacant(entry) => {
                entry.insert(index);
                distinct.push(index);
            }
            Entry::Occupied(entry) => copies.push((index, *entry.get())),
        }
    }
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let runs = runs(&paths, &distinct, workers);
    let made = Mutex::new(Vec::with_capacity(distinct.len()));
    let next = AtomicUsize::new(0);
    let threads = workers.min(runs.len());
    let max_age = MEMO_AGE_PER_THREAD * threads;
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(run) = runs.get(next.fetch_add(1, Ordering::SeqCst)) {
                    for &index in run {
                        let pdf = typeset(index);
                        typst::comemo::evict(max_age);
                        let stored = match (&cache, &pdf) {
                            (Some(cache), Ok(pdf)) => cache.put(&keys[index], pdf),
                            _ => Ok(()),
                        };
                        let pdf = stored.and(pdf);
                        made.lock().unwrap_or_else(|p| p.into_inner()).push((index, pdf));
                    }
                }
            });
        }
    });
    for (index, pdf) in made.into_inner().unwrap_or_else(|p| p.into_inner()) {
        results[index] = Some(pdf);
    }
    for &(index, from) in &copies {
        // A failed original is reported at its own, earlier job.
        if let Some(Ok(pdf)) = &results[from] {
            results[index] = Some(Ok(pdf.clone()));
        }
    }
    let mut made_pdfs = Vec::with_capacity(keys.len());
    for (page, result) in pages.iter().zip(results) {
        match result {
            Some(pdf) => made_pdfs.push(pdf?),
            None => {
                return Err(Error::Pdf {
                    page: (*page).to_owned(),
                    template: None,
                    line: None,
                    message: msg!("the PDF was not typeset").to_string(),
                    source_line: None,
                });
            }
        }
    }
    if let Some(cache) = cache.as_ref().filter(|_| prune) {
        cache.keep_only(&keys.into_iter().collect())?;
    }
    Ok((made_pdfs, distinct.len() + copies.len(), reused))
}

/// The jobs `distinct` (indexes into `pdfs`, the paths of the jobs' PDFs) as runs for the threads:
/// one run per statement, its versions in order, longest first. With fewer statements than
/// `workers` threads (a build of one corporation), the longest runs are halved until every thread
/// has one.
fn runs(pdfs: &[&str], distinct: &[usize], workers: usize) -> Vec<Vec<usize>> {
    let mut by_statement: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &index in distinct {
        if let Some(pdf) = pdfs.get(index) {
            by_statement.entry(statement_of(pdf)).or_default().push(index);
        }
    }
    let mut runs: Vec<Vec<usize>> = by_statement.into_values().collect();
    for run in &mut runs {
        run.sort_by_key(|&index| pdfs.get(index).copied());
    }
    while runs.len() < workers {
        let Some(longest) = (0..runs.len())
            .filter(|&i| runs[i].len() > 1)
            .max_by_key(|&i| runs[i].len())
        else {
            break;
        };
        let half = runs[longest].len() / 2;
        let tail = runs[longest].split_off(half);
        runs.push(tail);
    }
    runs.sort_by_key(|run| Reverse(run.len()));
    runs
}

/// The statement a PDF belongs to: its path without the version's folder and file name
/// (`slug/2024-01-01/slug-2024-01-01.pdf` is of `slug`, `en/slug/…` of `en/slug`).
fn statement_of(pdf: &str) -> &str {
    pdf.rsplitn(3, '/').nth(2).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_belongs_to_the_statement_of_its_folder() {
        assert_eq!(statement_of("a/2024-01-01/a-2024-01-01.pdf"), "a");
        assert_eq!(statement_of("en/a/2024-01-01/a-2024-01-01.pdf"), "en/a");
        assert_eq!(statement_of("a/camera/2024-01-01/x.pdf"), "a/camera");
        assert_eq!(statement_of("x.pdf"), "");
    }

    #[test]
    fn runs_keep_a_statement_in_order_on_one_thread() {
        let jobs = [
            "b/2021-01-01/b.pdf",
            "a/2021-01-01/a.pdf",
            "a/2020-01-01/a.pdf",
            "c/2020-01-01/c.pdf",
        ];
        assert_eq!(runs(&jobs, &[0, 1, 2, 3], 2), [vec![2, 1], vec![0], vec![3]]);
        assert_eq!(runs(&jobs, &[0, 3], 2), [vec![0], vec![3]]);
    }

    #[test]
    fn one_statement_is_split_over_the_threads() {
        let jobs = ["a/2020-01-01/a.pdf", "a/2021-01-01/a.pdf", "a/2022-01-01/a.pdf"];
        assert_eq!(runs(&jobs, &[0, 1, 2], 2), [vec![1, 2], vec![0]]);
        assert_eq!(runs(&jobs, &[0, 1, 2], 1), [vec![0, 1, 2]]);
        assert!(runs(&jobs, &[], 2).is_empty());
    }
}
