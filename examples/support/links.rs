//! The links API behind Userplane's error page, in memory: Bearer API keys, workspace
//! membership, links with soft delete, a plan limit, a per-key rate limit and request
//! validation, every failure answered with a code from the page. It serves its OpenAPI
//! document, built from the handlers and the error enum, at `/openapi.json`.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{get, post};
use http_api_error::axum::{Json, Path, RequestIdLayer, method_not_allowed, not_found};
use http_api_error::i18n::Translations;
use http_api_error::utoipa::ErrorSchemas;
use http_api_error::{ApiError, FieldViolation, Rejection, RejectionKind, error_set};
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{OpenApi, ToSchema};
use validator::Validate;

use crate::userplane::{
    AuthenticationError, AuthorizationError, MutationError, RateLimitError, ResourceError,
    UserplaneError,
};

/// Every error the service answers with: the page's codes, plus request validation.
#[derive(Debug, ApiError)]
pub enum LinksError {
    #[api(transparent)]
    Userplane(#[from] UserplaneError),
    #[api(
        code = "VALIDATION_FAILED",
        status = 400,
        message = "Request validation failed"
    )]
    Validation {
        #[api(errors)]
        errors: Vec<FieldViolation>,
    },
    /// The framework's own failures (a body that is not JSON, an unknown route), so the
    /// catalog and the OpenAPI document list every code the service sends.
    #[api(transparent)]
    Request(#[from] Rejection),
}

macro_rules! from_section {
    ($($section:ty),*) => {$(
        impl From<$section> for LinksError {
            fn from(error: $section) -> Self {
                LinksError::Userplane(error.into())
            }
        }
    )*};
}

from_section!(
    AuthenticationError,
    AuthorizationError,
    RateLimitError,
    ResourceError,
    MutationError
);

/// The messages in French besides the declared English, chosen by `Accept-Language`.
pub static TRANSLATIONS: LazyLock<Translations> = LazyLock::new(|| {
    Translations::new("en")
        .and_then(|translations| translations.with_language("fr", include_str!("links.fr.ftl")))
        .unwrap_or_else(|error| panic!("{error}"))
});

// What each route can answer with, for its OpenAPI responses: the caller's checks
// (`authenticate`, `workspace`), what the route's extractors reject, and its own.
error_set! {
    /// The errors of `GET /v1/workspaces/{workspace}/links`.
    pub ListLinksErrors: LinksError = [
        AuthenticationError, AuthorizationError::ApiKeyDisabled, RateLimitError,
        ResourceError::WorkspaceNotFound, AuthorizationError::NotAMember,
        RejectionKind::InvalidPath,
    ]
}

error_set! {
    /// The errors of `POST /v1/workspaces/{workspace}/links`.
    pub CreateLinkErrors: LinksError = [
        AuthenticationError, AuthorizationError::ApiKeyDisabled, RateLimitError,
        ResourceError::WorkspaceNotFound, AuthorizationError::NotAMember,
        RejectionKind::InvalidPath, RejectionKind::InvalidJson, RejectionKind::InvalidBody,
        RejectionKind::UnsupportedMediaType, RejectionKind::PayloadTooLarge,
        LinksError::Validation, MutationError::PlanLimitExceeded,
        MutationError::LinkCreateFailed,
    ]
}

error_set! {
    /// The errors of `GET /v1/workspaces/{workspace}/links/{id}`.
    pub GetLinkErrors: LinksError = [
        AuthenticationError, AuthorizationError::ApiKeyDisabled, RateLimitError,
        ResourceError::WorkspaceNotFound, AuthorizationError::NotAMember,
        RejectionKind::InvalidPath, ResourceError::LinkNotFound, ResourceError::LinkGone,
    ]
}

error_set! {
    /// The errors of `DELETE /v1/workspaces/{workspace}/links/{id}`.
    pub DeleteLinkErrors: LinksError = [
        AuthenticationError, AuthorizationError::ApiKeyDisabled, RateLimitError,
        ResourceError::WorkspaceNotFound, AuthorizationError::NotAMember,
        RejectionKind::InvalidPath, ResourceError::LinkNotFound, ResourceError::LinkGone,
        AuthorizationError::LinkDeleteForbidden,
    ]
}

/// Limits of the demo; tests shrink them.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// Requests a key may make per window.
    pub rate_limit: u32,
    /// The rate-limit window.
    pub window: Duration,
    /// Links a workspace may hold on its plan.
    pub plan_limit: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            rate_limit: 20,
            window: Duration::from_secs(60),
            plan_limit: 5,
        }
    }
}

struct Key {
    user: &'static str,
    expires: Option<SystemTime>,
    disabled: bool,
}

/// A short link.
#[derive(Clone, Serialize, ToSchema)]
pub struct Link {
    /// The link's id, such as `lnk_1`.
    id: String,
    /// Where the link leads.
    url: String,
    /// A title to show instead of the URL.
    title: Option<String>,
    #[serde(skip)]
    owner: &'static str,
    #[serde(skip)]
    deleted: bool,
}

struct Workspace {
    members: Vec<&'static str>,
    /// Members who may delete any link, not only their own.
    admins: Vec<&'static str>,
    links: Vec<Link>,
}

struct Store {
    config: Config,
    keys: HashMap<&'static str, Key>,
    workspaces: HashMap<&'static str, Workspace>,
    /// Per key: start of the current window and requests made in it.
    usage: HashMap<String, (Instant, u32)>,
    next_id: u64,
}

type Shared = Arc<Mutex<Store>>;

/// The demo's API keys, printed by the example.
pub const KEYS: &[(&str, &str)] = &[
    ("sk_alice", "alice, admin of workspace ws_demo"),
    (
        "sk_bob",
        "bob, member of ws_demo (may delete only his own links)",
    ),
    (
        "sk_mallory",
        "mallory, valid key but not a member of ws_demo",
    ),
    ("sk_expired", "an expired key"),
    ("sk_disabled", "a disabled key"),
];

/// The service.
pub fn app(config: Config) -> Router {
    let key = |user, expires, disabled| Key {
        user,
        expires,
        disabled,
    };
    let yesterday = SystemTime::now() - Duration::from_secs(86_400);
    let store = Store {
        config,
        keys: HashMap::from([
            ("sk_alice", key("alice", None, false)),
            ("sk_bob", key("bob", None, false)),
            ("sk_mallory", key("mallory", None, false)),
            ("sk_expired", key("carol", Some(yesterday), false)),
            ("sk_disabled", key("dave", None, true)),
        ]),
        workspaces: HashMap::from([(
            "ws_demo",
            Workspace {
                members: vec!["alice", "bob"],
                admins: vec!["alice"],
                links: Vec::new(),
            },
        )]),
        usage: HashMap::new(),
        next_id: 1,
    };
    Router::new()
        .route(
            "/v1/workspaces/{workspace}/links",
            post(create_link).get(list_links),
        )
        .route(
            "/v1/workspaces/{workspace}/links/{id}",
            get(get_link).delete(delete_link),
        )
        .route("/openapi.json", get(openapi))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(Arc::new(Mutex::new(store)))
        .layer(RequestIdLayer::new().translations(&TRANSLATIONS))
        // A span per request, at INFO so that the default filter keeps it: the error's
        // log event is emitted inside it and carries its fields. Error responses are
        // logged by http-api-error, once each, so the layer's own failure event is off.
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(
                    tower_http::trace::DefaultMakeSpan::new().level(tracing::Level::INFO),
                )
                .on_failure(()),
        )
}

/// The caller: checks the API key and the rate limit, in the order the page lists them.
fn authenticate(store: &mut Store, headers: &HeaderMap) -> Result<&'static str, LinksError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .ok_or(AuthenticationError::ApiKeyRequired)?;
    let key = store
        .keys
        .get(token.trim())
        .ok_or(AuthenticationError::ApiKeyInvalid)?;
    if key
        .expires
        .is_some_and(|expires| expires < SystemTime::now())
    {
        return Err(AuthenticationError::ApiKeyExpired.into());
    }
    if key.disabled {
        return Err(AuthorizationError::ApiKeyDisabled.into());
    }
    let user = key.user;
    let Config {
        rate_limit, window, ..
    } = store.config;
    let now = Instant::now();
    let (start, count) = store
        .usage
        .entry(token.trim().to_owned())
        .or_insert((now, 0));
    if now.duration_since(*start) >= window {
        (*start, *count) = (now, 0);
    }
    if *count >= rate_limit {
        let retry_after = window.saturating_sub(now.duration_since(*start));
        return Err(RateLimitError::RateLimited { retry_after }.into());
    }
    *count += 1;
    Ok(user)
}

fn workspace<'a>(
    store: &'a mut Store,
    id: &str,
    user: &str,
) -> Result<&'a mut Workspace, LinksError> {
    let workspace = store
        .workspaces
        .get_mut(id)
        .ok_or(ResourceError::WorkspaceNotFound)?;
    if !workspace.members.contains(&user) {
        return Err(AuthorizationError::NotAMember.into());
    }
    Ok(workspace)
}

fn find<'a>(workspace: &'a mut Workspace, id: &str) -> Result<&'a mut Link, LinksError> {
    let link = workspace
        .links
        .iter_mut()
        .find(|link| link.id == id)
        .ok_or(ResourceError::LinkNotFound)?;
    if link.deleted {
        return Err(ResourceError::LinkGone.into());
    }
    Ok(link)
}

fn lock(state: &Shared) -> std::sync::MutexGuard<'_, Store> {
    // A panic while holding the lock leaves the store consistent: every write is one
    // assignment.
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What a link's URL must look like: an absolute http or https URL with a host of
/// letters, digits, dots and hyphens and a path of unreserved characters. The server
/// checks it (validator's `regex` rule) and the OpenAPI document states it (`pattern`),
/// so a body the document allows is a body the server accepts.
pub const URL_PATTERN: &str = r"^https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(/[A-Za-z0-9._~-]*)*$";

static URL_RULE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(URL_PATTERN).unwrap_or_else(|error| panic!("{error}")));

/// A link to create.
// The rules are validator's, their violations the bridge's
// (`http_api_error::validator::violations`), and the schema states the same limits.
#[derive(Deserialize, ToSchema, Validate)]
pub struct NewLink {
    /// An absolute http or https URL, at most 2048 characters.
    #[schema(
        pattern = r"^https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(/[A-Za-z0-9._~-]*)*$",
        max_length = 2048
    )]
    #[validate(
        length(max = 2048),
        regex(path = *URL_RULE, code = "url", message = "must be an absolute http or https URL")
    )]
    url: String,
    /// At most 100 characters.
    #[serde(default)]
    #[schema(max_length = 100)]
    #[validate(length(max = 100))]
    title: Option<String>,
}

fn validate(link: &NewLink) -> Result<(), LinksError> {
    link.validate().map_err(|errors| LinksError::Validation {
        errors: http_api_error::validator::violations(&errors, "body"),
    })
}

/// The host of an absolute http(s) URL.
fn host(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    rest.split(['/', '?', '#', ':']).next()
}

/// Creates a link.
#[utoipa::path(
    post,
    path = "/v1/workspaces/{workspace}/links",
    params(("workspace" = String, Path, description = "The workspace's id")),
    request_body = NewLink,
    responses((status = 201, description = "The link was created", body = Link), CreateLinkErrors),
    security(("api_key" = []))
)]
async fn create_link(
    State(state): State<Shared>,
    Path(workspace_id): Path<String>,
    headers: HeaderMap,
    Json(new): Json<NewLink>,
) -> Result<(StatusCode, Json<Link>), LinksError> {
    let mut store = lock(&state);
    let user = authenticate(&mut store, &headers)?;
    validate(&new)?;
    let plan_limit = store.config.plan_limit;
    let id = format!("lnk_{}", store.next_id);
    let workspace = workspace(&mut store, &workspace_id, user)?;
    if workspace.links.iter().filter(|link| !link.deleted).count() >= plan_limit {
        return Err(MutationError::PlanLimitExceeded.into());
    }
    // The demo's store refuses hosts under `.invalid` (RFC 2606), to show a 500: the
    // client gets the public message, the log gets the cause.
    if host(&new.url).is_some_and(|host| host.ends_with(".invalid")) {
        return Err(MutationError::LinkCreateFailed(std::io::Error::other(format!(
            "INSERT INTO links (id, url) VALUES ('{id}', '{}') rejected by db-primary-7: host is on the blocklist",
            new.url
        )))
        .into());
    }
    let link = Link {
        id,
        url: new.url,
        title: new.title,
        owner: user,
        deleted: false,
    };
    workspace.links.push(link.clone());
    store.next_id += 1;
    Ok((StatusCode::CREATED, Json(link)))
}

/// Lists the workspace's links.
#[utoipa::path(
    get,
    path = "/v1/workspaces/{workspace}/links",
    params(("workspace" = String, Path, description = "The workspace's id")),
    responses((status = 200, description = "The links", body = Vec<Link>), ListLinksErrors),
    security(("api_key" = []))
)]
async fn list_links(
    State(state): State<Shared>,
    Path(workspace_id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Vec<Link>>, LinksError> {
    let mut store = lock(&state);
    let user = authenticate(&mut store, &headers)?;
    let workspace = workspace(&mut store, &workspace_id, user)?;
    Ok(Json(
        workspace
            .links
            .iter()
            .filter(|link| !link.deleted)
            .cloned()
            .collect(),
    ))
}

/// Gets a link.
#[utoipa::path(
    get,
    path = "/v1/workspaces/{workspace}/links/{id}",
    params(
        ("workspace" = String, Path, description = "The workspace's id"),
        ("id" = String, Path, description = "The link's id")
    ),
    responses((status = 200, description = "The link", body = Link), GetLinkErrors),
    security(("api_key" = []))
)]
async fn get_link(
    State(state): State<Shared>,
    Path((workspace_id, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<Link>, LinksError> {
    let mut store = lock(&state);
    let user = authenticate(&mut store, &headers)?;
    let workspace = workspace(&mut store, &workspace_id, user)?;
    Ok(Json(find(workspace, &id)?.clone()))
}

/// Deletes a link (soft delete: it answers 410 afterwards). Members may delete their
/// own links, admins any link.
#[utoipa::path(
    delete,
    path = "/v1/workspaces/{workspace}/links/{id}",
    params(
        ("workspace" = String, Path, description = "The workspace's id"),
        ("id" = String, Path, description = "The link's id")
    ),
    responses((status = 204, description = "The link was deleted"), DeleteLinkErrors),
    security(("api_key" = []))
)]
async fn delete_link(
    State(state): State<Shared>,
    Path((workspace_id, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<StatusCode, LinksError> {
    let mut store = lock(&state);
    let user = authenticate(&mut store, &headers)?;
    let workspace = workspace(&mut store, &workspace_id, user)?;
    let admin = workspace.admins.contains(&user);
    let link = find(workspace, &id)?;
    if link.owner != user && !admin {
        return Err(AuthorizationError::LinkDeleteForbidden.into());
    }
    link.deleted = true;
    Ok(StatusCode::NO_CONTENT)
}

/// The service's OpenAPI document: the handlers' paths, with every error response
/// generated from `LinksError`.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Links API",
        version = "1.0.0",
        description = "The links API behind Userplane's error page."
    ),
    paths(create_link, list_links, get_link, delete_link),
    components(schemas(ListLinksErrors, CreateLinkErrors, GetLinkErrors, DeleteLinkErrors)),
    modifiers(&ErrorSchemas, &BearerKey)
)]
pub struct ApiDoc;

/// The `api_key` security scheme: `Authorization: Bearer <key>`.
struct BearerKey;

impl utoipa::Modify for BearerKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
