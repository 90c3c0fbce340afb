//! The fuzz targets' checks (`fuzz/checks/`), replayed on stable over the committed
//! regression inputs (`fuzz/regressions/<target>/`): a small corpus from fuzzing runs
//! and every input that ever made a target fail. cargo-fuzz needs nightly and is not
//! part of CI; this test is, so a check that no longer matches the crate's rules (a
//! stale oracle) or a regression fails here instead of at the next fuzzing run.
//!
//! Each input is decoded exactly as `libfuzzer_sys::fuzz_target!` decodes it
//! (`Arbitrary::arbitrary_take_rest` over the whole input; an input it rejects is
//! skipped, as the fuzzer skips it).

use std::path::{Path, PathBuf};

use arbitrary::{Arbitrary, Unstructured};

#[path = "../fuzz/checks/decode.rs"]
mod decode;
#[path = "../fuzz/checks/render.rs"]
mod render;
#[path = "../fuzz/checks/request_id.rs"]
mod request_id;
#[path = "../fuzz/checks/retry_after.rs"]
mod retry_after;

/// The regression inputs of `target`, sorted by name.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect()
}

/// Runs `check` on every input of `target` that decodes as `T`; returns how many ran.
fn replay<'a, T: Arbitrary<'a>>(
    target: &str,
    inputs: &'a [(PathBuf, Vec<u8>)],
    check: impl Fn(T),
) -> usize {
    let mut ran = 0;
    for (path, bytes) in inputs {
        let Ok(input) = T::arbitrary_take_rest(Unstructured::new(bytes)) else {
            continue;
        };
        eprintln!("{target}: {}", path.display());
        check(input);
        ran += 1;
    }
    ran
}

#[test]
fn render() {
    let inputs = inputs("render");
    // Includes crash-582a1affef08: a verbatim empty message with the request id "",
    // a valid header value that the crate rightly refuses to echo.
    assert!(
        inputs
            .iter()
            .any(|(path, _)| path.ends_with("crash-582a1affef08"))
    );
    assert!(replay("render", &inputs, render::check) >= 10);
}

#[test]
fn decode() {
    let inputs = inputs("decode");
    assert!(replay("decode", &inputs, decode::check) >= 10);
}

#[test]
fn request_id() {
    let inputs = inputs("request_id");
    assert!(replay("request_id", &inputs, |data: &[u8]| request_id::check(data)) >= 10);
}

#[test]
fn retry_after() {
    let inputs = inputs("retry_after");
    assert!(replay("retry_after", &inputs, retry_after::check) >= 10);
}
