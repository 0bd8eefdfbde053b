//! `bench/chart.png` (in the target directory): six bar charts, one bar per row, coloured by
//! client: one-shot wall time and peak RSS; the exports at 0 ms (wall time, CPU time, peak RSS);
//! the stream at 20 ms next to its computed floors.
//!
//! plotters draws text through ab_glyph, which needs a TrueType font but no system library: the
//! first font found among common locations (or `$XTASK_BENCH_FONT`) is loaded at run time. With
//! none, the bars are drawn without any text and results.md stays the legend.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::coord::ranged1d::{SegmentedCoord, ValueFormatter};
use plotters::coord::types::RangedCoordusize;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::measure::Stats;
use super::{CaseId, Client, Row, Workload, bulk};

/// Fonts shipped by common packages (Debian/Ubuntu fonts-dejavu-core, fonts-liberation; Fedora;
/// Arch; macOS).
const FONT_CANDIDATES: [&str; 6] = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
];

const JSHELL: RGBColor = RGBColor(222, 98, 44);
const FLOOR: RGBColor = RGBColor(130, 130, 130);
const PYTHON: RGBColor = RGBColor(55, 118, 171);

/// One bar.
struct Bar {
    label: String,
    value: f64,
    client: Client,
}

/// Draws the chart; returns a note on how (with or without text).
pub fn draw(path: &Path, rows: &[Row]) -> Result<String, String> {
    let font = load_font();
    let text = font.is_ok();
    let root = BitMapBackend::new(path, (1600, 1560)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let (charts, legend_strip) = root.split_vertically(1520);
    let panels = charts.split_evenly((3, 2));
    if text {
        legend(&legend_strip)?;
    }

    for (panel, (bars, title, log)) in panels.iter().zip(specs(rows)) {
        panel_chart(panel, &bars, title, log, text)?;
    }
    root.present().map_err(|e| e.to_string())?;
    Ok(match font {
        Ok(font) => format!("labels in {}", font.display()),
        Err(why) => format!("no labels: {why}; results.md lists the bars in order"),
    })
}

/// Each panel's bars, title and whether its axis is logarithmic.
fn specs(rows: &[Row]) -> [(Vec<Bar>, &'static str, bool); 6] {
    let one_shot = |value: fn(&Stats) -> f64| -> Vec<Bar> {
        bars(rows, |row| row.workload == Workload::OneShot, value)
    };
    let fast = |value: fn(&Stats) -> f64| -> Vec<Bar> {
        bars(
            rows,
            |row| matches!(row.workload, Workload::Bulk { latency_ms: 0, .. }),
            value,
        )
    };
    [
        (
            one_shot(|s| s.wall.as_secs_f64() * 1000.0),
            "One-shot wall time, ms (median, log scale)",
            true,
        ),
        (
            one_shot(|s| s.max_rss as f64 / MIB),
            "One-shot peak RSS, MiB (median)",
            false,
        ),
        (
            fast(|s| s.wall.as_secs_f64()),
            "Export at 0 ms: wall time, s (log scale)",
            true,
        ),
        (
            fast(|s| s.cpu.as_secs_f64()),
            "Export at 0 ms: client CPU (user+sys), s (log scale)",
            true,
        ),
        (
            fast(|s| s.max_rss as f64 / MIB),
            "Export at 0 ms: peak RSS, MiB (log scale)",
            true,
        ),
        (
            slow_bars(rows),
            "Stream at 20 ms: wall time, s, and pages ÷ concurrency × latency",
            true,
        ),
    ]
}

const MIB: f64 = 1024.0 * 1024.0;

/// The rows' bars, last row first: plotters counts up from the bottom, the table down from the
/// top.
fn bars(rows: &[Row], keep: impl Fn(&Row) -> bool, value: fn(&Stats) -> f64) -> Vec<Bar> {
    rows.iter()
        .rev()
        .filter(|row| keep(row))
        .filter_map(|row| {
            let stats = row.outcome.as_ref().ok()?;
            Some(Bar {
                label: bar_label(row),
                value: value(stats),
                client: row.client,
            })
        })
        .collect()
}

fn bar_label(row: &Row) -> String {
    let name = short_name(row.id);
    match row.workload {
        Workload::OneShot => name,
        Workload::Bulk { issues, .. } => format!("{}k: {name}", issues / 1000),
        Workload::Attachment => format!("50 MiB: {name}"),
    }
}

/// The stream's rows above 0 ms, each followed by its computed floor (grey).
fn slow_bars(rows: &[Row]) -> Vec<Bar> {
    let mut bars = Vec::new();
    for row in rows.iter().rev() {
        let (
            Workload::Bulk { issues, latency_ms },
            CaseId::JshellStream { concurrency },
            Ok(stats),
        ) = (row.workload, row.id, &row.outcome)
        else {
            continue;
        };
        if latency_ms == 0 {
            continue;
        }
        bars.push(Bar {
            label: format!("{}k: floor, {concurrency} in flight", issues / 1000),
            value: bulk::latency_floor(issues, concurrency, latency_ms).as_secs_f64(),
            client: Client::Floor,
        });
        bars.push(Bar {
            label: bar_label(row),
            value: stats.wall.as_secs_f64(),
            client: row.client,
        });
    }
    bars
}

/// One coloured square and name per client, centred along the bottom.
fn legend(area: &DrawingArea<BitMapBackend<'_>, Shift>) -> Result<(), String> {
    let entries = [
        (Client::Jshell, "jshell"),
        (Client::Floor, "curl (the floor)"),
        (Client::Python, "Python jira / jirashell (the incumbent)"),
    ];
    let style =
        TextStyle::from(("sans-serif", 17).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
    let mut x = 470;
    for (client, name) in entries {
        area.draw(&Rectangle::new(
            [(x, 12), (x + 18, 30)],
            colour(client).filled(),
        ))
        .map_err(|e| e.to_string())?;
        area.draw(&Text::new(name, (x + 26, 21), style.clone()))
            .map_err(|e| e.to_string())?;
        x += 26 + 9 * i32::try_from(name.len()).unwrap_or(20) + 40;
    }
    Ok(())
}

fn short_name(id: CaseId) -> String {
    match id {
        CaseId::JshellVersion => "jshell --version".to_owned(),
        CaseId::JshellEval => "jshell -e 1".to_owned(),
        CaseId::JshellOauth => "jshell OAuth".to_owned(),
        CaseId::JshellPat => "jshell PAT".to_owned(),
        CaseId::CurlPat => "curl PAT (floor)".to_owned(),
        CaseId::JirashellBasic => "jirashell Basic".to_owned(),
        CaseId::JirashellOauth => "jirashell OAuth".to_owned(),
        CaseId::JshellStream { concurrency } => format!("jshell stream, {concurrency} in flight"),
        CaseId::JshellStreamOauth => "jshell stream, OAuth".to_owned(),
        CaseId::JshellEager => "jshell eager search_issues".to_owned(),
        CaseId::PythonSearch => "python-jira".to_owned(),
        CaseId::CurlFloor => "curl (floor)".to_owned(),
        CaseId::JshellUpload => "jshell upload".to_owned(),
        CaseId::JshellDownload => "jshell download".to_owned(),
        CaseId::CurlUpload => "curl upload (floor)".to_owned(),
    }
}

fn colour(client: Client) -> RGBColor {
    match client {
        Client::Jshell => JSHELL,
        Client::Floor => FLOOR,
        Client::Python => PYTHON,
    }
}

fn panel_chart(
    area: &DrawingArea<BitMapBackend<'_>, Shift>,
    bars: &[Bar],
    title: &str,
    log: bool,
    text: bool,
) -> Result<(), String> {
    if bars.is_empty() {
        return Ok(());
    }
    let max = bars.iter().map(|bar| bar.value).fold(0.0_f64, f64::max);
    let min = bars
        .iter()
        .map(|bar| bar.value)
        .filter(|&v| v > 0.0)
        .fold(f64::INFINITY, f64::min);
    let mut builder = ChartBuilder::on(area);
    builder.margin(12);
    if text {
        builder
            .caption(title, ("sans-serif", 22))
            .x_label_area_size(30)
            .y_label_area_size(260);
    }
    if log {
        let low = if min.is_finite() { min / 2.0 } else { 0.1 };
        let chart = builder
            .build_cartesian_2d(
                (low..max * 3.0).log_scale(),
                (0..bars.len() - 1).into_segmented(),
            )
            .map_err(|e| e.to_string())?;
        finish(chart, bars, low, text)
    } else {
        let chart = builder
            .build_cartesian_2d(0.0..max * 1.18, (0..bars.len() - 1).into_segmented())
            .map_err(|e| e.to_string())?;
        finish(chart, bars, 0.0, text)
    }
}

/// Mesh, bars and value labels on a chart whose x axis is linear or logarithmic.
fn finish<'a, X>(
    mut chart: ChartContext<
        'a,
        BitMapBackend<'a>,
        Cartesian2d<X, SegmentedCoord<RangedCoordusize>>,
    >,
    bars: &[Bar],
    base: f64,
    text: bool,
) -> Result<(), String>
where
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    if text {
        let labels: Vec<&str> = bars.iter().map(|bar| bar.label.as_str()).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(bars.len())
            .y_label_formatter(&|value| match value {
                SegmentValue::CenterOf(index) => labels
                    .get(*index)
                    .map_or_else(String::new, |l| (*l).to_owned()),
                _ => String::new(),
            })
            .label_style(("sans-serif", 15))
            .draw()
            .map_err(|e| e.to_string())?;
    }
    chart
        .draw_series(bars.iter().enumerate().map(|(index, bar)| {
            let mut rectangle = Rectangle::new(
                [
                    (base, SegmentValue::Exact(index)),
                    (bar.value, SegmentValue::Exact(index + 1)),
                ],
                colour(bar.client).filled(),
            );
            rectangle.set_margin(4, 4, 0, 0);
            rectangle
        }))
        .map_err(|e| e.to_string())?;
    if text {
        chart
            .draw_series(bars.iter().enumerate().map(|(index, bar)| {
                Text::new(
                    format!("  {}", figure(bar.value)),
                    (bar.value, SegmentValue::CenterOf(index)),
                    TextStyle::from(("sans-serif", 14).into_font())
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                )
            }))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn figure(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

/// Registers the first TrueType font found as plotters' "sans-serif".
fn load_font() -> Result<PathBuf, String> {
    let candidates: Vec<PathBuf> = std::env::var_os("XTASK_BENCH_FONT")
        .map(PathBuf::from)
        .into_iter()
        .chain(FONT_CANDIDATES.iter().map(PathBuf::from))
        .collect();
    for path in candidates {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        // plotters keeps registered fonts for the life of the process.
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        if plotters::style::register_font("sans-serif", FontStyle::Normal, bytes).is_ok() {
            return Ok(path);
        }
    }
    Err(format!(
        "no TrueType font found (tried $XTASK_BENCH_FONT and {})",
        FONT_CANDIDATES.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn row(id: CaseId, client: Client, workload: Workload, millis: u64) -> Row {
        Row {
            id,
            client,
            workload,
            label: format!("{id:?}"),
            auth: "PAT",
            outcome: Ok(Stats {
                runs: 10,
                wall: Duration::from_millis(millis),
                wall_min: Duration::from_millis(millis),
                wall_max: Duration::from_millis(millis),
                cpu: Duration::from_millis(millis / 2),
                max_rss: 12 << 20,
                server_cpu: None,
            }),
        }
    }

    #[test]
    fn a_chart_is_drawn() -> Result<(), String> {
        let fast = Workload::Bulk {
            issues: 10_000,
            latency_ms: 0,
        };
        let slow = Workload::Bulk {
            issues: 10_000,
            latency_ms: 20,
        };
        let stream = CaseId::JshellStream { concurrency: 4 };
        let rows = [
            row(CaseId::JshellPat, Client::Jshell, Workload::OneShot, 11),
            row(CaseId::CurlPat, Client::Floor, Workload::OneShot, 10),
            row(
                CaseId::JirashellBasic,
                Client::Python,
                Workload::OneShot,
                750,
            ),
            row(stream, Client::Jshell, fast, 900),
            row(CaseId::PythonSearch, Client::Python, fast, 9200),
            row(stream, Client::Jshell, slow, 600),
        ];
        assert_eq!(
            slow_bars(&rows)
                .iter()
                .map(|bar| (bar.label.as_str(), bar.value))
                .collect::<Vec<_>>(),
            [
                ("10k: floor, 4 in flight", 0.5),
                ("10k: jshell stream, 4 in flight", 0.6)
            ]
        );
        let path = std::env::temp_dir().join(format!("xtask-chart-{}.png", std::process::id()));
        draw(&path, &rows)?;
        let size = std::fs::metadata(&path).map_err(|e| e.to_string())?.len();
        let _ = std::fs::remove_file(&path);
        assert!(size > 10_000, "a {size}-byte PNG");
        Ok(())
    }
}
