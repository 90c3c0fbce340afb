//! Rendering with arbitrary field contents, request ids and instances: every body in
//! every format is JSON whose members hold exactly the input, `x-request-id` is only
//! ever the request id as a valid header value, and decoding the response with
//! `RemoteError` gives back the code and the message.
//!
//! The checks live in `../checks/render.rs`, which `tests/fuzz_replay.rs` also runs on
//! stable over the committed regression inputs.
#![no_main]

#[path = "../checks/render.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|input: checks::Input| checks::check(input));
