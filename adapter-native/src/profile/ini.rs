//! The small INI dialect of the AWS shared config and credentials files.

/// One `[name]` and the `key = value` lines under it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Section {
    pub(crate) name: String,
    pub(crate) properties: Vec<(String, String)>,
}

/// Parses the shared files' INI dialect: `[section]` headers, `key = value`
/// properties, whole-line comments starting with `#` or `;`, and inline
/// comments after whitespace. Indented lines after a property continue it.
/// Under a property with an empty value they are its sub-properties
/// (`dynamodb =` ↵ `  endpoint_url = …`), kept as `dynamodb.endpoint_url`:
/// dotted, so they cannot shadow the section's own keys. Other continued
/// lines are skipped.
///
/// An error is the 1-based line number and what is wrong, never the line
/// itself, which may hold a secret.
pub(crate) fn parse(text: &str) -> Result<Vec<Section>, (usize, &'static str)> {
    let mut sections: Vec<Section> = Vec::new();
    let mut in_property = false;
    // The key of the property the indented lines below belong to, when its
    // value is empty.
    let mut parent: Option<String> = None;
    for (index, raw) in text.lines().enumerate() {
        let line_number = index + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if raw.starts_with([' ', '\t']) && in_property {
            let sub = line.split_once('=').map(|(k, v)| (k.trim(), v));
            if let (Some(parent), Some((key, value)), Some(section)) =
                (&parent, sub, sections.last_mut())
                && !key.is_empty()
            {
                section.properties.push((
                    format!("{parent}.{key}"),
                    strip_comment(value).trim().into(),
                ));
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let (name, after) = rest.split_once(']').ok_or((line_number, "unclosed `[`"))?;
            if !strip_comment(after).trim().is_empty() {
                return Err((line_number, "unexpected text after `]`"));
            }
            let name = name.trim();
            if name.is_empty() {
                return Err((line_number, "empty section name"));
            }
            sections.push(Section {
                name: name.into(),
                properties: Vec::new(),
            });
            in_property = false;
            parent = None;
            continue;
        }
        let (key, value) = line.split_once('=').ok_or((
            line_number,
            "expected `[section]`, `key = value` or a comment",
        ))?;
        let key = key.trim();
        if key.is_empty() {
            return Err((line_number, "missing key before `=`"));
        }
        let section = sections
            .last_mut()
            .ok_or((line_number, "property before any `[section]`"))?;
        let value = strip_comment(value).trim();
        parent = value.is_empty().then(|| key.to_owned());
        section.properties.push((key.into(), value.into()));
        in_property = true;
    }
    Ok(sections)
}

/// `value` up to a `#` or `;` that follows whitespace.
fn strip_comment(value: &str) -> &str {
    let mut previous_is_space = true;
    for (at, c) in value.char_indices() {
        if previous_is_space && (c == '#' || c == ';') {
            return &value[..at];
        }
        previous_is_space = c.is_whitespace();
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(name: &str, properties: &[(&str, &str)]) -> Section {
        Section {
            name: name.into(),
            properties: properties
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn parses_sections_properties_and_comments() {
        let text = "# top comment\n\
                    ; another\n\
                    [default]\n\
                    region = eu-west-1   # inline\n\
                    output=json\n\
                    \n\
                    [ profile dev ] ; trailing\n\
                    region =us-east-2\n\
                    s3 =\n  \
                      region = sub-property\n\
                    tag = a#b\n  \
                      continued = not a sub-property\n";
        let sections = parse(text).unwrap();
        assert_eq!(
            sections,
            vec![
                section("default", &[("region", "eu-west-1"), ("output", "json")]),
                section(
                    "profile dev",
                    &[
                        ("region", "us-east-2"),
                        ("s3", ""),
                        ("s3.region", "sub-property"),
                        ("tag", "a#b")
                    ]
                ),
            ]
        );
    }

    #[test]
    fn parse_errors_name_the_line_but_not_its_text() {
        assert_eq!(
            parse("[default]\nsecret\n"),
            Err((2, "expected `[section]`, `key = value` or a comment"))
        );
        assert_eq!(
            parse("key = value\n"),
            Err((1, "property before any `[section]`"))
        );
        assert_eq!(parse("\n\n[default\n"), Err((3, "unclosed `[`")));
        assert_eq!(parse("[]\n"), Err((1, "empty section name")));
        assert_eq!(parse("[a]\n= v\n"), Err((2, "missing key before `=`")));
    }
}
