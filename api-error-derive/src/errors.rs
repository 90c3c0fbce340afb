//! The errors of one phase, collected rather than returned at the first, so that one
//! compile shows every mistake of the input (serde's `Ctxt`).

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
