//! An edge worker: a JSON API over one Rynamo model, the same model code a
//! native service would use. `worker.mjs` adapts workerd's `fetch` event to
//! [`handle`].
//!
//! - `POST /setup` creates the table (local work only)
//! - `PUT /notes` with `{"user","id","text","stars"}` saves a note (only if new)
//! - `GET /notes/{user}/{id}` reads one; 404 when absent
//! - `GET /notes/{user}?min_stars=N` queries a user's notes

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

fn reply(status: u16, body: serde_json::Value) -> Reply {
    Reply {
        status,
        body: body.to_string(),
    }
}

fn failure(e: Error) -> Reply {
    let status = match e {
        Error::DoesNotExist(_) => 404,
        Error::ConditionalCheckFailed(_) => 409,
        Error::Encode(_) | Error::Decode(_) | Error::InvalidRequest(_) => 400,
        _ => 502,
    };
    reply(status, serde_json::json!({ "error": e.to_string() }))
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
    let credentials = Credentials {
        access_key_id: "worker".into(),
        secret_access_key: "local".into(),
        session_token: None,
    };
    let db = Client::new(&endpoint, "us-east-1", credentials);
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let result = match (method.as_str(), parts.as_slice()) {
        ("POST", ["setup"]) => Note::table()
            .create(&db)
            .await
            .map(|_| reply(201, serde_json::json!({ "created": "notes" }))),
        ("PUT", ["notes"]) => match serde_json::from_str(&body)
            .map_err(|e| e.to_string())
            .and_then(|v| Note::from_simple_json(v).map_err(|e| e.to_string()))
        {
            Ok(mut note) => note
                .save()
                .when(Note::ID.not_exists())
                .send(&db)
                .await
                .map(|_| reply(201, serde_json::json!({ "saved": note.id }))),
            Err(e) => Ok(reply(400, serde_json::json!({ "error": e }))),
        },
        ("GET", ["notes", user, id]) => match Note::get((*user, *id)).send(&db).await {
            Ok(note) => note
                .to_simple_json()
                .map(|j| reply(200, j))
                .map_err(Error::from),
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
                Ok(notes) => notes
                    .iter()
                    .map(|n| n.to_simple_json())
                    .collect::<Result<Vec<_>, _>>()
                    .map(|list| reply(200, serde_json::Value::Array(list)))
                    .map_err(Error::from),
                Err(e) => Err(e),
            }
        }
        _ => Ok(reply(404, serde_json::json!({ "error": "no such route" }))),
    };
    result.unwrap_or_else(failure)
}
