//! The AWS shared config and credentials files: which files, which section.

mod ini;

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::env::{Env, var};
use crate::error::Error;
use ini::{Section, parse};

/// One profile's properties, merged from both shared files the way the AWS
/// SDKs do: the credentials file wins over the config file. It keeps both
/// files' sections, so the profiles and `sso-session`s it refers to can be
/// read without reading the files again.
#[derive(Clone, Default)]
pub(crate) struct Profile {
    /// The profile's name (`AWS_PROFILE`, else `default`).
    pub(crate) name: String,
    /// Where the config file is, if a path is known.
    pub(crate) config_file: Option<PathBuf>,
    /// Where the credentials file is, if a path is known.
    pub(crate) credentials_file: Option<PathBuf>,
    properties: BTreeMap<String, String>,
    files: Arc<Files>,
}

/// Both files' sections, in file order.
#[derive(Default)]
struct Files {
    config: Vec<Section>,
    credentials: Vec<Section>,
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not derived: the properties may hold secret keys.
        f.debug_struct("Profile")
            .field("name", &self.name)
            .field("config_file", &self.config_file)
            .field("credentials_file", &self.credentials_file)
            .finish_non_exhaustive()
    }
}

impl Profile {
    /// Reads the profile named by `AWS_PROFILE` (else `default`) from the files
    /// named by `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` (else
    /// `~/.aws/config` and `~/.aws/credentials`). A missing file is empty.
    pub(crate) fn load(env: Env<'_>) -> Result<Profile, Error> {
        let name = var(env, "AWS_PROFILE").unwrap_or_else(|| "default".into());
        let config_file = shared_file(env, "AWS_CONFIG_FILE", "config");
        let credentials_file = shared_file(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
        let files = Files {
            config: read(config_file.as_deref())?,
            credentials: read(credentials_file.as_deref())?,
        };
        let profile = Profile {
            name: String::new(),
            config_file,
            credentials_file,
            properties: BTreeMap::new(),
            files: Arc::new(files),
        };
        Ok(profile.named(&name))
    }

    /// The profile called `name` from the same files.
    pub(crate) fn named(&self, name: &str) -> Profile {
        let mut properties = BTreeMap::new();
        // The config file names profiles `[profile NAME]`, except `[default]`.
        let in_config = |section: &str| match section.strip_prefix("profile") {
            Some(rest) if rest.starts_with([' ', '\t']) => rest.trim() == name,
            _ => name == "default" && section == "default",
        };
        extend(&self.files.config, in_config, &mut properties);
        // The credentials file names profiles `[NAME]`.
        extend(&self.files.credentials, |s| s == name, &mut properties);
        Profile {
            name: name.into(),
            config_file: self.config_file.clone(),
            credentials_file: self.credentials_file.clone(),
            properties,
            files: Arc::clone(&self.files),
        }
    }

    /// Whether either file has a section for this profile.
    pub(crate) fn exists(&self) -> bool {
        !self.properties.is_empty()
    }

    /// The value of `key` in this profile, if set and not empty.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.properties
            .get(key)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    }

    /// The endpoint the profile's `services` section names for `service`
    /// (`services = NAME` and, in the config file, `[services NAME]` with
    /// `dynamodb =` ↵ `  endpoint_url = …`), if any.
    pub(crate) fn service_endpoint(&self, service: &str) -> Option<String> {
        let name = self.get("services")?;
        let wanted = |section: &str| match section.strip_prefix("services") {
            Some(rest) if rest.starts_with([' ', '\t']) => rest.trim() == name,
            _ => false,
        };
        let mut properties = BTreeMap::new();
        extend(&self.files.config, wanted, &mut properties);
        properties
            .remove(&format!("{service}.endpoint_url"))
            .filter(|url| !url.is_empty())
    }

    /// The `[sso-session NAME]` section of the config file, if there is one.
    pub(crate) fn sso_session(&self, name: &str) -> Option<BTreeMap<String, String>> {
        let wanted = |section: &str| match section.strip_prefix("sso-session") {
            Some(rest) if rest.starts_with([' ', '\t']) => rest.trim() == name,
            _ => false,
        };
        let mut properties = BTreeMap::new();
        extend(&self.files.config, wanted, &mut properties);
        (!properties.is_empty()).then_some(properties)
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

/// The home directory: `HOME`, else `USERPROFILE`.
pub(crate) fn home(env: Env<'_>) -> Option<PathBuf> {
    var(env, "HOME")
        .or_else(|| var(env, "USERPROFILE"))
        .map(PathBuf::from)
}

/// Expands a leading `~`, as the AWS CLI does for its path variables.
pub(crate) fn expand_home(env: Env<'_>, path: &str) -> Option<PathBuf> {
    if path == "~" {
        return home(env);
    }
    match path.strip_prefix("~/").or_else(|| path.strip_prefix("~\\")) {
        Some(rest) => home(env).map(|home| home.join(rest)),
        None => Some(PathBuf::from(path)),
    }
}

/// The sections of the file at `path`; none if there is no path or no file.
fn read(path: Option<&Path>) -> Result<Vec<Section>, Error> {
    let Some(path) = path else {
        return Ok(Vec::new());
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(Error::ReadFile {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    parse(&text).map_err(|(line, message)| Error::ParseFile {
        path: path.to_path_buf(),
        line,
        message,
    })
}

/// Adds the properties of every section `wanted` accepts; later values win.
fn extend(
    sections: &[Section],
    wanted: impl Fn(&str) -> bool,
    into: &mut BTreeMap<String, String>,
) {
    for section in sections.iter().filter(|section| wanted(&section.name)) {
        into.extend(section.properties.iter().cloned());
    }
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
