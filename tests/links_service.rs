//! The links service example driven over HTTP through a full scenario: every answer
//! compared whole (status, the headers the API sets, and the JSON body).

#[path = "../examples/support/links.rs"]
mod links;
#[path = "support/openapi_validator.rs"]
mod openapi_validator;
#[path = "../examples/support/userplane.rs"]
mod userplane;

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{Value, json};

struct Client {
    http: reqwest::Client,
    base: String,
}

#[derive(Debug, PartialEq)]
struct Reply {
    status: u16,
    /// Headers other than `date`, `content-length` and `x-request-id` (checked apart).
    headers: Vec<(String, String)>,
    body: Value,
}

impl Client {
    /// The service with `rate_limit` requests a minute per key and `plan_limit` live
    /// links per workspace.
    async fn limited(rate_limit: u32, plan_limit: usize) -> Client {
        Client::start(links::Config {
            rate_limit,
            window: Duration::from_secs(60),
            plan_limit,
        })
        .await
    }

    async fn start(config: links::Config) -> Client {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, links::app(config)).await.unwrap() });
        Client {
            http: reqwest::Client::new(),
            base: format!("http://{address}/v1/workspaces"),
        }
    }

    async fn send(&self, method: &str, path: &str, key: Option<&str>, body: Option<&str>) -> Reply {
        self.send_to(&format!("{}{path}", self.base), method, key, body)
            .await
    }

    /// The service's OpenAPI document.
    async fn openapi(&self) -> Value {
        let url = self.base.replace("/v1/workspaces", "/openapi.json");
        let reply = self.send_to(&url, "GET", None, None).await;
        assert_eq!(
            (reply.status, reply.headers),
            (200, vec![(JSON.0.to_owned(), JSON.1.to_owned())])
        );
        reply.body
    }

    async fn send_to(
        &self,
        url: &str,
        method: &str,
        key: Option<&str>,
        body: Option<&str>,
    ) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.http.request(method, url);
        if let Some(key) = key {
            request = request.header("authorization", format!("Bearer {key}"));
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_owned());
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(id.starts_with("req_") && id.len() == 36, "{id}");
        let headers = response
            .headers()
            .iter()
            .filter(|(name, _)| {
                !matches!(name.as_str(), "date" | "content-length" | "x-request-id")
            })
            .map(|(name, value)| (name.as_str().to_owned(), value.to_str().unwrap().to_owned()))
            .collect();
        let bytes = response.bytes().await.unwrap();
        let mut body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap()
        };
        // An error body carries the request id of its response; compared here, once.
        if let Some(object) = body
            .as_object_mut()
            .filter(|object| object.contains_key("error"))
        {
            assert_eq!(object.remove("request_id"), Some(Value::String(id)));
        }
        Reply {
            status,
            headers,
            body,
        }
    }
}

const JSON: (&str, &str) = ("content-type", "application/json");

fn reply(status: u16, headers: &[(&str, &str)], body: Value) -> Reply {
    Reply {
        status,
        headers: headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
        body,
    }
}

/// The headers the request-id middleware adds to every error response: the language
/// chosen among the service's translations (English without `Accept-Language`), and
/// `Vary` on both headers it reads (it negotiates the format, RFC 9457 for a client
/// that prefers it).
const LANGUAGE: [(&str, &str); 3] = [
    ("content-language", "en"),
    ("vary", "accept-language"),
    ("vary", "accept"),
];

fn error(status: u16, code: &str, message: &str, extra: &[(&str, &str)]) -> Reply {
    let mut headers = vec![JSON];
    headers.extend_from_slice(&LANGUAGE);
    headers.extend_from_slice(extra);
    reply(status, &headers, json!({"error": code, "message": message}))
}

#[tokio::test]
async fn the_full_scenario() {
    let client = Client::limited(100, 2).await;
    let link = r#"{"url":"https://example.com","title":"Example"}"#;
    let created = json!({"id": "lnk_1", "url": "https://example.com", "title": "Example"});
    let bearer = [("www-authenticate", "Bearer")];
    let gone = || error(410, "LINK_GONE", "Link has been deleted", &[]);

    let mut invalid = error(400, "VALIDATION_FAILED", "Request validation failed", &[]);
    invalid.body["errors"] = json!([
        {
            "location": "body.title", "message": "must be at most 100 characters long",
            "code": "LENGTH", "fix": "send at most 100 characters"
        },
        {
            "location": "body.url", "message": "must be an absolute http or https URL",
            "code": "URL", "fix": "send an absolute URL such as https://example.com/page"
        }
    ]);
    let too_long = format!(r#"{{"url":"example.com","title":"{}"}}"#, "t".repeat(101));
    let mut malformed = error(400, "INVALID_JSON", "Request body is not valid JSON", &[]);
    malformed.body["errors"] = json!([{"location": "body.url", "message": "EOF while parsing a value at line 1 column 7"}]);
    let mut not_allowed = vec![JSON];
    not_allowed.extend(LANGUAGE);
    not_allowed.push(("allow", "POST,GET,HEAD"));

    // (method, path, API key, body, the exact reply), in order: each step sees the
    // store as the steps before it left it.
    type Step<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, Reply);
    let steps: Vec<Step<'_>> = vec![
        // The store fails (on purpose, for a host under `.invalid`): a 500 whose body
        // keeps the cause out.
        (
            "POST",
            "/ws_demo/links",
            Some("sk_bob"),
            Some(r#"{"url":"https://db.invalid/x"}"#),
            error(500, "LINK_CREATE_FAILED", "Failed to create link", &[]),
        ),
        // Create and read.
        (
            "POST",
            "/ws_demo/links",
            Some("sk_bob"),
            Some(link),
            reply(201, &[JSON], created.clone()),
        ),
        (
            "GET",
            "/ws_demo/links/lnk_1",
            Some("sk_alice"),
            None,
            reply(200, &[JSON], created),
        ),
        (
            "GET",
            "/ws_demo/links/lnk_9",
            Some("sk_alice"),
            None,
            error(404, "LINK_NOT_FOUND", "Link not found", &[]),
        ),
        // Authentication and authorization, in the page's words.
        (
            "GET",
            "/ws_demo/links",
            None,
            None,
            error(
                401,
                "API_KEY_REQUIRED",
                "API key is required. Include it as Authorization: Bearer <your-api-key>.",
                &bearer,
            ),
        ),
        (
            "GET",
            "/ws_demo/links",
            Some("sk_nope"),
            None,
            error(
                401,
                "API_KEY_INVALID",
                "The provided API key is not valid. Verify the key and try again.",
                &bearer,
            ),
        ),
        (
            "GET",
            "/ws_demo/links",
            Some("sk_expired"),
            None,
            error(
                401,
                "API_KEY_EXPIRED",
                "The API key has expired. Rotate or create a new key.",
                &bearer,
            ),
        ),
        (
            "GET",
            "/ws_demo/links",
            Some("sk_disabled"),
            None,
            error(
                403,
                "API_KEY_DISABLED",
                "The API key is disabled. Enable it or create a new key.",
                &[],
            ),
        ),
        (
            "GET",
            "/ws_demo/links",
            Some("sk_mallory"),
            None,
            error(
                403,
                "NOT_A_MEMBER",
                "The API key owner is not a member of this workspace.",
                &[],
            ),
        ),
        (
            "GET",
            "/ws_nope/links",
            Some("sk_alice"),
            None,
            error(404, "WORKSPACE_NOT_FOUND", "Workspace not found", &[]),
        ),
        // Soft delete: bob may not delete alice's link; after deletion it is gone, not
        // missing.
        (
            "POST",
            "/ws_demo/links",
            Some("sk_alice"),
            Some(link),
            reply(
                201,
                &[JSON],
                json!({"id": "lnk_2", "url": "https://example.com", "title": "Example"}),
            ),
        ),
        (
            "DELETE",
            "/ws_demo/links/lnk_2",
            Some("sk_bob"),
            None,
            error(
                403,
                "LINK_DELETE_FORBIDDEN",
                "You do not have permission to delete this link.",
                &[],
            ),
        ),
        (
            "DELETE",
            "/ws_demo/links/lnk_1",
            Some("sk_bob"),
            None,
            reply(204, &[], Value::Null),
        ),
        (
            "GET",
            "/ws_demo/links/lnk_1",
            Some("sk_alice"),
            None,
            gone(),
        ),
        (
            "DELETE",
            "/ws_demo/links/lnk_1",
            Some("sk_alice"),
            None,
            gone(),
        ),
        // The plan holds two live links.
        (
            "POST",
            "/ws_demo/links",
            Some("sk_alice"),
            Some(link),
            reply(
                201,
                &[JSON],
                json!({"id": "lnk_3", "url": "https://example.com", "title": "Example"}),
            ),
        ),
        (
            "POST",
            "/ws_demo/links",
            Some("sk_alice"),
            Some(link),
            error(403, "PLAN_LIMIT_EXCEEDED", "Plan limit exceeded", &[]),
        ),
        // Validation and malformed requests.
        (
            "POST",
            "/ws_demo/links",
            Some("sk_alice"),
            Some(&too_long),
            invalid,
        ),
        (
            "POST",
            "/ws_demo/links",
            Some("sk_alice"),
            Some("{\"url\":"),
            malformed,
        ),
        (
            "PUT",
            "/ws_demo/links",
            Some("sk_alice"),
            None,
            reply(
                405,
                &not_allowed,
                json!({"error": "METHOD_NOT_ALLOWED", "message": "This method is not allowed on this path"}),
            ),
        ),
    ];
    for (step, (method, path, key, body, expected)) in steps.into_iter().enumerate() {
        let actual = client.send(method, path, key, body).await;
        assert_eq!(actual, expected, "step {step}: {method} {path} as {key:?}");
    }
}

#[tokio::test]
async fn every_listed_key_is_known() {
    let client = Client::start(links::Config::default()).await;
    for (key, _) in links::KEYS {
        let reply = client.send("GET", "/ws_demo/links", Some(key), None).await;
        assert_ne!(reply.body["error"], "API_KEY_INVALID", "{key}");
    }
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after() {
    let client = Client::start(links::Config {
        rate_limit: 3,
        window: Duration::from_secs(30),
        plan_limit: 5,
    })
    .await;
    for _ in 0..3 {
        assert_eq!(
            client
                .send("GET", "/ws_demo/links", Some("sk_alice"), None)
                .await
                .status,
            200
        );
    }
    let limited = client
        .send("GET", "/ws_demo/links", Some("sk_alice"), None)
        .await;
    // The window started at the first request, a moment ago: 30 seconds, rounded up.
    assert_eq!(
        limited,
        error(
            429,
            "RATE_LIMITED",
            "Rate limit exceeded. Wait and retry with exponential backoff.",
            &[("retry-after", "30")]
        )
    );
    // Another key has its own budget.
    assert_eq!(
        client
            .send("GET", "/ws_demo/links", Some("sk_bob"), None)
            .await
            .status,
        200
    );
}

/// Every error code the service sends, triggered for real: the OpenAPI document the
/// service serves (valid by the official OpenAPI 3.1 schema) lists it under the
/// operation's status, with an example equal to the body sent and the headers sent.
#[tokio::test]
async fn the_openapi_document_lists_every_code_with_the_real_response() {
    let client = Client::limited(1000, 1).await;
    let document = client.openapi().await;
    if let Err(problems) = openapi_validator::validate(&document) {
        panic!("invalid OpenAPI document:\n{}", problems.join("\n"));
    }
    assert_eq!(document["openapi"], "3.1.0");

    let links = "/v1/workspaces/{workspace}/links";
    let link = "/v1/workspaces/{workspace}/links/{id}";
    let valid = Some(r#"{"url":"https://example.com"}"#);
    let post = |key, body| ("POST", "/ws_demo/links", key, body);
    let get = |key, path| ("GET", path, key, None);
    // (operation as documented, request)
    let cases: Vec<(Operation, Request)> = vec![
        (("post", links), post(Some("sk_alice"), valid)),
        (("get", links), get(None, "/ws_demo/links")),
        (("get", links), get(Some("sk_nobody"), "/ws_demo/links")),
        (("get", links), get(Some("sk_expired"), "/ws_demo/links")),
        (("get", links), get(Some("sk_disabled"), "/ws_demo/links")),
        (("get", links), get(Some("sk_mallory"), "/ws_demo/links")),
        (("get", links), get(Some("sk_alice"), "/ws_other/links")),
        (("get", link), get(Some("sk_alice"), "/ws_demo/links/lnk_9")),
        (
            ("delete", link),
            ("DELETE", "/ws_demo/links/lnk_1", Some("sk_bob"), None),
        ),
        (
            ("delete", link),
            ("DELETE", "/ws_demo/links/lnk_1", Some("sk_alice"), None),
        ),
        (("get", link), get(Some("sk_alice"), "/ws_demo/links/lnk_1")),
        (("post", links), post(Some("sk_alice"), valid)),
        (("post", links), post(Some("sk_alice"), valid)),
        (
            ("post", links),
            post(Some("sk_alice"), Some(r#"{"url":"ftp://x"}"#)),
        ),
        (("post", links), post(Some("sk_alice"), Some("{"))),
        (
            ("post", links),
            post(Some("sk_alice"), Some(r#"{"title":"no url"}"#)),
        ),
    ];
    let mut seen = Vec::new();
    for ((method, path), (verb, url, key, body)) in cases {
        let reply = client.send(verb, url, key, body).await;
        if reply.status < 400 {
            // The set-up steps: the documented success status.
            let documented =
                &document["paths"][path][method]["responses"][reply.status.to_string()];
            assert!(documented.is_object(), "{verb} {url}: {}", reply.status);
            continue;
        }
        seen.push(check_documented(&document, method, path, reply));
    }
    // The rejections the router and extractors send, on a service of their own.
    let bare = Client::start(links::Config::default()).await;
    let reply = bare
        .send("POST", "/ws_demo/links", Some("sk_alice"), None)
        .await;
    seen.push(check_documented(&document, "post", links, reply));
    let big = format!(r#"{{"url":"https://example.com/{}"}}"#, "a".repeat(3 << 20));
    let reply = bare
        .send("POST", "/ws_demo/links", Some("sk_alice"), Some(&big))
        .await;
    seen.push(check_documented(&document, "post", links, reply));
    let limited = Client::limited(0, 1).await;
    let reply = limited
        .send("GET", "/ws_demo/links", Some("sk_alice"), None)
        .await;
    seen.push(check_documented(&document, "get", links, reply));
    assert_eq!(
        seen,
        [
            "API_KEY_REQUIRED",
            "API_KEY_INVALID",
            "API_KEY_EXPIRED",
            "API_KEY_DISABLED",
            "NOT_A_MEMBER",
            "WORKSPACE_NOT_FOUND",
            "LINK_NOT_FOUND",
            "LINK_DELETE_FORBIDDEN",
            "LINK_GONE",
            "PLAN_LIMIT_EXCEEDED",
            "VALIDATION_FAILED",
            "INVALID_JSON",
            "INVALID_BODY",
            "UNSUPPORTED_MEDIA_TYPE",
            "PAYLOAD_TOO_LARGE",
            "RATE_LIMITED",
        ]
    );
    // The router's own 404 and 405 belong to no operation: no route documents them.
    let method_not_allowed = client
        .send("PUT", "/ws_demo/links", Some("sk_alice"), None)
        .await;
    let not_found = client
        .send("GET", "/ws_demo/nothing", Some("sk_alice"), None)
        .await;
    for (reply, code) in [
        (method_not_allowed, "METHOD_NOT_ALLOWED"),
        (not_found, "NOT_FOUND"),
    ] {
        assert_eq!(reply.body["error"], code);
        for (path, method) in [
            (links, "get"),
            (links, "post"),
            (link, "get"),
            (link, "delete"),
        ] {
            assert!(!documented_codes(&document, method, path).contains(code));
        }
    }
}

/// `schema`, or the component schema it refers to.
fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference.strip_prefix("#/components/schemas/").unwrap();
            &document["components"]["schemas"][name]
        }
        None => schema,
    }
}

/// Every code the document lists for `method path`: its error schema's code enum, which
/// must be the codes of its statuses' examples, every error status referring to it.
fn documented_codes(document: &Value, method: &str, path: &str) -> BTreeSet<String> {
    let responses = document["paths"][path][method]["responses"]
        .as_object()
        .unwrap();
    let errors: Vec<&Value> = responses
        .iter()
        .filter(|(status, _)| status.starts_with('4') || status.starts_with('5'))
        .map(|(_, response)| &response["content"]["application/json"])
        .collect();
    let schema = &errors[0]["schema"];
    assert!(schema["$ref"].is_string(), "{method} {path}: {schema}");
    assert!(
        errors.iter().all(|content| content["schema"] == *schema),
        "{method} {path}: one error schema"
    );
    let codes: BTreeSet<String> =
        resolve(document, schema)["allOf"][1]["properties"]["error"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|code| code.as_str().unwrap().to_owned())
            .collect();
    let examples: BTreeSet<String> = errors
        .iter()
        .flat_map(|content| content["examples"].as_object().unwrap().keys().cloned())
        .collect();
    assert_eq!(codes, examples, "{method} {path}");
    codes
}

/// Each route documents exactly what it sends: every code it is driven to answer with
/// is in its responses (with the real body as the example), and every code its
/// responses list is driven here.
#[tokio::test]
async fn each_route_documents_exactly_the_codes_it_sends() {
    let client = Client::limited(1000, 2).await;
    let limited = Client::limited(0, 2).await;
    let document = client.openapi().await;
    let links = "/v1/workspaces/{workspace}/links";
    let link = "/v1/workspaces/{workspace}/links/{id}";
    let valid = r#"{"url":"https://example.com"}"#;
    // lnk_1 stays; lnk_2 is deleted (gone).
    for (verb, url) in [
        ("POST", "/ws_demo/links"),
        ("POST", "/ws_demo/links"),
        ("DELETE", "/ws_demo/links/lnk_2"),
    ] {
        let body = (verb == "POST").then_some(valid);
        let reply = client.send(verb, url, Some("sk_alice"), body).await;
        assert!(reply.status < 300, "{verb} {url}: {reply:?}");
    }
    // (operation, verb, url for `ws`, body)
    let operations = [
        (("post", links), "POST", "/{ws}/links", Some(valid)),
        (("get", links), "GET", "/{ws}/links", None),
        (("get", link), "GET", "/{ws}/links/lnk_1", None),
        (("delete", link), "DELETE", "/{ws}/links/lnk_1", None),
    ];
    let mut sent: Vec<(Operation, String)> = Vec::new();
    for (operation, verb, url, body) in operations {
        let at = |ws: &str| url.replace("{ws}", ws);
        // What every route checks first: the path, the key, the rate limit, the
        // workspace.
        let mut replies = Vec::new();
        for (client, workspace, key) in [
            (&client, "ws_demo", None),
            (&client, "ws_demo", Some("sk_nobody")),
            (&client, "ws_demo", Some("sk_expired")),
            (&client, "ws_demo", Some("sk_disabled")),
            (&client, "ws_demo", Some("sk_mallory")),
            (&client, "ws_other", Some("sk_alice")),
            (&client, "ws_%FF", Some("sk_alice")),
            (&limited, "ws_demo", Some("sk_alice")),
        ] {
            replies.push(client.send(verb, &at(workspace), key, body).await);
        }
        for reply in replies {
            sent.push((
                operation,
                check_documented(&document, operation.0, operation.1, reply),
            ));
        }
    }
    // What each route adds.
    let post = |body: Option<&'static str>| ("POST", "/ws_demo/links", Some("sk_alice"), body);
    let big = format!(r#"{{"url":"https://example.com/{}"}}"#, "a".repeat(3 << 20));
    let big: &'static str = Box::leak(big.into_boxed_str());
    let own: Vec<(Operation, Request)> = vec![
        (("post", links), post(Some(r#"{"url":"ftp://x"}"#))),
        (("post", links), post(Some("{"))),
        (("post", links), post(Some(r#"{"title":"no url"}"#))),
        (("post", links), post(Some(big))),
        (
            ("post", links),
            post(Some(r#"{"url":"https://db.invalid"}"#)),
        ),
        (
            ("get", link),
            ("GET", "/ws_demo/links/lnk_9", Some("sk_alice"), None),
        ),
        (
            ("get", link),
            ("GET", "/ws_demo/links/lnk_2", Some("sk_alice"), None),
        ),
        (
            ("delete", link),
            ("DELETE", "/ws_demo/links/lnk_9", Some("sk_alice"), None),
        ),
        (
            ("delete", link),
            ("DELETE", "/ws_demo/links/lnk_2", Some("sk_alice"), None),
        ),
        // Bob may not delete Alice's link.
        (
            ("delete", link),
            ("DELETE", "/ws_demo/links/lnk_1", Some("sk_bob"), None),
        ),
        // A body without a content type.
        (("post", links), post(None)),
    ];
    for (operation, (verb, url, key, body)) in own {
        let reply = client.send(verb, url, key, body).await;
        sent.push((
            operation,
            check_documented(&document, operation.0, operation.1, reply),
        ));
    }
    // The plan's last link, then one too many.
    let reply = client
        .send("POST", "/ws_demo/links", Some("sk_alice"), Some(valid))
        .await;
    assert_eq!(reply.status, 201);
    let reply = client
        .send("POST", "/ws_demo/links", Some("sk_alice"), Some(valid))
        .await;
    sent.push((
        ("post", links),
        check_documented(&document, "post", links, reply),
    ));

    for (path, method) in [
        (links, "post"),
        (links, "get"),
        (link, "get"),
        (link, "delete"),
    ] {
        let driven: BTreeSet<String> = sent
            .iter()
            .filter(|(operation, _)| *operation == (method, path))
            .map(|(_, code)| code.clone())
            .collect();
        assert_eq!(
            driven,
            documented_codes(&document, method, path),
            "{method} {path}"
        );
    }
}

type Operation<'a> = (&'a str, &'a str);
/// `(method, path, API key, JSON body)`.
type Request<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>);

/// Asserts that `reply` is documented for the operation, and returns its code.
fn check_documented(document: &Value, method: &str, path: &str, mut reply: Reply) -> String {
    let status = reply.status.to_string();
    let response = &document["paths"][path][method]["responses"][&status];
    let content = &response["content"]["application/json"];
    let code = reply.body["error"].as_str().unwrap().to_owned();
    // Every error response of an operation refers to the operation's one schema.
    let codes = &resolve(document, &content["schema"])["allOf"][1]["properties"]["error"]["enum"];
    assert!(
        codes.as_array().unwrap().contains(&json!(code)),
        "{code} not in {codes}"
    );
    // Field violations vary with the request: the example leaves them out, the schema
    // describes them.
    let errors = reply.body.as_object_mut().unwrap().remove("errors");
    if let Some(errors) = errors {
        let items = errors.as_array().unwrap();
        assert!(!items.is_empty(), "{code}");
        for item in items {
            assert!(
                item["location"].is_string() && item["message"].is_string(),
                "{item}"
            );
        }
    }
    assert_eq!(
        content["examples"][&code]["value"], reply.body,
        "{method} {path} {code}"
    );
    for (name, _) in &reply.headers {
        match name.as_str() {
            "content-type" => {}
            "www-authenticate" => assert!(response["headers"]["WWW-Authenticate"].is_object()),
            "retry-after" => assert!(response["headers"]["Retry-After"].is_object()),
            "vary" => assert!(response["headers"]["Vary"].is_object()),
            "content-language" => assert!(response["headers"]["Content-Language"].is_object()),
            "allow" => {}
            other => panic!("{code}: undocumented header {other}"),
        }
    }
    assert!(response["headers"]["x-request-id"].is_object());
    code
}

#[test]
fn the_french_translation_covers_every_code() {
    http_api_error::i18n::assert_translations_complete(
        &links::TRANSLATIONS,
        &<links::LinksError as http_api_error::ApiError>::catalog(),
    );
}

/// The two calls the README shows, with the responses it shows.
#[tokio::test]
async fn the_readme_calls_in_french_and_in_rfc_9457() {
    let client = Client::start(links::Config::default()).await;
    let url = format!("{}/ws_demo/links", client.base);
    let call = |header: (&'static str, &'static str)| {
        let request = client
            .http
            .get(&url)
            .header("x-request-id", "req_readme")
            .header(header.0, header.1);
        async move {
            let response = request.send().await.unwrap();
            let headers: Vec<String> = response
                .headers()
                .iter()
                .filter(|(name, _)| !matches!(name.as_str(), "date" | "content-length"))
                .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap()))
                .collect();
            let status = response.status().as_u16();
            let body = String::from_utf8(response.bytes().await.unwrap().to_vec()).unwrap();
            (status, headers, body)
        }
    };
    assert_eq!(
        call(("accept-language", "fr")).await,
        (
            401,
            vec![
                "content-type: application/json".to_owned(),
                "content-language: fr".to_owned(),
                "vary: accept-language".to_owned(),
                "vary: accept".to_owned(),
                "www-authenticate: Bearer".to_owned(),
                "x-request-id: req_readme".to_owned(),
            ],
            r#"{"error":"API_KEY_REQUIRED","message":"Une clé d'API est requise. Envoyez-la dans l'en-tête Authorization: Bearer <votre-clé-d-api>.","request_id":"req_readme"}"#.to_owned()
        )
    );
    assert_eq!(
        call(("accept", "application/problem+json")).await,
        (
            401,
            vec![
                "content-type: application/problem+json".to_owned(),
                "content-language: en".to_owned(),
                "vary: accept-language".to_owned(),
                "vary: accept".to_owned(),
                "www-authenticate: Bearer".to_owned(),
                "x-request-id: req_readme".to_owned(),
            ],
            r#"{"type":"about:blank","title":"Unauthorized","status":401,"detail":"API key is required. Include it as Authorization: Bearer <your-api-key>.","instance":"/v1/workspaces/ws_demo/links","code":"API_KEY_REQUIRED","request_id":"req_readme"}"#.to_owned()
        )
    );
}

/// The request schema and the server agree: bodies generated from the served
/// document's `NewLink` schema (its `pattern` through proptest's regex generator, any
/// title within `maxLength`), kept when the `jsonschema` crate finds them valid against
/// that schema, are all accepted (201); bodies it finds invalid are all rejected with a
/// code the document lists for that status of the operation.
#[tokio::test]
async fn every_body_the_document_allows_is_accepted() {
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

    let client = Client::limited(10_000, 10_000).await;
    let document = client.openapi().await;
    let schema = document["components"]["schemas"]["NewLink"].clone();
    let pattern = schema["properties"]["url"]["pattern"].as_str().unwrap();
    assert_eq!(
        pattern,
        links::URL_PATTERN,
        "the document states the server's rule"
    );
    assert_eq!(schema["properties"]["url"]["maxLength"], 2048);
    assert_eq!(schema["properties"]["title"]["maxLength"], 100);
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();

    // proptest generates from a pattern without its anchors; every string it makes
    // matches the anchored pattern.
    let inner = pattern
        .strip_prefix('^')
        .unwrap()
        .strip_suffix('$')
        .unwrap();
    let url = proptest::string::string_regex(inner).unwrap();
    let title = proptest::option::of(proptest::string::string_regex(".{0,100}").unwrap());
    let with_title = proptest::bool::ANY;
    let bodies = (url, title, with_title).prop_map(|(url, title, with_title)| {
        if with_title {
            json!({"url": url, "title": title})
        } else {
            json!({"url": url})
        }
    });
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let mut accepted = 0;
    for _ in 0..200 {
        let body = bodies.new_tree(&mut runner).unwrap().current();
        if !validator.is_valid(&body) {
            // Longer than maxLength: the rejected bodies below cover those.
            continue;
        }
        let reply = client
            .send(
                "POST",
                "/ws_demo/links",
                Some("sk_alice"),
                Some(&body.to_string()),
            )
            .await;
        assert_eq!(reply.status, 201, "{body} was refused: {:?}", reply.body);
        assert_eq!(reply.body["url"], body["url"], "{body}");
        accepted += 1;
    }
    assert!(
        accepted >= 150,
        "only {accepted} generated bodies were schema-valid"
    );

    // Bodies the schema refuses: each is rejected with a code documented for the
    // operation and status.
    let refused = [
        json!({"url": "ftp://example.com"}),
        json!({"url": "example.com"}),
        json!({"url": ""}),
        json!({"url": "https://exa mple.com"}),
        json!({"url": format!("https://example.com/{}", "a".repeat(2048))}),
        json!({"url": "https://example.com", "title": "t".repeat(101)}),
        json!({"url": 7}),
        json!({"title": "no url"}),
        json!({"url": "https://example.com", "title": 5}),
    ];
    let responses = &document["paths"]["/v1/workspaces/{workspace}/links"]["post"]["responses"];
    for body in refused {
        assert!(!validator.is_valid(&body), "{body} is schema-valid");
        let reply = client
            .send(
                "POST",
                "/ws_demo/links",
                Some("sk_alice"),
                Some(&body.to_string()),
            )
            .await;
        let code = reply.body["error"].as_str().unwrap();
        let documented =
            &responses[reply.status.to_string()]["content"]["application/json"]["examples"][code];
        assert!(
            documented.is_object(),
            "{body}: {} {code} is not documented",
            reply.status
        );
        assert!(
            matches!(reply.status, 400 | 422),
            "{body}: {}",
            reply.status
        );
    }
}
