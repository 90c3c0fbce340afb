//! The input read from `syn::DeriveInput`, and the IR the other phases query.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::discouraged::Speculative;
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{
    Attribute, Data, DeriveInput, Expr, ExprLit, Generics, Ident, Lit, LitBool, LitStr,
    MacroDelimiter, Member, Meta, MetaList, MetaNameValue, Path, PathSegment, Token, Type, token,
};

use crate::errors::Errors;

/// Every `#[api(...)]` key. One reader serves the type, its variants and its fields so
/// that a key in the wrong place is reported by `valid.rs` with a message saying where
/// it belongs, instead of as an unknown key.
///
/// A key that cannot be read is recorded in `problems` and reading goes on, so that
/// `valid.rs` still runs and one compile shows every mistake of the input (serde's
/// `Ctxt`), with messages in rustc's style that name the fix.
#[derive(Default)]
pub struct Keys {
    // #[api(code = "LINK_GONE")]
    pub code: Option<LitStr>,
    // #[api(status = 410)] or #[api(status = GONE)]
    pub status: Option<StatusExpr>,
    // #[api(message = "Link {id} has been deleted")]
    pub message: Option<LitStr>,
    // #[api(retry = false)], or #[api(retry)] for `true`
    pub retry: Option<LitBool>,
    // #[api(title = "Link Gone")]
    pub title: Option<LitStr>,
    // #[api(docs = "https://docs.example.com/errors#{code}")]
    pub docs: Option<LitStr>,
    // #[api(transparent)], or #[api(transparent = classify)] through a function
    pub transparent: Flag,
    pub transparent_via: Option<Path>,
    // #[api(expose_display)]: thiserror's `Display` is the public message
    pub expose_display: Flag,
    // #[api(format = "problem")]
    pub format: Option<LitStr>,
    // #[api(format = UnkeyFormat)]: a `Format` of the user's own
    pub format_path: Option<Path>,
    // #[api(alternatives = [HtmlPage])]: formats offered for content negotiation
    pub alternatives: Option<Vec<Path>>,
    // #[api(crate = "my_reexport::http_api_error")]
    pub krate: Option<LitStr>,
    // #[api(www_authenticate = "Bearer realm=\"api\"")]
    pub www_authenticate: Option<LitStr>,
    // #[api(category = "Authentication errors")]
    pub category: Option<LitStr>,
    // #[api(log = "warn")]
    pub log: Option<LitStr>,
    // #[api(grpc = "ALREADY_EXISTS")]
    pub grpc: Option<LitStr>,
    // #[api(domain = "links.example.com")]
    pub domain: Option<LitStr>,
    // #[api(example(id = "lnk_1", attempts = 3))]
    pub example: Option<Vec<(Ident, Lit)>>,
    // #[api(std_impls = false)]: `Display`, `Error` and `From` are written elsewhere
    pub std_impls: Option<LitBool>,
    // #[api(framework_impls = false)]: no `IntoResponse` / `ResponseError` impls
    pub framework_impls: Option<LitBool>,
    // #[api(retry_after)] on a field
    pub retry_after: Flag,
    // #[api(errors)] on a field
    pub errors: Flag,
    // #[api(expose)] on a field
    pub expose: Flag,
    /// The keys that were read, in the order written: the span of each key's name and
    /// the item, for pointing at a duplicate's first occurrence.
    written: Vec<(&'static str, Span, Meta)>,
    /// Keys that were written but could not be read, and the likely intent of an unknown
    /// key, so that `valid.rs` does not report them as missing as well.
    attempted: Vec<&'static str>,
    /// Known keys written with a value that could not be read, and where: `valid.rs`
    /// checks their place like the others, so a key in the wrong place is told where
    /// it belongs before being told how to write its value.
    unread: Vec<(&'static str, Span)>,
    /// What could not be read; `valid.rs` reports it together with its own findings.
    pub problems: Vec<Problem>,
}

/// Something in an attribute that could not be read.
pub struct Problem {
    /// The known key it is about, if any.
    pub key: Option<&'static str>,
    pub error: syn::Error,
}

impl Problem {
    fn new(key: Option<&'static str>, span: Span, message: impl std::fmt::Display) -> Self {
        Problem {
            key,
            error: syn::Error::new(span, message),
        }
    }
}

/// A marker key such as `transparent`: written or not, and where.
#[derive(Clone, Copy, Default)]
pub struct Flag(Option<Span>);

impl Flag {
    pub fn is_present(self) -> bool {
        self.0.is_some()
    }

    /// Where the marker was written; the call site when it was not.
    pub fn span(self) -> Span {
        self.0.unwrap_or_else(Span::call_site)
    }
}

/// Every key, for "did you mean" and for the list shown after an unknown key.
pub const KEYS: &[&str] = &[
    "code",
    "status",
    "message",
    "retry",
    "title",
    "docs",
    "transparent",
    "expose_display",
    "format",
    "alternatives",
    "crate",
    "www_authenticate",
    "category",
    "log",
    "grpc",
    "domain",
    "example",
    "std_impls",
    "framework_impls",
    "retry_after",
    "errors",
    "expose",
];

impl Keys {
    /// The keys of every `#[api(...)]` in `attrs`, in the order written. A list that is
    /// not valid syntax goes to `syntax` and its keys are lost, so the caller stops
    /// before the checks, which would otherwise report those keys as missing.
    pub fn from_attrs(attrs: &[Attribute], syntax: &mut Errors) -> Keys {
        let mut keys = Keys::default();
        for attr in attrs.iter().filter(|attr| attr.path().is_ident("api")) {
            match &attr.meta {
                // `#[api()]` is accepted: a `macro_rules!` macro that expands
                // `#[api($($key = $value),*)]` writes it for a variant without keys.
                Meta::List(list) => {
                    match Punctuated::<Item, Token![,]>::parse_terminated.parse2(list.tokens.clone())
                    {
                        Ok(items) => items.into_iter().for_each(|item| keys.read(item)),
                        Err(error) => syntax.add(error),
                    }
                }
                Meta::Path(path) => keys.problems.push(Problem::new(
                    None,
                    path.span(),
                    "`#[api]` needs keys in parentheses, such as `#[api(status = 404)]`",
                )),
                Meta::NameValue(nv) => keys.problems.push(Problem::new(
                    None,
                    nv.eq_token.span,
                    "`#[api]` takes keys in parentheses, not after `=`: write `#[api(key = value)]`, such as `#[api(status = 404)]`",
                )),
            }
        }
        keys
    }

    /// The keys that were written, in order.
    pub fn present(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.written.iter().map(|(key, _, _)| *key)
    }

    /// The span of `key`'s name, if it was written.
    pub fn span(&self, key: &str) -> Option<Span> {
        self.written
            .iter()
            .find(|(written, _, _)| *written == key)
            .map(|(_, span, _)| *span)
    }

    /// Every known key written, read or not, with the span of its name.
    pub fn written_or_tried(&self) -> impl Iterator<Item = (&'static str, Span)> + '_ {
        self.written
            .iter()
            .map(|(key, span, _)| (*key, *span))
            .chain(self.unread.iter().copied())
    }

    /// Whether `key` was written, even if its value could not be read.
    pub fn attempted(&self, key: &str) -> bool {
        self.span(key).is_some() || self.attempted.contains(&key)
    }

    fn read(&mut self, item: Item) {
        let meta = match item {
            Item::Meta(meta) => meta,
            Item::Lit(lit) => return self.literal(&lit),
        };
        let meta = &meta;
        let path = meta.path();
        let name = path_name(path);
        let Some(key) = KEYS.iter().copied().find(|key| *key == name) else {
            self.unknown(path, &name);
            return;
        };
        let span = key_span(path);
        if let Some((_, _, first)) = self.written.iter().find(|(written, _, _)| *written == key) {
            // The item as written, near enough for a message: `status = 404`.
            let first = first.to_token_stream().to_string();
            self.problems.push(Problem::new(
                Some(key),
                span,
                format!("`{key}` is specified more than once, first as `{first}`: remove one"),
            ));
            return;
        }
        let read = match key {
            "code" => string(meta, key, "LINK_NOT_FOUND").map(|lit| self.code = Some(lit)),
            "message" => string(meta, key, "Link not found").map(|lit| self.message = Some(lit)),
            "title" => string(meta, key, "Link Not Found").map(|lit| self.title = Some(lit)),
            "docs" => string(meta, key, "https://docs.example.com/errors#{code}")
                .map(|lit| self.docs = Some(lit)),
            "alternatives" => {
                // `[HtmlPage, Other]`, read from the value's tokens (syn is built without
                // its `full` feature, which leaves array expressions opaque).
                let paths = value(meta).and_then(|expr| {
                    let parse = |input: syn::parse::ParseStream| {
                        let content;
                        syn::bracketed!(content in input);
                        Punctuated::<Path, Token![,]>::parse_terminated(&content)
                    };
                    parse.parse2(expr.to_token_stream()).ok()
                });
                match paths {
                    Some(paths) => {
                        self.alternatives = Some(paths.into_iter().collect());
                        Ok(())
                    }
                    None => Err(error_at_value(
                        meta,
                        "`alternatives` is a list of paths of `Format` values, such as `alternatives = [HtmlPage]`",
                    )),
                }
            }
            "format" => match value(meta) {
                Some(Expr::Path(path)) if path.qself.is_none() => {
                    self.format_path = Some(path.path.clone());
                    Ok(())
                }
                _ => string(meta, key, "problem").map(|lit| self.format = Some(lit)).map_err(|_| {
                    error_at_value(
                        meta,
                        "`format` must be `\"simple\"`, `\"problem\"` or `\"envelope\"`, or the path of a value of your own `Format` type, such as `format = UnkeyFormat`",
                    )
                }),
            },
            "crate" => {
                string(meta, key, "::my_crate::http_api_error").map(|lit| self.krate = Some(lit))
            }
            "www_authenticate" => string(meta, key, "Bearer realm=\\\"api\\\"")
                .map(|lit| self.www_authenticate = Some(lit)),
            "category" => {
                string(meta, key, "Authentication errors").map(|lit| self.category = Some(lit))
            }
            "log" => string(meta, key, "warn").map(|lit| self.log = Some(lit)),
            "grpc" => string(meta, key, "ALREADY_EXISTS").map(|lit| self.grpc = Some(lit)),
            "example" => example(meta).map(|values| self.example = Some(values)),
            "domain" => {
                string(meta, key, "links.example.com").map(|lit| self.domain = Some(lit))
            }
            "status" => match meta {
                Meta::NameValue(nv) if !is_missing(&nv.value) => {
                    self.status = Some(StatusExpr(nv.value.clone()));
                    Ok(())
                }
                _ => Err(error_at_value(
                    meta,
                    "`status` needs a value: an integer such as `status = 404` or a constant name such as `status = NOT_FOUND`",
                )),
            },
            "retry" => boolean(meta, key, true).map(|retry| self.retry = Some(retry)),
            "std_impls" => boolean(meta, key, false).map(|on| self.std_impls = Some(on)),
            "framework_impls" => {
                boolean(meta, key, false).map(|on| self.framework_impls = Some(on))
            }
            "transparent" => match meta {
                Meta::NameValue(nv) => match &nv.value {
                    Expr::Path(path) if path.qself.is_none() => {
                        self.transparent = Flag(Some(key_span(&nv.path)));
                        self.transparent_via = Some(path.path.clone());
                        Ok(())
                    }
                    _ => Err(error_at_value(
                        meta,
                        "`transparent` takes no value: write `#[api(transparent)]`; or, to map the field to the error it stands for, the path of a function, unquoted: `transparent = DbError::classify`",
                    )),
                },
                _ => flag(meta, key).map(|flag| self.transparent = flag),
            },
            "expose_display" => flag(meta, key).map(|flag| self.expose_display = flag),
            "retry_after" => flag(meta, key).map(|flag| self.retry_after = flag),
            "errors" => flag(meta, key).map(|flag| self.errors = flag),
            "expose" => flag(meta, key).map(|flag| self.expose = flag),
            _ => Ok(()),
        };
        match read {
            Ok(()) => self.written.push((key, span, meta.clone())),
            Err(error) => {
                self.attempted.push(key);
                self.unread.push((key, span));
                self.problems.push(Problem {
                    key: Some(key),
                    error,
                });
            }
        }
    }

    fn unknown(&mut self, path: &Path, name: &str) {
        let message = match name {
            "source" | "from" => {
                format!("`{name}` is not an `#[api(...)]` key: write `#[{name}]` on the field")
            }
            _ => match suggest_key(name) {
                Some(key) => {
                    self.attempted.push(key);
                    format!("unknown key `{name}`; did you mean `{key}`?")
                }
                None => format!(
                    "unknown key `{name}`: the keys are {}",
                    KEYS.iter()
                        .map(|key| format!("`{key}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
        };
        self.problems.push(Problem::new(None, path.span(), message));
    }

    /// A value written without its key, such as `#[api(404)]`.
    fn literal(&mut self, lit: &Lit) {
        let fix = match lit {
            Lit::Int(int) => {
                // The status is reported here, not as missing too.
                self.attempted.push("status");
                format!("write `status = {int}`")
            }
            Lit::Bool(bool) => format!("write `retry = {}`", bool.value),
            Lit::Str(_) => {
                "name its key, such as `message = \"...\"` or `code = \"...\"`".to_owned()
            }
            _ => "name its key, such as `status = 404`".to_owned(),
        };
        self.problems.push(Problem::new(
            None,
            lit.span(),
            format!("expected `key = value`, found a literal: {fix}"),
        ));
    }
}

/// The key an unknown `name` most likely meant: a near spelling (`stauts`), else the
/// longest key it contains (`http_status`, `error_code`).
fn suggest_key(name: &str) -> Option<&'static str> {
    crate::errors::did_you_mean(name, KEYS.iter().copied()).or_else(|| {
        let lower = name.to_ascii_lowercase();
        KEYS.iter()
            .copied()
            .filter(|key| lower.contains(key))
            .max_by_key(|key| key.len())
    })
}

/// One item of an `#[api(...)]` list.
enum Item {
    /// `key`, `key = value` or `key(...)`.
    Meta(Meta),
    /// A value without its key, which is reported.
    Lit(Lit),
}

impl Parse for Item {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        // `true = ...` starts with a key (a misspelt one), not a literal.
        if input.peek(Lit) && !(input.peek(LitBool) && input.peek2(Token![=])) {
            return input.parse().map(Item::Lit);
        }
        let path = parse_key(input)?;
        let meta =
            if input.peek(token::Paren) || input.peek(token::Bracket) || input.peek(token::Brace) {
                Meta::List(parse_list(path, input)?)
            } else if input.peek(Token![=]) {
                Meta::NameValue(MetaNameValue {
                    path,
                    eq_token: input.parse()?,
                    value: parse_value(input)?,
                })
            } else {
                Meta::Path(path)
            };
        Ok(Item::Meta(meta))
    }
}

/// A key: an identifier, keywords included (`crate`), or a path, which is reported as
/// an unknown key.
fn parse_key(input: ParseStream) -> syn::Result<Path> {
    if !(input.peek(Ident::peek_any) || input.peek(Token![::]) && input.peek3(Ident::peek_any)) {
        return Err(input.error("expected identifier or literal"));
    }
    let leading_colon = input.parse()?;
    let mut segments = Punctuated::new();
    loop {
        segments.push_value(PathSegment::from(Ident::parse_any(input)?));
        if !input.peek(Token![::]) {
            return Ok(Path {
                leading_colon,
                segments,
            });
        }
        segments.push_punct(input.parse()?);
        if !input.peek(Ident::peek_any) {
            return Err(input.error("expected path segment after `::`"));
        }
    }
}

/// `key(...)`, which no key takes; kept to be reported with its span.
fn parse_list(path: Path, input: ParseStream) -> syn::Result<MetaList> {
    input.step(|cursor| {
        if let Some((TokenTree::Group(group), rest)) = cursor.token_tree() {
            let span = group.delim_span();
            let delimiter = match group.delimiter() {
                Delimiter::Parenthesis => Some(MacroDelimiter::Paren(token::Paren(span))),
                Delimiter::Bracket => Some(MacroDelimiter::Bracket(token::Bracket(span))),
                Delimiter::Brace => Some(MacroDelimiter::Brace(token::Brace(span))),
                Delimiter::None => None,
            };
            if let Some(delimiter) = delimiter {
                let tokens = group.stream();
                return Ok((
                    MetaList {
                        path,
                        delimiter,
                        tokens,
                    },
                    rest,
                ));
            }
        }
        Err(cursor.error("expected delimiter"))
    })
}

/// The value after `key =`, up to the next comma.
///
/// syn is built without its `full` feature (as thiserror builds it), which leaves out
/// some expressions: blocks, `if`, closures, arrays, ranges, `?`. Such a value is kept as
/// written, as `Expr::Verbatim`; no key takes one, and each key refuses it with the
/// message it gives any other expression. Nothing after the `=` is an empty
/// `Expr::Verbatim` (see `is_missing`).
fn parse_value(input: ParseStream) -> syn::Result<Expr> {
    // A literal alone is read as a literal, also through the invisible group of a
    // `macro_rules!` `$value:expr`, as syn reads `#[key = value]` attributes. A literal
    // before the next comma is read once, as `Expr` would read it (unless grouped), since
    // the derive runs unoptimized and most values are literals.
    let ahead = input.fork();
    if let Some(lit) = ahead.parse::<Option<Lit>>()?
        && (ahead.is_empty()
            || ahead.peek(Token![,])
                && matches!(
                    input.cursor().token_tree(),
                    Some((TokenTree::Literal(_), _))
                ))
    {
        input.advance_to(&ahead);
        return Ok(Expr::Lit(ExprLit {
            attrs: Vec::new(),
            lit,
        }));
    }
    if input.peek(Token![#]) && input.peek2(token::Bracket) {
        return Err(input.error("unexpected attribute inside of attribute"));
    }
    let ahead = input.fork();
    if let Ok(expr) = ahead.parse::<Expr>() {
        // Without `full`, syn stops before `..`, `.await`, `?` and `=`, where the
        // expression goes on.
        if !(ahead.peek(Token![.]) || ahead.peek(Token![?]) || ahead.peek(Token![=])) {
            input.advance_to(&ahead);
            return Ok(expr);
        }
    }
    input.step(|cursor| {
        let mut rest = *cursor;
        let mut tokens = TokenStream::new();
        while let Some((token, next)) = rest.token_tree() {
            if matches!(&token, TokenTree::Punct(punct) if punct.as_char() == ',') {
                break;
            }
            tokens.extend([token]);
            rest = next;
        }
        Ok((Expr::Verbatim(tokens), rest))
    })
}

/// `key =` with nothing after the `=`.
fn is_missing(value: &Expr) -> bool {
    matches!(value, Expr::Verbatim(tokens) if tokens.is_empty())
}

/// The expression after `key =`, through the invisible groups `macro_rules!` adds.
fn value(meta: &Meta) -> Option<&Expr> {
    let Meta::NameValue(nv) = meta else {
        return None;
    };
    let mut expr = &nv.value;
    while let Expr::Group(group) = expr {
        expr = &group.expr;
    }
    Some(expr)
}

/// `message` at the value when there is one, else at the key.
fn error_at_value(meta: &Meta, message: &str) -> syn::Error {
    let span = match meta {
        Meta::NameValue(nv) if is_missing(&nv.value) => nv.path.span(),
        Meta::NameValue(nv) => nv.value.span(),
        Meta::List(list) => list.delimiter.span().join(),
        Meta::Path(path) => path.span(),
    };
    syn::Error::new(span, message)
}

/// `example(id = "lnk_1", attempts = 3)`: field names and literals.
fn example(meta: &Meta) -> syn::Result<Vec<(Ident, Lit)>> {
    const FORM: &str = "`example` lists field values: `example(id = \"lnk_1\", attempts = 3)`";
    let Meta::List(list) = meta else {
        return Err(error_at_value(meta, FORM));
    };
    let pairs = list
        .parse_args_with(Punctuated::<syn::MetaNameValue, Token![,]>::parse_terminated)
        .map_err(|error| syn::Error::new(error.span(), FORM))?;
    let mut values: Vec<(Ident, Lit)> = Vec::new();
    for pair in pairs {
        let Some(name) = pair.path.get_ident() else {
            return Err(syn::Error::new(pair.path.span(), FORM));
        };
        let mut value = &pair.value;
        while let Expr::Group(group) = value {
            value = &group.expr;
        }
        let lit = match value {
            Expr::Lit(ExprLit { lit, .. })
                if matches!(
                    lit,
                    Lit::Str(_) | Lit::Int(_) | Lit::Float(_) | Lit::Bool(_)
                ) =>
            {
                lit.clone()
            }
            other => {
                return Err(syn::Error::new(
                    other.span(),
                    format!(
                        "an example value is a string, number or boolean literal, such as `{name} = \"lnk_1\"`"
                    ),
                ));
            }
        };
        if values.iter().any(|(known, _)| known == name) {
            return Err(syn::Error::new(
                name.span(),
                format!("`{name}` has an example value already: remove one"),
            ));
        }
        values.push((name.clone(), lit));
    }
    Ok(values)
}

/// `key = "..."`.
fn string(meta: &Meta, key: &str, example: &str) -> syn::Result<LitStr> {
    match value(meta) {
        Some(Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        })) => Ok(lit.clone()),
        _ => Err(error_at_value(
            meta,
            &format!("`{key}` must be a string literal, such as `{key} = \"{example}\"`"),
        )),
    }
}

/// `key = true` or `key = false`; a bare `key` means `true` where `bare` allows it
/// (`retry`), and is asked for its value otherwise (`std_impls`, whose only useful
/// value is `false`).
fn boolean(meta: &Meta, key: &str, bare: bool) -> syn::Result<LitBool> {
    if let Meta::Path(path) = meta {
        if bare {
            return Ok(LitBool::new(true, key_span(path)));
        }
        return Err(syn::Error::new(
            key_span(path),
            format!("`{key}` needs a value: write `{key} = false`"),
        ));
    }
    match value(meta) {
        Some(Expr::Lit(ExprLit {
            lit: Lit::Bool(lit),
            ..
        })) => Ok(lit.clone()),
        Some(Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        })) if matches!(lit.value().as_str(), "true" | "false") => Err(syn::Error::new(
            lit.span(),
            format!(
                "`{key}` must be a boolean, not a string: write `{key} = {}` without quotes",
                lit.value()
            ),
        )),
        _ => Err(error_at_value(
            meta,
            &format!("`{key}` must be `true` or `false`"),
        )),
    }
}

/// A marker such as `transparent`: a bare word.
fn flag(meta: &Meta, key: &str) -> syn::Result<Flag> {
    match meta {
        Meta::Path(path) => Ok(Flag(Some(key_span(path)))),
        _ => Err(error_at_value(
            meta,
            &format!("`{key}` takes no value: write `#[api({key})]`"),
        )),
    }
}

/// The span `Spanned::span` gives a key, without building its tokens again for a key
/// of one identifier, the usual case.
fn key_span(path: &Path) -> Span {
    path.get_ident().map_or_else(|| path.span(), Ident::span)
}

/// The key as written: one identifier, or a path such as `a::b`.
fn path_name(path: &Path) -> String {
    match path.get_ident() {
        Some(ident) => ident.to_string(),
        None => path.to_token_stream().to_string().replace(' ', ""),
    }
}

/// `status = ...` kept as written; `valid.rs` decides whether it is a status.
pub struct StatusExpr(pub Expr);

/// The derive input.
pub struct Input<'a> {
    pub original: &'a DeriveInput,
    pub ident: Ident,
    pub generics: Generics,
    /// Type-level keys (for a struct, its only variant's keys too).
    pub keys: Keys,
    pub variants: Vec<Variant>,
    pub is_struct: bool,
    /// thiserror's `#[error(...)]` is present, or `#[api(std_impls = false)]`: `Display`,
    /// `Error` and `From` are written elsewhere, and `Display` is for logs.
    pub thiserror: bool,
    /// `#[deprecated]` is on the type, a variant or a field: the generated code names
    /// it and must not warn for it (the only `allow` the derive emits).
    pub deprecated: bool,
}

/// One error: an enum variant, or the struct itself.
pub struct Variant {
    /// The variant name; the type name for a struct.
    pub ident: Ident,
    /// The fields are named (`{ id: String }`), so placeholders name them rather than
    /// number them.
    pub named: bool,
    pub fields: Vec<Field>,
    pub keys: Keys,
    /// thiserror's `#[error("...")]` on this variant (or struct), if any.
    pub error_attr: Option<Attribute>,
}

pub struct Field {
    pub member: Member,
    pub ty: Type,
    pub keys: Keys,
    // #[source], or a field named `source`
    pub source: Option<Span>,
    // #[from]
    pub from: Option<Span>,
}

impl<'a> Input<'a> {
    pub fn from_syn(original: &'a DeriveInput) -> syn::Result<Self> {
        if let Data::Union(data) = &original.data {
            return Err(syn::Error::new(
                data.union_token.span,
                "`ApiError` cannot be derived for a union: use an enum with one variant per error, or a struct",
            ));
        }
        // Attribute lists that are not valid syntax, all of them, in source order.
        let mut syntax = Errors::default();
        let keys = Keys::from_attrs(&original.attrs, &mut syntax);
        // `std_impls = false` says what thiserror's `#[error]` says: `Display`, `Error`
        // and `From` are written elsewhere (thiserror without `#[error]` and a `Display`
        // by hand, or all by hand), and `Display` is for logs.
        let mut thiserror = error_attr(&original.attrs).is_some()
            || keys.std_impls.as_ref().is_some_and(|on| !on.value);
        let mut variants = Vec::new();
        let is_struct = match &original.data {
            Data::Enum(data) => {
                for variant in &data.variants {
                    let keys = Keys::from_attrs(&variant.attrs, &mut syntax);
                    let error_attr = error_attr(&variant.attrs);
                    thiserror |= error_attr.is_some();
                    variants.push(Variant {
                        ident: variant.ident.clone(),
                        named: matches!(variant.fields, syn::Fields::Named(_)),
                        fields: fields(&variant.fields, &mut syntax),
                        keys,
                        error_attr,
                    });
                }
                false
            }
            Data::Struct(data) => {
                variants.push(Variant {
                    ident: original.ident.clone(),
                    named: matches!(data.fields, syn::Fields::Named(_)),
                    fields: fields(&data.fields, &mut syntax),
                    // A struct's keys are read from `Input::keys`; see `Input::variant_keys`.
                    keys: Keys::default(),
                    error_attr: error_attr(&original.attrs),
                });
                true
            }
            Data::Union(_) => false,
        };
        let is_deprecated =
            |attrs: &[Attribute]| attrs.iter().any(|a| a.path().is_ident("deprecated"));
        let deprecated = is_deprecated(&original.attrs)
            || match &original.data {
                Data::Enum(data) => data.variants.iter().any(|v| {
                    is_deprecated(&v.attrs) || v.fields.iter().any(|f| is_deprecated(&f.attrs))
                }),
                Data::Struct(data) => data.fields.iter().any(|f| is_deprecated(&f.attrs)),
                Data::Union(_) => false,
            };
        syntax.finish(Input {
            deprecated,
            original,
            ident: original.ident.clone(),
            generics: original.generics.clone(),
            keys,
            variants,
            is_struct,
            thiserror,
        })
    }

    /// The keys that describe `variant`: its own, or the type's for a struct.
    pub fn variant_keys<'k>(&'k self, variant: &'k Variant) -> &'k Keys {
        if self.is_struct {
            &self.keys
        } else {
            &variant.keys
        }
    }

    /// What the input is, for messages: `enum` or `struct`.
    pub fn kind(&self) -> &'static str {
        match self.original.data {
            Data::Enum(_) => "enum",
            Data::Struct(_) => "struct",
            Data::Union(_) => "union",
        }
    }
}

impl Variant {
    pub fn is_transparent(&self, keys: &Keys) -> bool {
        keys.transparent.is_present()
    }

    /// The field a transparent variant delegates to.
    pub fn transparent_field(&self) -> Option<&Field> {
        match self.fields.as_slice() {
            [field] => Some(field),
            _ => None,
        }
    }

    pub fn exposed_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.keys.expose.is_present())
    }
}

impl Field {
    /// `#[source]`, `#[from]`, or named `source`: an internal error, never sent.
    pub fn is_source(&self) -> bool {
        self.source.is_some() || self.from.is_some()
    }

    /// The name used in messages and bodies: the identifier without `r#`, or the index.
    pub fn name(&self) -> String {
        match &self.member {
            Member::Named(ident) => {
                let name = ident.to_string();
                name.strip_prefix("r#").map(str::to_owned).unwrap_or(name)
            }
            Member::Unnamed(index) => index.index.to_string(),
        }
    }

    /// The local a match arm binds this field to.
    pub fn binding(&self) -> Ident {
        match &self.member {
            Member::Named(ident) => ident.clone(),
            Member::Unnamed(index) => {
                quote::format_ident!("__field{}", index.index, span = self.ty.span())
            }
        }
    }
}

fn fields(fields: &syn::Fields, syntax: &mut Errors) -> Vec<Field> {
    fields
        .iter()
        .enumerate()
        .map(|(index, field)| {
            let keys = Keys::from_attrs(&field.attrs, syntax);
            let member = match &field.ident {
                Some(ident) => Member::Named(ident.clone()),
                None => Member::Unnamed(syn::Index {
                    index: u32::try_from(index).unwrap_or(u32::MAX),
                    span: field.ty.span(),
                }),
            };
            let named_source = field.ident.as_ref().is_some_and(|ident| ident == "source");
            let attr_span = |name: &str| {
                field
                    .attrs
                    .iter()
                    .find(|attr| attr.path().is_ident(name))
                    .map(|attr| attr.path().span())
            };
            let source = attr_span("source").or_else(|| {
                named_source.then(|| {
                    field
                        .ident
                        .as_ref()
                        .map_or_else(Span::call_site, Ident::span)
                })
            });
            Field {
                from: attr_span("from"),
                source,
                member,
                ty: field.ty.clone(),
                keys,
            }
        })
        .collect()
}

fn error_attr(attrs: &[Attribute]) -> Option<Attribute> {
    attrs
        .iter()
        .find(|attr| attr.path().is_ident("error"))
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys of `#[api(<tokens>)]`, and its syntax errors.
    fn read(tokens: &str) -> (Keys, Vec<String>) {
        let tokens: TokenStream = tokens.parse().unwrap();
        let attr: Attribute = syn::parse_quote!(#[api(#tokens)]);
        let mut syntax = Errors::default();
        let keys = Keys::from_attrs(&[attr], &mut syntax);
        let syntax = match syntax.finish(()) {
            Ok(()) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| e.to_string()).collect(),
        };
        (keys, syntax)
    }

    fn keys(tokens: &str) -> Keys {
        let (keys, syntax) = read(tokens);
        assert_eq!(syntax, Vec::<String>::new());
        keys
    }

    fn problems(keys: &Keys) -> Vec<String> {
        keys.problems.iter().map(|p| p.error.to_string()).collect()
    }

    #[test]
    fn reads_every_kind_of_key() {
        let keys =
            keys(r#"code = "LINK_GONE", status = 410, retry = false, transparent, crate = "::x""#);
        assert!(keys.problems.is_empty());
        assert_eq!(keys.code.unwrap().value(), "LINK_GONE");
        assert!(keys.status.is_some());
        assert_eq!(keys.retry.map(|retry| retry.value), Some(false));
        assert!(keys.transparent.is_present());
        assert_eq!(keys.krate.unwrap().value(), "::x");
    }

    #[test]
    fn keeps_reading_after_a_bad_key() {
        let keys = keys(r#"stauts = 404, message = 404, code = "A", code = "B", expose = true"#);
        assert_eq!(
            problems(&keys),
            [
                "unknown key `stauts`; did you mean `status`?",
                "`message` must be a string literal, such as `message = \"Link not found\"`",
                "`code` is specified more than once, first as `code = \"A\"`: remove one",
                "`expose` takes no value: write `#[api(expose)]`",
            ]
        );
        assert_eq!(keys.code.as_ref().unwrap().value(), "A");
        assert!(keys.attempted("status") && keys.attempted("message"));
        assert!(!keys.attempted("title"));
        assert_eq!(keys.present().collect::<Vec<_>>(), ["code"]);
    }

    #[test]
    fn reports_values_without_keys() {
        let keys = keys(r#"404, "Link not found", true, 4.5"#);
        assert_eq!(
            problems(&keys),
            [
                "expected `key = value`, found a literal: write `status = 404`",
                "expected `key = value`, found a literal: name its key, such as `message = \"...\"` or `code = \"...\"`",
                "expected `key = value`, found a literal: write `retry = true`",
                "expected `key = value`, found a literal: name its key, such as `status = 404`",
            ]
        );
        assert!(keys.attempted("status"));
    }

    #[test]
    fn keeps_expressions_syn_cannot_parse_as_written() {
        // Without syn's `full`, none of these parses as an expression; either way each is
        // one value, up to the comma.
        for value in [
            "if a { 404 } else { 500 }",
            "[404]",
            "|| 404",
            "400..500",
            "x?",
            "{ 404 }",
        ] {
            let keys = keys(&format!("status = {value}, code = \"A\""));
            assert!(keys.problems.is_empty(), "{value}");
            assert!(keys.code.is_some(), "{value}");
            // Compared without spaces: where another crate of the build enables syn's
            // `full`, the closure is parsed, and printed as `| | 404`.
            let status = keys.status.unwrap().0.to_token_stream().to_string();
            assert_eq!(status.replace(' ', ""), value.replace(' ', ""));
        }
        let keys = keys("status =, retry =");
        assert_eq!(
            problems(&keys),
            [
                "`status` needs a value: an integer such as `status = 404` or a constant name such as `status = NOT_FOUND`",
                "`retry` must be `true` or `false`",
            ]
        );
    }

    #[test]
    fn syntax_errors_are_kept_apart() {
        let (keys, syntax) = read(r#"status = 404 message = "x""#);
        assert_eq!(syntax, ["expected `,`"]);
        assert!(keys.status.is_none() && keys.problems.is_empty());
        assert_eq!(read("= 404").1, ["expected identifier or literal"]);
    }

    #[test]
    fn reports_attributes_without_a_list() {
        let mut syntax = Errors::default();
        let attrs: Vec<Attribute> = vec![
            syn::parse_quote!(#[api]),
            syn::parse_quote!(#[api = "x"]),
            syn::parse_quote!(#[api()]),
        ];
        let keys = Keys::from_attrs(&attrs, &mut syntax);
        assert!(syntax.finish(()).is_ok());
        assert_eq!(
            problems(&keys),
            [
                "`#[api]` needs keys in parentheses, such as `#[api(status = 404)]`",
                "`#[api]` takes keys in parentheses, not after `=`: write `#[api(key = value)]`, such as `#[api(status = 404)]`",
            ]
        );
    }

    #[test]
    fn suggests_the_key_meant() {
        assert_eq!(suggest_key("stauts"), Some("status"));
        assert_eq!(suggest_key("http_status"), Some("status"));
        assert_eq!(suggest_key("status_code"), Some("status"));
        assert_eq!(suggest_key("retry_after_secs"), Some("retry_after"));
        assert_eq!(suggest_key("severity"), None);
    }
}
