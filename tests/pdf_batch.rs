//! The PDFs of a build as one batch: typst's work reused from one version to the next changes no
//! byte, and the same input given twice gives the same PDF twice.

mod common;

use common::*;
use verklaar::content::check;
use verklaar::pdf::{self, Job};
use verklaar::site::Builder;

#[test]
fn a_batch_gives_the_bytes_of_pdfs_typeset_one_by_one_with_nothing_kept() {
    let content = check(&repo().join("tests/fixtures/history/content")).unwrap();
    let builder = Builder::new(&content, options(false)).unwrap();
    let site = builder.render(&content).unwrap();
    let typesetter = builder.typesetter().unwrap();
    let jobs: Vec<Job<'_>> = site
        .pdfs
        .iter()
        .map(|(pdf, page)| Job {
            page,
            html: &site.files[page],
            pdf,
        })
        .collect();
    assert!(jobs.len() >= 3, "the fixture has versions to reuse work between");
    // The same print page twice more, under other names: typeset once, given to both.
    let again = [
        Job {
            pdf: "again/2020-01-01/again.pdf",
            ..jobs[0]
        },
        Job {
            pdf: "again/2021-01-01/again.pdf",
            ..jobs[0]
        },
    ];
    let all: Vec<Job<'_>> = jobs.iter().chain(&again).copied().collect();
    let (batch, stats) = pdf::typeset_all(&all, typesetter, None).unwrap();
    assert_eq!((stats.typeset, stats.reused), (all.len(), 0));
    for (job, made) in all.iter().zip(&batch) {
        typst::comemo::evict(0);
        let alone = typesetter
            .typeset(job.page, &String::from_utf8_lossy(job.html))
            .unwrap();
        assert!(alone == *made, "{} differs when typeset alone", job.pdf);
    }
}
