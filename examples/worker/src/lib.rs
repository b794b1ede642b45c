//! An edge worker: a JSON API over one Rynamo model, the same model code a
//! native service would use. `worker.mjs` adapts workerd's `fetch` event to
//! [`handle`]; credentials, region and endpoint come from the worker's
//! bindings (see `env.rs` and `wrangler.toml`).
//!
//! - `PUT /notes` with `{"user","id","text","stars"}` saves a note (only if new): 201, 409 if it exists
//! - `GET /notes/{user}/{id}` reads one; 404 when absent (segments are percent-decoded)
//! - `GET /notes/{user}?min_stars=N&limit=M` queries a user's notes
//!
//! Errors are `{"error": "..."}` with the status from `status.rs`.
//!
//! On wasm32 the worker is `no_std`: rynamo-wasm (without its `std`
//! feature) supplies a panic handler that traps and, with `heap`, the
//! allocator; nothing here needs more than `alloc`.
#![cfg_attr(all(target_arch = "wasm32", not(test)), no_std)]

extern crate alloc;

mod env;
mod request;
mod status;

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::future::Future;
use core::pin::Pin;

use js_sys::Promise;
use rynamo_core::json::{self, ObjectWriter};
use rynamo_core::prelude::*;
use rynamo_wasm::{Client, task};
use wasm_bindgen::prelude::*;

pub use env::Env;
use request::NoteQuery;

/// A note, one per (user, id).
#[derive(Model)]
#[rynamo(table = "notes")]
struct Note {
    #[rynamo(hash_key)]
    user: String,
    #[rynamo(range_key)]
    id: String,
    text: String,
    stars: u32,
}

/// A response: status and JSON body.
struct Reply {
    status: u16,
    body: String,
}

fn reply(status: u16, body: Vec<u8>) -> Reply {
    Reply {
        status,
        // Only valid UTF-8 JSON is written below.
        body: String::from_utf8(body).unwrap_or_default(),
    }
}

/// `{"<key>": "<text>"}`, written without a JSON library.
fn message(status: u16, key: &str, text: &str) -> Reply {
    let mut body = Vec::new();
    let mut o = ObjectWriter::new(&mut body);
    o.string(key, text);
    o.finish();
    reply(status, body)
}

fn failure(e: Error) -> Reply {
    message(status::status(&e), "error", &e.to_string())
}

/// Handles one request (`query` without its `?`) with the client the
/// bindings in `env` describe; resolves to `[status, body]`, the body a
/// JSON text. (An array of two plain values, not an exported struct: a
/// struct would add a JS class, its getters and a finalizer to the glue.)
/// Run by rynamo-wasm's executor (`task::spawn`), not as an `async fn`
/// export, which would compile in wasm-bindgen-futures' as well.
#[wasm_bindgen]
pub fn handle(env: Env, method: String, path: String, query: String, body: String) -> Promise {
    task::spawn(Box::pin(async move {
        // The route is picked by plain functions and awaited here: no
        // `async fn` between this future and the route's own.
        let reply = match env::client(&env) {
            Ok(db) => match request::segments(&path) {
                Ok(segments) => match route(db, &method, &segments, &query, &body) {
                    Ok(route) => route.await.unwrap_or_else(failure),
                    Err(reply) => reply,
                },
                Err(e) => message(400, "error", &e),
            },
            Err(binding) => {
                // Pieces, not `format!`: no `core::fmt` in the worker.
                let text = String::from("the worker has no `") + binding + "` binding";
                message(500, "error", &text)
            }
        };
        let Reply { status, body } = reply;
        Ok(js_sys::Array::of2(&status.into(), &body.into()).into())
    }))
}

/// The route's future, or the reply when there is nothing to send (a bad
/// query, no such route).
fn route<'a>(
    db: &'a Client,
    method: &str,
    segments: &'a [String],
    query: &str,
    body: &'a str,
) -> Result<Route<'a>, Reply> {
    // Matched as `String`s with guards: no second vector of `&str`s.
    Ok(match (method, segments) {
        ("PUT", [notes]) if notes == "notes" => Box::pin(put(db, body)),
        ("GET", [notes, user, id]) if notes == "notes" => Box::pin(get(db, user, id)),
        ("GET", [notes, user]) if notes == "notes" => match NoteQuery::parse(query) {
            Ok(q) => Box::pin(list(db, user, q)),
            Err(e) => return Err(message(400, "error", &e)),
        },
        _ => return Err(message(404, "error", "no such route")),
    })
}

/// One route's work, boxed as a `dyn Future` so that each route's state
/// machine is a wasm function of its own. Inlined into `handle`'s (one
/// function of 33 KB), it cost 15 ms of V8's baseline compiler at the
/// first request, a third of the cold start; apart, each compiles in well
/// under a millisecond, and only when it is first used.
type Route<'a> = Pin<Box<dyn Future<Output = Result<Reply, Error>> + 'a>>;

async fn put(db: &Client, body: &str) -> Result<Reply, Error> {
    match json::parse(body.as_bytes(), Note::read_simple_json) {
        Ok(mut note) => note
            .save()
            .condition(Note::ID.not_exists())
            .send(db)
            .await
            .map(|_| message(201, "saved", &note.id)),
        Err(e) => Ok(message(400, "error", &e.to_string())),
    }
}

async fn get(db: &Client, user: &str, id: &str) -> Result<Reply, Error> {
    let note = Note::get((user, id)).send(db).await?;
    let mut out = Vec::new();
    note.write_simple_json(&mut out)?;
    Ok(reply(200, out))
}

async fn list(db: &Client, user: &str, q: NoteQuery) -> Result<Reply, Error> {
    let mut read = Note::query(user);
    if let Some(min) = q.min_stars {
        read = read.filter(Note::STARS.ge(min));
    }
    if let Some(limit) = q.limit {
        read = read.limit(limit);
    }
    let notes = read.all(db).await?;
    let mut out = Vec::from(*b"[");
    for (i, note) in notes.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        note.write_simple_json(&mut out)?;
    }
    out.push(b']');
    Ok(reply(200, out))
}
