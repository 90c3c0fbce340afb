//! Request ids: which incoming ones to trust, and new ones; and the trace id of a W3C
//! `traceparent` header.

use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};

/// The longest incoming request id kept.
pub const MAX_LEN: usize = 128;

/// Whether an incoming request id may be reflected: 1 to [`MAX_LEN`] visible ASCII
/// characters (no spaces, no control characters), so it is safe in a header, a log
/// line and a JSON body.
#[must_use]
pub fn valid_request_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_LEN && crate::scan::all_visible_ascii(id.as_bytes())
}

/// The id of a request whose `x-request-id` header held `incoming`: kept when
/// [`valid_request_id`] accepts it, otherwise (absent, malformed, not text) a new one
/// from [`generate_request_id`]. A malformed id is replaced, never reflected. The
/// result is always a valid header value.
#[must_use]
pub fn request_id_from(incoming: Option<&str>) -> String {
    incoming
        .filter(|id| valid_request_id(id))
        .map_or_else(generate_request_id, str::to_owned)
}

/// A new request id: `req_` and 32 hex digits.
///
/// The digits come from the standard library's randomly keyed hasher over a process-wide
/// counter: unique within the process and unpredictable across processes, which is what
/// a correlation id needs (it is not a secret).
#[must_use]
pub fn generate_request_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let high = RandomState::new().hash_one(n);
    let low = RandomState::new().hash_one(n ^ high);
    // Written digit by digit: a third of the time `format!` takes here.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(36);
    id.push_str("req_");
    for value in [high, low] {
        for shift in (0..16).rev() {
            let digit = HEX.get(((value >> (shift * 4)) & 0xf) as usize).copied();
            id.push(char::from(digit.unwrap_or(b'0')));
        }
    }
    id
}

/// The trace id of a W3C Trace Context `traceparent` header value
/// (`00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`): the 32 lowercase hex
/// digits of its second part, or `None` when the value is not a valid `traceparent`.
///
/// Follows the specification's parsing rules: version `ff` is invalid; version `00` is
/// exactly 55 characters; a later version may append `-` and more; the trace id and the
/// parent id are lowercase hex and not all zeros. A value that fails any rule is
/// ignored, as the specification asks, never reflected.
#[must_use]
pub fn trace_id_from_traceparent(value: &str) -> Option<&str> {
    let value = value.trim_matches([' ', '\t']);
    let hex = |part: &str, len: usize| {
        part.len() == len && part.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    };
    let mut parts = value.splitn(5, '-');
    let (version, trace_id, parent_id, flags) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let rest = parts.next();
    let valid = hex(version, 2)
        && version != "ff"
        && hex(trace_id, 32)
        && trace_id.bytes().any(|b| b != b'0')
        && hex(parent_id, 16)
        && parent_id.bytes().any(|b| b != b'0')
        && hex(flags, 2)
        && (rest.is_none() || version != "00");
    valid.then_some(trace_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traceparent() {
        let id = "4bf92f3577b34da6a3ce929d0e0e4736";
        for good in [
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
            " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 ",
            // A later version may carry more parts.
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        ] {
            assert_eq!(trace_id_from_traceparent(good), Some(id), "{good:?}");
        }
        for bad in [
            "",
            "00",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
            "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
            "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
        ] {
            assert_eq!(trace_id_from_traceparent(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn validity() {
        assert!(valid_request_id("req_2c9a0jf23l4k567"));
        assert!(valid_request_id("a"));
        assert!(valid_request_id(&"x".repeat(MAX_LEN)));
        assert!(!valid_request_id(""));
        assert!(!valid_request_id(&"x".repeat(MAX_LEN + 1)));
        assert!(!valid_request_id("has space"));
        assert!(!valid_request_id("new\nline"));
        assert!(!valid_request_id("tab\t"));
        assert!(!valid_request_id("caf\u{e9}"));
    }

    #[test]
    fn incoming_ids_are_kept_only_when_well_formed() {
        assert_eq!(request_id_from(Some("req_client_1")), "req_client_1");
        for bad in [None, Some(""), Some("has space"), Some("new\nline")] {
            let id = request_id_from(bad);
            assert!(
                id.starts_with("req_") && id.len() == 36,
                "{bad:?} gave {id}"
            );
        }
    }

    #[test]
    fn generated_ids_are_valid_and_distinct() {
        let a = generate_request_id();
        let b = generate_request_id();
        assert_ne!(a, b);
        for id in [a, b] {
            assert!(valid_request_id(&id));
            assert_eq!(id.len(), 36);
            assert!(id.starts_with("req_"));
        }
    }
}
