//! The request-id validator against its definition: 1 to 128 visible ASCII characters.
//! Whatever it accepts is a valid header value and a JSON string that round-trips.
//!
//! The checks live in `../checks/request_id.rs`, which `tests/fuzz_replay.rs` also runs on
//! stable over the committed regression inputs.
#![no_main]

#[path = "../checks/request_id.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check(data));
