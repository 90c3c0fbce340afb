//! `Retry-After` from any `Duration`, integer or `SystemTime`: the response renders,
//! and the header is delay-seconds other than 0 or an IMF-fixdate.
//!
//! The checks live in `../checks/retry_after.rs`, which `tests/fuzz_replay.rs` also runs on
//! stable over the committed regression inputs.
#![no_main]

#[path = "../checks/retry_after.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|input: checks::Input| checks::check(input));
