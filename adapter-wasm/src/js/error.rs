//! Rynamo errors as JS `Error`s whose `name` is the DynamoDB error name
//! (`ConditionalCheckFailedException`, `ResourceNotFoundException`, …).

use js_sys::{Array, Reflect};
use rynamo_core::Error;
use wasm_bindgen::JsValue;

use super::marshal::from_item;

/// The JS error for a Rynamo error.
pub fn to_js(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    let name = match &error {
        Error::ConditionalCheckFailed(_) => "ConditionalCheckFailedException".to_string(),
        Error::TransactionCanceled(_) => "TransactionCanceledException".to_string(),
        Error::Service(e) => {
            let name = e.type_name().rsplit('#').next().unwrap_or("");
            if name.is_empty() {
                format!("HttpError{}", e.status())
            } else {
                name.to_string()
            }
        }
        Error::DoesNotExist(_) => "DoesNotExist".into(),
        Error::Encode(_) => "RynamoEncodeError".into(),
        Error::Decode(_) => "RynamoDecodeError".into(),
        Error::Transport(_) => "RynamoTransportError".into(),
        Error::BatchIncomplete(_) => "RynamoBatchIncomplete".into(),
        _ => "RynamoError".into(),
    };
    js.set_name(&name);
    let _ = Reflect::set(&js, &"retryable".into(), &error.is_retryable().into());
    match &error {
        Error::ConditionalCheckFailed(e) => {
            if let Some(item) = e.item() {
                let _ = Reflect::set(&js, &"item".into(), &from_item(item));
            }
        }
        Error::TransactionCanceled(t) => {
            let reasons: Array = t
                .reasons()
                .iter()
                .map(|r| {
                    let o = js_sys::Object::new();
                    let _ = Reflect::set(&o, &"code".into(), &r.code().as_str().into());
                    if let Some(m) = r.message() {
                        let _ = Reflect::set(&o, &"message".into(), &m.into());
                    }
                    if let Some(item) = r.item() {
                        let _ = Reflect::set(&o, &"item".into(), &from_item(item));
                    }
                    JsValue::from(o)
                })
                .collect();
            let _ = Reflect::set(&js, &"reasons".into(), &reasons);
        }
        _ => {}
    }
    js.into()
}
