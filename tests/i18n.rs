//! Localized messages and titles: `Accept-Language` chooses among Fluent translations
//! (exact, region fallback, q-values, unknown), with `Content-Language` and
//! `Vary: Accept-Language`; the code and every machine field stay the same; a 5xx in
//! French still hides its cause; the translators' template and checker; and the
//! middleware of axum, actix-web and poem over real servers.

#[macro_use]
#[path = "support/servers.rs"]
mod servers;

use std::sync::LazyLock;

use http_api_error::client::{FromRemote, RemoteError};
use http_api_error::i18n::{Translations, assert_translations_complete};
use http_api_error::{ApiError, FieldViolation, RequestContext};
use serde_json::{Value, json};

#[derive(Debug, ApiError)]
#[api(docs = "https://docs.example.com/errors#{code}")]
enum LinkError {
    #[api(status = 401, message = "Send an API key in the Authorization header")]
    ApiKeyRequired,
    #[api(
        status = 410,
        title = "Link Gone",
        message = "Link {id} has been deleted"
    )]
    Gone {
        #[api(expose)]
        id: String,
    },
    #[api(status = 400, message = "{count} fields are invalid")]
    Invalid {
        count: u32,
        #[api(errors)]
        errors: Vec<FieldViolation>,
    },
    #[api(status = 500)]
    Database(#[source] std::io::Error),
    #[api(status = 404, message = "Nothing here")]
    Untranslated,
}

const FRENCH: &str = r#"
API_KEY_REQUIRED = Envoyez une clé d'API dans l'en-tête Authorization
    .title = Non authentifié
GONE = Le lien { $id } a été supprimé
    .title = Lien supprimé
INVALID = { $count ->
    [one] { $count } champ est invalide
   *[other] { $count } champs sont invalides
}
DATABASE = Erreur interne du serveur
    .title = Erreur interne
violation-REQUIRED = est obligatoire ({ $location })
    .fix = envoyez { $location }
"#;

static TRANSLATIONS: LazyLock<Translations> = LazyLock::new(|| {
    Translations::new("en")
        .unwrap()
        .with_language("fr", FRENCH)
        .unwrap()
});

fn gone() -> LinkError {
    LinkError::Gone { id: "lnk_1".into() }
}

/// Status, the headers an error sets (sorted, `x-request-id` aside), and the body.
fn answer(error: &LinkError, accept_language: Option<&str>) -> (u16, Vec<String>, Value) {
    let context = RequestContext::new()
        .with_request_id("req_1")
        .with_accept_language(accept_language, &TRANSLATIONS);
    let response = error.to_response_with(&context);
    let mut headers: Vec<String> = response
        .headers()
        .iter()
        .filter(|(name, _)| *name != "x-request-id")
        .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap()))
        .collect();
    headers.sort();
    let body = serde_json::from_slice(response.body()).unwrap();
    (response.status().as_u16(), headers, body)
}

/// The answer to `gone()` in `language` (`Content-Language`), with `message`.
fn gone_in(language: &str, message: &str) -> (u16, Vec<String>, Value) {
    (
        410,
        vec![
            format!("content-language: {language}"),
            "content-type: application/json".to_owned(),
            "vary: accept-language".to_owned(),
        ],
        json!({
            "error": "GONE", "message": message,
            "docs": "https://docs.example.com/errors#GONE", "request_id": "req_1",
            "details": {"id": "lnk_1"}
        }),
    )
}

fn french_gone() -> (u16, Vec<String>, Value) {
    gone_in("fr", "Le lien lnk_1 a été supprimé")
}

fn english_gone() -> (u16, Vec<String>, Value) {
    gone_in("en", "Link lnk_1 has been deleted")
}

#[test]
fn accept_language_chooses_the_language() {
    // Exact, region fallback, q-values, several ranges in order.
    for header in [
        "fr",
        "fr-CA",
        "fr-FR",
        "en;q=0.4, fr;q=0.8",
        "de, fr;q=0.1",
        "FR",
    ] {
        assert_eq!(answer(&gone(), Some(header)), french_gone(), "{header}");
    }
    // Unknown, refused, English preferred, malformed, none: the declared English.
    for header in [
        Some("de"),
        Some("fr;q=0, de"),
        Some("en, fr;q=0.9"),
        Some("*"),
        Some("fr;q=abc"),
        Some(""),
        Some(";;,,=q"),
        None,
    ] {
        assert_eq!(answer(&gone(), header), english_gone(), "{header:?}");
    }
}

#[test]
fn titles_placeholders_plurals_and_violations_are_translated() {
    let problem = |error: &LinkError| {
        let context = RequestContext::new().with_accept_language(Some("fr"), &TRANSLATIONS);
        let response = error.render(&http_api_error::FormatKind::Problem, &context);
        serde_json::from_slice::<Value>(response.body()).unwrap()
    };
    assert_eq!(
        problem(&gone()),
        json!({
            "type": "https://docs.example.com/errors#GONE", "title": "Lien supprimé",
            "status": 410, "detail": "Le lien lnk_1 a été supprimé", "code": "GONE",
            "id": "lnk_1"
        })
    );
    let invalid = |count| LinkError::Invalid {
        count,
        errors: vec![
            FieldViolation::new("body.url", "is required").with_code("REQUIRED"),
            FieldViolation::new("body.title", "is required")
                .with_code("REQUIRED")
                .with_fix("send a title"),
            FieldViolation::new("body.slug", "is too long").with_code("LENGTH"),
            FieldViolation::new("body.name", "is wrong"),
        ],
    };
    assert_eq!(
        answer(&invalid(1), Some("fr")).2,
        json!({
            "error": "INVALID", "message": "1 champ est invalide",
            "docs": "https://docs.example.com/errors#INVALID", "request_id": "req_1",
            "errors": [
                {"location": "body.url", "message": "est obligatoire (body.url)", "code": "REQUIRED"},
                {
                    "location": "body.title", "message": "est obligatoire (body.title)",
                    "code": "REQUIRED", "fix": "envoyez body.title"
                },
                // No translation for its code, or no code: as declared.
                {"location": "body.slug", "message": "is too long", "code": "LENGTH"},
                {"location": "body.name", "message": "is wrong"}
            ]
        })
    );
    assert_eq!(
        answer(&invalid(3), Some("fr-BE")).2["message"],
        "3 champs sont invalides"
    );
    assert_eq!(
        answer(&invalid(3), None).2["message"],
        "3 fields are invalid"
    );
    // The envelope's title is translated too; `about:blank` keeps the status phrase.
    let context = RequestContext::new()
        .with_request_id("req_2")
        .with_accept_language(Some("fr"), &TRANSLATIONS);
    let response =
        LinkError::ApiKeyRequired.render(&http_api_error::FormatKind::Envelope, &context);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    assert_eq!(
        serde_json::from_slice::<Value>(response.body()).unwrap(),
        json!({"meta": {"requestId": "req_2"}, "error": {
            "title": "Non authentifié",
            "detail": "Envoyez une clé d'API dans l'en-tête Authorization",
            "status": 401, "type": "https://docs.example.com/errors#API_KEY_REQUIRED",
            "code": "API_KEY_REQUIRED"
        }})
    );
}

#[test]
fn a_server_error_in_french_still_hides_its_cause() {
    let error = LinkError::Database(std::io::Error::other("password=hunter2 on db-3"));
    let (status, headers, body) = answer(&error, Some("fr"));
    assert_eq!(status, 500);
    assert_eq!(
        headers,
        [
            "content-language: fr",
            "content-type: application/json",
            "vary: accept-language"
        ]
    );
    assert_eq!(
        body,
        json!({
            "error": "DATABASE", "message": "Erreur interne du serveur",
            "docs": "https://docs.example.com/errors#DATABASE", "request_id": "req_1"
        })
    );
}

#[test]
fn a_code_no_language_translates_says_nothing_about_languages() {
    let (status, headers, body) = answer(&LinkError::Untranslated, Some("fr"));
    assert_eq!(status, 404);
    assert_eq!(headers, ["content-type: application/json"]);
    assert_eq!(
        body,
        json!({
            "error": "UNTRANSLATED", "message": "Nothing here",
            "docs": "https://docs.example.com/errors#UNTRANSLATED", "request_id": "req_1"
        })
    );
}

#[test]
fn a_translation_cannot_show_what_the_declared_message_does_not() {
    static LEAKY: LazyLock<Translations> = LazyLock::new(|| {
        Translations::new("en")
            .unwrap()
            .with_language(
                "fr",
                "GONE = Le lien { $id } ({ $source })\nDATABASE = Base { $field0 }\n",
            )
            .unwrap()
    });
    let context = RequestContext::new().with_accept_language(Some("fr"), &LEAKY);
    let body = |error: &LinkError| {
        serde_json::from_slice::<Value>(error.to_response_with(&context).body()).unwrap()
    };
    // A variable the message does not pass: the declared text, whole.
    assert_eq!(body(&gone())["message"], "Link lnk_1 has been deleted");
    assert_eq!(
        body(&LinkError::Database(std::io::Error::other("secret")))["message"],
        "Internal Server Error"
    );
    // And the checker names both.
    let report = LEAKY.check(&LinkError::catalog()).unwrap_err();
    assert_eq!(
        report.problems(),
        [
            "fr: API_KEY_REQUIRED has no translation",
            "fr: INVALID has no translation",
            "fr: UNTRANSLATED has no translation",
            "fr: GONE uses `$source`, which the declared message \"Link {id} has been deleted\" does not have (it has `$id`)",
            "fr: DATABASE uses `$field0`, which the declared message \"Internal Server Error\" does not have (it has none)",
        ]
    );
}

#[test]
fn the_checker_reports_every_problem() {
    let translations = Translations::new("en")
        .unwrap()
        .with_language(
            "fr",
            "GONE = Le lien { $link } a été supprimé\n\
             API_KEY_REQUIRED = Clé requise\n\
             INVALID = { $count } invalides\n\
             DATABASE = Erreur\n\
             LINK_EXPIRED = Le lien a expiré\n\
             violation-REQUIRED = est obligatoire { $field }\n",
        )
        .unwrap()
        .with_language("de", "GONE = Der Link { $id } wurde gelöscht\n")
        .unwrap();
    let report = translations.check(&LinkError::catalog()).unwrap_err();
    assert_eq!(
        report.to_string(),
        "the translations do not match the catalog:\n  \
         fr: UNTRANSLATED has no translation\n  \
         fr: GONE uses `$link`, which the declared message \"Link {id} has been deleted\" does not have (it has `$id`)\n  \
         fr: LINK_EXPIRED is not a code of the catalog\n  \
         fr: violation-REQUIRED uses `$field`, but a violation has only `$location`\n  \
         de: API_KEY_REQUIRED has no translation\n  \
         de: INVALID has no translation\n  \
         de: DATABASE has no translation\n  \
         de: UNTRANSLATED has no translation\n"
    );
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        assert_translations_complete(&translations, &LinkError::catalog());
    }))
    .unwrap_err();
    assert_eq!(panic.downcast_ref::<String>().unwrap(), &report.to_string());
}

#[test]
fn the_template_is_every_code_to_translate_and_checks_clean_once_filled() {
    let template = LinkError::catalog().translation_template();
    assert_eq!(
        template,
        "# LinkError::ApiKeyRequired (401)\n\
         API_KEY_REQUIRED = Send an API key in the Authorization header\n    .title = Unauthorized\n\n\
         # LinkError::Gone (410)\n\
         GONE = Link { $id } has been deleted\n    .title = Link Gone\n\n\
         # LinkError::Invalid (400)\n\
         INVALID = { $count } fields are invalid\n    .title = Bad Request\n\n\
         # LinkError::Database (500)\n\
         DATABASE = Internal Server Error\n    .title = Internal Server Error\n\n\
         # LinkError::Untranslated (404)\n\
         UNTRANSLATED = Nothing here\n    .title = Not Found\n"
    );
    // The template itself is a complete, valid translation.
    let translations = Translations::new("en")
        .unwrap()
        .with_language("en-GB", &template)
        .unwrap();
    assert_translations_complete(&translations, &LinkError::catalog());
}

#[test]
fn the_client_reads_every_language() {
    let context = RequestContext::new().with_accept_language(Some("fr"), &TRANSLATIONS);
    let remote = RemoteError::from_response(&gone().to_response_with(&context));
    assert_eq!(remote.code(), Some("GONE"));
    assert_eq!(remote.message(), Some("Le lien lnk_1 a été supprimé"));
    assert!(matches!(
        LinkError::from_remote(&remote),
        Some(LinkError::Gone { id }) if id == "lnk_1"
    ));
}

/// The shared scenario: a server at `base` answering `/gone` with `LinkError::Gone`
/// and `/fail` with a database error, behind the framework's middleware given
/// `TRANSLATIONS`.
async fn check_server(base: &str) {
    let client = reqwest::Client::new();
    let get = |path: &str, accept_language: Option<&str>, accept: Option<&str>| {
        let mut request = client
            .get(format!("{base}{path}"))
            .header("x-request-id", "req_1");
        if let Some(value) = accept_language {
            request = request.header("accept-language", value);
        }
        if let Some(value) = accept {
            request = request.header("accept", value);
        }
        async move {
            let response = request.send().await.unwrap();
            let mut headers: Vec<String> = response
                .headers()
                .iter()
                .filter(|(name, _)| {
                    !matches!(name.as_str(), "date" | "content-length" | "x-request-id")
                })
                .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap()))
                .collect();
            headers.sort();
            let status = response.status().as_u16();
            let body: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
            (status, headers, body)
        }
    };
    let with_instance = |mut expected: (u16, Vec<String>, Value)| {
        expected.1.push("vary: accept".to_owned());
        expected.1.sort();
        expected
    };
    assert_eq!(
        get("/gone", Some("fr-CA"), None).await,
        with_instance(french_gone())
    );
    assert_eq!(
        get("/gone", Some("de, fr;q=0.5"), Some("application/json")).await,
        with_instance(french_gone())
    );
    assert_eq!(
        get("/gone", Some("de"), None).await,
        with_instance(english_gone())
    );
    assert_eq!(
        get("/gone", None, None).await,
        with_instance(english_gone())
    );
    // RFC 9457 in French.
    assert_eq!(
        get("/gone", Some("fr"), Some("application/problem+json")).await,
        (
            410,
            vec![
                "content-language: fr".to_owned(),
                "content-type: application/problem+json".to_owned(),
                "vary: accept".to_owned(),
                "vary: accept-language".to_owned(),
            ],
            json!({
                "type": "https://docs.example.com/errors#GONE", "title": "Lien supprimé",
                "status": 410, "detail": "Le lien lnk_1 a été supprimé", "instance": "/gone",
                "code": "GONE", "request_id": "req_1", "id": "lnk_1"
            })
        )
    );
    let (status, _, body) = get("/fail", Some("fr"), None).await;
    assert_eq!(status, 500);
    assert_eq!(
        body,
        json!({
            "error": "DATABASE", "message": "Erreur interne du serveur",
            "docs": "https://docs.example.com/errors#DATABASE", "request_id": "req_1"
        })
    );
}

fn database_error() -> LinkError {
    LinkError::Database(std::io::Error::other("connection refused by db-3"))
}

#[tokio::test]
async fn axum_answers_in_the_request_language() {
    use axum::Router;
    use axum::routing::get;
    use http_api_error::axum::RequestIdLayer;

    let app = Router::new()
        .route("/gone", get(|| async { gone() }))
        .route("/fail", get(|| async { database_error() }))
        .layer(RequestIdLayer::new().translations(&TRANSLATIONS));
    check_server(&servers::axum(app).await).await;
}

#[tokio::test]
async fn actix_web_answers_in_the_request_language() {
    use actix_web::{App, web};
    use http_api_error::actix::RequestId;

    let base = actix_server!(|| {
        App::new()
            .route(
                "/gone",
                web::get().to(|| async { Err::<String, _>(gone()) }),
            )
            .route(
                "/fail",
                web::get().to(|| async { Err::<String, _>(database_error()) }),
            )
            .wrap(RequestId::new().translations(&TRANSLATIONS))
    });
    check_server(&base).await;
}

#[tokio::test]
async fn poem_answers_in_the_request_language() {
    use http_api_error::poem::{RequestId, catch_all};
    use poem::{EndpointExt as _, Route, handler};

    #[handler]
    fn gone_handler() -> poem::Result<String> {
        Err(gone().into())
    }
    #[handler]
    fn fail_handler() -> poem::Result<String> {
        Err(database_error().into())
    }
    let app = Route::new()
        .at("/gone", poem::get(gone_handler))
        .at("/fail", poem::get(fail_handler))
        .catch_all_error(catch_all)
        .with(RequestId::new().translations(&TRANSLATIONS));
    check_server(&servers::poem(app).await).await;
}
