//! [`Endpoint`]: the URL requests go to, normalized as `fetch` normalizes
//! it, so what is signed is what is sent.

use alloc::string::String;
use alloc::vec::Vec;

/// Where requests go, normalized the way `fetch` (the WHATWG URL parser)
/// normalizes it, so the signature covers exactly what is sent: scheme and
/// host in lower case, the scheme's default port dropped (`:443` for
/// https, `:80` for http), dot segments resolved, and characters the URL
/// parser would escape in the path percent-encoded. A query or fragment has
/// no meaning for DynamoDB and is left out of both the URL and the
/// signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    url: String,
    host: String,
    path: String,
}

impl Endpoint {
    /// Parses `endpoint`, e.g. `https://dynamodb.us-east-1.amazonaws.com`,
    /// `http://LOCALHOST:8000` or `https://proxy.example/dynamodb`.
    pub fn parse(endpoint: &str) -> Endpoint {
        // Byte-slice code throughout: `str` slicing and searching would
        // pull panic formatting and a substring searcher into every worker.
        // fetch drops leading and trailing spaces and controls too.
        let bytes = endpoint.as_bytes().trim_ascii();
        let (scheme, rest) = match bytes.windows(3).position(|w| w == b"://") {
            Some(i) => (
                lower(bytes.get(..i).unwrap_or_default()),
                bytes.get(i + 3..).unwrap_or_default(),
            ),
            None => (String::from("https"), bytes),
        };
        let end = rest
            .iter()
            .position(|b| matches!(b, b'?' | b'#'))
            .unwrap_or(rest.len());
        let rest = rest.get(..end).unwrap_or_default();
        let split = rest
            .iter()
            .position(|b| matches!(b, b'/' | b'\\'))
            .unwrap_or(rest.len());
        let (authority, path) = rest.split_at_checked(split).unwrap_or_default();
        // A user name or password never reaches the Host header.
        let authority = match authority.iter().rposition(|&b| b == b'@') {
            Some(i) => authority.get(i + 1..).unwrap_or_default(),
            None => authority,
        };
        let host = host_header(&scheme, authority);
        let path = url_path(path);
        let mut url = scheme;
        url.push_str("://");
        url.push_str(&host);
        url.push_str(&path);
        Endpoint { url, host, path }
    }

    /// The URL requests are posted to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The `Host` header `fetch` sends for [`url`](Self::url).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The path of [`url`](Self::url), as sent (`/` when the endpoint has
    /// none).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether requests would go out as plain `http` to a host that is not
    /// loopback (`localhost`, an IPv4 literal in 127.0.0.0/8, `[::1]`):
    /// signed requests and session tokens in clear text.
    pub fn is_insecure(&self) -> bool {
        if !self.url.as_bytes().starts_with(b"http://") {
            return false;
        }
        let host = self.host.as_bytes();
        // Without the port, which follows a `:` outside brackets.
        let name = match host.iter().rposition(|&b| b == b':') {
            Some(i) if !host.get(i..).unwrap_or_default().contains(&b']') => {
                host.get(..i).unwrap_or_default()
            }
            _ => host,
        };
        let loopback_ipv4 =
            name.starts_with(b"127.") && name.iter().all(|&b| b.is_ascii_digit() || b == b'.');
        !(name == b"localhost" || name == b"[::1]" || loopback_ipv4)
    }
}

/// ASCII letters in lower case; other bytes as they are (a non-ASCII
/// host would need IDNA, which `fetch` applies and this does not).
fn lower(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_ascii_lowercase()).unwrap_or_default()
}

/// `host[:port]` in lower case, without the scheme's default port.
fn host_header(scheme: &str, authority: &[u8]) -> String {
    // The port follows the last `:` outside an IPv6 literal's brackets.
    let split = authority
        .iter()
        .rposition(|&b| b == b':')
        .filter(|&i| !authority.get(i..).unwrap_or_default().contains(&b']'));
    let (host, port) = match split {
        Some(i) => (
            authority.get(..i).unwrap_or_default(),
            authority.get(i + 1..).unwrap_or_default(),
        ),
        None => (authority, &[][..]),
    };
    let mut out = lower(host);
    // The port as a number (`0443` is 443); an empty one means none.
    let mut number = Some(0u32);
    for &b in port {
        number = number
            .filter(|n| b.is_ascii_digit() && *n <= 65_535)
            .map(|n| n * 10 + u32::from(b - b'0'));
    }
    let default = match scheme {
        "http" => 80,
        "https" => 443,
        _ => 0,
    };
    match number {
        _ if port.is_empty() => {}
        Some(n) if n == default => {}
        Some(n) if n <= 65_535 => {
            out.push(':');
            push_decimal(&mut out, u64::from(n));
        }
        // Not a port the URL parser accepts: fetch refuses the URL, so
        // what is signed does not matter; keep it as written.
        _ => {
            out.push(':');
            out.push_str(&lower(port));
        }
    }
    out
}

/// `n` in decimal, without `core::fmt`.
pub(crate) fn push_decimal(out: &mut String, n: u64) {
    if n >= 10 {
        push_decimal(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// The path as the URL parser writes it: `/` when empty, `\` read as
/// `/`, `.` and `..` segments resolved, and controls, space, `"`, `<`,
/// `>`, `` ` ``, `{`, `}` and non-ASCII bytes percent-encoded.
fn url_path(path: &[u8]) -> String {
    let mut segments: Vec<&[u8]> = Vec::new();
    let mut parts = path.split(|&b| b == b'/' || b == b'\\').skip(1).peekable();
    while let Some(segment) = parts.next() {
        let last = parts.peek().is_none();
        match segment {
            b"." | b".." => {
                if segment == b".." {
                    segments.pop();
                }
                // `/a/.` and `/a/..` keep their trailing slash.
                if last {
                    segments.push(b"");
                }
            }
            _ => segments.push(segment),
        }
    }
    let mut out = String::with_capacity(path.len() + 1);
    if segments.is_empty() {
        out.push('/');
    }
    for segment in segments {
        out.push('/');
        for &b in segment {
            if b <= b' ' || b >= 0x7f || matches!(b, b'"' | b'<' | b'>' | b'`' | b'{' | b'}') {
                push_escaped(&mut out, b);
            } else {
                out.push(char::from(b));
            }
        }
    }
    out
}

pub(super) fn push_escaped(out: &mut String, b: u8) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(char::from(DIGITS[usize::from(b >> 4)]));
    out.push(char::from(DIGITS[usize::from(b & 0xf)]));
}
