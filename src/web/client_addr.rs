//! Who the client is, for the login throttle: the TCP peer, or, when the peer is a
//! configured reverse proxy, the address that proxy reports in `X-Forwarded-For`.

use std::net::{IpAddr, SocketAddr};

use actix_web::http::header::HeaderMap;
use actix_web::HttpRequest;

use crate::config::{canonical_ip, TrustedProxies};

/// The client's address as far as it can be trusted.
pub fn client_ip(req: &HttpRequest, proxies: &TrustedProxies) -> Option<IpAddr> {
    let peer = canonical_ip(req.peer_addr()?.ip());
    Some(canonical_ip(behind_proxies(peer, req.headers(), proxies)))
}

/// Reads `X-Forwarded-For` from the right (each proxy appends the address it saw) for as
/// long as the address at hand is a trusted proxy; the first one that is not is the
/// client. An entry that is not an address stops the walk at the proxy that passed it on,
/// so garbage never becomes a fresh identity.
fn behind_proxies(peer: IpAddr, headers: &HeaderMap, proxies: &TrustedProxies) -> IpAddr {
    if !proxies.contains(peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        if !proxies.contains(client) {
            break;
        }
        match parse_hop(hop.trim()) {
            Some(ip) => client = ip,
            None => break,
        }
    }
    client
}

/// `1.2.3.4`, `2001:db8::1`, or either with a port (`1.2.3.4:5678`, `[2001:db8::1]:80`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn client(peer: &str, forwarded: &[&str], proxies: &str) -> String {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append(
                HeaderName::from_static("x-forwarded-for"),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        behind_proxies(peer.parse().unwrap(), &headers, &proxies.parse().unwrap()).to_string()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        assert_eq!(client("203.0.113.9", &["10.0.0.1"], ""), "203.0.113.9");
    }

    #[test]
    fn a_peer_that_is_not_a_trusted_proxy_cannot_name_the_client() {
        assert_eq!(
            client("203.0.113.9", &["10.0.0.1"], "127.0.0.1"),
            "203.0.113.9"
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_last_untrusted_hop_is_the_client() {
        // The client forged the first entry; the proxy appended what it saw.
        let hops = ["1.1.1.1, 198.51.100.7"];
        assert_eq!(client("127.0.0.1", &hops, "127.0.0.1"), "198.51.100.7");
        let chain = ["1.1.1.1, 198.51.100.7, 10.0.0.5"];
        assert_eq!(
            client("127.0.0.1", &chain, "127.0.0.1,10.0.0.0/8"),
            "198.51.100.7"
        );
        assert_eq!(
            client("127.0.0.1", &["1.1.1.1", "198.51.100.7"], "127.0.0.1"),
            "198.51.100.7"
        );
    }

    #[test]
    fn garbage_in_the_header_leaves_the_proxy_as_the_client() {
        assert_eq!(
            client("127.0.0.1", &["not-an-ip"], "127.0.0.1"),
            "127.0.0.1"
        );
        assert_eq!(client("127.0.0.1", &[], "127.0.0.1"), "127.0.0.1");
    }

    #[test]
    fn addresses_with_ports_and_mapped_ipv4_are_understood() {
        assert_eq!(
            client("::ffff:127.0.0.1", &["[2001:db8::1]:443"], "127.0.0.0/8"),
            "2001:db8::1"
        );
        assert_eq!(
            client("127.0.0.1", &["198.51.100.7:5678"], "127.0.0.1"),
            "198.51.100.7"
        );
    }
}
