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
    /// The menu the user sees, from every area's entries.
    pub nav: Vec<NavLink>,
}

/// One entry of the menu as shown.
pub struct NavLink {
    pub href: String,
    pub label: &'static str,
    /// The inbox entry carries the unread count.
    pub is_inbox: bool,
}

/// The menu for a user: every area's entries their role may see, in order.
fn nav_for(user: &User) -> Vec<NavLink> {
    let mut entries: Vec<_> = crate::areas::ALL
        .iter()
        .flat_map(|a| a.nav.iter())
        .filter(|n| (n.shown_to)(user.role))
        .collect();
    entries.sort_by_key(|n| n.order);
    entries
        .into_iter()
        .map(|n| NavLink {
            href: n.href.replace("{region}", &user.region_code),
            label: n.label,
            is_inbox: n.href == "/inbox",
        })
        .collect()
}

impl Chrome {
    pub fn anonymous(csrf: CsrfToken) -> Chrome {
        Chrome {
            user: None,
            csrf: csrf.0,
            nav: Vec::new(),
        }
    }

    pub fn signed_in(user: User, csrf: CsrfToken) -> Chrome {
        Chrome {
            nav: nav_for(&user),
            user: Some(user),
            csrf: csrf.0,
        }
    }

    /// The chrome of a public page: signed in if someone is.
    pub fn of(user: Option<User>, csrf: CsrfToken) -> Chrome {
        match user {
            Some(u) => Chrome::signed_in(u, csrf),
            None => Chrome::anonymous(csrf),
        }
    }
}

/// Renders a page template.
pub fn render(t: &impl Template) -> Result<Html<String>, ApiError> {
    t.render().map(Html).map_err(ApiError::internal)
}

/// Where a page's form leads once handled: to `done_url` when it worked; back to the same page
/// with the reason shown (`again` builds it, given the reason) and the error's status for what
/// the person can read and act on (refusals included); to the error page when the record is
/// gone or out of reach, or on a fault.
pub async fn after_form<T, F, Fut>(
    done: Result<(), ApiError>,
    done_url: &str,
    again: F,
) -> Result<axum::response::Response, crate::error::PageError>
where
    T: Template,
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    use axum::response::IntoResponse;
    match done {
        Ok(()) => Ok(axum::response::Redirect::to(done_url).into_response()),
        Err(e) if e.code.status().is_client_error() && e.code.status().as_u16() != 404 => {
            let status = e.code.status();
            let page = again(e.detail).await?;
            Ok((status, render(&page)?).into_response())
        }
        Err(e) => Err(crate::error::PageError(e)),
    }
}
