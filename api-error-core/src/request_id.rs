//! Request ids: which incoming ones to trust, and new ones.

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
    format!("req_{high:016x}{low:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

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
