//! The derived `FromRemote`: every variant whose fields can be read back from a
//! response is rebuilt from it, in every format.

use std::time::Duration;

use http_api_error::client::{FromRemote, RemoteError};
use http_api_error::{ApiError, FieldViolation, FormatKind, RequestContext};

#[derive(Debug, PartialEq, ApiError)]
#[api(status = 401)]
enum AuthError {
    ApiKeyRequired,
    #[api(message = "Key {key} expired")]
    ApiKeyExpired {
        #[api(expose)]
        key: String,
    },
}

#[derive(Debug, ApiError)]
#[api(docs = "https://docs.example.com/errors#{code}")]
enum LinkError {
    #[api(code = "LINK_NOT_FOUND", status = 404, message = "Link not found")]
    NotFound,
    #[api(status = 410, message = "Link {id} (#{number}) has been deleted")]
    Gone {
        #[api(expose)]
        id: String,
        #[api(expose)]
        number: u32,
    },
    #[api(status = 429, message = "Slow down")]
    RateLimited {
        #[api(retry_after)]
        wait: Duration,
    },
    #[api(status = 400, message = "Invalid")]
    Invalid {
        #[api(errors)]
        errors: Vec<FieldViolation>,
        #[api(expose)]
        tries: Option<u8>,
    },
    #[api(transparent)]
    Auth(#[from] AuthError),
    /// Not recoverable: the source error is never sent.
    #[api(status = 500)]
    Storage(#[source] std::io::Error),
    /// Not recoverable: `name` is only interpolated.
    #[api(status = 409, message = "{name} is taken")]
    Taken { name: String },
}

impl PartialEq for LinkError {
    fn eq(&self, other: &Self) -> bool {
        use LinkError::*;
        match (self, other) {
            (NotFound, NotFound) => true,
            (Gone { id: a, number: n }, Gone { id: b, number: m }) => a == b && n == m,
            (RateLimited { wait: a }, RateLimited { wait: b }) => a == b,
            (
                Invalid {
                    errors: a,
                    tries: t,
                },
                Invalid {
                    errors: b,
                    tries: u,
                },
            ) => a == b && t == u,
            (Auth(a), Auth(b)) => a == b,
            _ => false,
        }
    }
}

fn decode(error: &LinkError, format: FormatKind, context: &RequestContext) -> RemoteError {
    let response = error.render(&format, context);
    RemoteError::decode(response.status(), response.headers(), response.body())
}

#[test]
fn recoverable_variants_round_trip_in_every_format() {
    let recoverable = [
        LinkError::NotFound,
        LinkError::Gone {
            id: "lnk_1".into(),
            number: 7,
        },
        LinkError::RateLimited {
            wait: Duration::from_secs(30),
        },
        LinkError::Invalid {
            errors: vec![
                FieldViolation::new("body.url", "must be a URL").with_fix("add https://"),
                FieldViolation::new("query.limit", "too large"),
            ],
            tries: Some(3),
        },
        LinkError::Invalid {
            errors: Vec::new(),
            tries: None,
        },
        LinkError::Auth(AuthError::ApiKeyRequired),
        LinkError::Auth(AuthError::ApiKeyExpired { key: "sk_1".into() }),
    ];
    let contexts = [
        RequestContext::EMPTY,
        RequestContext::new()
            .with_request_id("req_1")
            .with_instance("/x"),
    ];
    for error in &recoverable {
        for format in FormatKind::ALL {
            for context in &contexts {
                let remote = decode(error, format, context);
                assert_eq!(
                    LinkError::from_remote(&remote).as_ref(),
                    Some(error),
                    "{error:?} in {format:?}"
                );
            }
        }
    }
}

#[test]
fn unrecoverable_variants_give_none() {
    for error in [
        LinkError::Storage(std::io::Error::other("disk")),
        LinkError::Taken { name: "x".into() },
    ] {
        for format in FormatKind::ALL {
            let remote = decode(&error, format, &RequestContext::EMPTY);
            assert_eq!(remote.code(), Some(error.code()));
            assert!(LinkError::from_remote(&remote).is_none(), "{error:?}");
        }
    }
}

/// The catalog says which codes come back as a typed variant, and says it truthfully:
/// every variant above, rebuilt or not, agrees with its catalog entry.
#[test]
fn the_catalog_says_which_codes_a_client_can_rebuild() {
    let rebuildable: Vec<(&str, bool)> = LinkError::catalog()
        .entries()
        .iter()
        .map(|entry| (entry.code, entry.rebuildable))
        .collect();
    assert_eq!(
        rebuildable,
        [
            ("LINK_NOT_FOUND", true),
            ("GONE", true),
            ("RATE_LIMITED", true),
            ("INVALID", true),
            ("API_KEY_REQUIRED", true),
            ("API_KEY_EXPIRED", true),
            ("STORAGE", false),
            ("TAKEN", false),
        ]
    );
    let errors = [
        LinkError::NotFound,
        LinkError::Gone {
            id: "lnk_1".into(),
            number: 7,
        },
        LinkError::RateLimited {
            wait: Duration::from_secs(3),
        },
        LinkError::Invalid {
            errors: vec![FieldViolation::new("body.url", "is required")],
            tries: Some(2),
        },
        LinkError::Auth(AuthError::ApiKeyRequired),
        LinkError::Auth(AuthError::ApiKeyExpired { key: "k".into() }),
        LinkError::Storage(std::io::Error::other("disk")),
        LinkError::Taken { name: "x".into() },
    ];
    for error in errors {
        let entry = *LinkError::catalog().get(error.code()).unwrap();
        let remote = decode(&error, FormatKind::Simple, &RequestContext::EMPTY);
        assert_eq!(
            LinkError::from_remote(&remote).is_some(),
            entry.rebuildable,
            "{error:?}"
        );
    }
}

#[test]
fn unknown_codes_and_garbage_give_none() {
    let remote = RemoteError::decode(
        http::StatusCode::BAD_GATEWAY,
        &http::HeaderMap::new(),
        b"<html>bad gateway</html>",
    );
    assert!(LinkError::from_remote(&remote).is_none());
    let body = br#"{"error":"SOMETHING_ELSE","message":"?"}"#;
    let remote = RemoteError::decode(http::StatusCode::BAD_REQUEST, &http::HeaderMap::new(), body);
    assert!(LinkError::from_remote(&remote).is_none());
    // A known code whose exposed member has the wrong type is not rebuilt.
    let body = br#"{"error":"GONE","message":"?","details":{"id":5,"number":1}}"#;
    let remote = RemoteError::decode(http::StatusCode::GONE, &http::HeaderMap::new(), body);
    assert!(LinkError::from_remote(&remote).is_none());
}

/// The framework's own errors, nested as the README recommends, come back too.
#[derive(Debug, PartialEq, ApiError)]
enum WithRejections {
    #[api(status = 404, message = "Note not found")]
    NoteNotFound,
    #[api(transparent)]
    Request(#[from] http_api_error::Rejection),
}

#[test]
fn rejections_are_rebuilt_through_a_transparent_variant() {
    use http_api_error::http::{HeaderMap, StatusCode};
    use http_api_error::{Rejection, RejectionKind};

    // The input from the report: an INVALID_JSON body with an empty `errors` array.
    let remote = RemoteError::decode(
        StatusCode::BAD_REQUEST,
        &HeaderMap::new(),
        br#"{"error":"INVALID_JSON","message":"Request body is not valid JSON","errors":[]}"#,
    );
    assert_eq!(
        WithRejections::from_remote(&remote),
        Some(WithRejections::Request(Rejection::new(
            RejectionKind::InvalidJson,
            Vec::new()
        )))
    );

    // Every kind, with and without violations, in every format.
    let kinds = [
        RejectionKind::InvalidJson,
        RejectionKind::InvalidBody,
        RejectionKind::UnsupportedMediaType,
        RejectionKind::PayloadTooLarge,
        RejectionKind::LengthRequired,
        RejectionKind::InvalidQuery,
        RejectionKind::InvalidPath,
        RejectionKind::NotFound,
        RejectionKind::MethodNotAllowed,
        RejectionKind::BadRequest,
    ];
    for kind in kinds {
        for errors in [
            Vec::new(),
            vec![FieldViolation::new("body.url", "must be a URL").with_fix("Send https://...")],
        ] {
            let rejection = Rejection::new(kind, errors);
            for format in FormatKind::ALL {
                let response = rejection.render(&format, &RequestContext::EMPTY);
                let remote = RemoteError::from_response(&response);
                assert_eq!(
                    Rejection::from_remote(&remote).as_ref(),
                    Some(&rejection),
                    "{kind:?} in {format:?}"
                );
                assert_eq!(
                    WithRejections::from_remote(&remote),
                    Some(WithRejections::Request(rejection.clone())),
                    "{kind:?} in {format:?}"
                );
            }
        }
    }
    // A code of the outer type is still its own variant, and an unknown one is none.
    let remote = RemoteError::from_response(&WithRejections::NoteNotFound.to_response());
    assert_eq!(
        WithRejections::from_remote(&remote),
        Some(WithRejections::NoteNotFound)
    );
    let remote = RemoteError::decode(
        StatusCode::BAD_REQUEST,
        &HeaderMap::new(),
        br#"{"error":"SOMETHING_ELSE","message":"?"}"#,
    );
    assert_eq!(WithRejections::from_remote(&remote), None);
}

/// A generic error type comes back too: the impl is bounded on what its fields need.
#[derive(Debug, PartialEq, ApiError)]
enum GenericLinkError {
    #[api(status = 410, message = "Link gone")]
    Gone,
}

#[derive(Debug, PartialEq, ApiError)]
enum Api<E> {
    #[api(status = 401)]
    KeyRequired,
    #[api(transparent)]
    Service(E),
}

#[derive(Debug, PartialEq, ApiError)]
enum Detailed<T, V> {
    #[api(status = 409, message = "Conflict")]
    Conflict {
        #[api(expose)]
        existing: T,
        #[api(errors)]
        errors: V,
    },
}

#[test]
fn generic_error_types_are_rebuilt() {
    // The reported input.
    let remote = RemoteError::from_response(&GenericLinkError::Gone.to_response());
    assert_eq!(
        Api::<GenericLinkError>::from_remote(&remote),
        Some(Api::Service(GenericLinkError::Gone))
    );
    let remote = RemoteError::from_response(&Api::<GenericLinkError>::KeyRequired.to_response());
    assert_eq!(
        Api::<GenericLinkError>::from_remote(&remote),
        Some(Api::KeyRequired)
    );
    let conflict = Detailed::Conflict {
        existing: 42_u64,
        errors: vec![FieldViolation::new("body.slug", "taken")],
    };
    let remote = RemoteError::from_response(&conflict.to_response());
    assert_eq!(
        Detailed::<u64, Vec<FieldViolation>>::from_remote(&remote),
        Some(conflict)
    );
}
