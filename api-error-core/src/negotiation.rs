//! Content negotiation: whether an `Accept` header prefers RFC 9457 problem details.

use mediatype::{MediaType, MediaTypeList, ReadParams as _, names};

/// How closely a media range matches a media type: the exact type (3), `type/*` (2),
/// `*/*` (1); `None` when it does not match.
fn specificity(range: &MediaType<'_>, ty: &str, subty: &str, suffix: Option<&str>) -> Option<u8> {
    let range_suffix = range.suffix.as_ref().map(|name| name.as_str());
    if range.ty == names::_STAR && range.subty == names::_STAR {
        Some(1)
    } else if range.ty != ty {
        None
    } else if range.subty == names::_STAR {
        Some(2)
    } else if range.subty == subty && range_suffix == suffix {
        Some(3)
    } else {
        None
    }
}

/// The weight `accept` gives a media type: the `q` of the most specific range matching
/// it (the first of equals), 1 when that range has none, 0 when none matches or the
/// `q` is not a number in 0..=1.
fn weight_of(accept: &str, ty: &str, subty: &str, suffix: Option<&str>) -> f32 {
    let mut best: Option<(u8, f32)> = None;
    for range in MediaTypeList::new(accept).filter_map(Result::ok) {
        let Some(specificity) = specificity(&range, ty, subty, suffix) else {
            continue;
        };
        let q = match range.get_param(names::Q) {
            None => 1.0,
            Some(value) => match value.as_str().parse::<f32>() {
                Ok(q) if (0.0..=1.0).contains(&q) => q,
                _ => continue,
            },
        };
        if best.is_none_or(|(seen, _)| specificity > seen) {
            best = Some((specificity, q));
        }
    }
    best.map_or(0.0, |(_, q)| q)
}

/// The weight `accept` gives `media_type` (`text/html`, `application/problem+json`); 0
/// for a media type that does not parse.
pub(crate) fn weight(accept: &str, media_type: &str) -> f32 {
    match MediaType::parse(media_type) {
        Ok(parsed) => weight_of(
            accept,
            parsed.ty.as_str(),
            parsed.subty.as_str(),
            parsed.suffix.as_ref().map(|name| name.as_str()),
        ),
        Err(_) => 0.0,
    }
}

/// Whether `accept` prefers `application/problem+json` to `application/json`: strictly
/// (a tie, as with `*/*` or both listed, keeps the error's own format).
#[cfg(test)]
fn prefers_problem(accept: &str) -> bool {
    weight(accept, "application/problem+json") > weight(accept, "application/json")
}

#[cfg(test)]
mod tests {
    use super::prefers_problem;

    #[test]
    fn accept_headers() {
        for (accept, problem) in [
            ("application/problem+json", true),
            (
                "application/problem+json;q=0.9, application/json;q=0.5",
                true,
            ),
            ("application/json;q=0.5, application/problem+json", true),
            ("text/html, application/problem+json;q=0.1", true),
            ("", false),
            ("*/*", false),
            ("application/*", false),
            ("application/json", false),
            ("application/json, application/problem+json", false),
            ("application/problem+json, application/json", false),
            ("application/*;q=0.9, application/problem+json;q=0.8", false),
            ("application/problem+json;q=0", false),
            ("application/problem+json;q=2", false),
            ("application/problem+json;q=high", false),
            ("text/html", false),
            ("not a media type", false),
            ("application/problem+xml", false),
            ("*/*;q=0.1, application/problem+json;q=0.2", true),
        ] {
            assert_eq!(prefers_problem(accept), problem, "{accept:?}");
        }
    }
}
