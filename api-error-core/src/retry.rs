use std::time::{Duration, SystemTime};

use std::fmt::Write as _;

use http::HeaderValue;

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) is 29 bytes.
#[derive(Default)]
struct DateBuffer {
    bytes: [u8; 29],
    len: usize,
}

impl DateBuffer {
    fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

impl std::fmt::Write for DateBuffer {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// The value of a `Retry-After` header: a delay in seconds or an HTTP date.
///
/// A delay is never sent as `0` (RFC 9110 allows it, but a client that retries at once
/// defeats the point of the header): [`header_value`](RetryAfter::header_value) sends at
/// least `1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetryAfter {
    /// Retry after this many seconds (`delay-seconds`).
    Seconds(u64),
    /// Retry at this time (an IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT`).
    At(SystemTime),
}

impl RetryAfter {
    /// A delay rounded up to whole seconds, at least one.
    #[must_use]
    pub fn from_duration(delay: Duration) -> Self {
        let seconds = delay
            .as_secs()
            .saturating_add(u64::from(delay.subsec_nanos() > 0));
        RetryAfter::Seconds(seconds.max(1))
    }

    /// The header value.
    #[must_use]
    pub fn header_value(&self) -> HeaderValue {
        // Formatted on the stack: the header value is then the only allocation.
        let value = match *self {
            RetryAfter::Seconds(seconds) => {
                HeaderValue::from_bytes(itoa::Buffer::new().format(seconds.max(1)).as_bytes())
            }
            RetryAfter::At(time) => {
                let mut date = DateBuffer::default();
                let _ = write!(date, "{}", httpdate::HttpDate::from(http_date_range(time)));
                HeaderValue::from_bytes(date.as_bytes())
            }
        };
        // Digits and an IMF-fixdate are always valid header values.
        value.unwrap_or(HeaderValue::from_static("1"))
    }
}

/// `time` within the years an IMF-fixdate can write (1970 to 9999), which httpdate
/// requires (it panics outside them). A time before 1970 means "retry now" as well as
/// 1970 does; one after 9999 means "not in any foreseeable future".
fn http_date_range(time: SystemTime) -> SystemTime {
    // 9999-12-31T23:59:59Z.
    const LAST: Duration = Duration::from_secs(253_402_300_799);
    match time.duration_since(SystemTime::UNIX_EPOCH) {
        Err(_) => SystemTime::UNIX_EPOCH,
        Ok(since) if since > LAST => SystemTime::UNIX_EPOCH + LAST,
        Ok(_) => time,
    }
}

impl From<Duration> for RetryAfter {
    fn from(delay: Duration) -> Self {
        RetryAfter::from_duration(delay)
    }
}

impl From<SystemTime> for RetryAfter {
    fn from(time: SystemTime) -> Self {
        RetryAfter::At(time)
    }
}

/// A field type that can carry a `Retry-After` value, for `#[api(retry_after)]`.
///
/// Implemented for [`Duration`] (rounded up to whole seconds, at least one), integer
/// seconds of every integer type (a negative value sends no header; `0` is sent as
/// `1`), [`SystemTime`] (sent as an HTTP date), [`RetryAfter`] itself, and `Option` of
/// any of them (`None` sends no header).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a `Retry-After` value",
    label = "`#[api(retry_after)]` needs a delay or a point in time",
    note = "use `std::time::Duration`, integer seconds (`u64`, `i64`, ...), `std::time::SystemTime`, or an `Option` of one of them"
)]
pub trait AsRetryAfter {
    /// The value to send, if any.
    fn as_retry_after(&self) -> Option<RetryAfter>;
}

impl AsRetryAfter for Duration {
    fn as_retry_after(&self) -> Option<RetryAfter> {
        Some(RetryAfter::from_duration(*self))
    }
}

impl AsRetryAfter for SystemTime {
    fn as_retry_after(&self) -> Option<RetryAfter> {
        Some(RetryAfter::At(*self))
    }
}

impl AsRetryAfter for RetryAfter {
    fn as_retry_after(&self) -> Option<RetryAfter> {
        Some(*self)
    }
}

/// Integer seconds, of any integer type: a negative number means no header (a delay
/// computed as `deadline - now` that has passed), a number past `u64::MAX` is sent as
/// `u64::MAX`.
macro_rules! impl_seconds {
    ($($int:ty),*) => {$(
        impl AsRetryAfter for $int {
            fn as_retry_after(&self) -> Option<RetryAfter> {
                match u64::try_from(*self) {
                    Ok(seconds) => Some(RetryAfter::Seconds(seconds)),
                    Err(_) if *self > <$int>::default() => Some(RetryAfter::Seconds(u64::MAX)),
                    Err(_) => None,
                }
            }
        }
    )*};
}

impl_seconds!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

impl<T: AsRetryAfter> AsRetryAfter for Option<T> {
    fn as_retry_after(&self) -> Option<RetryAfter> {
        self.as_ref().and_then(AsRetryAfter::as_retry_after)
    }
}

impl<T: AsRetryAfter + ?Sized> AsRetryAfter for &T {
    fn as_retry_after(&self) -> Option<RetryAfter> {
        (**self).as_retry_after()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_up_to_at_least_one_second() {
        assert_eq!(
            RetryAfter::from_duration(Duration::ZERO),
            RetryAfter::Seconds(1)
        );
        assert_eq!(
            RetryAfter::from_duration(Duration::from_millis(1)),
            RetryAfter::Seconds(1)
        );
        assert_eq!(
            RetryAfter::from_duration(Duration::from_millis(1001)),
            RetryAfter::Seconds(2)
        );
        assert_eq!(
            RetryAfter::from_duration(Duration::from_secs(30)),
            RetryAfter::Seconds(30)
        );
    }

    #[test]
    fn zero_seconds_is_sent_as_one() {
        assert_eq!(RetryAfter::Seconds(0).header_value(), "1");
        assert_eq!(RetryAfter::Seconds(120).header_value(), "120");
    }

    #[test]
    fn extreme_values_never_panic() {
        assert_eq!(
            RetryAfter::from_duration(Duration::MAX),
            RetryAfter::Seconds(u64::MAX)
        );
        assert_eq!(
            RetryAfter::Seconds(u64::MAX).header_value(),
            "18446744073709551615"
        );
        let before = SystemTime::UNIX_EPOCH - Duration::from_secs(1);
        assert_eq!(
            RetryAfter::At(before).header_value(),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
        let after = SystemTime::UNIX_EPOCH + Duration::from_secs(300_000_000_000);
        assert_eq!(
            RetryAfter::At(after).header_value(),
            "Fri, 31 Dec 9999 23:59:59 GMT"
        );
    }

    #[test]
    fn integers_of_every_width_and_sign_are_seconds() {
        assert_eq!(30_u8.as_retry_after(), Some(RetryAfter::Seconds(30)));
        assert_eq!(30_i32.as_retry_after(), Some(RetryAfter::Seconds(30)));
        assert_eq!(0_i64.as_retry_after(), Some(RetryAfter::Seconds(0)));
        assert_eq!((-1_i64).as_retry_after(), None);
        assert_eq!(i128::MIN.as_retry_after(), None);
        assert_eq!(
            u128::MAX.as_retry_after(),
            Some(RetryAfter::Seconds(u64::MAX))
        );
        assert_eq!(
            isize::MAX.as_retry_after(),
            Some(RetryAfter::Seconds(
                u64::try_from(isize::MAX).unwrap_or(u64::MAX)
            ))
        );
        assert_eq!(Some(-5_i32).as_retry_after(), None);
    }

    #[test]
    fn times_are_imf_fixdates() {
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(
            RetryAfter::At(time).header_value(),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
    }
}
