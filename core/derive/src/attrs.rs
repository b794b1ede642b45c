//! Parsing `#[rynamo(...)]` on types, fields and variants.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Attribute, LitStr, Result};

use crate::template::{TemplateAttr, parse_attr};

/// One declared secondary index.
pub struct IndexAttr {
    pub global: bool,
    pub name: LitStr,
    pub hash_key: Option<LitStr>,
    pub range_key: Option<LitStr>,
    pub projection: String,
    pub include: Vec<String>,
    pub span: Span,
    /// `hash_key(name = "...", template = "...")`.
    pub hash_template: Option<TemplateAttr>,
    /// `range_key(name = "...", template = "...")`.
    pub range_template: Option<TemplateAttr>,
}

/// Type-level options.
#[derive(Default)]
pub struct TypeAttrs {
    pub table: Option<LitStr>,
    pub krate: Option<syn::Path>,
    pub indexes: Vec<IndexAttr>,
    pub discriminator: Option<LitStr>,
    pub discriminator_value: Option<LitStr>,
    /// `discriminator_alias = "..."`, once per further value.
    pub discriminator_aliases: Vec<LitStr>,
    /// The table's hash key as a template.
    pub hash_template: Option<TemplateAttr>,
    /// The table's range key as a template.
    pub range_template: Option<TemplateAttr>,
}

/// Field-level options.
#[derive(Default)]
pub struct FieldAttrs {
    pub hash_key: bool,
    pub range_key: bool,
    pub rename: Option<LitStr>,
    pub extra: bool,
    pub version: bool,
    pub ttl: bool,
    /// `#[rynamo(default)]` or `#[rynamo(default = "path::to_fn")]`.
    pub default: Option<FieldDefault>,
    pub span: Option<Span>,
}

/// The value a field takes when its attribute is absent.
pub enum FieldDefault {
    /// The type's `Default`.
    Trait,
    /// A function `fn() -> T`.
    Function(syn::Path),
}

const TYPE_KEYS: &str = "`table`, `crate`, `gsi(...)`, `lsi(...)`, `discriminator`, `discriminator_value`, `discriminator_alias`, `hash_key(name, template)`, `range_key(name, template)`";
const FIELD_KEYS: &str = "`hash_key`, `range_key`, `rename = \"...\"`, `extra`, `version`, `ttl`, `default`, `default = \"path::to_fn\"`";

fn rynamo_attrs(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("rynamo"))
}

impl TypeAttrs {
    pub fn parse(attrs: &[Attribute]) -> Result<Self> {
        let mut out = TypeAttrs::default();
        for attr in rynamo_attrs(attrs) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("table") {
                    out.table = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("hash_key") {
                    out.hash_template = Some(parse_attr(&meta)?);
                } else if meta.path.is_ident("range_key") {
                    out.range_template = Some(parse_attr(&meta)?);
                } else if meta.path.is_ident("discriminator") {
                    out.discriminator = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("discriminator_value") {
                    out.discriminator_value = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("discriminator_alias") {
                    out.discriminator_aliases.push(meta.value()?.parse()?);
                } else if meta.path.is_ident("crate") {
                    let path: LitStr = meta.value()?.parse()?;
                    out.krate = Some(path.parse()?);
                } else if meta.path.is_ident("gsi") || meta.path.is_ident("lsi") {
                    let global = meta.path.is_ident("gsi");
                    let mut index = IndexAttr {
                        global,
                        name: LitStr::new("", meta.path.span()),
                        hash_key: None,
                        range_key: None,
                        projection: "all".into(),
                        include: Vec::new(),
                        span: meta.path.span(),
                        hash_template: None,
                        range_template: None,
                    };
                    let mut named = false;
                    meta.parse_nested_meta(|inner| {
                        let value = || -> Result<LitStr> { inner.value()?.parse() };
                        if inner.path.is_ident("name") {
                            index.name = value()?;
                            named = true;
                        } else if inner.path.is_ident("hash_key") && inner.input.peek(syn::token::Paren) {
                            index.hash_template = Some(parse_attr(&inner)?);
                        } else if inner.path.is_ident("range_key") && inner.input.peek(syn::token::Paren) {
                            index.range_template = Some(parse_attr(&inner)?);
                        } else if inner.path.is_ident("hash_key") {
                            index.hash_key = Some(value()?);
                        } else if inner.path.is_ident("range_key") {
                            index.range_key = Some(value()?);
                        } else if inner.path.is_ident("projection") {
                            let p = value()?;
                            match p.value().as_str() {
                                "all" | "keys_only" | "include" => index.projection = p.value(),
                                _ => return Err(syn::Error::new(p.span(), "projection is \"all\", \"keys_only\" or \"include\"")),
                            }
                        } else if inner.path.is_ident("include") {
                            let list = value()?;
                            index.include = list.value().split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
                        } else {
                            return Err(inner.error("unknown index option; expected `name`, `hash_key`, `range_key`, `projection`, `include`"));
                        }
                        Ok(())
                    })?;
                    if !named {
                        return Err(syn::Error::new(index.span, "an index needs `name = \"...\"`"));
                    }
                    if global && index.hash_key.is_none() && index.hash_template.is_none() {
                        return Err(syn::Error::new(index.span, "a global index needs `hash_key = \"field\"`"));
                    }
                    if !global && index.range_key.is_none() && index.range_template.is_none() {
                        return Err(syn::Error::new(index.span, "a local index needs `range_key = \"field\"` (its hash key is the table's)"));
                    }
                    if !global && (index.hash_key.is_some() || index.hash_template.is_some()) {
                        return Err(syn::Error::new(index.span, "a local index shares the table's hash key; remove `hash_key`"));
                    }
                    out.indexes.push(index);
                } else {
                    return Err(meta.error(format!("unknown rynamo option; expected one of {TYPE_KEYS}")));
                }
                Ok(())
            })?;
        }
        Ok(out)
    }
}

impl FieldAttrs {
    pub fn parse(attrs: &[Attribute]) -> Result<Self> {
        let mut out = FieldAttrs::default();
        for attr in rynamo_attrs(attrs) {
            out.span = Some(attr.span());
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("hash_key") {
                    out.hash_key = true;
                } else if meta.path.is_ident("range_key") {
                    out.range_key = true;
                } else if meta.path.is_ident("rename") {
                    out.rename = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("extra") {
                    out.extra = true;
                } else if meta.path.is_ident("version") {
                    out.version = true;
                } else if meta.path.is_ident("ttl") {
                    out.ttl = true;
                } else if meta.path.is_ident("default") {
                    out.default = Some(if meta.input.peek(syn::Token![=]) {
                        let path: LitStr = meta.value()?.parse()?;
                        FieldDefault::Function(path.parse()?)
                    } else {
                        FieldDefault::Trait
                    });
                } else {
                    return Err(meta.error(format!(
                        "unknown rynamo field option; expected one of {FIELD_KEYS}"
                    )));
                }
                Ok(())
            })?;
        }
        Ok(out)
    }
}

/// `#[rynamo(rename = "...")]` on an enum variant.
pub fn variant_rename(attrs: &[Attribute]) -> Result<Option<LitStr>> {
    let mut rename = None;
    for attr in rynamo_attrs(attrs) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                rename = Some(meta.value()?.parse()?);
                Ok(())
            } else {
                Err(meta.error("unknown rynamo variant option; expected `rename = \"...\"`"))
            }
        })?;
    }
    Ok(rename)
}
