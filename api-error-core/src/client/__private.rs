//! Items used by generated [`FromRemote`] impls. Not public API.
//!
//! Each field of a variant is recovered through a wrapper naming the field's type and
//! where its value is, and autoref specialization: with both [`Recover`] and
//! [`Unrecoverable`] in scope, `Wrapper::<T>::new(..).recover()` calls `Recover`
//! (taking the wrapper by value) when the field's type supports it, and otherwise
//! `Unrecoverable` (taking it by reference, so found one step later), which gives
//! `None`. A variant whose field type cannot be read back (not `Deserialize`, a
//! borrowed slice of violations, a transparent type without `FromRemote`) is then not
//! rebuilt, instead of failing to compile.

use core::marker::PhantomData;
use std::time::{Duration, SystemTime};

use super::{FromRemote, RemoteError};
use crate::{FieldViolation, RetryAfter};

/// Reads a field's value.
pub trait Recover {
    /// The field's type.
    type Output;
    /// The value, if the response carries it.
    fn recover(self) -> Option<Self::Output>;
}

/// The fallback of [`Recover`], for field types that cannot be read back.
pub trait Unrecoverable {
    /// The field's type.
    type Output;
    /// Always `None`.
    fn recover(&self) -> Option<Self::Output>;
}

/// Both traits, for one glob import in generated code: a glob counts as used when any
/// of its items is, so the code needs no `allow(unused_imports)`.
pub mod recover {
    pub use super::{Recover, Unrecoverable};
}

/// What an `#[api(expose)]` field's type needs, for the bounds of generic types.
pub use serde::de::DeserializeOwned;

/// One of the wrappers below.
pub trait Field {
    /// The field's type.
    type Output;
}

impl<W: Field> Unrecoverable for W {
    type Output = W::Output;
    #[inline]
    fn recover(&self) -> Option<W::Output> {
        None
    }
}

macro_rules! wrapper {
    ($(#[$doc:meta])* $name:ident { $($field:ident: $ty:ty),* }) => {
        $(#[$doc])*
        pub struct $name<'a, T> {
            remote: &'a RemoteError,
            $($field: $ty,)*
            marker: PhantomData<fn() -> T>,
        }

        impl<'a, T> $name<'a, T> {
            /// The wrapper for a field of type `T`.
            #[inline]
            pub fn new(remote: &'a RemoteError $(, $field: $ty)*) -> Self {
                $name { remote, $($field,)* marker: PhantomData }
            }
        }

        impl<T> Field for $name<'_, T> {
            type Output = T;
        }
    };
}

wrapper!(
    /// An `#[api(expose)]` field named `name`, deserialized from the details.
    Exposed { name: &'static str }
);
wrapper!(
    /// An `#[api(errors)]` field, from the violations.
    Errors {}
);
wrapper!(
    /// An `#[api(retry_after)]` field, from the `Retry-After` header.
    RetryAfterField {}
);
wrapper!(
    /// The field of a transparent variant, rebuilt by its own `FromRemote`.
    Transparent {}
);

impl<T: DeserializeOwned> Recover for Exposed<'_, T> {
    type Output = T;
    #[inline]
    fn recover(self) -> Option<T> {
        self.remote.exposed(self.name)
    }
}

impl<T: FromViolations> Recover for Errors<'_, T> {
    type Output = T;
    #[inline]
    fn recover(self) -> Option<T> {
        T::from_violations(self.remote.errors())
    }
}

impl<T: FromRetryAfter> Recover for RetryAfterField<'_, T> {
    type Output = T;
    #[inline]
    fn recover(self) -> Option<T> {
        T::from_retry_after(self.remote.retry_after())
    }
}

impl<T: FromRemote> Recover for Transparent<'_, T> {
    type Output = T;
    #[inline]
    fn recover(self) -> Option<T> {
        T::from_remote(self.remote)
    }
}

/// An `#[api(errors)]` field type built from violations.
pub trait FromViolations: Sized {
    /// The field's value.
    fn from_violations(violations: &[FieldViolation]) -> Option<Self>;
}

impl FromViolations for Vec<FieldViolation> {
    fn from_violations(violations: &[FieldViolation]) -> Option<Self> {
        Some(violations.to_vec())
    }
}

impl FromViolations for Box<[FieldViolation]> {
    fn from_violations(violations: &[FieldViolation]) -> Option<Self> {
        Some(violations.into())
    }
}

impl<const N: usize> FromViolations for [FieldViolation; N] {
    fn from_violations(violations: &[FieldViolation]) -> Option<Self> {
        violations.to_vec().try_into().ok()
    }
}

/// An `#[api(retry_after)]` field type built from a `Retry-After` header.
pub trait FromRetryAfter: Sized {
    /// The field's value; `value` is `None` when the response has no header.
    fn from_retry_after(value: Option<RetryAfter>) -> Option<Self>;
}

fn delay(value: RetryAfter) -> Duration {
    match value {
        RetryAfter::Seconds(seconds) => Duration::from_secs(seconds),
        RetryAfter::At(time) => time
            .duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    }
}

impl FromRetryAfter for Duration {
    fn from_retry_after(value: Option<RetryAfter>) -> Option<Self> {
        value.map(delay)
    }
}

impl FromRetryAfter for SystemTime {
    fn from_retry_after(value: Option<RetryAfter>) -> Option<Self> {
        match value? {
            RetryAfter::Seconds(seconds) => {
                SystemTime::now().checked_add(Duration::from_secs(seconds))
            }
            RetryAfter::At(time) => Some(time),
        }
    }
}

impl FromRetryAfter for RetryAfter {
    fn from_retry_after(value: Option<RetryAfter>) -> Option<Self> {
        value
    }
}

macro_rules! seconds {
    ($($int:ty),*) => {$(
        impl FromRetryAfter for $int {
            fn from_retry_after(value: Option<RetryAfter>) -> Option<Self> {
                let delay = delay(value?);
                let seconds = delay.as_secs().saturating_add(u64::from(delay.subsec_nanos() > 0));
                <$int>::try_from(seconds).ok()
            }
        }
    )*};
}

seconds!(u8, u16, u32, u64, usize);

impl<T: FromRetryAfter> FromRetryAfter for Option<T> {
    fn from_retry_after(value: Option<RetryAfter>) -> Option<Self> {
        match value {
            None => Some(None),
            Some(_) => T::from_retry_after(value).map(Some),
        }
    }
}
