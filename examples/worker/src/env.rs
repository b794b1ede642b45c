//! The worker's settings, read from its environment bindings (secrets for
//! the credentials, vars for the rest; see `wrangler.toml`), never from
//! the code.

use rynamo_wasm::{Client, Credentials};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The `env` object workerd passes to `fetch`: each binding is a
    /// string property.
    pub type Env;

    #[wasm_bindgen(method, getter, js_name = AWS_ACCESS_KEY_ID)]
    fn access_key_id(this: &Env) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = AWS_SECRET_ACCESS_KEY)]
    fn secret_access_key(this: &Env) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = AWS_SESSION_TOKEN)]
    fn session_token(this: &Env) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = AWS_REGION)]
    fn region(this: &Env) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = DYNAMODB_ENDPOINT)]
    fn endpoint(this: &Env) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = TABLE_PREFIX)]
    fn table_prefix(this: &Env) -> Option<String>;
}

/// A client configured from `env`, or the name of the binding that is
/// missing.
pub fn client(env: &Env) -> Result<Client, &'static str> {
    let present = |value: Option<String>| value.filter(|v| !v.is_empty());
    let region = present(env.region()).ok_or("AWS_REGION")?;
    let credentials = Credentials {
        access_key_id: present(env.access_key_id()).ok_or("AWS_ACCESS_KEY_ID")?,
        secret_access_key: present(env.secret_access_key()).ok_or("AWS_SECRET_ACCESS_KEY")?,
        session_token: present(env.session_token()),
    };
    // Without DYNAMODB_ENDPOINT: the region's AWS endpoint.
    let endpoint = present(env.endpoint())
        .unwrap_or_else(|| format!("https://dynamodb.{region}.amazonaws.com"));
    let db = Client::new(&endpoint, &region, credentials);
    Ok(match present(env.table_prefix()) {
        Some(prefix) => db.table_prefix(prefix),
        None => db,
    })
}
