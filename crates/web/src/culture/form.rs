//! What cultural guidance's pages share: a page's forms are told apart by their `do` field and
//! come back to the page with `?done=` naming what was done.

use crate::extract::CsrfForm;
use std::collections::HashMap;

pub type Form = CsrfForm<HashMap<String, String>>;

/// A form field, trimmed; empty when absent.
pub fn field(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).map(|s| s.trim().to_owned()).unwrap_or_default()
}

/// `?done=` after a form: what the page confirms.
#[derive(serde::Deserialize, Default)]
pub struct Done {
    pub done: Option<String>,
}
