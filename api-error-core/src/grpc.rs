//! The gRPC status codes an error maps to (always available; the `tonic` feature
//! builds `tonic::Status` values from them).

use core::fmt;

/// A canonical gRPC status code (`google.rpc.Code`) other than `OK`: what
/// [`ApiError::grpc_code`](crate::ApiError::grpc_code) answers, from the HTTP status by
/// [`GrpcCode::for_status`] unless `#[api(grpc = "ALREADY_EXISTS")]` says otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GrpcCode {
    /// 1: the client cancelled the request.
    Cancelled = 1,
    /// 2: an error with no better code.
    Unknown = 2,
    /// 3: the request is invalid whatever the system's state.
    InvalidArgument = 3,
    /// 4: the deadline passed before the operation completed.
    DeadlineExceeded = 4,
    /// 5: the entity was not found.
    NotFound = 5,
    /// 6: the entity to create already exists.
    AlreadyExists = 6,
    /// 7: the caller may not do this.
    PermissionDenied = 7,
    /// 8: a quota or rate limit is exhausted.
    ResourceExhausted = 8,
    /// 9: the system is not in the state the operation needs.
    FailedPrecondition = 9,
    /// 10: the operation was aborted, typically by a concurrency conflict.
    Aborted = 10,
    /// 11: the operation went past the valid range.
    OutOfRange = 11,
    /// 12: the operation is not implemented or supported.
    Unimplemented = 12,
    /// 13: an internal invariant broke.
    Internal = 13,
    /// 14: the service is unavailable for now; retrying may succeed.
    Unavailable = 14,
    /// 15: unrecoverable data loss or corruption.
    DataLoss = 15,
    /// 16: the request has no valid credentials.
    Unauthenticated = 16,
}

impl GrpcCode {
    /// Every code, in numeric order.
    pub const ALL: [GrpcCode; 16] = [
        GrpcCode::Cancelled,
        GrpcCode::Unknown,
        GrpcCode::InvalidArgument,
        GrpcCode::DeadlineExceeded,
        GrpcCode::NotFound,
        GrpcCode::AlreadyExists,
        GrpcCode::PermissionDenied,
        GrpcCode::ResourceExhausted,
        GrpcCode::FailedPrecondition,
        GrpcCode::Aborted,
        GrpcCode::OutOfRange,
        GrpcCode::Unimplemented,
        GrpcCode::Internal,
        GrpcCode::Unavailable,
        GrpcCode::DataLoss,
        GrpcCode::Unauthenticated,
    ];

    /// The code's name as `google/rpc/code.proto` spells it: `NOT_FOUND`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            GrpcCode::Cancelled => "CANCELLED",
            GrpcCode::Unknown => "UNKNOWN",
            GrpcCode::InvalidArgument => "INVALID_ARGUMENT",
            GrpcCode::DeadlineExceeded => "DEADLINE_EXCEEDED",
            GrpcCode::NotFound => "NOT_FOUND",
            GrpcCode::AlreadyExists => "ALREADY_EXISTS",
            GrpcCode::PermissionDenied => "PERMISSION_DENIED",
            GrpcCode::ResourceExhausted => "RESOURCE_EXHAUSTED",
            GrpcCode::FailedPrecondition => "FAILED_PRECONDITION",
            GrpcCode::Aborted => "ABORTED",
            GrpcCode::OutOfRange => "OUT_OF_RANGE",
            GrpcCode::Unimplemented => "UNIMPLEMENTED",
            GrpcCode::Internal => "INTERNAL",
            GrpcCode::Unavailable => "UNAVAILABLE",
            GrpcCode::DataLoss => "DATA_LOSS",
            GrpcCode::Unauthenticated => "UNAUTHENTICATED",
        }
    }

    /// The code with this [`name`](GrpcCode::name).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        GrpcCode::ALL.into_iter().find(|code| code.name() == name)
    }

    /// The code's number on the wire.
    #[must_use]
    pub const fn value(self) -> i32 {
        self as i32
    }

    /// The code with this number; `None` for `OK` (0) and numbers outside the enum.
    #[must_use]
    pub fn from_value(value: i32) -> Option<Self> {
        GrpcCode::ALL.into_iter().find(|code| code.value() == value)
    }

    /// The gRPC code of an error with HTTP `status`: the mapping of googleapis'
    /// `google/rpc/code.proto` and grpc-gateway, read from HTTP to gRPC.
    ///
    /// | HTTP | gRPC |
    /// |---|---|
    /// | 400, 411, 413, 414, 415, 422 | `INVALID_ARGUMENT` |
    /// | 401 | `UNAUTHENTICATED` |
    /// | 403 | `PERMISSION_DENIED` |
    /// | 404, 410 | `NOT_FOUND` |
    /// | 405 | `UNIMPLEMENTED` |
    /// | 408, 504 | `DEADLINE_EXCEEDED` |
    /// | 409 | `ABORTED` |
    /// | 412 | `FAILED_PRECONDITION` |
    /// | 416 | `OUT_OF_RANGE` |
    /// | 429 | `RESOURCE_EXHAUSTED` |
    /// | 499 | `CANCELLED` |
    /// | 500 | `INTERNAL` |
    /// | 501 | `UNIMPLEMENTED` |
    /// | 502, 503 | `UNAVAILABLE` |
    /// | any other 4xx | `FAILED_PRECONDITION` |
    /// | any other status | `INTERNAL` |
    ///
    /// A request body that is too large or of the wrong type is an invalid argument
    /// whatever the system's state; a method the route does not serve is unimplemented;
    /// an upstream that failed (502) makes the service unavailable; any other client
    /// error asks the client to change something first, AIP-193's
    /// `FAILED_PRECONDITION`.
    #[must_use]
    pub const fn for_status(status: u16) -> Self {
        match status {
            400 | 411 | 413 | 414 | 415 | 422 => GrpcCode::InvalidArgument,
            401 => GrpcCode::Unauthenticated,
            403 => GrpcCode::PermissionDenied,
            404 | 410 => GrpcCode::NotFound,
            405 | 501 => GrpcCode::Unimplemented,
            408 | 504 => GrpcCode::DeadlineExceeded,
            409 => GrpcCode::Aborted,
            412 => GrpcCode::FailedPrecondition,
            416 => GrpcCode::OutOfRange,
            429 => GrpcCode::ResourceExhausted,
            499 => GrpcCode::Cancelled,
            502 | 503 => GrpcCode::Unavailable,
            400..=499 => GrpcCode::FailedPrecondition,
            _ => GrpcCode::Internal,
        }
    }

    /// The HTTP status of an error with this code, as grpc-gateway answers it: what
    /// a client decoding a gRPC error ([`RemoteError`](crate::client::RemoteError))
    /// reports, so that retrying follows the same rule as for HTTP (429 and 5xx).
    ///
    /// | gRPC | HTTP |
    /// |---|---|
    /// | `CANCELLED` | 499 |
    /// | `UNKNOWN`, `INTERNAL`, `DATA_LOSS` | 500 |
    /// | `INVALID_ARGUMENT`, `FAILED_PRECONDITION`, `OUT_OF_RANGE` | 400 |
    /// | `DEADLINE_EXCEEDED` | 504 |
    /// | `NOT_FOUND` | 404 |
    /// | `ALREADY_EXISTS`, `ABORTED` | 409 |
    /// | `PERMISSION_DENIED` | 403 |
    /// | `UNAUTHENTICATED` | 401 |
    /// | `RESOURCE_EXHAUSTED` | 429 |
    /// | `UNIMPLEMENTED` | 501 |
    /// | `UNAVAILABLE` | 503 |
    #[must_use]
    pub const fn http_status(self) -> u16 {
        match self {
            GrpcCode::Cancelled => 499,
            GrpcCode::Unknown | GrpcCode::Internal | GrpcCode::DataLoss => 500,
            GrpcCode::InvalidArgument | GrpcCode::FailedPrecondition | GrpcCode::OutOfRange => 400,
            GrpcCode::DeadlineExceeded => 504,
            GrpcCode::NotFound => 404,
            GrpcCode::AlreadyExists | GrpcCode::Aborted => 409,
            GrpcCode::PermissionDenied => 403,
            GrpcCode::Unauthenticated => 401,
            GrpcCode::ResourceExhausted => 429,
            GrpcCode::Unimplemented => 501,
            GrpcCode::Unavailable => 503,
        }
    }
}

impl fmt::Display for GrpcCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
