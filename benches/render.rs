//! Runtime cost of turning an error into an `http::Response`, side by side in one run:
//! `http-api-error` (each built-in format), the axum `json!` idiom, http-api-problem, and the
//! physical limit (a hand-built response with a static body and one header).
//!
//! ```text
//! cargo bench -p http-api-error --bench render
//! ```
//!
//! Criterion measures each routine first (its usual report). Then a summary measures
//! all of them again, interleaved: in each of many rounds every routine runs one short
//! batch, so load from other processes affects all of them alike, and the table gives
//! each routine's median time per call, its ratio to the physical limit, and the axum
//! idiom's time divided by it (the speed-up over the idiom). Every measured call
//! includes dropping the response, as a server does after sending it.
//!
//! A filter argument (`cargo bench --bench render -- fixed`) selects routines whose
//! `case/implementation` name contains it, for both parts (the summary always keeps the
//! limit, which the ratios need).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use http_api_error::ApiError;

mod cases;

use cases::{AllFormats, Inputs};

/// Rounds of the interleaved summary.
const ROUNDS: usize = 400;

/// Target duration of one batch of the interleaved summary.
const BATCH: Duration = Duration::from_micros(50);

const IDIOM: &str = "axum idiom";
const LIMIT: &str = "hand-built Response";

/// A benchmarked routine: runs the measured call `iters` times and returns the time.
struct Routine<'a> {
    case: &'static str,
    name: &'static str,
    run: Box<dyn FnMut(u64) -> Duration + 'a>,
}

impl Routine<'_> {
    fn id(&self) -> String {
        format!("{}/{}", self.case, self.name)
    }
}

/// `f` as a routine body; the response is dropped inside the timed loop.
fn timed<'a, R>(mut f: impl FnMut() -> R + 'a) -> Box<dyn FnMut(u64) -> Duration + 'a> {
    Box::new(move |iters| {
        let start = Instant::now();
        for _ in 0..iters {
            black_box(f());
        }
        start.elapsed()
    })
}

/// One case: `http-api-error` in the three formats, then the two comparators.
macro_rules! case {
    ($routines:ident, $errors:expr, $inputs:expr, $case:ident) => {{
        let case = stringify!($case);
        let errors: &AllFormats = $errors;
        let inputs: &Inputs = $inputs;
        $routines.extend([
            Routine {
                case,
                name: "http-api-error simple",
                run: timed(|| black_box(&errors.simple.$case).to_response()),
            },
            Routine {
                case,
                name: "http-api-error problem",
                run: timed(|| black_box(&errors.problem.$case).to_response()),
            },
            Routine {
                case,
                name: "http-api-error envelope",
                run: timed(|| black_box(&errors.envelope.$case).to_response()),
            },
            Routine {
                case,
                name: IDIOM,
                run: timed(|| cases::idiom::$case(black_box(inputs))),
            },
            Routine {
                case,
                name: "http-api-problem",
                run: timed(|| cases::problem::$case(black_box(inputs))),
            },
        ]);
    }};
}

fn routines<'a>(errors: &'a AllFormats, inputs: &'a Inputs) -> Vec<Routine<'a>> {
    let mut routines = vec![Routine {
        case: "limit",
        name: LIMIT,
        run: timed(cases::limit),
    }];
    case!(routines, errors, inputs, fixed);
    case!(routines, errors, inputs, interpolated);
    case!(routines, errors, inputs, unauthorized);
    case!(routines, errors, inputs, rate_limited);
    case!(routines, errors, inputs, validation);
    routines
}

/// The filter argument, if any (the first argument that is not an option).
fn filter() -> Option<String> {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg.starts_with('-') {
            // Options that take a value.
            if matches!(
                arg.as_str(),
                "--color"
                    | "--save-baseline"
                    | "--baseline"
                    | "--sample-size"
                    | "--warm-up-time"
                    | "--measurement-time"
                    | "--nresamples"
                    | "--noise-threshold"
                    | "--confidence-level"
                    | "--significance-level"
                    | "--profile-time"
                    | "--format"
                    | "--output-format"
                    | "--plotting-backend"
                    | "--load-baseline"
            ) {
                args.next();
            }
            continue;
        }
        return Some(arg);
    }
    None
}

/// Whether this is a measuring run (`cargo bench`), not `cargo test`'s single pass or
/// a `--list`.
fn measuring() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test" || a == "--list")
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

/// Runs every routine in `ROUNDS` interleaved rounds and prints the summary table.
fn summary(routines: &mut [Routine<'_>]) {
    if routines.is_empty() {
        return;
    }
    // Calibrate each batch to about `BATCH`.
    let iters: Vec<u64> = routines
        .iter_mut()
        .map(|routine| {
            let mut n = 1u64;
            loop {
                let time = (routine.run)(n);
                if time >= BATCH / 4 || n >= 1 << 24 {
                    let per_call = time.as_secs_f64() / n as f64;
                    break ((BATCH.as_secs_f64() / per_call.max(1e-12)) as u64).max(1);
                }
                n *= 2;
            }
        })
        .collect();
    let mut per_call: Vec<Vec<f64>> = vec![Vec::with_capacity(ROUNDS); routines.len()];
    for round in 0..ROUNDS {
        // Rotate the starting routine so that none always follows the same neighbour.
        for k in 0..routines.len() {
            let i = (round + k) % routines.len();
            let time = (routines[i].run)(iters[i]);
            per_call[i].push(time.as_secs_f64() * 1e9 / iters[i] as f64);
        }
    }
    let medians: Vec<f64> = per_call.iter_mut().map(|v| median(v)).collect();
    let find = |case: &str, name: &str| {
        routines
            .iter()
            .position(|r| r.case == case && r.name == name)
            .map(|i| medians[i])
    };
    let limit = find("limit", LIMIT);
    let ratio = |value: Option<f64>| value.map_or_else(|| "-".to_owned(), |r| format!("{r:.2}x"));
    println!();
    println!(
        "Summary: median time per call over {ROUNDS} interleaved rounds (response built and dropped)"
    );
    println!(
        "{:<14} {:<20} {:>10} {:>9} {:>13}",
        "case", "implementation", "median", "/ limit", "idiom / this"
    );
    for (routine, &time) in routines.iter().zip(&medians) {
        let idiom = find(routine.case, IDIOM);
        println!(
            "{:<14} {:<20} {:>7.1} ns {:>9} {:>13}",
            routine.case,
            routine.name,
            time,
            ratio(limit.map(|l| time / l)),
            ratio(idiom.map(|i| i / time)),
        );
    }
}

fn main() {
    let errors = cases::all_formats();
    let inputs = cases::inputs();
    let mut routines = routines(&errors, &inputs);

    let mut criterion = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .nresamples(10_000)
        .without_plots()
        .configure_from_args();
    let mut start = 0;
    while start < routines.len() {
        let case = routines[start].case;
        let end = routines[start..]
            .iter()
            .position(|r| r.case != case)
            .map_or(routines.len(), |n| start + n);
        let mut group = criterion.benchmark_group(case);
        for routine in &mut routines[start..end] {
            let name = routine.name;
            let run = &mut routine.run;
            group.bench_function(name, |b| b.iter_custom(&mut *run));
        }
        group.finish();
        start = end;
    }
    criterion.final_summary();

    if measuring() {
        let filter = filter();
        let mut selected: Vec<Routine<'_>> = routines
            .into_iter()
            .filter(|r| {
                r.case == "limit" || filter.as_ref().is_none_or(|f| r.id().contains(f.as_str()))
            })
            .collect();
        summary(&mut selected);
    }
}
