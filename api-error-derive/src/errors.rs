//! The errors of one phase, collected rather than returned at the first, so that one
//! compile shows every mistake of the input (serde's `Ctxt`), and the "did you mean"
//! suggestions every phase offers.

use std::fmt::Display;

use proc_macro2::Span;

#[derive(Default)]
pub struct Errors {
    errors: Vec<syn::Error>,
}

impl Errors {
    /// `message`, underlining `span`: one token, the smallest that explains the mistake.
    pub fn push(&mut self, span: Span, message: impl Display) {
        self.errors.push(syn::Error::new(span, message));
    }

    /// An error made elsewhere, such as a syntax error from syn.
    pub fn add(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// `value` when nothing was reported, else every error in the order reported, as one
    /// `syn::Error` whose `to_compile_error()` emits them all.
    pub fn finish<T>(self, value: T) -> syn::Result<T> {
        let mut errors = self.errors.into_iter();
        match errors.next() {
            None => Ok(value),
            Some(mut first) => {
                first.extend(errors);
                Err(first)
            }
        }
    }
}

/// The closest of `candidates` to `name`, if close enough to be a typo.
pub fn did_you_mean<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let upper = name.to_ascii_uppercase();
    candidates
        .map(|candidate| {
            (
                edit_distance(&upper, &candidate.to_ascii_uppercase()),
                candidate,
            )
        })
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != *cb);
            previous = row.get(j + 1).copied().unwrap_or(0);
            let best = substitute
                .min(previous + 1)
                .min(row.get(j).copied().unwrap_or(0) + 1);
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = best;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("NOT_FOUNDD", crate::status::STATUSES.iter().map(|s| s.1)),
            Some("NOT_FOUND")
        );
        assert_eq!(
            did_you_mean("problm", ["simple", "problem", "envelope"].into_iter()),
            Some("problem")
        );
        assert_eq!(
            did_you_mean("zzz", ["simple", "problem", "envelope"].into_iter()),
            None
        );
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
