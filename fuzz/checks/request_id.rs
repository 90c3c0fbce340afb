//! The request-id validator against its definition: 1 to 128 visible ASCII characters.
//! Whatever it accepts is a valid header value and a JSON string that round-trips.

use http_api_error::HeaderValue;
use http_api_error::request_id::{MAX_LEN, valid_request_id};

/// The checks of one fuzz input; the fuzz target and `tests/fuzz_replay.rs` both run them.
pub fn check(data: &[u8]) {
    // The bytes as a header value would carry them, and as text.
    let header = HeaderValue::from_bytes(data).ok();
    let Ok(text) = std::str::from_utf8(data) else {
        // A header value that is not text never passes `to_str`, so no id is read.
        if let Some(header) = header {
            assert!(header.to_str().is_err());
        }
        return;
    };
    let expected =
        (1..=MAX_LEN).contains(&text.len()) && text.bytes().all(|b| (0x21..=0x7e).contains(&b));
    let valid = valid_request_id(text);
    assert_eq!(valid, expected, "{text:?}");
    if valid {
        assert!(HeaderValue::from_str(text).is_ok());
        let json = serde_json::to_string(text).expect("serializes");
        let back: String = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, text);
    }
}
