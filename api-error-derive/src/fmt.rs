//! Placeholders of `message = "..."` format strings.
//!
//! rustc checks the string itself (the derive emits `write!(f, <literal>)` with each
//! field bound to a local of its name), so this scanner only needs what the derive must
//! know first: which fields are used, whether there are any, and the positional
//! placeholders it rewrites to named locals.

/// What a placeholder refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// `{id}`
    Named(String),
    /// `{0}`
    Index(usize),
    /// `{}` or `{:?}`
    Next,
}

/// One `{...}` of a format string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    pub arg: Arg,
    /// The formatting trait letter after `:` (`?` for Debug, `x` for LowerHex, ...);
    /// `None` for Display.
    pub trait_char: Option<char>,
    /// Byte range of the argument inside the string.
    pub range: core::ops::Range<usize>,
    /// Width and precision taken from another argument (`{amount:.digits$}`,
    /// `{0:>1$}`), each with its byte range inside the string.
    pub counts: Vec<(Arg, core::ops::Range<usize>)>,
}

/// A malformed format string.
#[derive(Debug, PartialEq, Eq)]
pub enum ScanError {
    /// A `{` with no `}`.
    Unclosed,
    /// A `}` that closes nothing.
    Unmatched,
}

/// The placeholders of `s`, in order.
pub fn scan(s: &str) -> Result<Vec<Placeholder>, ScanError> {
    let mut placeholders = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'{' if bytes.get(i + 1) == Some(&b'{') => i += 2,
            b'}' if bytes.get(i + 1) == Some(&b'}') => i += 2,
            b'}' => return Err(ScanError::Unmatched),
            b'{' => {
                let close = s
                    .get(i + 1..)
                    .and_then(|rest| rest.find('}'))
                    .ok_or(ScanError::Unclosed)?
                    + i
                    + 1;
                let inner = s.get(i + 1..close).unwrap_or_default();
                if inner.contains('{') {
                    return Err(ScanError::Unclosed);
                }
                let (name, spec) = match inner.split_once(':') {
                    Some((name, spec)) => (name, Some(spec)),
                    None => (inner, None),
                };
                let name = name.trim();
                let arg = if name.is_empty() {
                    Arg::Next
                } else if let Ok(index) = name.parse::<usize>() {
                    Arg::Index(index)
                } else {
                    Arg::Named(name.to_owned())
                };
                let start = i + 1 + inner.find(name).unwrap_or(0);
                let spec_start = i + 1 + inner.find(':').map_or(inner.len(), |at| at + 1);
                placeholders.push(Placeholder {
                    arg,
                    trait_char: spec
                        .and_then(|spec| spec.chars().last())
                        .filter(|c| !c.is_ascii_digit() && *c != '$'),
                    range: start..start + name.len(),
                    counts: spec.map_or_else(Vec::new, |spec| counts(spec, spec_start)),
                });
                i = close + 1;
            }
            _ => i += 1,
        }
    }
    Ok(placeholders)
}

/// The `argument$` counts of a format spec (`.digits$`, `>1$`), with their ranges in the
/// whole string (`spec` starts at byte `offset`): each `$` ends the run of identifier
/// characters before it; a `$` with none before it is a fill character.
fn counts(spec: &str, offset: usize) -> Vec<(Arg, core::ops::Range<usize>)> {
    let mut found = Vec::new();
    for (dollar, _) in spec.match_indices('$') {
        let before = spec.get(..dollar).unwrap_or_default();
        let start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |at| at + 1);
        let name = before.get(start..).unwrap_or_default();
        if name.is_empty() {
            continue;
        }
        let arg = match name.parse::<usize>() {
            Ok(index) => Arg::Index(index),
            Err(_) => Arg::Named(name.to_owned()),
        };
        found.push((arg, offset + start..offset + dollar));
    }
    found
}

/// `s` with `{{` and `}}` unescaped: the text a placeholder-free format string prints.
pub fn unescape(s: &str) -> String {
    s.replace("{{", "{").replace("}}", "}")
}

/// `s` with each positional placeholder `{N}` renamed to the local `rename(N)`.
pub fn rename_positional(
    s: &str,
    placeholders: &[Placeholder],
    rename: impl Fn(usize) -> String,
) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut last = 0;
    let args = placeholders.iter().flat_map(|placeholder| {
        core::iter::once((&placeholder.arg, &placeholder.range))
            .chain(placeholder.counts.iter().map(|(arg, range)| (arg, range)))
    });
    for (arg, range) in args {
        if let Arg::Index(index) = arg {
            out.push_str(s.get(last..range.start).unwrap_or_default());
            out.push_str(&rename(*index));
            last = range.end;
        }
    }
    out.push_str(s.get(last..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<Arg> {
        scan(s).unwrap().into_iter().map(|p| p.arg).collect()
    }

    #[test]
    fn finds_named_positional_and_next() {
        assert_eq!(args("no placeholders"), vec![]);
        assert_eq!(args("Link {id} gone"), vec![Arg::Named("id".into())]);
        assert_eq!(args("{0} and {1:?}"), vec![Arg::Index(0), Arg::Index(1)]);
        assert_eq!(args("{} {:?}"), vec![Arg::Next, Arg::Next]);
        assert_eq!(args("{{literal}} {x}"), vec![Arg::Named("x".into())]);
    }

    #[test]
    fn records_trait_and_range() {
        let p = &scan("a {id:?} b").unwrap()[0];
        assert_eq!(p.trait_char, Some('?'));
        assert_eq!(&"a {id:?} b"[p.range.clone()], "id");
        assert_eq!(scan("{n:>8}").unwrap()[0].trait_char, None);
        assert_eq!(scan("{n:#x}").unwrap()[0].trait_char, Some('x'));
    }

    #[test]
    fn finds_width_and_precision_arguments() {
        let s = "Balance {amount:.digits$} and {0:>1$} and {x:$>5} and {y:w$.p$}";
        let found: Vec<Vec<(Arg, &str)>> = scan(s)
            .unwrap()
            .iter()
            .map(|p| {
                p.counts
                    .iter()
                    .map(|(arg, range)| (arg.clone(), &s[range.clone()]))
                    .collect()
            })
            .collect();
        assert_eq!(
            found,
            vec![
                vec![(Arg::Named("digits".into()), "digits")],
                vec![(Arg::Index(1), "1")],
                vec![],
                vec![(Arg::Named("w".into()), "w"), (Arg::Named("p".into()), "p")],
            ]
        );
        assert_eq!(scan("{amount:.digits$}").unwrap()[0].trait_char, None);
        let s = "{0:.1$} {2:>3$?}";
        let renamed = rename_positional(s, &scan(s).unwrap(), |i| format!("__field{i}"));
        assert_eq!(renamed, "{__field0:.__field1$} {__field2:>__field3$?}");
    }

    #[test]
    fn rejects_unbalanced_braces() {
        assert_eq!(scan("open { never closed"), Err(ScanError::Unclosed));
        assert_eq!(scan("{a{b}"), Err(ScanError::Unclosed));
        assert_eq!(scan("stray } brace"), Err(ScanError::Unmatched));
    }

    #[test]
    fn unescapes_and_renames() {
        assert_eq!(unescape("{{x}} }}"), "{x} }");
        let s = "{0} of {1:?} and {name}";
        let renamed = rename_positional(s, &scan(s).unwrap(), |i| format!("__field{i}"));
        assert_eq!(renamed, "{__field0} of {__field1:?} and {name}");
    }
}
