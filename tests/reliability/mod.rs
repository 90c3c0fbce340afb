//! Checks shared by the compliance, leak and property tests: strict JSON parsing and
//! the grammars of the HTTP fields an error response carries.
#![allow(dead_code)] // each test binary uses a subset

use std::fmt;

use http_api_error::{Bytes, Response};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The body parsed as JSON, failing on invalid JSON and on an object with a member
/// name twice (which `serde_json::Value` would silently collapse).
#[track_caller]
pub fn strict_json(bytes: &[u8]) -> Value {
    match serde_json::from_slice::<Strict>(bytes) {
        Ok(Strict(value)) => value,
        Err(error) => panic!(
            "body is not strict JSON ({error}): {:?}",
            String::from_utf8_lossy(bytes)
        ),
    }
}

/// [`strict_json`] of a response body.
#[track_caller]
pub fn body_json(response: &Response<Bytes>) -> Value {
    strict_json(response.body())
}

struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format!("member `{key}` appears twice")));
            }
            let Strict(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// RFC 9110 `delay-seconds`: one or more digits.
pub fn is_delay_seconds(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
}

/// RFC 9110 `IMF-fixdate`: `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn is_imf_fixdate(value: &str) -> bool {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let Some((day_name, rest)) = value.split_once(", ") else {
        return false;
    };
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, time, zone] = parts.as_slice() else {
        return false;
    };
    let time: Vec<&str> = time.split(':').collect();
    DAYS.contains(&day_name)
        && digits(day, 2)
        && (1..=31).contains(&day.parse::<u8>().unwrap_or(0))
        && MONTHS.contains(month)
        && digits(year, 4)
        && time.len() == 3
        && time.iter().all(|part| digits(part, 2))
        && time[0].parse::<u8>().unwrap_or(99) < 24
        && time[1].parse::<u8>().unwrap_or(99) < 60
        && time[2].parse::<u8>().unwrap_or(99) < 61
        && *zone == "GMT"
}

/// Whether `value` is a valid `Retry-After` that does not ask for an immediate retry:
/// delay-seconds other than 0, or an IMF-fixdate.
pub fn is_retry_after(value: &str) -> bool {
    (is_delay_seconds(value) && !value.trim_start_matches('0').is_empty()) || is_imf_fixdate(value)
}

/// An absolute URI (RFC 3986 `scheme ":" hier-part`, with an optional fragment), made
/// only of the characters a URI may hold.
pub fn is_absolute_uri(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c);
    scheme_ok && !rest.is_empty() && rest.chars().all(allowed)
}

/// AIP-193 style codes: `^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$`, at most 63 characters.
pub fn is_code(code: &str) -> bool {
    let mut words = code.split('_');
    let first_ok = words.next().is_some_and(|word| {
        let mut chars = word.chars();
        chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    });
    first_ok
        && words.all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
        && code.len() <= 63
}

/// RFC 9457 section 3.2: extension member names SHOULD be letters, digits and `_`, at
/// least three characters.
pub fn is_extension_member_name(name: &str) -> bool {
    name.len() >= 3 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Every header as `(name, value)`, values as lossy text, for searching.
pub fn header_text(response: &Response<Bytes>) -> Vec<(String, String)> {
    response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

#[test]
fn grammars() {
    assert!(is_retry_after("1"));
    assert!(is_retry_after("120"));
    assert!(!is_retry_after("0"));
    assert!(!is_retry_after("00"));
    assert!(!is_retry_after("-1"));
    assert!(!is_retry_after("1.5"));
    assert!(!is_retry_after(""));
    assert!(is_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"));
    assert!(!is_retry_after("Sunday, 06-Nov-94 08:49:37 GMT"));
    assert!(!is_retry_after("Sun, 6 Nov 1994 08:49:37 GMT"));
    assert!(!is_retry_after("Sun, 06 Nov 1994 08:49:37 UTC"));
    assert!(is_absolute_uri("https://docs.example.com/errors#LINK_GONE"));
    assert!(is_absolute_uri("urn:example:error"));
    assert!(!is_absolute_uri("/errors/LINK_GONE"));
    assert!(!is_absolute_uri("https://docs.example.com/a b"));
    assert!(is_code("LINK_GONE"));
    assert!(is_code("STATUS400"));
    assert!(!is_code("LINK__GONE"));
    assert!(!is_code("_LINK"));
    assert!(!is_code("LINK_"));
    assert!(!is_code("link_gone"));
    assert!(!is_code("1LINK"));
    assert!(!is_code(&"A".repeat(64)));
    assert!(is_extension_member_name("request_id"));
    assert!(!is_extension_member_name("id"));
    assert!(!is_extension_member_name("größe"));
    assert!(!is_extension_member_name("a-b-c"));
}
