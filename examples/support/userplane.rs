//! The complete error table of Userplane's API error page, declared with
//! `#[derive(ApiError)]`: one enum per section of the page, nested into one API error
//! with transparent variants.
// The table is declared whole; each program using it constructs only some variants.
#![allow(dead_code)]
// The variant names follow the page's codes (`API_KEY_REQUIRED`, ...), which share a prefix.
#![allow(clippy::enum_variant_names)]
use std::time::Duration;

use http_api_error::ApiError;

/// Returned when the API key is missing, invalid, or expired.
#[derive(Debug, ApiError)]
#[api(status = 401, category = "Authentication errors")]
pub enum AuthenticationError {
    #[api(message = "API key is required. Include it as Authorization: Bearer <your-api-key>.")]
    ApiKeyRequired,
    #[api(message = "The provided API key is not valid. Verify the key and try again.")]
    ApiKeyInvalid,
    #[api(message = "The API key has expired. Rotate or create a new key.")]
    ApiKeyExpired,
}

/// Returned when the authenticated user lacks access to the requested resource.
#[derive(Debug, ApiError)]
#[api(status = 403, category = "Authorization errors")]
pub enum AuthorizationError {
    #[api(message = "The API key is disabled. Enable it or create a new key.")]
    ApiKeyDisabled,
    #[api(message = "The API key owner is not a member of this workspace.")]
    NotAMember,
    #[api(message = "You do not have permission to delete this link.")]
    LinkDeleteForbidden,
    #[api(message = "You do not have permission to delete this recording.")]
    RecordingDeleteForbidden,
    #[api(message = "Recording does not belong to this workspace.")]
    RecordingWorkspaceMismatch,
}

#[derive(Debug, ApiError)]
#[api(category = "Rate limiting")]
pub enum RateLimitError {
    /// Retry-After tells the client how long to wait.
    #[api(
        status = 429,
        message = "Rate limit exceeded. Wait and retry with exponential backoff."
    )]
    RateLimited {
        #[api(retry_after)]
        retry_after: Duration,
    },
}

#[derive(Debug, ApiError)]
#[api(category = "Service errors")]
pub enum ServiceError {
    #[api(
        status = 503,
        message = "API key verification service is temporarily unavailable. Please try again later."
    )]
    ServiceUnavailable,
}

/// Returned when the requested resource does not exist or has been deleted. A 410
/// means the resource was soft-deleted: unlike 404, it existed.
#[derive(Debug, ApiError)]
#[api(category = "Resource errors")]
pub enum ResourceError {
    #[api(status = 404, message = "Link not found")]
    LinkNotFound,
    #[api(status = 404, message = "Recording not found")]
    RecordingNotFound,
    #[api(status = 404, message = "Project not found")]
    ProjectNotFound,
    #[api(status = 404, message = "Workspace not found")]
    WorkspaceNotFound,
    #[api(status = 410, message = "Link has been deleted")]
    LinkGone,
    #[api(status = 410, message = "Recording has already been deleted")]
    RecordingGone,
    #[api(status = 410, message = "Project has been deleted")]
    ProjectGone,
    #[api(status = 410, message = "Project has been deleted")]
    LinkProjectDeleted,
}

/// Returned when a create, update, or delete operation fails. The storage error is
/// the `source`: it reaches logs through `std::error::Error::source`, never the body.
#[derive(Debug, ApiError)]
#[api(category = "Mutation errors")]
pub enum MutationError {
    #[api(status = 500, message = "Failed to create link")]
    LinkCreateFailed(#[source] std::io::Error),
    #[api(status = 500, message = "Failed to update link")]
    LinkUpdateFailed(#[source] std::io::Error),
    #[api(status = 500, message = "Failed to delete link")]
    LinkDeleteFailed(#[source] std::io::Error),
    #[api(status = 500, message = "Failed to delete recording")]
    RecordingDeleteFailed(#[source] std::io::Error),
    #[api(status = 404, message = "No default project found for workspace")]
    LinkDefaultProjectNotFound,
    /// 403, not 429: waiting does not help.
    #[api(status = 403, message = "Plan limit exceeded")]
    PlanLimitExceeded,
}

/// The API key management endpoints, which use session authentication.
#[derive(Debug, ApiError)]
#[api(category = "API key management errors")]
pub enum ApiKeyError {
    #[api(status = 401, message = "You must be logged in to manage API keys.")]
    Unauthorized,
    #[api(
        status = 409,
        message = "You already have an API key. Revoke or rotate it instead."
    )]
    ApiKeyAlreadyExists,
    #[api(status = 404, message = "No API key found.")]
    ApiKeyNotFound,
    #[api(status = 500, message = "Failed to create API key.")]
    ApiKeyCreateFailed,
    #[api(status = 500, message = "Failed to revoke API key.")]
    ApiKeyRevokeFailed,
    #[api(status = 500, message = "Failed to rotate API key.")]
    ApiKeyRotateFailed,
}

/// Every error the API returns.
#[derive(Debug, ApiError)]
pub enum UserplaneError {
    #[api(transparent)]
    Authentication(#[from] AuthenticationError),
    #[api(transparent)]
    Authorization(#[from] AuthorizationError),
    #[api(transparent)]
    RateLimit(#[from] RateLimitError),
    #[api(transparent)]
    Service(#[from] ServiceError),
    #[api(transparent)]
    Resource(#[from] ResourceError),
    #[api(transparent)]
    Mutation(#[from] MutationError),
    #[api(transparent)]
    ApiKey(#[from] ApiKeyError),
}
