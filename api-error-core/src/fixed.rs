//! Bodies of variants that cannot vary: rendered once, on first use, by the same writer
//! as every other body, then served as they are, or with the request id and instance
//! spliced in, without serializing again.
//!
//! A variant is fixed when its message has no placeholders and it has no exposed field,
//! and its `errors` field, if it has one, holds an empty list (the derive decides). Its
//! body in a built-in format then depends only on the request context, and only where
//! the layout writes `request_id`, `trace_id`, `meta.requestId`, `meta.traceId` and
//! `instance`. The first rendering writes every one of those
//! members with an empty value and records where each member and its value stand;
//! later responses copy the bytes around them and write the context's values (or drop
//! the member when the context has none).

use std::sync::OnceLock;

use bytes::Bytes;

use crate::format::{self, FormatKind, Slot, SlotSpan};
use crate::scan;
use crate::{ApiError, ErrorView, RequestContext};

/// The bodies of one fixed variant, one per built-in format, each rendered on first
/// use. `const`-constructible, so a derived type keeps them in its `static` table.
#[derive(Debug)]
pub struct FixedBodies {
    formats: [OnceLock<Option<Template>>; 3],
    /// The same variant's bodies under an outer type's `docs` template (a nested error
    /// without docs of its own takes it): for the first template that asks, which in an
    /// API is its one top-level error type. Another template renders in full.
    nested: OnceLock<(&'static str, Box<FixedBodies>)>,
}

impl Default for FixedBodies {
    fn default() -> Self {
        Self::new()
    }
}

impl FixedBodies {
    /// Nothing rendered yet.
    #[must_use]
    pub const fn new() -> Self {
        FixedBodies {
            formats: [const { OnceLock::new() }; 3],
            nested: OnceLock::new(),
        }
    }

    /// The bodies of this variant nested in a type whose `docs` template is `template`,
    /// or `None` when another template took that place first.
    pub(crate) fn under_docs(
        &'static self,
        template: &'static str,
    ) -> Option<&'static FixedBodies> {
        let (claimed, bodies) = self
            .nested
            .get_or_init(|| (template, Box::new(FixedBodies::new())));
        (*claimed == template).then_some(&**bodies)
    }

    /// The body of `error` (a value of the variant these bodies belong to) in `kind`,
    /// for `context`. `None` when the body could not be prepared, which the caller
    /// answers by rendering it in full.
    pub(crate) fn body(
        &'static self,
        kind: FormatKind,
        error: &dyn ApiError,
        context: &RequestContext,
    ) -> Option<Bytes> {
        let index = match kind {
            FormatKind::Simple => 0,
            FormatKind::Problem => 1,
            FormatKind::Envelope => 2,
        };
        let template = self
            .formats
            .get(index)?
            .get_or_init(|| Template::render(kind, error))
            .as_ref()?;
        Some(if context.is_empty() {
            Bytes::from_static(&template.bare)
        } else {
            template.splice(context)
        })
    }
}

/// A body rendered with every slot present and empty (`""`), and where the slots are.
#[derive(Debug)]
struct Template {
    full: Vec<u8>,
    /// In body order.
    slots: Vec<SlotSpan>,
    /// The body without any slot: what `to_response()` serves.
    bare: Vec<u8>,
}

impl Template {
    /// Renders `error` in `kind` with an empty request id, instance and trace id, or
    /// `None` when that fails or the layout put a slot where dropping it would break
    /// the JSON.
    fn render(kind: FormatKind, error: &dyn ApiError) -> Option<Template> {
        let context = RequestContext::new()
            .with_request_id(String::new())
            .with_instance(String::new())
            .with_trace_id(String::new())
            .expose_trace_id(true);
        let mut full = Vec::with_capacity(256);
        let mut slots = Vec::new();
        format::write_template(
            kind,
            &ErrorView::new(error, &context),
            &mut full,
            &mut slots,
        )
        .ok()?;
        // Each value must be the empty string the context held. A member dropped from
        // the front of an object must leave `{}` or a valid object: the writer puts no
        // comma before a first member, so a first member may only be followed by the
        // object's end or by more slots, each right after the one before (`meta`'s
        // `{"requestId":"","traceId":""}`), whose leading comma the splice drops with it.
        let sound = slots.iter().enumerate().all(|(i, span)| {
            let empty = full.get(span.value..span.end) == Some(b"\"\"".as_slice());
            let mut last = span;
            if full.get(span.start) != Some(&b',') {
                for next in slots.iter().skip(i + 1) {
                    if next.start != last.end {
                        break;
                    }
                    last = next;
                }
            }
            let droppable =
                full.get(span.start) == Some(&b',') || full.get(last.end) == Some(&b'}');
            empty && droppable
        });
        if !sound {
            return None;
        }
        let mut template = Template {
            full,
            slots,
            bare: Vec::new(),
        };
        template.bare = template.splice_into(&RequestContext::EMPTY);
        Some(template)
    }

    /// The body with the context's request id, `instance` and exposed trace id in their
    /// slots.
    fn splice(&self, context: &RequestContext) -> Bytes {
        Bytes::from(self.splice_into(context))
    }

    /// Copies the template around the slots: a slot with a value keeps its member and
    /// gets the value between the template's quotes (or escaped by serde_json when it
    /// needs escapes); a slot without one loses its member, and when it was the first
    /// member of its object, the comma of the member after it goes too. A value needing
    /// no escapes (a request id the middleware accepted, a path, a trace id) costs one
    /// copy, and the vector is then exactly the body's size, handed to `Bytes` without
    /// spare room. The request id is known to need no escapes when
    /// `RequestContext::plain_request_id` says so, and is not scanned again.
    fn splice_into(&self, context: &RequestContext) -> Vec<u8> {
        let plain_id = context.plain_request_id().is_some();
        let value_of = |slot| match slot {
            Slot::RequestId => context.request_id(),
            Slot::Instance => context.instance(),
            Slot::TraceId => context.body_trace_id(),
        };
        let plain = |slot, value: &str| {
            (slot == Slot::RequestId && plain_id) || !scan::needs_json_escape(value.as_bytes())
        };
        let bytes = |from: usize, to: usize| self.full.get(from..to).unwrap_or_default();
        // Where copying resumes after `span` is dropped: past its end, and past the
        // comma after it when it was (or has become) the first member of its object.
        let resume = |span: &SlotSpan, at: usize| {
            let first = self.full.get(span.start) != Some(&b',') || at > span.start;
            if first && self.full.get(span.end) == Some(&b',') {
                span.end + 1
            } else {
                span.end
            }
        };
        // The same walk as below, counting (exact unless a value needs escapes).
        let (mut len, mut at) = (0, 0);
        for span in &self.slots {
            match value_of(span.slot) {
                None => {
                    len += span.start.saturating_sub(at);
                    at = resume(span, at);
                }
                Some(value) => {
                    len += (span.value + 1).saturating_sub(at) + value.len();
                    at = span.end - 1;
                }
            }
        }
        len += self.full.len().saturating_sub(at);
        let mut out = Vec::with_capacity(len);
        let mut at = 0;
        for span in &self.slots {
            match value_of(span.slot) {
                None => {
                    out.extend_from_slice(bytes(at, span.start));
                    at = resume(span, at);
                }
                Some(value) if plain(span.slot, value) => {
                    // Up to and including the opening quote; the closing quote starts
                    // the next copy.
                    out.extend_from_slice(bytes(at, span.value + 1));
                    out.extend_from_slice(value.as_bytes());
                    at = span.end - 1;
                }
                Some(value) => {
                    out.extend_from_slice(bytes(at, span.value));
                    format::write_json_str(&mut out, value);
                    at = span.end;
                }
            }
        }
        out.extend_from_slice(self.full.get(at..).unwrap_or_default());
        out
    }
}

#[cfg(test)]
mod tests {
    use http::StatusCode;

    use super::*;
    use crate::Format;

    struct Gone;

    impl ApiError for Gone {
        fn status(&self) -> StatusCode {
            StatusCode::GONE
        }
        fn code(&self) -> &'static str {
            "LINK_GONE"
        }
        fn docs_url(&self) -> Option<&'static str> {
            Some("https://docs.example.com/errors#LINK_GONE")
        }
    }

    /// The body the full renderer writes.
    fn rendered(kind: FormatKind, context: &RequestContext) -> String {
        let mut out = Vec::new();
        kind.write_body(&ErrorView::new(&Gone, context), &mut out)
            .unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8(out).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn every_format_splices_every_context_member() {
        static FIXED: FixedBodies = FixedBodies::new();
        let id = RequestContext::new().with_request_id("req_1");
        let both = id.clone().with_instance("/v1/links/\"x\"");
        const TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
        let trace = RequestContext::new()
            .with_trace_id(TRACE)
            .expose_trace_id(true);
        let cases = [
            (
                FormatKind::Simple,
                RequestContext::EMPTY,
                r#"{"error":"LINK_GONE","message":"Gone","docs":"https://docs.example.com/errors#LINK_GONE"}"#,
            ),
            (
                FormatKind::Simple,
                both.clone(),
                r#"{"error":"LINK_GONE","message":"Gone","docs":"https://docs.example.com/errors#LINK_GONE","request_id":"req_1"}"#,
            ),
            (
                FormatKind::Problem,
                RequestContext::EMPTY,
                r#"{"type":"https://docs.example.com/errors#LINK_GONE","title":"Gone","status":410,"detail":"Gone","code":"LINK_GONE"}"#,
            ),
            (
                FormatKind::Problem,
                id.clone(),
                r#"{"type":"https://docs.example.com/errors#LINK_GONE","title":"Gone","status":410,"detail":"Gone","code":"LINK_GONE","request_id":"req_1"}"#,
            ),
            (
                FormatKind::Problem,
                both.clone(),
                r#"{"type":"https://docs.example.com/errors#LINK_GONE","title":"Gone","status":410,"detail":"Gone","instance":"/v1/links/\"x\"","code":"LINK_GONE","request_id":"req_1"}"#,
            ),
            (
                FormatKind::Envelope,
                RequestContext::EMPTY,
                r#"{"meta":{},"error":{"title":"Gone","detail":"Gone","status":410,"type":"https://docs.example.com/errors#LINK_GONE","code":"LINK_GONE"}}"#,
            ),
            (
                FormatKind::Envelope,
                both.clone(),
                r#"{"meta":{"requestId":"req_1"},"error":{"title":"Gone","detail":"Gone","status":410,"type":"https://docs.example.com/errors#LINK_GONE","code":"LINK_GONE"}}"#,
            ),
            // A trace id stays out of bodies unless exposed.
            (
                FormatKind::Envelope,
                both.clone().with_trace_id(TRACE),
                r#"{"meta":{"requestId":"req_1"},"error":{"title":"Gone","detail":"Gone","status":410,"type":"https://docs.example.com/errors#LINK_GONE","code":"LINK_GONE"}}"#,
            ),
            (
                FormatKind::Envelope,
                both.clone().with_trace_id(TRACE).expose_trace_id(true),
                r#"{"meta":{"requestId":"req_1","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"},"error":{"title":"Gone","detail":"Gone","status":410,"type":"https://docs.example.com/errors#LINK_GONE","code":"LINK_GONE"}}"#,
            ),
            // The first member of `meta` dropped, the second kept: its comma goes.
            (
                FormatKind::Envelope,
                trace.clone(),
                r#"{"meta":{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"},"error":{"title":"Gone","detail":"Gone","status":410,"type":"https://docs.example.com/errors#LINK_GONE","code":"LINK_GONE"}}"#,
            ),
            (
                FormatKind::Simple,
                trace.clone(),
                r#"{"error":"LINK_GONE","message":"Gone","docs":"https://docs.example.com/errors#LINK_GONE","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}"#,
            ),
            (
                FormatKind::Problem,
                both.with_trace_id(TRACE).expose_trace_id(true),
                r#"{"type":"https://docs.example.com/errors#LINK_GONE","title":"Gone","status":410,"detail":"Gone","instance":"/v1/links/\"x\"","code":"LINK_GONE","request_id":"req_1","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}"#,
            ),
            (
                FormatKind::Problem,
                trace.clone(),
                r#"{"type":"https://docs.example.com/errors#LINK_GONE","title":"Gone","status":410,"detail":"Gone","code":"LINK_GONE","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}"#,
            ),
            // A value that needs escapes.
            (
                FormatKind::Envelope,
                RequestContext::new()
                    .with_trace_id("a\"b")
                    .expose_trace_id(true),
                r#"{"meta":{"traceId":"a\"b"},"error":{"title":"Gone","detail":"Gone","status":410,"type":"https://docs.example.com/errors#LINK_GONE","code":"LINK_GONE"}}"#,
            ),
        ];
        for (kind, context, expected) in cases {
            let body = FIXED
                .body(kind, &Gone, &context)
                .unwrap_or_else(|| panic!("{kind:?}: no fixed body"));
            assert_eq!(
                String::from_utf8_lossy(&body),
                expected,
                "{kind:?} {context:?}"
            );
            assert_eq!(rendered(kind, &context), expected, "{kind:?} {context:?}");
            assert_eq!(body.len(), expected.len());
        }
    }

    #[test]
    fn a_body_without_context_is_served_from_the_template() {
        static FIXED: FixedBodies = FixedBodies::new();
        let body = || {
            FIXED
                .body(FormatKind::Simple, &Gone, &RequestContext::EMPTY)
                .unwrap_or_else(|| panic!("no fixed body"))
        };
        let (first, again) = (body(), body());
        assert_eq!(first.as_ptr(), again.as_ptr(), "the same bytes, not a copy");
        assert_eq!(first, again);
    }
}
