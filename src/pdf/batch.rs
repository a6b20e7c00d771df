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
use super::{Job, PdfStats, Typesetter};
use crate::error::{Error, Result};

/// After each PDF of a batch, typst's memo cache drops what the last this many PDFs of each thread
/// did not use. Every eviction ages every entry, whichever thread made it, so the age scales with
/// the threads: 2 keeps what the previous version of the same statement left, which is what the
/// next version reuses, and bounds memory to a few documents per thread.
const MEMO_AGE_PER_THREAD: usize = 2;

/// Typesets the PDF of every job, in order, one per processor at a time.
///
/// With `cache`, a PDF whose input is unchanged since an earlier build is read from that folder
/// instead, new PDFs are stored there, and PDFs no longer used are removed from it.
pub fn typeset_all(
    jobs: &[Job<'_>],
    typesetter: &Typesetter,
    cache: Option<&Path>,
) -> Result<(Vec<Vec<u8>>, PdfStats)> {
    typeset_each(jobs, &vec![typesetter; jobs.len()], cache, true)
}

/// [`typeset_all`] with a typesetter per job (`typesetters[i]` for `jobs[i]`): the PDFs of a site
/// in more languages, each typeset with its language's wording, sharing one cache. `jobs` may be
/// only some of the site's PDFs (a shard, or a build that kept other corporations' files): the
/// cache is pruned to what `jobs` use only when `prune`. Jobs with the same input (the same print
/// page and typesetter) are typeset once.
pub fn typeset_each(
    jobs: &[Job<'_>],
    typesetters: &[&Typesetter],
    cache: Option<&Path>,
    prune: bool,
) -> Result<(Vec<Vec<u8>>, PdfStats)> {
    let cache = cache.map(PdfCache::open).transpose()?;
    let keys: Vec<String> = jobs
        .iter()
        .zip(typesetters)
        .map(|(job, typesetter)| typesetter.key(job.html))
        .collect();
    let mut results: Vec<Option<Result<Vec<u8>>>> = keys
        .iter()
        .map(|key| cache.as_ref().and_then(|cache| cache.get(key)).map(Ok))
        .collect();
    let reused = results.iter().filter(|r| r.is_some()).count();
    // The first job of each input the cache did not have is typeset; later ones copy its PDF.
    let mut first_with: BTreeMap<&str, usize> = BTreeMap::new();
    let mut distinct = Vec::new();
    let mut copies = Vec::new();
    for index in (0..jobs.len()).filter(|&i| results[i].is_none()) {
        match first_with.entry(keys[index].as_str()) {
            Entry::Vacant(entry) => {
                entry.insert(index);
                distinct.push(index);
            }
            Entry::Occupied(entry) => copies.push((index, *entry.get())),
        }
    }
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let runs = runs(jobs, &distinct, workers);
    let made = Mutex::new(Vec::with_capacity(distinct.len()));
    let next = AtomicUsize::new(0);
    let threads = workers.min(runs.len());
    let max_age = MEMO_AGE_PER_THREAD * threads;
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(run) = runs.get(next.fetch_add(1, Ordering::SeqCst)) {
                    for &index in run {
                        let (Some(job), Some(typesetter)) = (jobs.get(index), typesetters.get(index)) else {
                            continue;
                        };
                        let pdf = typesetter.typeset_keeping_memo(job.page, &String::from_utf8_lossy(job.html));
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
    let mut pdfs = Vec::with_capacity(jobs.len());
    for (job, result) in jobs.iter().zip(results) {
        match result {
            Some(pdf) => pdfs.push(pdf?),
            None => {
                return Err(Error::Pdf {
                    page: job.page.to_owned(),
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
    Ok((
        pdfs,
        PdfStats {
            typeset: distinct.len() + copies.len(),
            reused,
        },
    ))
}

/// The jobs `distinct` (indexes into `jobs`) as runs for the threads: one run per statement, its
/// versions in order, longest first. With fewer statements than `workers` threads (a build of one
/// corporation), the longest runs are halved until every thread has one.
fn runs(jobs: &[Job<'_>], distinct: &[usize], workers: usize) -> Vec<Vec<usize>> {
    let mut by_statement: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &index in distinct {
        if let Some(job) = jobs.get(index) {
            by_statement.entry(statement_of(job.pdf)).or_default().push(index);
        }
    }
    let mut runs: Vec<Vec<usize>> = by_statement.into_values().collect();
    for run in &mut runs {
        run.sort_by_key(|&index| jobs.get(index).map(|job| job.pdf));
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

    fn job(pdf: &'static str) -> Job<'static> {
        Job {
            page: "",
            html: b"",
            pdf,
        }
    }

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
            job("b/2021-01-01/b.pdf"),
            job("a/2021-01-01/a.pdf"),
            job("a/2020-01-01/a.pdf"),
            job("c/2020-01-01/c.pdf"),
        ];
        assert_eq!(runs(&jobs, &[0, 1, 2, 3], 2), [vec![2, 1], vec![0], vec![3]]);
        assert_eq!(runs(&jobs, &[0, 3], 2), [vec![0], vec![3]]);
    }

    #[test]
    fn one_statement_is_split_over_the_threads() {
        let jobs = [
            job("a/2020-01-01/a.pdf"),
            job("a/2021-01-01/a.pdf"),
            job("a/2022-01-01/a.pdf"),
        ];
        assert_eq!(runs(&jobs, &[0, 1, 2], 2), [vec![1, 2], vec![0]]);
        assert_eq!(runs(&jobs, &[0, 1, 2], 1), [vec![0, 1, 2]]);
        assert!(runs(&jobs, &[], 2).is_empty());
    }
}
