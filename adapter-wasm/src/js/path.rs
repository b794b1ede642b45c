//! Attribute paths from JS: strings (`"lines[0].sku"`: dots separate map
//! keys, `[n]` indexes lists) or arrays (`["a.b", 0, "c"]`) for names that
//! contain dots or brackets. Strings are parsed by the core's
//! `AttributePath::parse`.

use alloc::string::String;
use js_sys::Array;
use rynamo_core::expr::AttributePath;
use wasm_bindgen::prelude::*;

use super::options::whole;

fn type_error(message: String) -> JsValue {
    js_sys::TypeError::new(&message).into()
}

/// A JS path as an attribute path.
pub fn path(value: &JsValue) -> Result<AttributePath, JsValue> {
    if Array::is_array(value) {
        let mut out: Option<AttributePath> = None;
        for step in Array::from(value).iter() {
            out = Some(match (out, step.as_string(), step.as_f64()) {
                (None, Some(name), _) => AttributePath::new(name),
                (Some(p), Some(name), _) => p.field(name),
                (Some(p), None, Some(i)) if i >= 0.0 && whole(i) => p.index(i as usize),
                _ => {
                    return Err(type_error(
                        "a path array starts with a name, then holds names and list indexes".into(),
                    ));
                }
            });
        }
        return out.ok_or_else(|| type_error("an empty path".into()));
    }
    let text = value
        .as_string()
        .ok_or_else(|| type_error("a path is a string or an array".into()))?;
    parse(&text).ok_or_else(|| {
        type_error(super::marshal::text(&[
            "`",
            &text,
            "` is not a path like `a.b[0].c`",
        ]))
    })
}

/// The core's parser of DynamoDB's path syntax (one parser for Rust and JS).
fn parse(text: &str) -> Option<AttributePath> {
    AttributePath::parse(text).ok()
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn parses_dotted_and_indexed_paths() {
        assert_eq!(parse("a").unwrap().to_string(), "a");
        assert_eq!(parse("a.b[0].c").unwrap().to_string(), "a.b[0].c");
        assert_eq!(parse("a[1][2]").unwrap().to_string(), "a[1][2]");
        assert!(parse("a..b").is_none());
        assert!(parse("a[x]").is_none());
        assert!(parse("a[1]b").is_none());
    }
}
