//! SHA-256 and HMAC-SHA-256 for the signer. On wasm32 they are the host's
//! WebCrypto (`crypto.subtle`: workerd, browsers, Deno, Node ≥ 19), so no
//! hash code is compiled into the `.wasm`; elsewhere (the native unit
//! tests) `sha2`. Both give the same bytes: the shared SigV4 fixtures run
//! against each (natively here, and through the built package in Node).

use rynamo_core::transport::TransportError;

pub(super) use imp::{HmacKey, hmac, hmac_key, sha256};

#[cfg(target_arch = "wasm32")]
mod imp {
    use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
    use rynamo_core::transport::{TransportError, TransportErrorKind};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    /// An HMAC-SHA-256 key imported into WebCrypto (a `CryptoKey`).
    #[derive(Clone)]
    pub struct HmacKey(JsValue);

    fn failed() -> TransportError {
        TransportError::new(
            TransportErrorKind::Request,
            "signing the request: crypto.subtle (WebCrypto) failed or is missing",
        )
    }

    /// Calls `crypto.subtle[method](...args)` and waits for its promise.
    async fn subtle(method: &str, args: &Array) -> Result<JsValue, TransportError> {
        let subtle = Reflect::get(&js_sys::global(), &"crypto".into())
            .and_then(|crypto| Reflect::get(&crypto, &"subtle".into()))
            .ok()
            .filter(|s| s.is_object())
            .ok_or_else(failed)?;
        let function = Reflect::get(&subtle, &method.into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(failed)?;
        let promise = Reflect::apply(&function, &subtle, args).map_err(|_| failed())?;
        JsFuture::from(Promise::from(promise))
            .await
            .map_err(|_| failed())
    }

    fn digest32(buffer: JsValue) -> Result<[u8; 32], TransportError> {
        let bytes = Uint8Array::new(&buffer);
        let mut out = [0u8; 32];
        if bytes.length() != 32 {
            return Err(failed());
        }
        bytes.copy_to(&mut out);
        Ok(out)
    }

    /// SHA-256 of `data`.
    pub async fn sha256(data: &[u8]) -> Result<[u8; 32], TransportError> {
        let args = Array::of2(&"SHA-256".into(), &Uint8Array::from(data));
        digest32(subtle("digest", &args).await?)
    }

    /// Imports `key` for HMAC-SHA-256.
    pub async fn hmac_key(key: &[u8]) -> Result<HmacKey, TransportError> {
        let algorithm = Object::new();
        let _ = Reflect::set(&algorithm, &"name".into(), &"HMAC".into());
        let _ = Reflect::set(&algorithm, &"hash".into(), &"SHA-256".into());
        let args = Array::of5(
            &"raw".into(),
            &Uint8Array::from(key),
            &algorithm,
            &false.into(),
            &Array::of1(&"sign".into()),
        );
        subtle("importKey", &args).await.map(HmacKey)
    }

    /// HMAC-SHA-256 of `data` under `key`.
    pub async fn hmac(key: &HmacKey, data: &[u8]) -> Result<[u8; 32], TransportError> {
        let args = Array::of3(&"HMAC".into(), &key.0, &Uint8Array::from(data));
        digest32(subtle("sign", &args).await?)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use rynamo_core::transport::TransportError;
    use sha2::{Digest, Sha256};

    /// An HMAC-SHA-256 key: its bytes.
    #[derive(Clone)]
    pub struct HmacKey(Vec<u8>);

    /// SHA-256 of `data`.
    pub async fn sha256(data: &[u8]) -> Result<[u8; 32], TransportError> {
        Ok(Sha256::digest(data).into())
    }

    /// Takes `key` for HMAC-SHA-256.
    pub async fn hmac_key(key: &[u8]) -> Result<HmacKey, TransportError> {
        Ok(HmacKey(key.to_vec()))
    }

    /// HMAC-SHA-256 of `data` under `key` (RFC 2104).
    pub async fn hmac(key: &HmacKey, data: &[u8]) -> Result<[u8; 32], TransportError> {
        const BLOCK: usize = 64;
        let mut block = [0u8; BLOCK];
        if key.0.len() > BLOCK {
            block[..32].copy_from_slice(&Sha256::digest(&key.0));
        } else {
            block[..key.0.len()].copy_from_slice(&key.0);
        }
        let mut inner = Sha256::new();
        inner.update(block.map(|b| b ^ 0x36));
        inner.update(data);
        let mut outer = Sha256::new();
        outer.update(block.map(|b| b ^ 0x5c));
        outer.update(inner.finalize());
        Ok(outer.finalize().into())
    }
}

/// HMAC-SHA-256 of `data` under raw `key` bytes.
pub(super) async fn hmac_raw(key: &[u8], data: &[u8]) -> Result<[u8; 32], TransportError> {
    hmac(&hmac_key(key).await?, data).await
}
