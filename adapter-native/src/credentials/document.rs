//! The JSON credentials document of the container endpoint, the instance
//! metadata service and `credential_process`, and ISO-8601 expiry times.

use rynamo_core::attr::UtcDateTime;
use serde_json::Value;

use super::Credentials;

/// Reads `{"AccessKeyId", "SecretAccessKey", <token_field>, "Expiration",
/// "AccountId"}`.
/// An error names the missing or malformed field, never a value.
pub(crate) fn read(body: &str, token_field: &str) -> Result<Credentials, String> {
    let document: Value = serde_json::from_str(body)
        .map_err(|error| format!("the reply is not JSON ({})", error.classify_name()))?;
    let text = |name: &str| document.get(name).and_then(Value::as_str);
    let required = |name: &str| {
        text(name)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| format!("the reply has no `{name}`"))
    };
    let mut credentials = Credentials::new(
        required("AccessKeyId")?,
        required("SecretAccessKey")?,
        text(token_field).filter(|t| !t.is_empty()).map(Into::into),
    );
    if let Some(expiration) = text("Expiration") {
        credentials = credentials.valid_until(parse_time(expiration)?);
    }
    // The container endpoints (EKS Pod Identity, ECS) and `credential_process`
    // may name the account; instance metadata does not.
    if let Some(account) = text("AccountId").filter(|id| !id.is_empty()) {
        credentials = credentials.for_account(account);
    }
    Ok(credentials)
}

/// Seconds since the Unix epoch of an ISO-8601 time such as
/// `2026-12-01T16:00:00Z`.
pub(crate) fn parse_time(text: &str) -> Result<u64, String> {
    UtcDateTime::parse(text)
        .ok()
        .and_then(|time| u64::try_from(time.unix_seconds()).ok())
        .ok_or_else(|| format!("`{text}` is not an ISO-8601 time"))
}

/// The kind of a JSON error, without quoting the text (it may hold a secret).
trait Classify {
    fn classify_name(&self) -> &'static str;
}

impl Classify for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "I/O error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected data",
            serde_json::error::Category::Eof => "it ends early",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_shape_with_its_expiry() {
        let body = r#"{"Code":"Success","AccessKeyId":"ASIA1","SecretAccessKey":"S","Token":"T","Expiration":"2026-12-01T16:00:00Z"}"#;
        let credentials = read(body, "Token").unwrap();
        assert_eq!(credentials.access_key_id(), "ASIA1");
        assert_eq!(credentials.secret_access_key(), "S");
        assert_eq!(credentials.session_token(), Some("T"));
        assert_eq!(credentials.expiry(), Some(1_796_140_800));
        assert_eq!(credentials.account_id(), None);
        let pod_identity = r#"{"AccessKeyId":"ASIA1","SecretAccessKey":"S","Token":"T","AccountId":"111122223333","Expiration":"2026-12-01T16:00:00Z"}"#;
        assert_eq!(
            read(pod_identity, "Token").unwrap().account_id(),
            Some("111122223333")
        );
    }

    #[test]
    fn errors_name_the_field_but_never_quote_the_body() {
        let error = read(r#"{"AccessKeyId":"ASIA1","Token":"s3cr3t"}"#, "Token").unwrap_err();
        assert_eq!(error, "the reply has no `SecretAccessKey`");
        let error = read(r#"{"SecretAccessKey":"s3cr3t""#, "Token").unwrap_err();
        assert_eq!(error, "the reply is not JSON (it ends early)");
    }
}
