//! The AWS shared config and credentials files: which files, which section,
//! and the small INI dialect they are written in.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::config::{Env, var};
use crate::error::Error;

/// One profile's properties, merged from both shared files the way the AWS
/// SDKs do: the credentials file wins over the config file.
#[derive(Debug, Default)]
pub(crate) struct Profile {
    /// The profile's name (`AWS_PROFILE`, else `default`).
    pub(crate) name: String,
    /// Where the config file is, if a path is known.
    pub(crate) config_file: Option<PathBuf>,
    /// Where the credentials file is, if a path is known.
    pub(crate) credentials_file: Option<PathBuf>,
    properties: BTreeMap<String, String>,
}

impl Profile {
    /// Reads the profile named by `AWS_PROFILE` (else `default`) from the files
    /// named by `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` (else
    /// `~/.aws/config` and `~/.aws/credentials`). A missing file is empty.
    pub(crate) fn load(env: Env<'_>) -> Result<Profile, Error> {
        let name = var(env, "AWS_PROFILE").unwrap_or_else(|| "default".into());
        let config_file = shared_file(env, "AWS_CONFIG_FILE", "config");
        let credentials_file = shared_file(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
        let mut properties = BTreeMap::new();
        if let Some(path) = &config_file {
            // The config file names profiles `[profile NAME]`, except `[default]`.
            let wanted = |section: &str| match section.strip_prefix("profile") {
                Some(rest) if rest.starts_with([' ', '\t']) => rest.trim() == name,
                _ => name == "default" && section == "default",
            };
            read_into(path, wanted, &mut properties)?;
        }
        if let Some(path) = &credentials_file {
            // The credentials file names profiles `[NAME]`.
            read_into(path, |section: &str| section == name, &mut properties)?;
        }
        Ok(Profile {
            name,
            config_file,
            credentials_file,
            properties,
        })
    }

    /// The value of `key` in this profile, if set and not empty.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.properties
            .get(key)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    }
}

/// A profile read on first use, so explicit settings never touch the files.
pub(crate) struct LazyProfile<'e> {
    env: Env<'e>,
    profile: Option<Profile>,
}

impl<'e> LazyProfile<'e> {
    /// A profile to be read from the files `env` points at.
    pub(crate) fn new(env: Env<'e>) -> Self {
        LazyProfile { env, profile: None }
    }

    /// The profile, read now if it was not yet.
    pub(crate) fn get(&mut self) -> Result<&Profile, Error> {
        let profile = match self.profile.take() {
            Some(profile) => profile,
            None => Profile::load(self.env)?,
        };
        Ok(self.profile.insert(profile))
    }
}

/// The path in `override_var`, else `~/.aws/<file_name>`; `None` if neither
/// is set nor a home directory known.
fn shared_file(env: Env<'_>, override_var: &str, file_name: &str) -> Option<PathBuf> {
    match var(env, override_var) {
        Some(path) => expand_home(env, &path),
        None => home(env).map(|home| home.join(".aws").join(file_name)),
    }
}

fn home(env: Env<'_>) -> Option<PathBuf> {
    var(env, "HOME")
        .or_else(|| var(env, "USERPROFILE"))
        .map(PathBuf::from)
}

/// Expands a leading `~`, as the AWS CLI does for its path variables.
fn expand_home(env: Env<'_>, path: &str) -> Option<PathBuf> {
    if path == "~" {
        return home(env);
    }
    match path.strip_prefix("~/").or_else(|| path.strip_prefix("~\\")) {
        Some(rest) => home(env).map(|home| home.join(rest)),
        None => Some(PathBuf::from(path)),
    }
}

/// Adds the properties of every section `wanted` accepts to `into`; later
/// values win. A file that does not exist adds nothing.
fn read_into(
    path: &Path,
    wanted: impl Fn(&str) -> bool,
    into: &mut BTreeMap<String, String>,
) -> Result<(), Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(Error::ReadFile {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let sections = parse(&text).map_err(|(line, message)| Error::ParseFile {
        path: path.to_path_buf(),
        line,
        message,
    })?;
    for section in sections.into_iter().filter(|section| wanted(&section.name)) {
        into.extend(section.properties);
    }
    Ok(())
}

/// One `[name]` and the `key = value` lines under it.
#[derive(Debug, PartialEq, Eq)]
struct Section {
    name: String,
    properties: Vec<(String, String)>,
}

/// Parses the shared files' INI dialect: `[section]` headers, `key = value`
/// properties, whole-line comments starting with `#` or `;`, and inline
/// comments after whitespace. Indented lines after a property continue it
/// (sub-properties such as `s3 =` ↵ `  max_concurrent_requests = 20`) and are
/// skipped, so they cannot shadow the profile's own keys.
///
/// An error is the 1-based line number and what is wrong, never the line
/// itself, which may hold a secret.
fn parse(text: &str) -> Result<Vec<Section>, (usize, &'static str)> {
    let mut sections: Vec<Section> = Vec::new();
    let mut in_property = false;
    for (index, raw) in text.lines().enumerate() {
        let line_number = index + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if raw.starts_with([' ', '\t']) && in_property {
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
        section
            .properties
            .push((key.into(), strip_comment(value).trim().into()));
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
pub(crate) mod tests {
    use super::*;

    /// A fresh, empty directory for one test's files.
    pub(crate) fn temp_dir(test: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("rynamo-native-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// A lookup over a fixed map, instead of the process environment.
    pub(crate) fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    /// Writes `~/.aws/config` and `~/.aws/credentials` under a fake home.
    pub(crate) fn write_aws_files(home: &Path, config: &str, credentials: &str) {
        std::fs::create_dir_all(home.join(".aws")).unwrap();
        std::fs::write(home.join(".aws/config"), config).unwrap();
        std::fs::write(home.join(".aws/credentials"), credentials).unwrap();
    }

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
                      region = should-not-count\n\
                    tag = a#b\n";
        let sections = parse(text).unwrap();
        assert_eq!(
            sections,
            vec![
                section("default", &[("region", "eu-west-1"), ("output", "json")]),
                section(
                    "profile dev",
                    &[("region", "us-east-2"), ("s3", ""), ("tag", "a#b")]
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

    #[test]
    fn credentials_file_wins_over_config_file_for_the_selected_profile() {
        let home = temp_dir("profile-merge");
        write_aws_files(
            &home,
            "[default]\nregion = eu-west-1\n[profile dev]\nregion = us-east-2\naws_access_key_id = FROMCONFIG\n",
            "[default]\naws_access_key_id = DEFAULTKEY\n[dev]\naws_access_key_id = DEVKEY\n",
        );
        let env = env_of(&[("HOME", home.to_str().unwrap()), ("AWS_PROFILE", "dev")]);
        let profile = Profile::load(&env).unwrap();
        assert_eq!(profile.name, "dev");
        assert_eq!(profile.get("region"), Some("us-east-2"));
        assert_eq!(profile.get("aws_access_key_id"), Some("DEVKEY"));
        assert_eq!(
            profile.credentials_file,
            Some(home.join(".aws/credentials"))
        );
    }

    #[test]
    fn default_profile_reads_default_sections_only() {
        let home = temp_dir("profile-default");
        write_aws_files(
            &home,
            "[profile other]\nregion = x\n[default]\nregion = y\n",
            "[other]\nk = v\n",
        );
        let env = env_of(&[("HOME", home.to_str().unwrap())]);
        let profile = Profile::load(&env).unwrap();
        assert_eq!(profile.get("region"), Some("y"));
        assert_eq!(profile.get("k"), None);
    }

    #[test]
    fn file_variables_override_home_and_expand_tilde() {
        let home = temp_dir("profile-override");
        std::fs::write(home.join("my-config"), "[default]\nregion = ap-south-1\n").unwrap();
        let env = env_of(&[
            ("HOME", home.to_str().unwrap()),
            ("AWS_CONFIG_FILE", "~/my-config"),
            (
                "AWS_SHARED_CREDENTIALS_FILE",
                "/nonexistent/rynamo/credentials",
            ),
        ]);
        let profile = Profile::load(&env).unwrap();
        assert_eq!(profile.get("region"), Some("ap-south-1"));
        assert_eq!(profile.config_file, Some(home.join("my-config")));
    }

    #[test]
    fn missing_files_and_home_give_an_empty_profile() {
        let profile = Profile::load(&env_of(&[])).unwrap();
        assert_eq!(profile.name, "default");
        assert_eq!(
            (profile.config_file, profile.credentials_file),
            (None, None)
        );
        assert!(profile.properties.is_empty());
    }

    #[test]
    fn malformed_file_is_an_error_with_path_and_line() {
        let home = temp_dir("profile-malformed");
        write_aws_files(&home, "", "[default]\naws_secret_access_key\n");
        let error = Profile::load(&env_of(&[("HOME", home.to_str().unwrap())])).unwrap_err();
        let path = home.join(".aws/credentials");
        assert!(matches!(&error, Error::ParseFile { path: p, line: 2, .. } if *p == path));
        assert_eq!(
            error.to_string(),
            format!(
                "{}:2: expected `[section]`, `key = value` or a comment",
                path.display()
            )
        );
    }
}
