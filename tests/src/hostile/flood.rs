//! A server whose reply is far larger than any DynamoDB reply (200 MB by
//! default), sent in 64 KB chunks with or without a `Content-Length`, that
//! counts how much of it the client read before hanging up.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A running flood server; it serves until the test process exits.
pub struct FloodServer {
    url: String,
    sent: Arc<AtomicU64>,
}

impl FloodServer {
    /// Answers every request with HTTP 200 and a JSON body of `bytes`
    /// bytes (`{"Items":[],"x":"aaaa…"}`), announcing its length when
    /// `declare_length`, else ending it by closing the connection.
    pub fn start(bytes: u64, declare_length: bool) -> FloodServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let sent = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&sent);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let counter = Arc::clone(&counter);
                std::thread::spawn(move || flood(stream, bytes, declare_length, &counter));
            }
        });
        FloodServer { url, sent }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Body bytes written so far over all connections (the client's socket
    /// buffers hold some that it never read).
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }
}

fn flood(mut stream: TcpStream, bytes: u64, declare_length: bool, sent: &AtomicU64) {
    // Read the request head and body, so the client sees a proper exchange.
    let mut reader = BufReader::new(&mut stream);
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let line = line.trim_end().to_ascii_lowercase();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("content-length:") {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let length_header = if declare_length {
        format!("content-length: {bytes}\r\n")
    } else {
        String::new()
    };
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.0\r\n{length_header}connection: close\r\n\r\n"
    );
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    let opening = br#"{"Items":[],"x":""#;
    let closing = br#""}"#;
    let filler = vec![b'a'; 64 * 1024];
    let mut left = bytes.saturating_sub((opening.len() + closing.len()) as u64);
    if stream.write_all(opening).is_err() {
        return;
    }
    sent.fetch_add(opening.len() as u64, Ordering::Relaxed);
    while left > 0 {
        let n = left.min(filler.len() as u64) as usize;
        if stream.write_all(&filler[..n]).is_err() {
            // The client hung up: it stopped reading.
            return;
        }
        sent.fetch_add(n as u64, Ordering::Relaxed);
        left -= n as u64;
    }
    if stream.write_all(closing).is_ok() {
        sent.fetch_add(closing.len() as u64, Ordering::Relaxed);
    }
}
