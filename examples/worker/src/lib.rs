//! An edge worker: a JSON API over one Rynamo model, the same model code a
//! native service would use. `worker.mjs` adapts workerd's `fetch` event to
//! [`handle`].
//!
//! - `PUT /notes` with `{"user","id","text","stars"}` saves a note (only if new)
//! - `GET /notes/{user}/{id}` reads one; 404 when absent
//! - `GET /notes/{user}?min_stars=N` queries a user's notes

use rynamo_core::json::{self, ObjectWriter};
use rynamo_core::prelude::*;
use rynamo_wasm::{Client, Credentials};
use wasm_bindgen::prelude::*;

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
#[wasm_bindgen(getter_with_clone)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// JSON body.
    pub body: String,
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
    let status = match e {
        Error::DoesNotExist(_) => 404,
        Error::ConditionalCheckFailed(_) => 409,
        Error::Encode(_) | Error::Decode(_) | Error::InvalidRequest(_) => 400,
        _ => 502,
    };
    message(status, "error", &e.to_string())
}

/// Handles one request against DynamoDB at `endpoint`.
#[wasm_bindgen]
pub async fn handle(
    endpoint: String,
    method: String,
    path: String,
    query: String,
    body: String,
) -> Reply {
    let credentials = Credentials::new("worker", "local", None);
    let db = Client::new(&endpoint, "us-east-1", credentials);
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let result = match (method.as_str(), parts.as_slice()) {
        ("PUT", ["notes"]) => match json::parse(body.as_bytes(), Note::read_simple_json) {
            Ok(mut note) => note
                .save()
                .when(Note::ID.not_exists())
                .send(&db)
                .await
                .map(|_| message(201, "saved", &note.id)),
            Err(e) => Ok(message(400, "error", &e.to_string())),
        },
        ("GET", ["notes", user, id]) => match Note::get((*user, *id)).send(&db).await {
            Ok(note) => {
                let mut out = Vec::new();
                note.write_simple_json(&mut out)
                    .map(|_| reply(200, out))
                    .map_err(Error::from)
            }
            Err(e) => Err(e),
        },
        ("GET", ["notes", user]) => {
            let min: u32 = query
                .strip_prefix("min_stars=")
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            match Note::query(*user)
                .filter(Note::STARS.ge(min))
                .all(&db)
                .await
            {
                Ok(notes) => {
                    let mut out = Vec::from(*b"[");
                    notes
                        .iter()
                        .enumerate()
                        .try_for_each(|(i, n)| {
                            if i > 0 {
                                out.push(b',');
                            }
                            n.write_simple_json(&mut out)
                        })
                        .map(|_| {
                            out.push(b']');
                            reply(200, out)
                        })
                        .map_err(Error::from)
                }
                Err(e) => Err(e),
            }
        }
        _ => Ok(message(404, "error", "no such route")),
    };
    result.unwrap_or_else(failure)
}
