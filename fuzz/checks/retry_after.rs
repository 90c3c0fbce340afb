//! `Retry-After` from any `Duration`, integer or `SystemTime`: the response renders,
//! and the header is delay-seconds other than 0 or an IMF-fixdate.

use std::time::{Duration, SystemTime};

use arbitrary::Arbitrary;
use http_api_error::{ApiError, RetryAfter};

#[derive(Debug, ApiError)]
#[api(status = 503)]
enum Unavailable {
    Wait {
        #[api(retry_after)]
        wait: Duration,
    },
    Seconds {
        #[api(retry_after)]
        seconds: u64,
    },
    Until {
        #[api(retry_after)]
        until: SystemTime,
    },
}

#[derive(Arbitrary, Debug)]
pub enum Input {
    Wait {
        seconds: u64,
        nanos: u32,
    },
    Seconds(u64),
    /// Seconds from the epoch, before it when `before`.
    Until {
        seconds: u64,
        nanos: u32,
        before: bool,
    },
}

fn is_retry_after(value: &str) -> bool {
    let seconds = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    let date = value.len() == 29 && value.ends_with(" GMT") && value.as_bytes()[3] == b',';
    (seconds && !value.trim_start_matches('0').is_empty()) || date
}

/// The checks of one fuzz input; the fuzz target and `tests/fuzz_replay.rs` both run them.
pub fn check(input: Input) {
    let error = match input {
        Input::Wait { seconds, nanos } => Unavailable::Wait {
            wait: Duration::new(seconds, nanos % 1_000_000_000),
        },
        Input::Seconds(seconds) => Unavailable::Seconds { seconds },
        Input::Until {
            seconds,
            nanos,
            before,
        } => {
            let offset = Duration::new(seconds, nanos % 1_000_000_000);
            let until = if before {
                SystemTime::UNIX_EPOCH.checked_sub(offset)
            } else {
                SystemTime::UNIX_EPOCH.checked_add(offset)
            };
            let Some(until) = until else { return };
            Unavailable::Until { until }
        }
    };
    let response = error.to_response();
    let value = response.headers()["retry-after"]
        .to_str()
        .expect("text")
        .to_owned();
    assert!(is_retry_after(&value), "{error:?}: {value:?}");
    if let Some(RetryAfter::Seconds(seconds)) = error.retry_after() {
        assert_eq!(value, seconds.max(1).to_string());
    }
}
