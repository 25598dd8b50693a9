//! Where webhooks may point. A webhook is a request the server makes to an address a user chose,
//! so loopback, private, link-local (the cloud metadata service), unique-local, multicast and
//! unspecified addresses are refused — at registration, and again when connecting, on the
//! addresses the name resolves to then (a name that resolved to a public address at
//! registration may point inward later). Hosts the operator names in the configuration are
//! allowed whatever they resolve to.

use crate::state::Config;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// Whether the server may send to this address.
pub fn public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b)))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
        }
    }
}

/// Whether the operator allowed this host by name.
pub fn allowed(config: &Config, host: &str) -> bool {
    config
        .webhook_allowed_hosts
        .iter()
        .any(|h| h.eq_ignore_ascii_case(host))
}

/// Checks a webhook URL's host: an allowed name, or a name or address that is public now.
pub async fn check(config: &Config, url: &reqwest::Url) -> Result<(), &'static str> {
    let host = url.host_str().ok_or("地址没有主机名")?;
    if allowed(config, host) {
        return Ok(());
    }
    let port = url.port_or_known_default().unwrap_or(443);
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<SocketAddr> = match bare.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => tokio::net::lookup_host((bare, port))
            .await
            .map_err(|_| "无法解析该主机名")?
            .collect(),
    };
    if addrs.is_empty() || addrs.iter().any(|a| !public(a.ip())) {
        return Err("不能推送到本机、内网或保留地址");
    }
    Ok(())
}

/// A resolver for the delivery client that drops every address [`public`] refuses, unless the
/// host is allowed by name; a name left with no address fails to connect.
pub struct GuardedResolver {
    pub allowed: Vec<String>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        let allowed = self.allowed.iter().any(|h| h.eq_ignore_ascii_case(&host));
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| allowed || public(a.ip()))
                .collect();
            if found.is_empty() {
                return Err("不能推送到本机、内网或保留地址".into());
            }
            let addrs: Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

impl GuardedResolver {
    pub fn new(config: &Config) -> Arc<GuardedResolver> {
        Arc::new(GuardedResolver {
            allowed: config.webhook_allowed_hosts.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::public;

    #[test]
    fn inward_addresses_are_refused_and_public_ones_pass() {
        for inward in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "224.0.0.1",
        ] {
            assert!(!public(inward.parse().unwrap()), "{inward}");
        }
        for outward in ["8.8.8.8", "114.114.114.114", "2400:3200::1"] {
            assert!(public(outward.parse().unwrap()), "{outward}");
        }
    }
}
