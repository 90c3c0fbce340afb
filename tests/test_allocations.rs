//! Heap allocations per `to_response()`, counted by a test-only global allocator.
//!
//! The counts are deterministic, so they are asserted exactly: a change that adds an
//! allocation to a rendering path fails here and has to update the table in
//! BENCHMARKS.md. The comparators (the axum idiom, http-api-problem) are counted and
//! printed for reference only, since their counts belong to other crates' versions.
//!
//! ```text
//! cargo test -p http-api-error --test test_allocations -- --nocapture
//! ```
//!
//! Counting is per thread (only the measuring thread's allocations between two reads
//! are counted), so the tests here may run in parallel.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;

use http_api_error::ApiError;

#[path = "../benches/cases/mod.rs"]
mod cases;

/// Counts the allocations (and reallocations) of the thread that turned counting on.
struct Counting;

thread_local! {
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

fn note(size: usize) {
    let _ = ACTIVE.try_with(|active| {
        if active.get() {
            let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
            let _ = BYTES.try_with(|n| n.set(n.get() + size));
        }
    });
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counters are
// const-initialised thread-locals without destructors, so touching them never
// allocates or re-enters the allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
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

/// Allocations and bytes requested by one call of `f` (the response is dropped after
/// the count). A first call warms up anything lazily initialised.
fn count<R>(f: impl Fn() -> R) -> (usize, usize) {
    drop(black_box(f()));
    ALLOCATIONS.set(0);
    BYTES.set(0);
    ACTIVE.set(true);
    let response = black_box(f());
    ACTIVE.set(false);
    drop(response);
    (ALLOCATIONS.get(), BYTES.get())
}

/// One measured row: `(case, implementation, allocations, bytes)`.
type Row = (&'static str, &'static str, usize, usize);

macro_rules! rows {
    ($rows:ident, $errors:expr, $inputs:expr, $case:ident) => {{
        let case = stringify!($case);
        let (n, b) = count(|| black_box(&$errors.simple.$case).to_response());
        $rows.push((case, "http-api-error simple", n, b));
        let (n, b) = count(|| black_box(&$errors.problem.$case).to_response());
        $rows.push((case, "http-api-error problem", n, b));
        let (n, b) = count(|| black_box(&$errors.envelope.$case).to_response());
        $rows.push((case, "http-api-error envelope", n, b));
        let (n, b) = count(|| cases::idiom::$case(black_box(&$inputs)));
        $rows.push((case, "axum idiom", n, b));
        let (n, b) = count(|| cases::problem::$case(black_box(&$inputs)));
        $rows.push((case, "http-api-problem", n, b));
    }};
}

#[test]
fn allocations_per_response() {
    let errors = cases::all_formats();
    let inputs = cases::inputs();

    let mut rows: Vec<Row> = Vec::new();
    let (n, b) = count(cases::limit);
    rows.push(("limit", "hand-built Response", n, b));
    rows!(rows, errors, inputs, fixed);
    rows!(rows, errors, inputs, interpolated);
    rows!(rows, errors, inputs, unauthorized);
    rows!(rows, errors, inputs, rate_limited);
    rows!(rows, errors, inputs, validation);
    // Behind the request-id middleware: a context with the request id and path.
    let context = cases::context();
    let (n, b) = count(|| cases::limit_with_id(black_box(cases::REQUEST_ID)));
    rows.push(("fixed + id", "hand-built Response", n, b));
    let (n, b) = count(|| black_box(&errors.simple.fixed).to_response_with(&context));
    rows.push(("fixed + id", "http-api-error simple", n, b));
    let (n, b) = count(|| black_box(&errors.problem.fixed).to_response_with(&context));
    rows.push(("fixed + id", "http-api-error problem", n, b));
    let (n, b) = count(|| black_box(&errors.envelope.fixed).to_response_with(&context));
    rows.push(("fixed + id", "http-api-error envelope", n, b));

    println!(
        "{:<14} {:<20} {:>11} {:>7}",
        "case", "implementation", "allocations", "bytes"
    );
    for (case, name, n, b) in &rows {
        println!("{case:<14} {name:<20} {n:>11} {b:>7}");
    }

    // Exact counts of this crate's paths and of the physical limit:
    // - the header map takes two on its first insert (index table and entries), the
    //   only allocations of a fixed body served without a request context;
    // - a body rendered in full takes one: it is written into a buffer kept per
    //   thread and copied out at its exact size;
    // - a `Retry-After` value takes one (formatted on the stack, then copied into
    //   the header value);
    // - behind the middleware, the fixed body with the id spliced in takes one and the
    //   `x-request-id` value one, as the hand-built response does;
    // - every error response carries a `RenderedError` in its extensions, for tower
    //   layers: `http::Extensions` takes three on its first insert (its map's box, the
    //   map's table and the boxed value), which the hand-built limits pay too;
    // - the envelope always carries a request id, so without a request context (these
    //   rows, but not "fixed + id") it makes one: +3, its text, the body with it spliced
    //   in (no longer served as it is) and its `x-request-id` value.
    let expected: &[(&str, &str, usize)] = &[
        ("fixed + id", "hand-built Response", 7),
        ("fixed + id", "http-api-error simple", 7),
        ("fixed + id", "http-api-error problem", 7),
        ("fixed + id", "http-api-error envelope", 7),
        ("limit", "hand-built Response", 5),
        ("fixed", "http-api-error simple", 5),
        ("fixed", "http-api-error problem", 5),
        ("fixed", "http-api-error envelope", 8),
        ("interpolated", "http-api-error simple", 6),
        ("interpolated", "http-api-error problem", 6),
        ("interpolated", "http-api-error envelope", 8),
        ("unauthorized", "http-api-error simple", 5),
        ("unauthorized", "http-api-error problem", 5),
        ("unauthorized", "http-api-error envelope", 8),
        ("rate_limited", "http-api-error simple", 6),
        ("rate_limited", "http-api-error problem", 6),
        ("rate_limited", "http-api-error envelope", 9),
        ("validation", "http-api-error simple", 6),
        ("validation", "http-api-error problem", 6),
        ("validation", "http-api-error envelope", 8),
    ];
    let mut mismatches = Vec::new();
    for &(case, name, want) in expected {
        let got = rows
            .iter()
            .find(|row| row.0 == case && row.1 == name)
            .map(|row| row.2);
        if got != Some(want) {
            mismatches.push(format!("{case} / {name}: expected {want}, got {got:?}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "allocation counts changed:\n{}",
        mismatches.join("\n")
    );

    // The performance targets, stated on their own.
    for (case, name, n, _) in &rows {
        // The envelope without a request context makes one (see above): the targets
        // are for the response itself.
        if name.starts_with("http-api-error") && *name != "http-api-error envelope" {
            match *case {
                // The targets count the response itself; the extension's three come on
                // top (see above).
                "fixed" => assert!(
                    *n <= 2 + 3,
                    "fixed-body {name}: {n} allocations, target <= 2 + 3"
                ),
                "interpolated" => {
                    assert!(
                        *n <= 4 + 3,
                        "interpolated {name}: {n} allocations, target <= 4 + 3"
                    );
                }
                _ => {}
            }
        }
    }
}

/// The limits the benchmarks compare with do the same work: the same status, headers,
/// bytes and `RenderedError` extension as the derived error's response.
#[test]
fn the_hand_built_limits_are_byte_identical() {
    let errors = cases::all_formats();
    for (limit, ours) in [
        (cases::limit(), errors.simple.fixed.to_response()),
        (
            cases::limit_with_id(cases::REQUEST_ID),
            errors.simple.fixed.to_response_with(&cases::context()),
        ),
    ] {
        assert_eq!(limit.status(), ours.status());
        assert_eq!(limit.headers(), ours.headers());
        assert_eq!(limit.body(), ours.body());
        let rendered = |response: &http_api_error::Response<http_api_error::Bytes>| {
            response
                .extensions()
                .get::<http_api_error::RenderedError>()
                .copied()
        };
        assert_eq!(rendered(&limit), rendered(&ours));
        assert!(rendered(&ours).is_some());
    }
}
