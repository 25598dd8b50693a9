//! Security headers on every answer: a Content-Security-Policy that allows no inline or
//! foreign script and no framing, `nosniff` (an uploaded JPEG/HTML polyglot is never run as a
//! page), a referrer policy, and `no-store` on everything that does not set its own caching —
//! pages and API answers carry personal data.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The Content-Security-Policy, built once: images may also come from the operator's base-map
/// tile server, nothing else from outside.
#[derive(Clone)]
pub struct Policy(HeaderValue);

impl Policy {
    pub fn for_config(config: &crate::Config) -> Policy {
        let tiles = config.map_tiles.as_deref().and_then(tile_origin);
        let csp = format!(
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data: blob:{}; connect-src 'self'; object-src 'none'; \
             base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            tiles.map(|t| format!(" {t}")).unwrap_or_default()
        );
        Policy(
            HeaderValue::from_str(&csp)
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'")),
        )
    }
}

/// The origin of a tile URL template for the policy (`https://t{s}.tianditu.gov.cn/…` →
/// `https://*.tianditu.gov.cn`); none for anything that is not plain http(s).
fn tile_origin(template: &str) -> Option<String> {
    let (scheme, rest) = template.split_once("://")?;
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let host = rest.split(['/', '?']).next()?;
    let host = match host.split_once("{s}") {
        Some((_, after)) => format!("*{}", after.trim_start_matches(|c: char| c != '.')),
        None => host.to_owned(),
    };
    host.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '*' | ':'))
        .then(|| format!("{scheme}://{host}"))
}

pub async fn security(State(policy): State<Policy>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, policy.0.clone());
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// The address links in feeds start from, as the caller reached us: the `Host` they asked for
/// (only if it looks like a host name), over HTTPS when the server is set up behind it.
pub fn base_url(headers: &axum::http::HeaderMap, config: &crate::Config) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '[' | ']'))
        })
        .unwrap_or("localhost");
    let scheme = if config.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

#[cfg(test)]
mod tests {
    use super::tile_origin;

    #[test]
    fn a_tile_template_allows_its_own_origin_only() {
        assert_eq!(
            tile_origin("https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}").as_deref(),
            Some("https://*.tianditu.gov.cn")
        );
        assert_eq!(
            tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://tile.openstreetmap.org")
        );
        assert_eq!(tile_origin("javascript:alert(1)"), None);
        assert_eq!(tile_origin("https://evil.example;script-src *"), None);
    }
}
