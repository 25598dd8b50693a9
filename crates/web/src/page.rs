//! What every page shares: the chrome around the content (who is signed in, the CSRF token
//! for forms) and rendering a template into a response.

use crate::csrf::CsrfToken;
use crate::error::ApiError;
use crate::session::User;
use askama::Template;
use axum::response::Html;

/// The frame of every page.
pub struct Chrome {
    pub user: Option<User>,
    pub csrf: String,
}

impl Chrome {
    pub fn anonymous(csrf: CsrfToken) -> Chrome {
        Chrome {
            user: None,
            csrf: csrf.0,
        }
    }

    pub fn signed_in(user: User, csrf: CsrfToken) -> Chrome {
        Chrome {
            user: Some(user),
            csrf: csrf.0,
        }
    }
}

/// Renders a page template.
pub fn render(t: &impl Template) -> Result<Html<String>, ApiError> {
    t.render().map(Html).map_err(ApiError::internal)
}
