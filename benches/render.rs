//! The call alone: each routine runs in a tight loop of its own (no closure or batch
//! machinery between calls), the routines take turns in interleaved rounds, and the
//! table gives each one's median time per call and its heap allocations per call
//! (a counting allocator), with its ratio to the hand-built limit that does the same
//! work and, for the comparisons with the axum idiom, the idiom's time divided by ours.
//!
//! ```text
//! cargo bench -p http-api-error --bench render
//! cargo bench -p http-api-error --bench render -- "fixed + id"   # one case (limits kept)
//! cargo bench -p http-api-error --bench render --features tracing -- logging
//! ```
//!
//! With the `tracing` feature, the `logging` group measures the log event: the same
//! 500 with `log = "off"` (no event: the limit), with no subscriber, with a subscriber
//! whose level filter leaves the event out, and with tracing-subscriber's `fmt` output
//! writing every event to `io::sink()`.
//!
//! Every measured call includes dropping the response, as a server does after sending
//! it. Each limit produces a response byte-identical to the one it is compared with
//! (`tests/test_allocations.rs` checks it). No timing is asserted anywhere.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use http_api_error::{ApiError, RequestContext};

mod cases;

/// Calls per routine per round (`CALLS` in the environment overrides it).
const CALLS: u32 = 200_000;

/// Interleaved rounds; the table reports the median (`ROUNDS` overrides it).
const ROUNDS: usize = 7;

/// `name` from the environment, else `default`.
fn setting<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Counts allocations; the benchmark is single-threaded while it counts.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; the counter is a
// plain atomic.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What every routine reads, built once.
struct Setup {
    errors: cases::AllFormats,
    inputs: cases::Inputs,
    context: RequestContext,
}

/// A routine: `calls` calls of the measured function in a loop monomorphized for it.
type Run = fn(&Setup, u32) -> Duration;

struct Routine {
    group: &'static str,
    name: &'static str,
    run: Run,
}

/// The loop every routine is: the call, its result kept from the optimizer, dropped.
#[inline(always)]
fn time<R>(calls: u32, mut call: impl FnMut() -> R) -> Duration {
    let start = Instant::now();
    for _ in 0..calls {
        black_box(call());
    }
    start.elapsed()
}

/// `routine!(group, name, |setup| call)`: a `Routine` whose loop is compiled for `call`.
macro_rules! routine {
    ($group:expr, $name:expr, |$s:ident| $call:expr) => {
        Routine {
            group: $group,
            name: $name,
            run: |$s: &Setup, calls| time(calls, || $call),
        }
    };
}

/// `routine!`s for the three formats: `$call` turns `$e`, the case's error in that
/// format, into a response.
macro_rules! ours {
    ($group:expr, $case:ident, |$s:ident, $e:ident| $call:expr) => {
        [
            routine!($group, "http-api-error simple", |$s| {
                let $e = black_box(&$s.errors.simple.$case);
                $call
            }),
            routine!($group, "http-api-error problem", |$s| {
                let $e = black_box(&$s.errors.problem.$case);
                $call
            }),
            routine!($group, "http-api-error envelope", |$s| {
                let $e = black_box(&$s.errors.envelope.$case);
                $call
            }),
        ]
    };
}

/// A case's `to_response()` in the three formats, the axum idiom and http-api-problem.
macro_rules! shape {
    ($routines:ident, $case:ident) => {
        $routines.extend([
            routine!(stringify!($case), "axum idiom", |s| cases::idiom::$case(
                black_box(&s.inputs)
            )),
            routine!(stringify!($case), "http-api-problem", |s| {
                cases::problem::$case(black_box(&s.inputs))
            }),
        ]);
        $routines.extend(ours!(stringify!($case), $case, |s, e| e.to_response()));
    };
}

/// The errors of the `logging` group: one 500 with a source, logged or not.
#[cfg(feature = "tracing")]
mod logging {
    use std::hint::black_box;
    use std::sync::OnceLock;
    use std::time::Duration;

    use http_api_error::ApiError;
    use tracing::Dispatch;

    use super::{Routine, Setup, time};

    #[derive(Debug, ApiError)]
    pub enum Store {
        #[api(
            code = "LINK_CREATE_FAILED",
            status = 500,
            message = "Failed to create link"
        )]
        Failed(#[source] std::io::Error),
        // A code of the same length: the same body size.
        #[api(
            code = "LINK_UPDATE_FAILED",
            status = 500,
            message = "Failed to create link",
            log = "off"
        )]
        Silent(#[source] std::io::Error),
        #[api(code = "LINK_NOT_FOUND", status = 404, message = "Link not found")]
        NotFound,
    }

    /// The two 500s (built once: the measured call is the rendering alone).
    fn errors() -> &'static (Store, Store) {
        static ERRORS: OnceLock<(Store, Store)> = OnceLock::new();
        ERRORS.get_or_init(|| {
            let cause = || std::io::Error::other("connection reset by db-7");
            (Store::Failed(cause()), Store::Silent(cause()))
        })
    }

    /// No subscriber.
    fn none() -> Dispatch {
        Dispatch::new(tracing::subscriber::NoSubscriber::default())
    }

    /// tracing-subscriber's `fmt` output at INFO, written to `io::sink()`.
    fn fmt() -> Dispatch {
        Dispatch::new(
            tracing_subscriber::fmt()
                .with_max_level(tracing::Level::INFO)
                .with_writer(std::io::sink)
                .finish(),
        )
    }

    /// `calls` calls of `call` with `dispatch` as the thread's default. The dispatcher
    /// is made for the run and dropped after it, outside the timed loop: tracing
    /// caches each event's interest per dispatcher set, which a dispatcher kept alive
    /// would keep deciding for the others.
    fn under(
        dispatch: Dispatch,
        calls: u32,
        call: impl FnMut() -> http_api_error::Response<http_api_error::Bytes>,
    ) -> Duration {
        tracing::dispatcher::with_default(&dispatch, || time(calls, call))
    }

    pub fn routines() -> [Routine; 5] {
        [
            Routine {
                group: "logging",
                name: "limit: 500, log = \"off\"",
                run: |_s: &Setup, calls| {
                    under(fmt(), calls, || black_box(&errors().1).to_response())
                },
            },
            Routine {
                group: "logging",
                name: "500, no subscriber",
                run: |_s: &Setup, calls| {
                    under(none(), calls, || black_box(&errors().0).to_response())
                },
            },
            Routine {
                group: "logging",
                name: "404 (DEBUG), fmt subscriber at INFO",
                run: |_s: &Setup, calls| {
                    under(fmt(), calls, || black_box(&Store::NotFound).to_response())
                },
            },
            Routine {
                group: "logging",
                name: "404, no subscriber",
                run: |_s: &Setup, calls| {
                    under(none(), calls, || black_box(&Store::NotFound).to_response())
                },
            },
            Routine {
                group: "logging",
                name: "500, fmt subscriber to io::sink",
                run: |_s: &Setup, calls| {
                    under(fmt(), calls, || black_box(&errors().0).to_response())
                },
            },
        ]
    }
}

fn routines() -> Vec<Routine> {
    // Without a request context: `to_response()`, against `Bytes::from_static`.
    let mut routines = vec![routine!(
        "fixed",
        "limit: Bytes::from_static + 1 header",
        |_s| cases::limit()
    )];
    shape!(routines, fixed);
    // Behind the request-id middleware: a context with the id and the path, against
    // the same bytes with the id spliced in by hand.
    routines.push(routine!(
        "fixed + id",
        "limit: id spliced by hand + 2 headers",
        |_s| cases::limit_with_id(black_box(cases::REQUEST_ID))
    ));
    routines.extend(ours!("fixed + id", fixed, |s, e| e.to_response_with(&s.context)));
    // The other shapes, each against the idiom and http-api-problem.
    shape!(routines, interpolated);
    shape!(routines, unauthorized);
    shape!(routines, rate_limited);
    shape!(routines, validation);
    #[cfg(feature = "tracing")]
    routines.extend(logging::routines());
    routines
}

/// Allocations of one call, after a first call that warms up anything lazy, less those
/// of a run of no calls (what a routine sets up around its loop).
fn allocations(routine: &Routine, setup: &Setup) -> usize {
    let count = |calls| {
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        (routine.run)(setup, calls);
        ALLOCATIONS.load(Ordering::Relaxed) - before
    };
    (routine.run)(setup, 1);
    count(1).saturating_sub(count(0))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|arg| !arg.starts_with('-'));
    let setup = Setup {
        errors: cases::all_formats(),
        inputs: cases::inputs(),
        context: cases::context(),
    };
    let routines: Vec<Routine> = routines()
        .into_iter()
        .filter(|r| {
            // `ONLY=<text>` keeps just the routines whose `case/name` contains it, for
            // a profiler.
            if let Ok(only) = std::env::var("ONLY") {
                return format!("{}/{}", r.group, r.name).contains(&only);
            }
            filter.as_ref().is_none_or(|f| {
                r.group.contains(f.as_str())
                    || r.name.starts_with("limit")
                    || r.name == "axum idiom"
            })
        })
        .collect();

    if std::env::var_os("LIST").is_some() {
        for routine in &routines {
            println!("{}/{}", routine.group, routine.name);
        }
        return;
    }
    let (calls, rounds) = (setting("CALLS", CALLS), setting("ROUNDS", ROUNDS));
    // Warm up every routine once, then the interleaved rounds.
    for routine in &routines {
        (routine.run)(&setup, calls / 10);
    }
    let mut samples: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); routines.len()];
    for _ in 0..rounds {
        for (routine, samples) in routines.iter().zip(&mut samples) {
            let elapsed = (routine.run)(&setup, calls);
            samples.push(elapsed.as_nanos() as f64 / f64::from(calls));
        }
    }
    let medians: Vec<f64> = samples.into_iter().map(median).collect();

    println!("{calls} calls per routine per round, median of {rounds} interleaved rounds\n");
    println!("| case | routine | ns/call | allocations | / limit | idiom / this |");
    println!("|---|---|---:|---:|---:|---:|");
    for (i, routine) in routines.iter().enumerate() {
        let ns = medians[i];
        let in_group = |pred: &dyn Fn(&Routine) -> bool| {
            routines
                .iter()
                .zip(&medians)
                .find(|(r, _)| r.group == routine.group && pred(r))
                .map(|(_, &ns)| ns)
        };
        let limit = in_group(&|r| r.name.starts_with("limit"));
        let idiom = in_group(&|r| r.name == "axum idiom");
        let ratio = |value: Option<f64>| value.map_or(String::from("-"), |v| format!("{v:.2}x"));
        println!(
            "| {} | {} | {ns:.1} | {} | {} | {} |",
            routine.group,
            routine.name,
            allocations(routine, &setup),
            ratio(limit.map(|limit| ns / limit)),
            ratio(idiom.map(|idiom| idiom / ns)),
        );
    }
}
