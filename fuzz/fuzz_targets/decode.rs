//! `RemoteError::decode` on arbitrary responses: any status, `Content-Type`,
//! `Retry-After`, request-id header and body. It never panics, and what it reports is
//! consistent with the input.
//!
//! The checks live in `../checks/decode.rs`, which `tests/fuzz_replay.rs` also runs on
//! stable over the committed regression inputs.
#![no_main]

#[path = "../checks/decode.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|input: checks::Input<'_>| checks::check(input));
