//! A snapshot test of an API's error catalog: codes clients depend on cannot disappear
//! or change meaning unnoticed.
//!
//! One test per API is enough:
//!
//! ```no_run
//! # use http_api_error_core as http_api_error;
//! # #[derive(Debug)] struct AppError;
//! # impl http_api_error::ApiError for AppError {
//! #     fn status(&self) -> http_api_error::StatusCode { http_api_error::StatusCode::NOT_FOUND }
//! #     fn code(&self) -> &'static str { "NOT_FOUND" }
//! # }
//! #[test]
//! fn error_codes_are_stable() {
//!     http_api_error::assert_catalog_stable::<AppError>("tests/errors.json");
//! }
//! ```
//!
//! The first run writes the file (the type's [`Catalog::to_json`]); commit it. Later runs
//! compare the catalog with it:
//!
//! - **Breaking** (the test fails, listing every one): a code removed, or a code's
//!   status, title, retry behaviour or gRPC code changed, or a code a client could rebuild into
//!   the server's variant no longer can be ([`CatalogEntry::rebuildable`]). Clients
//!   branch on all of these.
//! - **Compatible** (the test passes and the file is updated): codes added, messages,
//!   docs URLs and categories changed, a code that becomes rebuildable.
//! - A code declared twice anywhere in the tree of nested (transparent) types always
//!   fails, naming both declarations.
//!
//! When a breaking change is intended, rerun with `HTTP_API_ERROR_SNAPSHOT=overwrite` to
//! rewrite the file. Under CI (the `CI` variable set to anything but empty, `false` or
//! `0`, as every CI service sets it) the file is never written unless
//! `HTTP_API_ERROR_SNAPSHOT=overwrite` asks for it: a missing snapshot fails, and
//! compatible changes are only reported. See [`SnapshotMode::from_env`].
//! A relative path is resolved from the working directory, which `cargo test` sets to
//! the package's root.

use core::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{ApiError, Catalog, CatalogEntry, DuplicateCode};

/// The variable that selects [`SnapshotMode::Overwrite`] when set to `overwrite`.
pub const SNAPSHOT_ENV: &str = "HTTP_API_ERROR_SNAPSHOT";

/// Whether the snapshot file may be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnapshotMode {
    /// Write a missing snapshot and record compatible changes; fail on breaking ones.
    /// The default on a developer's machine.
    Update,
    /// Never write: a missing snapshot and breaking changes fail, compatible changes
    /// pass unrecorded. The default under CI.
    Check,
    /// Rewrite the snapshot with the current catalog, whatever changed (duplicate codes
    /// still fail).
    Overwrite,
}

impl SnapshotMode {
    /// The mode the environment asks for: [`Overwrite`](SnapshotMode::Overwrite) when
    /// `HTTP_API_ERROR_SNAPSHOT=overwrite`, else [`Check`](SnapshotMode::Check) when `CI` is
    /// set to anything but `false` or `0`, else [`Update`](SnapshotMode::Update).
    #[must_use]
    pub fn from_env() -> Self {
        let var = |name| std::env::var(name).unwrap_or_default();
        Self::from_vars(&var(SNAPSHOT_ENV), &var("CI"))
    }

    /// The mode for the values of `HTTP_API_ERROR_SNAPSHOT` and `CI` (empty when unset).
    fn from_vars(snapshot: &str, ci: &str) -> Self {
        if snapshot.eq_ignore_ascii_case("overwrite") {
            return SnapshotMode::Overwrite;
        }
        match ci {
            "" | "0" | "false" => SnapshotMode::Update,
            _ => SnapshotMode::Check,
        }
    }
}

/// One difference between the snapshot and the current catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogChange {
    /// A code in the snapshot is no longer produced. Breaking.
    Removed {
        /// The code.
        code: String,
        /// Its status in the snapshot.
        status: u16,
    },
    /// A code's status changed. Breaking.
    Status {
        /// The code.
        code: String,
        /// The status in the snapshot.
        was: u16,
        /// The status now.
        now: u16,
    },
    /// A code's title changed. Breaking.
    Title {
        /// The code.
        code: String,
        /// The title in the snapshot.
        was: String,
        /// The title now.
        now: String,
    },
    /// Whether a code may be retried changed. Breaking.
    Retryable {
        /// The code.
        code: String,
        /// The value in the snapshot.
        was: bool,
        /// The value now.
        now: bool,
    },
    /// Whether a client can rebuild the code's variant changed
    /// ([`CatalogEntry::rebuildable`]). Breaking when it no longer can: a client that
    /// matched the typed variant gets `None` instead.
    Rebuildable {
        /// The code.
        code: String,
        /// The value in the snapshot.
        was: bool,
        /// The value now.
        now: bool,
    },
    /// A code's gRPC status code changed. Breaking: gRPC clients branch on it.
    Grpc {
        /// The code.
        code: String,
        /// The gRPC code in the snapshot (`NOT_FOUND`).
        was: String,
        /// The gRPC code now.
        now: String,
    },
    /// A new code. Compatible.
    Added {
        /// The code.
        code: String,
        /// Its status.
        status: u16,
    },
    /// A code's message, docs URL or category changed. Compatible.
    Described {
        /// The code.
        code: String,
        /// `message`, `docs` or `category`.
        member: &'static str,
        /// The value in the snapshot (`null` when absent).
        was: String,
        /// The value now (`null` when absent).
        now: String,
    },
}

impl CatalogChange {
    /// Whether clients written against the snapshot can break.
    #[must_use]
    pub fn is_breaking(&self) -> bool {
        match self {
            CatalogChange::Added { .. } | CatalogChange::Described { .. } => false,
            CatalogChange::Rebuildable { was, now, .. } => *was && !*now,
            _ => true,
        }
    }
}

impl fmt::Display for CatalogChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogChange::Removed { code, status } => {
                write!(f, "- {code} ({status}) was removed")
            }
            CatalogChange::Status { code, was, now } => {
                write!(f, "~ {code}: status {was} -> {now}")
            }
            CatalogChange::Title { code, was, now } => {
                write!(f, "~ {code}: title {was:?} -> {now:?}")
            }
            CatalogChange::Retryable { code, was, now } => {
                write!(f, "~ {code}: retryable {was} -> {now}")
            }
            CatalogChange::Rebuildable { code, was, now } => {
                write!(f, "~ {code}: rebuildable {was} -> {now}")
            }
            CatalogChange::Grpc { code, was, now } => {
                write!(f, "~ {code}: gRPC code {was} -> {now}")
            }
            CatalogChange::Added { code, status } => write!(f, "+ {code} ({status}) was added"),
            CatalogChange::Described {
                code,
                member,
                was,
                now,
            } => write!(f, "~ {code}: {member} {was} -> {now}"),
        }
    }
}

/// What a passing check found and did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotReport {
    /// Every change found (empty when the catalog equals the snapshot): compatible
    /// ones, and in [`Overwrite`](SnapshotMode::Overwrite) mode the breaking ones it
    /// accepted, listed first.
    pub changes: Vec<CatalogChange>,
    /// Whether the file was written.
    pub written: bool,
}

impl SnapshotReport {
    /// What a passing test prints about the snapshot at `path`: accepted breaking
    /// changes and compatible changes under headings of their own, each saying whether
    /// the file now records them; empty when nothing changed.
    #[must_use]
    pub fn summary(&self, path: &Path) -> String {
        use fmt::Write as _;
        let mut out = String::new();
        let verb = if self.written {
            "recorded in"
        } else {
            "not recorded in"
        };
        let (breaking, compatible): (Vec<_>, Vec<_>) =
            self.changes.iter().partition(|change| change.is_breaking());
        if !breaking.is_empty() {
            let _ = writeln!(
                out,
                "breaking error catalog changes accepted ({SNAPSHOT_ENV}=overwrite) and {verb} {}:",
                path.display()
            );
            for change in breaking {
                let _ = writeln!(out, "  {change}");
            }
        }
        if !compatible.is_empty() {
            let _ = writeln!(
                out,
                "compatible error catalog changes {verb} {}:",
                path.display()
            );
            for change in compatible {
                let _ = writeln!(out, "  {change}");
            }
        }
        out
    }
}

/// Why a check failed. Its `Display` is the report a failing test prints.
#[derive(Debug)]
pub enum SnapshotError {
    /// Codes declared more than once in the catalog.
    Duplicates(Vec<DuplicateCode>),
    /// Breaking changes (listed first in `changes`), with any compatible ones after.
    Breaking {
        /// The snapshot file.
        path: PathBuf,
        /// Every difference.
        changes: Vec<CatalogChange>,
    },
    /// No snapshot file, and the mode does not allow writing one.
    Missing(PathBuf),
    /// The snapshot file could not be read or written.
    Io(PathBuf, std::io::Error),
    /// The snapshot file is not a catalog as [`Catalog::to_json`] writes it.
    Invalid(PathBuf, String),
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::Duplicates(duplicates) => {
                f.write_str("error codes must be unique across the API, but some are declared more than once:\n")?;
                for duplicate in duplicates {
                    writeln!(f, "  {} is declared by", duplicate.code)?;
                    for path in &duplicate.paths {
                        writeln!(f, "    {path}")?;
                    }
                }
                f.write_str("give each declaration its own `code = \"...\"`")
            }
            SnapshotError::Breaking { path, changes } => {
                writeln!(
                    f,
                    "the error catalog changed incompatibly with {}:",
                    path.display()
                )?;
                for change in changes.iter().filter(|change| change.is_breaking()) {
                    writeln!(f, "  {change}")?;
                }
                if changes.iter().any(|change| !change.is_breaking()) {
                    f.write_str("compatible changes:\n")?;
                    for change in changes.iter().filter(|change| !change.is_breaking()) {
                        writeln!(f, "  {change}")?;
                    }
                }
                write!(
                    f,
                    "clients match on codes and rely on their status, title and retry behaviour; \
                     if the change is intended, rerun with {SNAPSHOT_ENV}=overwrite to rewrite {}",
                    path.display()
                )
            }
            SnapshotError::Missing(path) => write!(
                f,
                "no error catalog snapshot at {}: run the tests once outside CI to write it, then commit it",
                path.display()
            ),
            SnapshotError::Io(path, error) => write!(f, "{}: {error}", path.display()),
            SnapshotError::Invalid(path, why) => write!(
                f,
                "{} is not an error catalog snapshot: {why}; delete it or rerun with {SNAPSHOT_ENV}=overwrite",
                path.display()
            ),
        }
    }
}

impl std::error::Error for SnapshotError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SnapshotError::Io(_, error) => Some(error),
            _ => None,
        }
    }
}

/// Fails the calling test when `E`'s error catalog breaks the snapshot at `path` or
/// declares a code twice; writes or updates the snapshot as the module docs describe
/// (mode from [`SnapshotMode::from_env`]).
///
/// # Panics
///
/// With the report of [`SnapshotError`], when the check fails.
#[track_caller]
pub fn assert_catalog_stable<E: ApiError>(path: impl AsRef<Path>) {
    let path = path.as_ref();
    match check_catalog(&E::catalog(), path, SnapshotMode::from_env()) {
        Ok(report) => eprint!("{}", report.summary(path)),
        #[allow(clippy::panic)]
        Err(error) => panic!("{error}"),
    }
}

/// Compares `catalog` with the snapshot at `path` and writes it as `mode` allows: the
/// check behind [`assert_catalog_stable`], returning what it found instead of panicking.
///
/// # Errors
///
/// When `catalog` declares a code twice, breaks the snapshot, or the file is missing
/// (in [`Check`](SnapshotMode::Check) mode), unreadable or not a snapshot.
pub fn check_catalog(
    catalog: &Catalog,
    path: &Path,
    mode: SnapshotMode,
) -> Result<SnapshotReport, SnapshotError> {
    let duplicates = catalog.duplicates();
    if !duplicates.is_empty() {
        return Err(SnapshotError::Duplicates(duplicates));
    }
    let write = || {
        let mut json = catalog.to_json();
        json.push('\n');
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent)
                .map_err(|error| SnapshotError::Io(parent.to_owned(), error))?;
        }
        std::fs::write(path, json).map_err(|error| SnapshotError::Io(path.to_owned(), error))
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            if mode == SnapshotMode::Check {
                return Err(SnapshotError::Missing(path.to_owned()));
            }
            write()?;
            return Ok(SnapshotReport {
                changes: Vec::new(),
                written: true,
            });
        }
        Err(error) => return Err(SnapshotError::Io(path.to_owned(), error)),
    };
    let changes = match parse(&text) {
        Ok(snapshot) => diff(&snapshot, catalog),
        Err(_) if mode == SnapshotMode::Overwrite => Vec::new(),
        Err(why) => return Err(SnapshotError::Invalid(path.to_owned(), why)),
    };
    let mut changes = changes;
    changes.sort_by_key(|change| !change.is_breaking());
    let breaking = changes.iter().any(CatalogChange::is_breaking);
    if breaking && mode != SnapshotMode::Overwrite {
        return Err(SnapshotError::Breaking {
            path: path.to_owned(),
            changes,
        });
    }
    let written = match mode {
        SnapshotMode::Overwrite => true,
        // Also a snapshot that lacks what the catalog now says of each code (a member
        // added by a newer version of this crate).
        SnapshotMode::Update => !changes.is_empty() || text != catalog.to_json() + "\n",
        SnapshotMode::Check => false,
    };
    if written {
        write()?;
    }
    Ok(SnapshotReport { changes, written })
}

/// One entry of a snapshot file.
struct Recorded {
    code: String,
    status: u16,
    title: String,
    message: String,
    retryable: bool,
    docs: Option<String>,
    category: Option<String>,
    /// Absent from snapshots written before the catalog said it.
    rebuildable: Option<bool>,
    /// Likewise.
    grpc: Option<String>,
}

fn parse(text: &str) -> Result<Vec<Recorded>, String> {
    let value: Value = serde_json::from_str(text).map_err(|error| error.to_string())?;
    let Value::Array(items) = value else {
        return Err("expected a JSON array of catalog entries".to_owned());
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let string = |key: &str| item.get(key).and_then(Value::as_str).map(str::to_owned);
            let missing = |key: &str| format!("entry {index} has no valid `{key}`");
            Ok(Recorded {
                code: string("code").ok_or_else(|| missing("code"))?,
                status: item
                    .get("status")
                    .and_then(Value::as_u64)
                    .and_then(|status| u16::try_from(status).ok())
                    .ok_or_else(|| missing("status"))?,
                title: string("title").ok_or_else(|| missing("title"))?,
                message: string("message").ok_or_else(|| missing("message"))?,
                retryable: item
                    .get("retryable")
                    .and_then(Value::as_bool)
                    .ok_or_else(|| missing("retryable"))?,
                docs: string("docs"),
                category: string("category"),
                rebuildable: item.get("rebuildable").and_then(Value::as_bool),
                grpc: string("grpc"),
            })
        })
        .collect()
}

/// The changes from `snapshot` to `catalog`: per snapshot entry in its order, then
/// the additions in catalog order.
fn diff(snapshot: &[Recorded], catalog: &Catalog) -> Vec<CatalogChange> {
    let mut changes = Vec::new();
    for old in snapshot {
        let Some(new) = catalog.get(&old.code) else {
            changes.push(CatalogChange::Removed {
                code: old.code.clone(),
                status: old.status,
            });
            continue;
        };
        let code = || old.code.clone();
        if old.status != new.status {
            changes.push(CatalogChange::Status {
                code: code(),
                was: old.status,
                now: new.status,
            });
        }
        if old.title != new.title {
            changes.push(CatalogChange::Title {
                code: code(),
                was: old.title.clone(),
                now: new.title.to_owned(),
            });
        }
        if old.retryable != new.retryable {
            changes.push(CatalogChange::Retryable {
                code: code(),
                was: old.retryable,
                now: new.retryable,
            });
        }
        if let Some(was) = old.grpc.as_ref().filter(|was| *was != new.grpc.name()) {
            changes.push(CatalogChange::Grpc {
                code: code(),
                was: was.clone(),
                now: new.grpc.name().to_owned(),
            });
        }
        if let Some(was) = old.rebuildable.filter(|was| *was != new.rebuildable) {
            changes.push(CatalogChange::Rebuildable {
                code: code(),
                was,
                now: new.rebuildable,
            });
        }
        described(&mut changes, old, new);
    }
    for new in catalog {
        if !snapshot.iter().any(|old| old.code == new.code) {
            changes.push(CatalogChange::Added {
                code: new.code.to_owned(),
                status: new.status,
            });
        }
    }
    changes
}

fn described(changes: &mut Vec<CatalogChange>, old: &Recorded, new: &CatalogEntry) {
    let quoted = |value: Option<&str>| match value {
        Some(value) => format!("{value:?}"),
        None => "null".to_owned(),
    };
    let members = [
        ("message", Some(old.message.as_str()), Some(new.message)),
        ("docs", old.docs.as_deref(), new.docs_url),
        ("category", old.category.as_deref(), new.category),
    ];
    for (member, was, now) in members {
        if was != now {
            changes.push(CatalogChange::Described {
                code: old.code.clone(),
                member,
                was: quoted(was),
                now: quoted(now),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SnapshotMode;

    #[test]
    fn the_mode_follows_the_environment() {
        let cases = [
            ("", "", SnapshotMode::Update),
            ("", "0", SnapshotMode::Update),
            ("", "false", SnapshotMode::Update),
            ("", "true", SnapshotMode::Check),
            ("", "1", SnapshotMode::Check),
            ("overwrite", "true", SnapshotMode::Overwrite),
            ("OVERWRITE", "", SnapshotMode::Overwrite),
            ("yes", "", SnapshotMode::Update),
        ];
        for (snapshot, ci, mode) in cases {
            assert_eq!(
                SnapshotMode::from_vars(snapshot, ci),
                mode,
                "{snapshot:?} {ci:?}"
            );
        }
    }
}
