use std::fmt::Write as _;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// One error code an API can return, as listed by [`ApiError::catalog`].
///
/// [`ApiError::catalog`]: crate::ApiError::catalog
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CatalogEntry {
    /// The stable code, such as `LINK_GONE`.
    pub code: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The title, constant for the code.
    pub title: &'static str,
    /// The public message as written in the source, placeholders included
    /// (`Link {id} has been deleted`).
    pub message: &'static str,
    /// Whether a client may retry.
    pub retryable: bool,
    /// The docs URL, if any.
    pub docs_url: Option<&'static str>,
    /// The section the code is listed under (`#[api(category = "...")]`), if any.
    pub category: Option<&'static str>,
    /// The declaration that produces the code: `LinkError::Gone`, or the type name for
    /// a struct.
    pub variant: &'static str,
    /// Whether a client can rebuild the variant from the response (`FromRemote`, feature
    /// `client`): every field of the variant is sent (exposed, `#[api(errors)]` or
    /// `#[api(retry_after)]`) and owns its data. A variant holding a source error or an
    /// unexposed field is not: the client gets a `RemoteError` for its code instead.
    pub rebuildable: bool,
    /// Whether the variant can send `Retry-After` (it has an `#[api(retry_after)]`
    /// field): the OpenAPI document lists the header on exactly those responses.
    pub retry_after: bool,
    /// The gRPC status code (`#[api(grpc = "...")]`, else the HTTP status's).
    pub grpc: crate::GrpcCode,
    /// Example values of the variant's fields (`#[api(example(id = "lnk_1"))]`), which
    /// the OpenAPI examples put in the message and the exposed fields, so that each
    /// example is the body the server would send. Empty when none are given.
    pub example: &'static [ExampleField],
}

/// An example value of one field (`#[api(example(id = "lnk_1"))]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExampleField {
    /// The field's name.
    pub name: &'static str,
    /// Its example value.
    pub value: ExampleValue,
    /// Whether the field is exposed (`#[api(expose)]`): the example value goes into
    /// the body's exposed fields too.
    pub exposed: bool,
}

/// The literal of an [`ExampleField`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExampleValue {
    /// A string.
    Str(&'static str),
    /// A number, as its decimal text (`42`, `2.5`).
    Number(&'static str),
    /// A boolean.
    Bool(bool),
}

impl ExampleValue {
    /// The value as JSON.
    #[must_use]
    pub fn to_json(self) -> serde_json::Value {
        match self {
            ExampleValue::Str(text) => text.into(),
            ExampleValue::Number(text) => {
                serde_json::from_str(text).unwrap_or_else(|_| text.into())
            }
            ExampleValue::Bool(value) => value.into(),
        }
    }
}

impl Serialize for CatalogEntry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", self.code)?;
        map.serialize_entry("status", &self.status)?;
        map.serialize_entry("title", self.title)?;
        map.serialize_entry("message", self.message)?;
        map.serialize_entry("retryable", &self.retryable)?;
        if let Some(docs) = self.docs_url {
            map.serialize_entry("docs", docs)?;
        }
        if let Some(category) = self.category {
            map.serialize_entry("category", category)?;
        }
        map.serialize_entry("rebuildable", &self.rebuildable)?;
        map.serialize_entry("grpc", self.grpc.name())?;
        map.end()
    }
}

/// Every error code a type can produce, in declaration order: living documentation for
/// API docs and snapshot tests.
///
/// Entries of nested types (transparent variants) remember the variants they were
/// reached through, so [`path`](Catalog::path) names each entry's place in the tree and
/// [`duplicates`](Catalog::duplicates) can say where a code is declared twice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    entries: Vec<CatalogEntry>,
    /// Per entry: the transparent variants it was reached through, outermost first.
    via: Vec<Vec<&'static str>>,
}

/// A code declared more than once in one catalog, with where each declaration is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateCode {
    /// The code.
    pub code: &'static str,
    /// The [`path`](Catalog::path) of every entry with the code, in catalog order.
    pub paths: Vec<String>,
}

impl Catalog {
    /// An empty catalog.
    #[must_use]
    pub const fn new() -> Self {
        Catalog {
            entries: Vec::new(),
            via: Vec::new(),
        }
    }

    /// The entries in declaration order.
    #[must_use]
    pub fn entries(&self) -> &[CatalogEntry] {
        &self.entries
    }

    /// The entry for `code`, if listed.
    #[must_use]
    pub fn get(&self, code: &str) -> Option<&CatalogEntry> {
        self.entries.iter().find(|entry| entry.code == code)
    }

    /// The number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// `true` when there are no entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Appends entries.
    pub fn extend_from_slice(&mut self, entries: &[CatalogEntry]) {
        self.entries.extend_from_slice(entries);
        self.via.resize_with(self.entries.len(), Vec::new);
    }

    /// Appends the entries of another catalog (a nested error type's).
    pub fn append(&mut self, mut other: Catalog) {
        self.entries.append(&mut other.entries);
        self.via.append(&mut other.via);
    }

    /// Appends the catalog of a nested error type reached through the transparent
    /// variant `via` (`AppError::Link`); its entries' [paths](Catalog::path) start there.
    pub fn nest(&mut self, via: &'static str, mut other: Catalog) {
        for path in &mut other.via {
            path.insert(0, via);
        }
        self.append(other);
    }

    /// Marks every entry as one a client cannot rebuild.
    pub(crate) fn mark_unrebuildable(&mut self) {
        for entry in &mut self.entries {
            entry.rebuildable = false;
        }
    }

    /// Gives every entry without a docs URL the one `docs` makes for its code.
    pub(crate) fn fill_docs(&mut self, docs: impl Fn(&'static str) -> &'static str) {
        for entry in &mut self.entries {
            if entry.docs_url.is_none() {
                entry.docs_url = Some(docs(entry.code));
            }
        }
    }

    /// Where the entry at `index` is declared, through the transparent variants that
    /// lead to it: `AppError::Link → LinkError::Gone`. `None` past the end.
    #[must_use]
    pub fn path(&self, index: usize) -> Option<String> {
        let entry = self.entries.get(index)?;
        let mut path = String::new();
        for step in self.via.get(index).into_iter().flatten() {
            path.push_str(step);
            path.push_str(" → ");
        }
        path.push_str(entry.variant);
        Some(path)
    }

    /// The codes declared more than once, in order of first appearance, each with the
    /// paths of all its declarations. Clients match on codes, so an API's codes must be
    /// unique across its whole tree of nested error types.
    #[must_use]
    pub fn duplicates(&self) -> Vec<DuplicateCode> {
        let mut duplicates: Vec<DuplicateCode> = Vec::new();
        for (index, entry) in self.entries.iter().enumerate() {
            if duplicates
                .iter()
                .any(|duplicate| duplicate.code == entry.code)
            {
                continue;
            }
            let paths: Vec<String> = (index..self.entries.len())
                .filter(|&other| {
                    self.entries
                        .get(other)
                        .is_some_and(|e| e.code == entry.code)
                })
                .filter_map(|other| self.path(other))
                .collect();
            if paths.len() > 1 {
                duplicates.push(DuplicateCode {
                    code: entry.code,
                    paths,
                });
            }
        }
        duplicates
    }

    /// The catalog as Markdown tables with the columns `Error code | Status | Message`,
    /// aligned like a hand-written docs page. Entries with a category are grouped under
    /// a `## Category` heading per category, in order of first appearance.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        self.markdown(false)
    }

    /// [`to_markdown`](Catalog::to_markdown) with a `gRPC` column: each code's gRPC
    /// status code, for an API that also speaks gRPC.
    #[must_use]
    pub fn to_markdown_with_grpc(&self) -> String {
        self.markdown(true)
    }

    fn markdown(&self, grpc: bool) -> String {
        let mut sections: Vec<(Option<&str>, Vec<&CatalogEntry>)> = Vec::new();
        for entry in &self.entries {
            match sections
                .iter_mut()
                .find(|(category, _)| *category == entry.category)
            {
                Some((_, entries)) => entries.push(entry),
                None => sections.push((entry.category, vec![entry])),
            }
        }
        let mut out = String::new();
        for (category, entries) in sections {
            if !out.is_empty() {
                out.push('\n');
            }
            if let Some(category) = category {
                let _ = write!(out, "## {category}\n\n");
            }
            markdown_table(&mut out, &entries, grpc);
        }
        out
    }

    /// The resource translators start from, in Project Fluent's syntax (see the `i18n`
    /// feature): every code once, its declared message as the value and its title as
    /// the `title` attribute, with the variant and status in a comment. Placeholders
    /// become Fluent variables (`{id}` is `{ $id }`; a tuple field's `{0}` is
    /// `{ $field0 }`, as Fluent names start with a letter) and literal braces are
    /// quoted.
    ///
    /// ```
    /// use http_api_error_core::{Catalog, CatalogEntry};
    ///
    /// let mut catalog = Catalog::new();
    /// catalog.extend_from_slice(&[CatalogEntry {
    ///     code: "LINK_GONE",
    ///     status: 410,
    ///     title: "Link Gone",
    ///     message: "Link {id} has been deleted",
    ///     retryable: false,
    ///     docs_url: None,
    ///     category: None,
    ///     variant: "LinkError::Gone",
    ///     rebuildable: false,
    ///     retry_after: false,
    ///     grpc: http_api_error_core::GrpcCode::NotFound,
    ///     example: &[],
    /// }]);
    /// assert_eq!(
    ///     catalog.translation_template(),
    ///     "# LinkError::Gone (410)\nLINK_GONE = Link { $id } has been deleted\n    .title = Link Gone\n"
    /// );
    /// ```
    #[must_use]
    pub fn translation_template(&self) -> String {
        let mut out = String::new();
        let mut seen = std::collections::BTreeSet::new();
        for entry in &self.entries {
            if !seen.insert(entry.code) {
                continue;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            let _ = writeln!(out, "# {} ({})", entry.variant, entry.status);
            let _ = writeln!(
                out,
                "{} = {}",
                entry.code,
                fluent_pattern(entry.message, true)
            );
            let _ = writeln!(out, "    .title = {}", fluent_pattern(entry.title, false));
        }
        out
    }

    /// The entries whose codes are in `codes`, each code once, in this catalog's order
    /// (what a handler's [`error_set!`](crate::error_set) documents).
    #[must_use]
    pub fn only(&self, codes: &[&str]) -> Catalog {
        let mut catalog = Catalog::new();
        for (entry, via) in self.entries.iter().zip(&self.via) {
            if codes.contains(&entry.code) && catalog.get(entry.code).is_none() {
                catalog.entries.push(*entry);
                catalog.via.push(via.clone());
            }
        }
        catalog
    }

    /// The catalog as a pretty-printed JSON array of
    /// `{code, status, title, message, retryable, docs?, category?}`.
    #[must_use]
    pub fn to_json(&self) -> String {
        // Entries hold only strings, integers and booleans, which always serialize.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl<'a> IntoIterator for &'a Catalog {
    type Item = &'a CatalogEntry;
    type IntoIter = core::slice::Iter<'a, CatalogEntry>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl Serialize for Catalog {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.entries.len()))?;
        for entry in &self.entries {
            seq.serialize_element(entry)?;
        }
        seq.end()
    }
}

fn markdown_table(out: &mut String, entries: &[&CatalogEntry], grpc: bool) {
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|entry| {
            let mut row = vec![format!("`{}`", entry.code), entry.status.to_string()];
            if grpc {
                row.push(format!("`{}`", entry.grpc.name()));
            }
            row.push(escape_markdown(entry.message));
            row
        })
        .collect();
    let mut header = vec!["Error code", "Status"];
    if grpc {
        header.push("gRPC");
    }
    header.push("Message");
    let mut widths: Vec<usize> = header.iter().map(|cell| cell.len()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |out: &mut String, cells: &[&str]| {
        out.push('|');
        for (cell, width) in cells.iter().zip(&widths) {
            let _ = write!(out, " {cell:<width$} |");
        }
        out.push('\n');
    };
    line(out, &header);
    let rules: Vec<String> = widths.iter().map(|width| "-".repeat(*width)).collect();
    line(out, &rules.iter().map(String::as_str).collect::<Vec<_>>());
    for row in &rows {
        line(out, &row.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

/// Escapes what Markdown would otherwise read as a table cell end or an HTML tag.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '<' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// The Fluent variable a message placeholder is passed as: its name, or `fieldN` for
/// a tuple field's `N` (Fluent names start with a letter).
pub(crate) fn fluent_variable(name: &str) -> std::borrow::Cow<'_, str> {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("field{name}").into()
    } else {
        name.into()
    }
}

/// `text` as a Fluent pattern: with `placeholders`, `{name}` and `{name:spec}` become
/// `{ $name }`; every other brace, and a first character Fluent would read as syntax
/// (`[`, `*`, `.`), is quoted as a string literal.
fn fluent_pattern(text: &str, placeholders: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    if let Some(first) = rest.chars().next().filter(|c| matches!(c, '[' | '*' | '.')) {
        let _ = write!(out, "{{\"{first}\"}}");
        rest = rest.get(first.len_utf8()..).unwrap_or_default();
    }
    while let Some(start) = rest.find(['{', '}']) {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        if let Some(after) = from.strip_prefix("{{") {
            out.push_str("{\"{\"}");
            rest = after;
        } else if let Some(after) = from.strip_prefix("}}") {
            out.push_str("{\"}\"}");
            rest = after;
        } else if let (true, Some((inside, after))) = (
            placeholders && from.starts_with('{'),
            from.get(1..).and_then(|from| from.split_once('}')),
        ) {
            let name = inside.split(':').next().unwrap_or_default().trim();
            let _ = write!(out, "{{ ${} }}", fluent_variable(name));
            rest = after;
        } else {
            let brace = if from.starts_with('{') { "{" } else { "}" };
            let _ = write!(out, "{{\"{brace}\"}}");
            rest = from.get(1..).unwrap_or_default();
        }
    }
    out.push_str(rest);
    out
}

/// The docs URL of `code` under an outer type's `docs` template: `{code}` replaced.
/// Made once per template and code and kept for the life of the process (both come
/// from `static` strings, so the set is bounded by the catalog), since `docs_url`
/// answers `&'static str`.
pub fn nested_docs(template: &'static str, code: &'static str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock, PoisonError};
    static MADE: OnceLock<Mutex<HashMap<(&'static str, &'static str), &'static str>>> =
        OnceLock::new();
    if !template.contains("{code}") {
        return template;
    }
    let mut made = MADE
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    made.entry((template, code))
        .or_insert_with(|| Box::leak(template.replace("{code}", code).into_boxed_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fluent_patterns() {
        let pattern = |text| fluent_pattern(text, true);
        assert_eq!(
            pattern("Link {id} has been deleted"),
            "Link { $id } has been deleted"
        );
        assert_eq!(pattern("{id:?} at {0}"), "{ $id } at { $field0 }");
        assert_eq!(pattern("{{literal}}"), r#"{"{"}literal{"}"}"#);
        assert_eq!(pattern("a } b { c"), r#"a {"}"} b {"{"} c"#);
        assert_eq!(pattern("*starred [x] .dot"), r#"{"*"}starred [x] .dot"#);
        assert_eq!(fluent_pattern("Title {x}", false), r#"Title {"{"}x{"}"}"#);
        assert_eq!(pattern(""), "");
    }

    const fn entry(code: &'static str, status: u16, message: &'static str) -> CatalogEntry {
        CatalogEntry {
            code,
            status,
            title: "",
            message,
            retryable: false,
            docs_url: None,
            category: None,
            variant: "Test::Variant",
            rebuildable: true,
            retry_after: false,
            grpc: crate::GrpcCode::for_status(status),
            example: &[],
        }
    }

    #[test]
    fn markdown_is_an_aligned_table() {
        let mut catalog = Catalog::new();
        catalog.extend_from_slice(&[
            entry(
                "API_KEY_REQUIRED",
                401,
                "Include it as Authorization: Bearer <your-api-key>.",
            ),
            entry("PIPE", 400, "a | b"),
        ]);
        assert_eq!(
            catalog.to_markdown(),
            "| Error code         | Status | Message                                              |\n\
             | ------------------ | ------ | ---------------------------------------------------- |\n\
             | `API_KEY_REQUIRED` | 401    | Include it as Authorization: Bearer \\<your-api-key>. |\n\
             | `PIPE`             | 400    | a \\| b                                               |\n"
        );
    }
}
