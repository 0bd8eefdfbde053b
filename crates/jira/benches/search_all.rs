//! Issues per second for `search_all` over 10,000 issues against fakejira on loopback, at 0 and
//! 20 ms of server latency, fetching pages one at a time and four at a time.
#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented function"
)]

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use futures_util::TryStreamExt as _;

const ISSUES: usize = 10_000;

fn search_all(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let server = runtime
        .block_on(
            fakejira::FakeJira::builder()
                .user("bench", "bench-password")
                .pat("bench-pat", "bench")
                .issues(ISSUES)
                .projects(4)
                .start(),
        )
        .expect("fakejira starts");

    let mut group = c.benchmark_group("search_all_10000_issues");
    group.throughput(Throughput::Elements(ISSUES as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for latency_ms in [0u64, 20] {
        server.set_latency(Duration::from_millis(latency_ms));
        for concurrency in [1usize, 4] {
            let client = jira::Client::builder(server.url().as_str())
                .auth(jira::Auth::bearer("bench-pat"))
                .deployment(jira::Deployment::Server)
                .page_concurrency(concurrency)
                .build()
                .expect("a client");
            let id = BenchmarkId::new(
                format!("latency_{latency_ms}ms"),
                format!("concurrency_{concurrency}"),
            );
            group.bench_function(id, |b| {
                b.iter(|| {
                    let issues: Vec<jira::Value> = runtime
                        .block_on(
                            client
                                .search_all("ORDER BY key", jira::SearchOptions::default())
                                .try_collect(),
                        )
                        .expect("every issue");
                    assert_eq!(issues.len(), ISSUES);
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, search_all);
criterion_main!(benches);
