//! Where `AWS_*` settings are looked up: the process environment, or a fixed
//! set of variables given to [`Config::from_vars`](crate::Config::from_vars).
//!
//! Config, profile and credentials all read through [`Env`], so none of them
//! imports another for it.

use std::collections::BTreeMap;
use std::sync::Arc;

/// A lookup of environment variables; tests pass a map instead of the process
/// environment.
pub(crate) type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The variable `name`, if set and not empty.
pub(crate) fn var(env: Env<'_>, name: &str) -> Option<String> {
    env(name).filter(|value| !value.is_empty())
}

/// Whether the variable `name` is set to `true`, in any case.
pub(crate) fn flag(env: Env<'_>, name: &str) -> bool {
    var(env, name).is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))
}

/// The process environment.
pub(crate) fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The source of variables a [`Config`](crate::Config) resolves against.
#[derive(Clone, Default)]
pub(crate) enum Vars {
    /// The process environment, read when the transport is built.
    #[default]
    Process,
    /// A fixed set; anything not in it is unset.
    Fixed(Arc<BTreeMap<String, String>>),
}

impl Vars {
    /// Runs `f` with a lookup over these variables.
    pub(crate) fn with<T>(&self, f: impl FnOnce(Env<'_>) -> T) -> T {
        match self {
            Vars::Process => f(&process_env),
            Vars::Fixed(map) => f(&|name: &str| map.get(name).cloned()),
        }
    }
}

impl std::fmt::Debug for Vars {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names only: the values may be secret keys.
        match self {
            Vars::Process => f.write_str("Process"),
            Vars::Fixed(map) => f
                .debug_tuple("Fixed")
                .field(&map.keys().collect::<Vec<_>>())
                .finish(),
        }
    }
}
