//! Localized messages and titles (feature `i18n`), in [Project Fluent]'s format.
//!
//! The declared text (`#[api(message = "...")]`, the title) is the default language;
//! [`Translations`] adds others, one Fluent resource each, keyed by code:
//!
//! ```ftl
//! LINK_GONE = Le lien { $id } a été supprimé
//!     .title = Lien supprimé
//! violation-URL_INVALID = doit être une URL absolue en http ou https
//! ```
//!
//! - A message's value replaces the public message; its `title` attribute replaces the
//!   title. The variables are the fields the declared message interpolates (`{id}`
//!   becomes `{ $id }`), formatted as it formats them; numbers are Fluent numbers, so
//!   plural selectors work. A translation shows nothing the declared message does not:
//!   a variable it names that the message lacks makes the renderer keep the declared
//!   text (and [`Translations::check`] reports it).
//! - `violation-CODE` translates the message of a [`FieldViolation`](crate::FieldViolation) with that `code`,
//!   with `{ $location }`; its `fix` attribute translates the violation's fix, where it
//!   has one.
//! - The code, status and every machine field stay the same in every language.
//!
//! The request's `Accept-Language` chooses the language by RFC 4647 lookup (q-values
//! honoured, `fr-CA` falls back to `fr`, anything unknown to the default): give the
//! translations to the framework middleware (`RequestIdLayer::new().translations(..)`)
//! or to [`RequestContext::with_accept_language`]. A response whose body a translation
//! could have changed says so with `Content-Language` and `Vary: Accept-Language`.
//!
//! [`Catalog::translation_template`] writes the resource to translate, and
//! [`assert_translations_complete`] fails a test when a language misses a code, has one
//! that no longer exists, or uses a variable the declared message does not have.
//!
//! [Project Fluent]: https://projectfluent.org
//! [`RequestContext::with_accept_language`]: crate::RequestContext::with_accept_language
//! [`Catalog::translation_template`]: crate::Catalog::translation_template

use core::fmt;
use std::collections::BTreeSet;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_langneg::{NegotiationStrategy, negotiate_languages};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use crate::catalog::fluent_variable;
use crate::format::Localized;
use crate::{ApiError, Catalog};

/// The prefix of the message ids that translate field violations.
const VIOLATION: &str = "violation-";

/// The translations of an API's messages: the declared text's language, and a Fluent
/// resource for each other language (see the [module docs](self)).
///
/// ```
/// use http_api_error_core::i18n::Translations;
///
/// let translations = Translations::new("en")?
///     .with_language("fr", "LINK_GONE = Le lien { $id } a été supprimé\n")?;
/// assert_eq!(translations.choose(Some("fr-CA, en;q=0.8")), "fr");
/// assert_eq!(translations.choose(Some("de")), "en");
/// # Ok::<(), http_api_error_core::i18n::TranslationError>(())
/// ```
pub struct Translations {
    default: LanguageIdentifier,
    default_tag: &'static str,
    languages: Vec<Language>,
}

struct Language {
    id: LanguageIdentifier,
    tag: &'static str,
    bundle: FluentBundle<FluentResource>,
    /// Every message id with the variables its value and attributes use.
    messages: Vec<(String, BTreeSet<String>)>,
}

impl fmt::Debug for Translations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Translations")
            .field("default", &self.default_tag)
            .field(
                "languages",
                &self
                    .languages
                    .iter()
                    .map(|language| (language.tag, language.messages.len()))
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// A language tag that does not parse, or a Fluent resource with a syntax error or a
/// message defined twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranslationError {
    language: String,
    problem: String,
}

impl fmt::Display for TranslationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "translations for `{}`: {}", self.language, self.problem)
    }
}

impl std::error::Error for TranslationError {}

impl Translations {
    /// Translations whose default language, the one the declared messages are written
    /// in, is `default_language` (a BCP 47 tag such as `en`).
    ///
    /// # Errors
    ///
    /// When the tag does not parse.
    pub fn new(default_language: &str) -> Result<Self, TranslationError> {
        let default = parse_tag(default_language)?;
        Ok(Translations {
            default,
            default_tag: leak(default_language),
            languages: Vec::new(),
        })
    }

    /// Adds `language` (a BCP 47 tag such as `fr`) with the Fluent resource `ftl`.
    ///
    /// The tag is stored for the life of the process: translations are made once, at
    /// start-up.
    ///
    /// # Errors
    ///
    /// When the tag does not parse or is already there, or `ftl` has a syntax error
    /// (its line is given) or defines a message twice.
    pub fn with_language(mut self, language: &str, ftl: &str) -> Result<Self, TranslationError> {
        let id = parse_tag(language)?;
        let error = |problem: String| TranslationError {
            language: language.to_owned(),
            problem,
        };
        if id == self.default || self.languages.iter().any(|known| known.id == id) {
            return Err(error("the language is already there".to_owned()));
        }
        let resource = match FluentResource::try_new(ftl.to_owned()) {
            Ok(resource) => resource,
            Err((_, errors)) => {
                let problem = errors.first().map_or_else(String::new, |first| {
                    // The line where the broken entry starts.
                    let start = first
                        .slice
                        .as_ref()
                        .map_or(first.pos.start, |slice| slice.start);
                    let before = ftl.get(..start).unwrap_or(ftl);
                    let line = before.matches('\n').count() + 1;
                    format!("line {line}: {}", first.kind)
                });
                return Err(error(problem));
            }
        };
        let messages = resource
            .entries()
            .filter_map(|entry| match entry {
                ast::Entry::Message(message) => {
                    Some((message.id.name.to_owned(), message_variables(message)))
                }
                _ => None,
            })
            .collect();
        let mut bundle = FluentBundle::new_concurrent(vec![id.clone()]);
        // Bidirectional isolation marks around each variable are for UI text; an API
        // body is read by programs too.
        bundle.set_use_isolating(false);
        if let Err(errors) = bundle.add_resource(resource) {
            let problems: Vec<String> = errors.iter().map(ToString::to_string).collect();
            return Err(error(problems.join("; ")));
        }
        self.languages.push(Language {
            id,
            tag: leak(language),
            bundle,
            messages,
        });
        Ok(self)
    }

    /// Every language, the default first, as their tags were given.
    pub fn languages(&self) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::once(self.default_tag).chain(self.languages.iter().map(|language| language.tag))
    }

    /// The language to answer a request whose `Accept-Language` header is
    /// `accept_language` in: RFC 4647 lookup over the ranges in order of their q-values
    /// (a range with `q=0`, or a q-value that is not a number from 0 to 1, is left
    /// out), where a range matches a language it is a prefix of and a language matches
    /// a more specific range (`fr-CA` finds `fr`); the default when nothing matches or
    /// there is no header.
    #[must_use]
    pub fn choose(&self, accept_language: Option<&str>) -> &'static str {
        let Some(accept_language) = accept_language else {
            return self.default_tag;
        };
        let requested = parse_accept_language(accept_language);
        let available: Vec<&LanguageIdentifier> = std::iter::once(&self.default)
            .chain(self.languages.iter().map(|language| &language.id))
            .collect();
        let default = &self.default;
        let chosen = negotiate_languages(
            &requested,
            &available,
            Some(&default),
            NegotiationStrategy::Lookup,
        );
        chosen
            .first()
            .and_then(|chosen| {
                self.languages
                    .iter()
                    .find(|language| &&language.id == *chosen)
                    .map(|language| language.tag)
            })
            .unwrap_or(self.default_tag)
    }

    /// `error` in the language `accept_language` chooses, or `None` when no translation
    /// has anything for it (the response then says nothing about languages).
    pub(crate) fn localize(
        &self,
        error: &dyn ApiError,
        accept_language: Option<&str>,
    ) -> Option<Localized> {
        let code = error.code();
        let violation_ids: Vec<String> = error
            .errors()
            .unwrap_or_default()
            .iter()
            .filter_map(|violation| Some(format!("{VIOLATION}{}", violation.code.as_deref()?)))
            .collect();
        let could_apply = self.languages.iter().any(|language| {
            language.bundle.has_message(code)
                || violation_ids
                    .iter()
                    .any(|id| language.bundle.has_message(id))
        });
        if !could_apply {
            return None;
        }
        let tag = self.choose(accept_language);
        let mut localized = Localized {
            language: tag,
            ..Localized::default()
        };
        let Some(language) = self.languages.iter().find(|language| language.tag == tag) else {
            return Some(localized);
        };
        let bundle = &language.bundle;
        if let Some(message) = bundle.get_message(code) {
            let mut texts = Vec::new();
            error.visit_message_args(&mut |name, value| texts.push((name, value.to_string())));
            let mut args = FluentArgs::with_capacity(texts.len());
            for (name, text) in &texts {
                args.set(fluent_variable(name), FluentValue::try_number(text));
            }
            let format = |pattern| format_pattern(bundle, pattern, &args);
            localized.message = format(message.value());
            localized.title = format(message.get_attribute("title").map(|title| title.value()));
        }
        if let Some(violations) = error.errors().filter(|_| !violation_ids.is_empty()) {
            let mut translated = false;
            let violations = violations
                .iter()
                .map(|violation| {
                    let mut violation = violation.clone();
                    let Some(message) = violation
                        .code
                        .as_deref()
                        .and_then(|code| bundle.get_message(&format!("{VIOLATION}{code}")))
                    else {
                        return violation;
                    };
                    let mut args = FluentArgs::new();
                    args.set(
                        "location",
                        FluentValue::from(violation.location.to_string()),
                    );
                    let format = |pattern| format_pattern(bundle, pattern, &args);
                    if let Some(text) = format(message.value()) {
                        violation.message = text.into();
                        translated = true;
                    }
                    // A fix is translated where the violation has one.
                    if violation.fix.is_some() {
                        let fix = message.get_attribute("fix").map(|fix| fix.value());
                        if let Some(text) = format(fix) {
                            violation.fix = Some(text.into());
                            translated = true;
                        }
                    }
                    violation
                })
                .collect();
            localized.errors = translated.then_some(violations);
        }
        Some(localized)
    }

    /// Checks every language against `catalog`: each code of the catalog has a
    /// message, each message is a code of the catalog (or a `violation-` message), and
    /// each message uses only the variables the declared message has.
    ///
    /// # Errors
    ///
    /// A report listing every problem, one per line, by language.
    pub fn check(&self, catalog: &Catalog) -> Result<(), TranslationReport> {
        let mut problems = Vec::new();
        for language in &self.languages {
            let tag = language.tag;
            for entry in catalog.entries() {
                if !language.messages.iter().any(|(id, _)| id == entry.code) {
                    problems.push(format!("{tag}: {} has no translation", entry.code));
                }
            }
            for (id, variables) in &language.messages {
                if id.starts_with(VIOLATION) {
                    let extra: Vec<&String> = variables
                        .iter()
                        .filter(|name| *name != "location")
                        .collect();
                    if !extra.is_empty() {
                        problems.push(format!(
                            "{tag}: {id} uses {}, but a violation has only `$location`",
                            list(extra.iter().map(|name| format!("`${name}`")))
                        ));
                    }
                    continue;
                }
                let Some(entry) = catalog.get(id) else {
                    problems.push(format!("{tag}: {id} is not a code of the catalog"));
                    continue;
                };
                let declared: BTreeSet<String> = template_variables(entry.message)
                    .into_iter()
                    .map(|name| fluent_variable(name).into_owned())
                    .collect();
                let extra: Vec<&String> = variables
                    .iter()
                    .filter(|name| !declared.contains(*name))
                    .collect();
                if !extra.is_empty() {
                    let has = if declared.is_empty() {
                        "none".to_owned()
                    } else {
                        list(declared.iter().map(|name| format!("`${name}`")))
                    };
                    problems.push(format!(
                        "{tag}: {id} uses {}, which the declared message \"{}\" does not have (it has {has})",
                        list(extra.iter().map(|name| format!("`${name}`"))),
                        entry.message
                    ));
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(TranslationReport { problems })
        }
    }
}

/// `pattern` with `args`, or `None` when it is absent or names a variable `args` lacks
/// (the renderer then keeps the declared text).
fn format_pattern(
    bundle: &FluentBundle<FluentResource>,
    pattern: Option<&ast::Pattern<&str>>,
    args: &FluentArgs<'_>,
) -> Option<String> {
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern?, Some(args), &mut errors);
    errors.is_empty().then(|| text.into_owned())
}

/// Fails (panics, for a test) when [`Translations::check`] finds a problem, with the
/// whole report.
///
/// # Panics
///
/// When a language misses a code of `catalog`, has a message that is no code of it, or
/// uses a variable the declared message does not have.
#[track_caller]
pub fn assert_translations_complete(translations: &Translations, catalog: &Catalog) {
    if let Err(report) = translations.check(catalog) {
        #[allow(clippy::panic)]
        {
            panic!("{report}");
        }
    }
}

/// What [`Translations::check`] found, one problem per line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranslationReport {
    problems: Vec<String>,
}

impl TranslationReport {
    /// Each problem, such as `fr: LINK_GONE has no translation`.
    #[must_use]
    pub fn problems(&self) -> &[String] {
        &self.problems
    }
}

impl fmt::Display for TranslationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the translations do not match the catalog:")?;
        for problem in &self.problems {
            writeln!(f, "  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for TranslationReport {}

fn parse_tag(tag: &str) -> Result<LanguageIdentifier, TranslationError> {
    tag.parse().map_err(|error| TranslationError {
        language: tag.to_owned(),
        problem: format!("not a language tag ({error})"),
    })
}

/// A language tag kept for the life of the process (a `Content-Language` value).
fn leak(tag: &str) -> &'static str {
    Box::leak(tag.to_owned().into_boxed_str())
}

/// The language ranges of an `Accept-Language` header, most wanted first (q-values,
/// then order), without the ones it refuses (`q=0`), malformed q-values or tags, and
/// `*` (which the default answers).
fn parse_accept_language(header: &str) -> Vec<LanguageIdentifier> {
    let mut ranges: Vec<(f32, usize, LanguageIdentifier)> = header
        .split(',')
        .enumerate()
        .filter_map(|(index, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let mut q = 1.0_f32;
            for parameter in parts {
                let (name, value) = parameter.split_once('=')?;
                if name.trim().eq_ignore_ascii_case("q") {
                    q = value
                        .trim()
                        .parse()
                        .ok()
                        .filter(|q| (0.0..=1.0).contains(q))?;
                }
            }
            let id = tag.parse().ok().filter(|_| tag != "*" && q > 0.0)?;
            Some((q, index, id))
        })
        .collect();
    // Every q is a number in 0..=1 here, so `total_cmp` orders them as numbers.
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.into_iter().map(|(_, _, id)| id).collect()
}

/// The variables a message's value and attributes use.
fn message_variables(message: &ast::Message<&str>) -> BTreeSet<String> {
    let mut variables = BTreeSet::new();
    let patterns = message
        .value
        .iter()
        .chain(message.attributes.iter().map(|attribute| &attribute.value));
    for pattern in patterns {
        pattern_variables(pattern, &mut variables);
    }
    variables
}

fn pattern_variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Inline(inline) => inline_variables(inline, out),
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                pattern_variables(&variant.value, out);
            }
        }
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            call_variables(arguments, out);
        }
        ast::InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => call_variables(arguments, out),
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

fn call_variables(arguments: &ast::CallArguments<&str>, out: &mut BTreeSet<String>) {
    for argument in &arguments.positional {
        inline_variables(argument, out);
    }
    for argument in &arguments.named {
        inline_variables(&argument.value, out);
    }
}

/// The placeholders of a declared message template (`Link {id} has been deleted`),
/// without their formatting specs; `{{` and `}}` are literal braces.
pub(crate) fn template_variables(template: &str) -> BTreeSet<&str> {
    let mut variables = BTreeSet::new();
    let mut rest = template;
    while let Some(start) = rest.find(['{', '}']) {
        let (_, from) = rest.split_at(start);
        if let Some(after) = from.strip_prefix("{{").or_else(|| from.strip_prefix("}}")) {
            rest = after;
            continue;
        }
        let Some(after) = from.strip_prefix('{') else {
            // A lone `}`.
            rest = from.get(1..).unwrap_or_default();
            continue;
        };
        let Some((inside, after)) = after.split_once('}') else {
            break;
        };
        let name = inside.split(':').next().unwrap_or_default().trim();
        if !name.is_empty() {
            variables.insert(name);
        }
        rest = after;
    }
    variables
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// Translations for `localize`, with violations: the unit tests of the parts that do
/// not need a derived error.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_ranges_in_order_of_q_values() {
        let tags = |header: &str| {
            parse_accept_language(header)
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(tags("fr-CA, fr;q=0.9, en;q=0.8"), ["fr-CA", "fr", "en"]);
        assert_eq!(tags("en;q=0.5, fr"), ["fr", "en"]);
        assert_eq!(tags("de;q=0.5, fr;q=0.5"), ["de", "fr"]);
        assert_eq!(tags("fr;q=0, en"), ["en"]);
        assert_eq!(tags("*, fr;q=0.1"), ["fr"]);
        // Malformed q-values and tags are left out, never a panic.
        assert_eq!(
            tags("fr;q=NaN, de;q=2, es;q=-1, it;q=, pt;q, x y, en;Q=0.3"),
            ["en"]
        );
        assert_eq!(tags(""), Vec::<String>::new());
        assert_eq!(tags(",,;;=,"), Vec::<String>::new());
    }

    #[test]
    fn template_placeholders() {
        let names = |t| template_variables(t).into_iter().collect::<Vec<_>>();
        assert_eq!(names("Link {id} has been deleted"), ["id"]);
        assert_eq!(names("{a:?} and {b} and {a}"), ["a", "b"]);
        assert_eq!(names("{{literal}} {0}"), ["0"]);
        assert_eq!(names("unclosed {id"), Vec::<&str>::new());
        assert_eq!(names("stray } brace {x}"), ["x"]);
    }

    #[test]
    fn choose_by_lookup() {
        let translations = Translations::new("en")
            .unwrap()
            .with_language("fr", "A = a\n")
            .unwrap()
            .with_language("pt-BR", "A = a\n")
            .unwrap();
        let choose = |header| translations.choose(header);
        assert_eq!(choose(None), "en");
        assert_eq!(choose(Some("fr")), "fr");
        assert_eq!(choose(Some("fr-CA")), "fr");
        assert_eq!(choose(Some("en;q=0.5, fr;q=0.9")), "fr");
        assert_eq!(choose(Some("fr;q=0.5, en;q=0.9")), "en");
        assert_eq!(choose(Some("de, pt-BR;q=0.2")), "pt-BR");
        assert_eq!(choose(Some("de")), "en");
        assert_eq!(choose(Some("*")), "en");
        assert_eq!(choose(Some("fr;q=0")), "en");
        assert_eq!(
            translations.languages().collect::<Vec<_>>(),
            ["en", "fr", "pt-BR"]
        );
    }

    #[test]
    fn bad_resources_are_errors() {
        let error =
            |result: Result<Translations, TranslationError>| result.unwrap_err().to_string();
        assert_eq!(
            error(Translations::new("not a tag!")),
            "translations for `not a tag!`: not a language tag (Parser error: The given language subtag is invalid)"
        );
        let en = || Translations::new("en").unwrap();
        assert_eq!(
            error(en().with_language("fr", "A = a\nB = { $x\n")),
            "translations for `fr`: line 2: Expected a token starting with \"}\""
        );
        assert_eq!(
            error(en().with_language("fr", "A = a\nA = b\n")),
            "translations for `fr`: Attempt to override an existing message: \"A\"."
        );
        assert_eq!(
            error(en().with_language("en", "A = a\n")),
            "translations for `en`: the language is already there"
        );
    }
}
