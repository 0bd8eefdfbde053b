//! Server CPU for one 100-issue page of `ORDER BY key` with all fields, served in-process through
//! the same routing and handler as HTTP (no socket), at 10,000 and 100,000 issues. Pages move
//! through the result so that no single page is served twice in a row.
//!
//! Figures (2-core shared machine, `cargo bench -p fakejira --bench search_page`):
//!
//! | issues  | before  | query cached | + written as text |
//! |---------|---------|--------------|-------------------|
//! | 10,000  | 10.8 ms | 4.7 ms       | 0.83 ms           |
//! | 100,000 | 90.3 ms | 4.0 ms       | 0.75 ms           |
//!
//! "Query cached": the matches of a query are filtered and sorted once per change to the issues.
//! "Written as text": the page is written as JSON text, the objects issues share (users, statuses,
//! types, priorities, projects) built once per page, instead of a `serde_json::Value` per issue.
//!
//! Start-up of the release binary (`fakejira --issues N`, until it prints that it listens;
//! maximum RSS from `/usr/bin/time -v`):
//!
//! | issues    | every issue stored | generated on demand |
//! |-----------|--------------------|---------------------|
//! | 10,000    | 0.06 s, 14.5 MB    | < 0.01 s, 5.5 MB    |
//! | 100,000   | 0.12 s, 93.7 MB    | 0.06 s, 5.6 MB      |
//! | 1,000,000 | 1.04 s, 884.6 MB   | 0.06 s, 5.5 MB      |
//!
//! Generated issues are built from their position when reached; only issues written to are
//! stored. A full `ORDER BY key` export of 1,000,000 issues, 1,000 per page over HTTP, peaks at
//! 68 MB: the sorted positions of the query (8 bytes an issue) plus one page of issues.
#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented function"
)]

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

const PAGE: usize = 100;
const PAT: &str = "bench-pat";

fn search_page(c: &mut Criterion) {
    let mut group = c.benchmark_group("search_page_100_all_fields");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for issues in [10_000usize, 100_000] {
        let jira = fakejira::FakeJira::builder()
            .user("bench", "bench-password")
            .pat(PAT, "bench")
            .issues(issues)
            .projects(4)
            .in_process()
            .expect("an in-process simulator");
        let pages = issues / PAGE;
        let mut page = 0;
        group.bench_with_input(BenchmarkId::from_parameter(issues), &issues, |b, _| {
            b.iter(|| {
                page = (page + 37) % pages;
                let (status, body) = jira.get(
                    &format!(
                        "/rest/api/2/search?jql=ORDER%20BY%20key&fields=*all&maxResults={PAGE}&startAt={}",
                        page * PAGE
                    ),
                    PAT,
                );
                assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
                body.len()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, search_page);
criterion_main!(benches);
