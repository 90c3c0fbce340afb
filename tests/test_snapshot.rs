//! The catalog stability snapshot: written on the first run, failing on removals and
//! changed meaning, allowing additions, rewritten on request, rejecting duplicate codes.
// The enums are versions of an API's errors; only their catalogs are compared.
#![allow(dead_code)]

#[path = "../examples/support/userplane.rs"]
mod userplane;

use std::path::PathBuf;

use http_api_error::ApiError;
use http_api_error::snapshot::{CatalogChange, SnapshotError, SnapshotMode, check_catalog};

/// The API as released: the snapshot is taken of this.
#[derive(Debug, ApiError)]
enum V1 {
    #[api(status = 404, message = "Link not found")]
    LinkNotFound,
    #[api(status = 410, message = "Link has been deleted")]
    LinkGone,
    #[api(status = 429, message = "Slow down")]
    RateLimited,
}

/// Only additions and new wording: compatible.
#[derive(Debug, ApiError)]
enum V2Compatible {
    #[api(status = 404, message = "No link with that id")]
    LinkNotFound,
    #[api(status = 410, message = "Link has been deleted")]
    LinkGone,
    #[api(status = 429, message = "Slow down")]
    RateLimited,
    #[api(status = 403, message = "Plan limit exceeded")]
    PlanLimitExceeded,
}

/// A removed code and changed status, title, retry behaviour, gRPC code and
/// rebuildability (a source error the body does not carry): breaking.
#[derive(Debug, ApiError)]
enum V2Breaking {
    #[api(status = 400, message = "Link not found")]
    LinkNotFound,
    #[api(
        status = 429,
        title = "Slow Down",
        retry = false,
        message = "Slow down",
        grpc = "UNAVAILABLE"
    )]
    RateLimited(#[source] std::io::Error),
    #[api(status = 403, message = "Plan limit exceeded")]
    PlanLimitExceeded,
}

/// The same code declared in two nested types.
#[derive(Debug, ApiError)]
enum Links {
    #[api(status = 404, message = "Link not found")]
    NotFound,
}

#[derive(Debug, ApiError)]
enum Recordings {
    #[api(code = "NOT_FOUND", status = 404, message = "Recording not found")]
    Missing,
}

#[derive(Debug, ApiError)]
enum Api {
    #[api(transparent)]
    Links(Links),
    #[api(transparent)]
    Recordings(Recordings),
}

/// A fresh directory for one test's snapshot file.
fn snapshot_path(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "http-api-error-snapshot-{}-{test}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir.join("nested").join("errors.json")
}

fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn released(test: &str) -> PathBuf {
    let path = snapshot_path(test);
    let report = check_catalog(&V1::catalog(), &path, SnapshotMode::Update).unwrap();
    assert!(report.written);
    assert_eq!(report.changes, []);
    path
}

#[test]
fn the_first_run_writes_the_catalog_json() {
    let path = released("first");
    assert_eq!(read(&path), V1::catalog().to_json() + "\n");
    let snapshot: serde_json::Value = serde_json::from_str(&read(&path)).unwrap();
    assert_eq!(
        snapshot,
        serde_json::json!([
            {"code": "LINK_NOT_FOUND", "status": 404, "title": "Not Found", "message": "Link not found", "retryable": false, "rebuildable": true, "grpc": "NOT_FOUND"},
            {"code": "LINK_GONE", "status": 410, "title": "Gone", "message": "Link has been deleted", "retryable": false, "rebuildable": true, "grpc": "NOT_FOUND"},
            {"code": "RATE_LIMITED", "status": 429, "title": "Too Many Requests", "message": "Slow down", "retryable": true, "rebuildable": true, "grpc": "RESOURCE_EXHAUSTED"}
        ])
    );
}

#[test]
fn an_unchanged_catalog_passes_without_writing() {
    let path = released("unchanged");
    for mode in [SnapshotMode::Update, SnapshotMode::Check] {
        let report = check_catalog(&V1::catalog(), &path, mode).unwrap();
        assert_eq!(report.changes, []);
        assert!(!report.written);
    }
}

#[test]
fn under_ci_a_missing_snapshot_fails_and_nothing_is_written() {
    let path = snapshot_path("missing");
    let error = check_catalog(&V1::catalog(), &path, SnapshotMode::Check).unwrap_err();
    assert!(matches!(&error, SnapshotError::Missing(missing) if *missing == path));
    assert_eq!(
        error.to_string(),
        format!(
            "no error catalog snapshot at {}: run the tests once outside CI to write it, then commit it",
            path.display()
        )
    );
    assert!(!path.exists());
}

#[test]
fn additions_and_new_wording_pass_and_are_recorded() {
    let path = released("compatible");
    let expected = vec![
        CatalogChange::Described {
            code: "LINK_NOT_FOUND".into(),
            member: "message",
            was: "\"Link not found\"".into(),
            now: "\"No link with that id\"".into(),
        },
        CatalogChange::Added {
            code: "PLAN_LIMIT_EXCEEDED".into(),
            status: 403,
        },
    ];
    // Under CI: reported, not written.
    let report = check_catalog(&V2Compatible::catalog(), &path, SnapshotMode::Check).unwrap();
    assert_eq!(report.changes, expected);
    assert!(!report.written);
    assert_eq!(
        report.summary(&path),
        format!(
            "compatible error catalog changes not recorded in {path}:\n  \
             ~ LINK_NOT_FOUND: message \"Link not found\" -> \"No link with that id\"\n  \
             + PLAN_LIMIT_EXCEEDED (403) was added\n",
            path = path.display()
        )
    );
    assert_eq!(read(&path), V1::catalog().to_json() + "\n");
    // Locally: written, so the next run compares against the new catalog.
    let report = check_catalog(&V2Compatible::catalog(), &path, SnapshotMode::Update).unwrap();
    assert_eq!(report.changes, expected);
    assert!(report.written);
    assert_eq!(read(&path), V2Compatible::catalog().to_json() + "\n");
    let report = check_catalog(&V2Compatible::catalog(), &path, SnapshotMode::Check).unwrap();
    assert_eq!(report.changes, []);
    assert_eq!(report.summary(&path), "");
}

#[test]
fn removals_and_changed_meaning_fail_with_a_readable_diff() {
    let path = released("breaking");
    for mode in [SnapshotMode::Update, SnapshotMode::Check] {
        let error = check_catalog(&V2Breaking::catalog(), &path, mode).unwrap_err();
        let SnapshotError::Breaking { changes, .. } = &error else {
            panic!("expected breaking changes, got {error:?}");
        };
        assert_eq!(
            changes,
            &[
                CatalogChange::Status {
                    code: "LINK_NOT_FOUND".into(),
                    was: 404,
                    now: 400
                },
                CatalogChange::Title {
                    code: "LINK_NOT_FOUND".into(),
                    was: "Not Found".into(),
                    now: "Bad Request".into()
                },
                CatalogChange::Grpc {
                    code: "LINK_NOT_FOUND".into(),
                    was: "NOT_FOUND".into(),
                    now: "INVALID_ARGUMENT".into()
                },
                CatalogChange::Removed {
                    code: "LINK_GONE".into(),
                    status: 410
                },
                CatalogChange::Title {
                    code: "RATE_LIMITED".into(),
                    was: "Too Many Requests".into(),
                    now: "Slow Down".into()
                },
                CatalogChange::Retryable {
                    code: "RATE_LIMITED".into(),
                    was: true,
                    now: false
                },
                CatalogChange::Grpc {
                    code: "RATE_LIMITED".into(),
                    was: "RESOURCE_EXHAUSTED".into(),
                    now: "UNAVAILABLE".into()
                },
                CatalogChange::Rebuildable {
                    code: "RATE_LIMITED".into(),
                    was: true,
                    now: false
                },
                CatalogChange::Added {
                    code: "PLAN_LIMIT_EXCEEDED".into(),
                    status: 403
                },
            ]
        );
        assert_eq!(
            error.to_string(),
            format!(
                "the error catalog changed incompatibly with {path}:\n{V2_BREAKING_CHANGES}\
                 compatible changes:\n  \
                 + PLAN_LIMIT_EXCEEDED (403) was added\n\
                 clients match on codes and rely on their status, title and retry behaviour; \
                 if the change is intended, rerun with HTTP_API_ERROR_SNAPSHOT=overwrite to rewrite {path}",
                path = path.display()
            )
        );
        // A failing check leaves the snapshot as it was.
        assert_eq!(read(&path), V1::catalog().to_json() + "\n");
    }
}

/// The breaking changes from `V1` to `V2Breaking`, as both reports list them.
const V2_BREAKING_CHANGES: &str = "  \
    ~ LINK_NOT_FOUND: status 404 -> 400\n  \
    ~ LINK_NOT_FOUND: title \"Not Found\" -> \"Bad Request\"\n  \
    ~ LINK_NOT_FOUND: gRPC code NOT_FOUND -> INVALID_ARGUMENT\n  \
    - LINK_GONE (410) was removed\n  \
    ~ RATE_LIMITED: title \"Too Many Requests\" -> \"Slow Down\"\n  \
    ~ RATE_LIMITED: retryable true -> false\n  \
    ~ RATE_LIMITED: gRPC code RESOURCE_EXHAUSTED -> UNAVAILABLE\n  \
    ~ RATE_LIMITED: rebuildable true -> false\n";

#[test]
fn overwrite_accepts_a_breaking_change() {
    let path = released("overwrite");
    let report = check_catalog(&V2Breaking::catalog(), &path, SnapshotMode::Overwrite).unwrap();
    assert!(report.written);
    assert_eq!(report.changes.len(), 9);
    assert_eq!(read(&path), V2Breaking::catalog().to_json() + "\n");
    // The accepted breaking changes are reported as such, never as compatible ones.
    assert_eq!(
        report.summary(&path),
        format!(
            "breaking error catalog changes accepted (HTTP_API_ERROR_SNAPSHOT=overwrite) and recorded in {path}:\n{V2_BREAKING_CHANGES}\
             compatible error catalog changes recorded in {path}:\n  \
             + PLAN_LIMIT_EXCEEDED (403) was added\n",
            path = path.display()
        )
    );
    check_catalog(&V2Breaking::catalog(), &path, SnapshotMode::Check).unwrap();
}

#[test]
fn duplicate_codes_fail_with_both_paths_in_every_mode() {
    let path = snapshot_path("duplicates");
    for mode in [
        SnapshotMode::Update,
        SnapshotMode::Check,
        SnapshotMode::Overwrite,
    ] {
        let error = check_catalog(&Api::catalog(), &path, mode).unwrap_err();
        assert_eq!(
            error.to_string(),
            "error codes must be unique across the API, but some are declared more than once:\n  \
             NOT_FOUND is declared by\n    \
             Api::Links → Links::NotFound\n    \
             Api::Recordings → Recordings::Missing\n\
             give each declaration its own `code = \"...\"`"
        );
    }
    assert!(!path.exists());
}

#[test]
#[should_panic(expected = "NOT_FOUND is declared by\n    Api::Links → Links::NotFound\n")]
fn assert_catalog_stable_panics_with_the_report() {
    http_api_error::assert_catalog_stable::<Api>(snapshot_path("assert"));
}

#[test]
fn a_file_that_is_not_a_snapshot_is_reported() {
    let path = snapshot_path("invalid");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    for (text, why) in [
        ("{}", "expected a JSON array of catalog entries"),
        ("[{\"code\": \"A\"}]", "entry 0 has no valid `status`"),
        ("[", "EOF while parsing a list at line 1 column 1"),
    ] {
        std::fs::write(&path, text).unwrap();
        let error = check_catalog(&V1::catalog(), &path, SnapshotMode::Update).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "{} is not an error catalog snapshot: {why}; delete it or rerun with HTTP_API_ERROR_SNAPSHOT=overwrite",
                path.display()
            )
        );
    }
    check_catalog(&V1::catalog(), &path, SnapshotMode::Overwrite).unwrap();
    assert_eq!(read(&path), V1::catalog().to_json() + "\n");
}

/// The committed snapshot of the Userplane API: every code of the reference page.
#[test]
fn the_userplane_catalog_is_stable() {
    http_api_error::assert_catalog_stable::<userplane::UserplaneError>(
        "tests/fixtures/userplane-errors.json",
    );
    assert_eq!(
        std::fs::read_to_string("tests/fixtures/userplane-errors.json").unwrap(),
        userplane::UserplaneError::catalog().to_json() + "\n"
    );
}

/// A snapshot written before the catalog carried the gRPC code: no change of meaning,
/// so it passes; a local run (`Update`) brings it up to date, CI (`Check`) leaves it.
#[test]
fn a_snapshot_without_the_newer_members_is_brought_up_to_date() {
    let path = snapshot_path("older");
    let mut older: serde_json::Value = serde_json::from_str(&V1::catalog().to_json()).unwrap();
    for entry in older.as_array_mut().unwrap() {
        entry.as_object_mut().unwrap().remove("grpc");
    }
    let older = serde_json::to_string_pretty(&older).unwrap() + "\n";
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, &older).unwrap();
    let report = check_catalog(&V1::catalog(), &path, SnapshotMode::Check).unwrap();
    assert_eq!(
        (report.changes.as_slice(), report.written),
        (&[][..], false)
    );
    assert_eq!(read(&path), older);
    let report = check_catalog(&V1::catalog(), &path, SnapshotMode::Update).unwrap();
    assert_eq!((report.changes.as_slice(), report.written), (&[][..], true));
    assert_eq!(read(&path), V1::catalog().to_json() + "\n");
}
