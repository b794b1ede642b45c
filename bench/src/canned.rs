//! A canned-response DynamoDB endpoint on loopback, so the client is the
//! bottleneck, not the server: it answers every `GetItem` with one fixed
//! order and every other action with `{}`, over HTTP/1.1 keep-alive.
//!
//! It runs in a child process (this binary, `canned-server`), so its CPU
//! never counts towards the clients' CPU per operation.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use rynamo_core::Model;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::model::order;
use crate::workload::BenchError;

/// The canned server, started as a child process; killed when dropped.
pub struct CannedServer {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
}

impl CannedServer {
    /// Starts `rynamo-bench canned-server` and waits for its port.
    pub fn start() -> Result<CannedServer, BenchError> {
        let mut child = Command::new(std::env::current_exe()?)
            .arg("canned-server")
            .stdout(Stdio::piped())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let port: u16 = line
            .trim()
            .strip_prefix("listening ")
            .ok_or_else(|| format!("canned server said {line:?}"))?
            .parse()?;
        Ok(CannedServer {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        })
    }
}

impl Drop for CannedServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The child's side: serves until killed, on a 2-worker runtime.
pub fn serve() -> Result<(), BenchError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        println!("listening {}", listener.local_addr()?.port());
        let get = response(&get_body()?);
        let other = response(b"{}");
        let replies: &'static (Vec<u8>, Vec<u8>) = Box::leak(Box::new((get, other)));
        loop {
            let (stream, _) = listener.accept().await?;
            stream.set_nodelay(true)?;
            tokio::spawn(async move {
                let _ = connection(stream, replies).await;
            });
        }
    })
}

/// `{"Item": …}` for the benchmark's order.
fn get_body() -> Result<Vec<u8>, BenchError> {
    let mut item = Vec::new();
    order(1).write_item(&mut item)?;
    Ok([&b"{\"Item\":"[..], &item, b"}"].concat())
}

fn response(body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.0\r\n\
         x-amzn-requestid: canned\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// Answers requests on one connection until the client closes it.
async fn connection(
    mut stream: TcpStream,
    (get, other): &'static (Vec<u8>, Vec<u8>),
) -> Result<(), BenchError> {
    let mut buf = Vec::with_capacity(8192);
    loop {
        // Headers, then as much body as `content-length` says.
        let head_end = loop {
            if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            if stream.read_buf(&mut buf).await? == 0 {
                return Ok(());
            }
        };
        let head = std::str::from_utf8(&buf[..head_end])?.to_ascii_lowercase();
        let length: usize = header(&head, "content-length").unwrap_or("0").parse()?;
        let is_get = header(&head, "x-amz-target").is_some_and(|t| t.ends_with(".getitem"));
        while buf.len() < head_end + length {
            if stream.read_buf(&mut buf).await? == 0 {
                return Ok(());
            }
        }
        buf.drain(..head_end + length);
        stream.write_all(if is_get { get } else { other }).await?;
    }
}

/// A header's value in a lower-cased head.
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        (n.trim() == name).then(|| v.trim())
    })
}
