//! Messages filled in from a template, without `core::fmt`'s machinery.
//!
//! `format!`, `write!` and `{}` arguments compile in `core::fmt::write`,
//! `Formatter::pad` (for every `&str` or `String` argument),
//! `pad_integral` with each integer type's `Display`, and a shim per
//! argument type: about 3 KB of a wasm build that only ever shows error
//! text. Errors fill a template instead: each `{}` in it takes the next
//! [`Arg`], text as it is and integers in decimal (through the core's one
//! decimal writer, [`IntegerBuffer`]). The text is what `format!` gives
//! with the same template; width and fill flags were never honoured by
//! these messages (`write!` ignores the caller's), so nothing is lost.

use alloc::string::{String, ToString};
use core::fmt;

use crate::number::IntegerBuffer;

/// One value of a message: text, or an integer written in decimal.
#[derive(Clone, Copy)]
pub(crate) enum Arg<'a> {
    /// Text, as it is.
    Text(&'a str),
    /// An integer, in decimal.
    Int(u64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Arg::Text(text)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Arg::Text(text)
    }
}

macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Int(n as u64)
            }
        }
    )*};
}
int_arg!(u8, u16, u32, u64, usize);

/// Writes `template` to `f` with each `{}` in it replaced by the next of
/// `args`: `write(f, "got {} bytes", &[n.into()])`.
pub(crate) fn write(f: &mut fmt::Formatter<'_>, template: &str, args: &[Arg<'_>]) -> fmt::Result {
    let mut args = args.iter();
    let mut rest = template.as_bytes();
    // Bytes, not `str::split`: no string searcher. `{` is ASCII, so every
    // cut is at a character boundary.
    while let Some(at) = rest.windows(2).position(|w| w == b"{}") {
        let (text, after) = rest.split_at(at);
        f.write_str(core::str::from_utf8(text).unwrap_or_default())?;
        match args.next() {
            Some(Arg::Text(text)) => f.write_str(text)?,
            Some(Arg::Int(n)) => f.write_str(IntegerBuffer::new().format(*n))?,
            None => {}
        }
        rest = after.get(2..).unwrap_or_default();
    }
    f.write_str(core::str::from_utf8(rest).unwrap_or_default())
}

/// [`write`] into a new `String`: `format(t, args)` is `format!(t, args..)`.
pub(crate) fn format(template: &str, args: &[Arg<'_>]) -> String {
    struct Filled<'a>(&'a str, &'a [Arg<'a>]);
    impl fmt::Display for Filled<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write(f, self.0, self.1)
        }
    }
    // `to_string` writes through a `Formatter` of its own, without
    // `core::fmt::write`.
    Filled(template, args).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_placeholder_takes_the_next_value_as_format_would() {
        for n in [0u64, 7, 10, 65_535, u64::MAX] {
            assert_eq!(
                format("got {} bytes of {}", &[n.into(), "Zoë".into()]),
                alloc::format!("got {n} bytes of Zoë")
            );
            assert_eq!(format("{}", &[n.into()]), alloc::format!("{n}"));
            assert_eq!(
                format("{}{}", &["".into(), n.into()]),
                alloc::format!("{n}")
            );
        }
        assert_eq!(format("", &[]), "");
        assert_eq!(format("no values: é", &[]), "no values: é");
        assert_eq!(format("`{}`", &["{}".into()]), "`{}`");
        assert_eq!(format("a { b } c{", &[]), "a { b } c{");
    }
}
