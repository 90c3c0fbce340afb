use core::fmt;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::RemoteError;

/// When to retry a failed request, and after how long.
///
/// A policy computes delays and never sleeps, so it serves any async runtime, or
/// none. For the attempt that just failed, [`next_delay`](RetryPolicy::next_delay)
/// answers:
///
/// - `None` (give up) when the error may not be retried (only 429 and 5xx may, see
///   [`RemoteError::retryable`]), when `max_attempts` requests have been made, or when
///   the server asks, with `Retry-After`, for a longer wait than `max_wait`
///   (retrying sooner would only be refused again);
/// - the `Retry-After` delay when the response has one;
/// - else exponential backoff with full jitter: a random delay between zero and
///   `min(max_delay, base_delay × 2^(attempt − 1))`, which keeps many clients that
///   failed together from retrying together.
///
/// | setting | default |
/// |---|---|
/// | `base_delay` | 100 ms |
/// | `max_delay` | 10 s |
/// | `max_attempts` (the first request included) | 4 |
/// | `max_wait` (longest `Retry-After` honoured) | 60 s |
///
/// The jitter comes from a small generator, [`splitmix64`] by default, seeded from
/// std's `RandomState`; [`with_seed`](RetryPolicy::with_seed) and
/// [`with_rng`](RetryPolicy::with_rng) make it deterministic for tests. A policy is
/// `Send + Sync` and can be shared by concurrent requests.
///
/// ```no_run
/// use std::time::Duration;
///
/// use http_api_error_core::client::{RemoteError, RetryPolicy};
///
/// fn call() -> Result<String, RemoteError> {
///     // send the request, decode an error response with `RemoteError::decode`
/// #   Ok(String::new())
/// }
///
/// let policy = RetryPolicy::new().with_max_attempts(5).with_max_delay(Duration::from_secs(2));
/// let mut attempt = 1;
/// let result = loop {
///     match call() {
///         Ok(value) => break Ok(value),
///         Err(error) => match policy.next_delay(attempt, &error) {
///             Some(delay) => std::thread::sleep(delay), // or the runtime's sleep
///             None => break Err(error),
///         },
///     }
///     attempt += 1;
/// };
/// # let _ = result;
/// ```
pub struct RetryPolicy {
    base_delay: Duration,
    max_delay: Duration,
    max_attempts: u32,
    max_wait: Duration,
    rng: fn(&mut u64) -> u64,
    state: AtomicU64,
}

impl RetryPolicy {
    /// The default policy (see the table above), with a random seed.
    #[must_use]
    pub fn new() -> Self {
        RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(10),
            max_attempts: 4,
            max_wait: Duration::from_secs(60),
            rng: splitmix64,
            state: AtomicU64::new(RandomState::new().hash_one(0x5EED_u64)),
        }
    }

    /// Sets the first backoff's upper bound, doubled for each later attempt.
    #[must_use]
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Sets the largest backoff (the cap of the doubling).
    #[must_use]
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Sets how many requests are made at most, the first one included: `1` never
    /// retries.
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// Sets the longest `Retry-After` that is waited for; a longer one gives up.
    #[must_use]
    pub fn with_max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = wait;
        self
    }

    /// Seeds the jitter generator, making the delays reproducible.
    #[must_use]
    pub fn with_seed(self, seed: u64) -> Self {
        self.state.store(seed, Ordering::Relaxed);
        self
    }

    /// Replaces the jitter generator: `rng` advances the state it is given and returns
    /// a uniformly distributed `u64` (`0` gives no wait, `u64::MAX` the full backoff).
    #[must_use]
    pub fn with_rng(mut self, rng: fn(&mut u64) -> u64) -> Self {
        self.rng = rng;
        self
    }

    /// The first backoff's upper bound.
    #[must_use]
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The largest backoff.
    #[must_use]
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// How many requests are made at most, the first one included.
    #[must_use]
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The longest `Retry-After` that is waited for.
    #[must_use]
    pub fn max_wait(&self) -> Duration {
        self.max_wait
    }

    /// How long to wait after attempt number `attempt` (1 for the first request)
    /// failed with `error`, or `None` to give up (see the [type docs](RetryPolicy)).
    #[must_use]
    pub fn next_delay(&self, attempt: u32, error: &RemoteError) -> Option<Duration> {
        if attempt >= self.max_attempts || !error.retryable() {
            return None;
        }
        match error.retry_after_delay() {
            Some(wait) => (wait <= self.max_wait).then_some(wait),
            None => Some(self.backoff(attempt)),
        }
    }

    /// The jittered backoff after attempt number `attempt` failed, whatever the
    /// error: a random delay up to [`backoff_limit`](RetryPolicy::backoff_limit).
    /// Useful for failures without a response, such as a refused connection.
    #[must_use]
    pub fn backoff(&self, attempt: u32) -> Duration {
        let limit = self.backoff_limit(attempt);
        let upper = u64::try_from(limit.as_nanos()).unwrap_or(u64::MAX);
        // A uniform draw scaled to 0..=upper, without the bias of a modulo.
        let scaled = (u128::from(self.next_random()) * (u128::from(upper) + 1)) >> 64;
        Duration::from_nanos(u64::try_from(scaled).unwrap_or(upper))
    }

    /// The upper bound of the backoff after attempt number `attempt`:
    /// `min(max_delay, base_delay × 2^(attempt − 1))`.
    #[must_use]
    pub fn backoff_limit(&self, attempt: u32) -> Duration {
        1u32.checked_shl(attempt.saturating_sub(1))
            .and_then(|factor| self.base_delay.checked_mul(factor))
            .map_or(self.max_delay, |delay| delay.min(self.max_delay))
    }

    /// The next number of the generator; concurrent callers each get their own.
    fn next_random(&self) -> u64 {
        let mut current = self.state.load(Ordering::Relaxed);
        loop {
            let mut next = current;
            let value = (self.rng)(&mut next);
            match self.state.compare_exchange_weak(
                current,
                next,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return value,
                Err(actual) => current = actual,
            }
        }
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::new()
    }
}

impl Clone for RetryPolicy {
    /// A policy with the same settings and the generator in the same state.
    fn clone(&self) -> Self {
        RetryPolicy {
            base_delay: self.base_delay,
            max_delay: self.max_delay,
            max_attempts: self.max_attempts,
            max_wait: self.max_wait,
            rng: self.rng,
            state: AtomicU64::new(self.state.load(Ordering::Relaxed)),
        }
    }
}

impl fmt::Debug for RetryPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryPolicy")
            .field("base_delay", &self.base_delay)
            .field("max_delay", &self.max_delay)
            .field("max_attempts", &self.max_attempts)
            .field("max_wait", &self.max_wait)
            .finish_non_exhaustive()
    }
}

/// The SplitMix64 generator: advances `state` and returns the next number. The
/// default jitter source of [`RetryPolicy`]; fast and well mixed, not cryptographic.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // The reference implementation's first outputs for seed 0.
        let mut state = 0;
        assert_eq!(splitmix64(&mut state), 0xE220_A839_7B1D_CDAF);
        assert_eq!(splitmix64(&mut state), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(splitmix64(&mut state), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn backoff_limits_double_up_to_the_cap() {
        let policy = RetryPolicy::new();
        let limits: Vec<u128> = (0..10)
            .map(|attempt| policy.backoff_limit(attempt).as_millis())
            .collect();
        assert_eq!(
            limits,
            [100, 100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000]
        );
        assert_eq!(policy.backoff_limit(u32::MAX), Duration::from_secs(10));
    }

    #[test]
    fn policies_are_shareable() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<RetryPolicy>();
    }
}
