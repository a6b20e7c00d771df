//! Which `Host` names the preview answers to: its own only, so that a web page cannot read it
//! through a DNS name pointed at this machine (DNS rebinding).

use std::net::{IpAddr, SocketAddr};

/// Whether `host` (a `Host` header) names this server: `localhost` or a loopback address, or the
/// address the connection came in on, each with the server's port (no port only for port 80).
/// Any other name may be a DNS name that an attacker's page has pointed at this machine.
pub(super) fn allowed(host: &str, local: SocketAddr, server: SocketAddr) -> bool {
    let Some((name, port)) = split_host(host) else {
        return false;
    };
    if port.unwrap_or(80) != server.port() {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let Ok(ip) = name.parse::<IpAddr>() else {
        return false;
    };
    let ip = ip.to_canonical();
    ip.is_loopback() || ip == local.ip().to_canonical() || ip == server.ip().to_canonical()
}

/// The name and port of a `Host` value; IPv6 addresses come in brackets.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => {
            let (inside, after) = rest.split_once(']')?;
            inside.parse::<std::net::Ipv6Addr>().ok()?;
            match after {
                "" => (inside, None),
                _ => (inside, Some(after.strip_prefix(':')?)),
            }
        }
        None => match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        },
    };
    let port = match port {
        Some(port) => Some(port.parse().ok()?),
        None => None,
    };
    (!name.is_empty()).then_some((name, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_own_host_names_are_accepted() {
        let server: SocketAddr = "127.0.0.1:4000".parse().unwrap();
        let local = server;
        for good in ["localhost:4000", "LOCALHOST:4000", "127.0.0.1:4000", "[::1]:4000"] {
            assert!(allowed(good, local, server), "{good}");
        }
        for bad in [
            "evil.example:4000",
            "localhost.evil.example:4000",
            "localhost:4001",
            "localhost",
            "127.0.0.1",
            "[::1]",
            "::1:4000",
            ":4000",
            "",
            "localhost:4000:4000",
            "192.168.1.5:4000",
        ] {
            assert!(!allowed(bad, local, server), "{bad}");
        }
        // Bound to all interfaces, the address a connection came in on is accepted too.
        let any: SocketAddr = "0.0.0.0:4000".parse().unwrap();
        let lan: SocketAddr = "192.168.1.5:4000".parse().unwrap();
        assert!(allowed("192.168.1.5:4000", lan, any));
        assert!(!allowed("192.168.1.6:4000", lan, any));
        let port_80: SocketAddr = "127.0.0.1:80".parse().unwrap();
        assert!(allowed("localhost", port_80, port_80));
    }
}
