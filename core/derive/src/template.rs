//! Composite key templates (`hash_key(name = "pk", template =
//! "CUSTOMER#{customer}")`): parsing and checking them against the
//! struct's fields, and the code that renders them (the model's keys, the
//! key attributes written with the item, typed key builders and queries).

use proc_macro2::TokenStream;
use quote::quote;
use syn::meta::ParseNestedMeta;
use syn::{LitStr, Result};

use crate::fields::{Field, StructFields};

/// `hash_key(name = "pk", template = "...")` as written.
pub struct TemplateAttr {
    pub name: LitStr,
    pub template: LitStr,
}

/// Parses the parenthesized form of `hash_key(...)` / `range_key(...)`.
pub fn parse_attr(meta: &ParseNestedMeta) -> Result<TemplateAttr> {
    let mut name = None;
    let mut template = None;
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("name") {
            name = Some(inner.value()?.parse::<LitStr>()?);
        } else if inner.path.is_ident("template") {
            template = Some(inner.value()?.parse::<LitStr>()?);
        } else {
            return Err(inner.error("expected `name = \"...\"` or `template = \"...\"`"));
        }
        Ok(())
    })?;
    match (name, template) {
        (Some(name), Some(template)) => Ok(TemplateAttr { name, template }),
        _ => Err(meta.error(
            "a templated key needs `name = \"attribute\"` and `template = \"TEXT#{field}\"`",
        )),
    }
}

#[derive(Clone)]
enum Piece<'f> {
    Text(String),
    Field(&'f Field),
}

/// A template checked against the struct: its attribute and pieces.
#[derive(Clone)]
pub struct Template<'f> {
    pub name: LitStr,
    pieces: Vec<Piece<'f>>,
}

impl<'f> Template<'f> {
    fn parse(attr: &TemplateAttr, fields: &'f StructFields) -> Result<Self> {
        let text = attr.template.value();
        let err = |msg: String| syn::Error::new(attr.template.span(), msg);
        let mut pieces = Vec::new();
        let mut rest = text.as_str();
        while !rest.is_empty() {
            match rest.find(['{', '}']) {
                Some(0) if rest.starts_with('}') => {
                    return Err(err("a `}` without its `{` in the key template".into()));
                }
                Some(0) => {
                    let end = rest
                        .find('}')
                        .ok_or_else(|| err("a `{` without its `}` in the key template".into()))?;
                    let field_name = &rest[1..end];
                    let field = fields
                        .fields
                        .iter()
                        .find(|f| f.ident == field_name)
                        .ok_or_else(|| {
                            err(format!("the key template names `{field_name}`, which is no field of this struct"))
                        })?;
                    if crate::fields::is_option(&field.ty) {
                        return Err(err(format!(
                            "`{field_name}` is optional; a key template needs a value in every item"
                        )));
                    }
                    if matches!(pieces.last(), Some(Piece::Field(_))) {
                        return Err(err(
                            "two fields side by side cannot be told apart; put fixed text (`#`) between them".into(),
                        ));
                    }
                    pieces.push(Piece::Field(field));
                    rest = &rest[end + 1..];
                }
                Some(n) => {
                    pieces.push(Piece::Text(rest[..n].to_string()));
                    rest = &rest[n..];
                }
                None => {
                    pieces.push(Piece::Text(rest.to_string()));
                    rest = "";
                }
            }
        }
        if let Some(f) = fields
            .fields
            .iter()
            .find(|f| f.name.value() == attr.name.value())
        {
            return Err(syn::Error::new(
                attr.name.span(),
                format!(
                    "the key attribute `{}` is written from its template; field `{}` already uses that name",
                    attr.name.value(),
                    f.ident
                ),
            ));
        }
        Ok(Template {
            name: attr.name.clone(),
            pieces,
        })
    }

    pub fn fields(&self) -> impl Iterator<Item = &'f Field> + '_ {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Field(f) => Some(*f),
            Piece::Text(_) => None,
        })
    }

    /// `KeyTemplate { attribute, parts }`.
    pub fn tokens(&self, krate: &TokenStream) -> TokenStream {
        let name = &self.name;
        let parts = self.pieces.iter().map(|p| match p {
            Piece::Text(t) => quote! { #krate::model::TemplatePart::Text(#t) },
            Piece::Field(f) => {
                let n = &f.name;
                quote! { #krate::model::TemplatePart::Field(#n) }
            }
        });
        quote! { #krate::model::KeyTemplate { attribute: #name, parts: &[#(#parts),*] } }
    }

    /// The rendered key attribute from `self`'s fields.
    pub fn value_from_self(&self, krate: &TokenStream, range: bool) -> TokenStream {
        let tokens = self.tokens(krate);
        let values = self.fields().map(|f| {
            let (ident, name) = (&f.ident, &f.name);
            quote! { #krate::Attribute::to_value(&self.#ident).map_err(|e| e.at_field(#name))? }
        });
        quote! { #krate::__private::template_key(&#tokens, &[#(#values),*], #range)? }
    }

    /// The values of arguments named like the fields.
    pub fn values_from_args(&self, krate: &TokenStream) -> TokenStream {
        let values = self.fields().map(|f| {
            let (ident, name, ty) = (&f.ident, &f.name, &f.path_ty);
            quote! { #krate::attr::ValueOf::<#ty>::value_of(&#ident).map_err(|e| e.at_field(#name))? }
        });
        let n = proc_macro2::Literal::usize_unsuffixed(self.fields().count());
        quote! { { let values: [#krate::AttributeValue; #n] = [#(#values),*]; values } }
    }
}

/// A table's or an index's key: a field, or a template.
#[derive(Clone)]
pub enum KeyOf<'f> {
    Field(&'f Field),
    Template(Template<'f>),
}

impl<'f> KeyOf<'f> {
    pub fn name(&self) -> &LitStr {
        match self {
            KeyOf::Field(f) => &f.name,
            KeyOf::Template(t) => &t.name,
        }
    }

    /// The type paths and key definitions use (`String` for a template).
    pub fn path_ty(&self, krate: &TokenStream) -> TokenStream {
        match self {
            KeyOf::Field(f) => {
                let t = &f.path_ty;
                quote! { #t }
            }
            KeyOf::Template(_) => quote! { #krate::__private::String },
        }
    }

    /// The Rust type of the model's `HashKey` / `RangeKey`.
    pub fn ty(&self, krate: &TokenStream) -> TokenStream {
        match self {
            KeyOf::Field(f) => {
                let t = &f.ty;
                quote! { #t }
            }
            KeyOf::Template(_) => quote! { #krate::__private::String },
        }
    }

    /// An expression giving this key's `AttributeValue` from `self`.
    pub fn value_from_self(&self, krate: &TokenStream, range: bool) -> TokenStream {
        match self {
            KeyOf::Field(f) => {
                let (ident, name, ty) = (&f.ident, &f.name, &f.ty);
                let encode = if range {
                    quote! { range_key_value }
                } else {
                    quote! { key_value }
                };
                quote! { #krate::attr::#encode::<#ty, #ty>(&self.#ident).map_err(|e| e.at_field(#name))? }
            }
            KeyOf::Template(t) => t.value_from_self(krate, range),
        }
    }

    pub fn template(&self) -> Option<&Template<'f>> {
        match self {
            KeyOf::Template(t) => Some(t),
            KeyOf::Field(_) => None,
        }
    }

    pub fn fields(&self) -> Vec<&'f Field> {
        match self {
            KeyOf::Field(f) => vec![*f],
            KeyOf::Template(t) => t.fields().collect(),
        }
    }
}

/// A key declared as a field (`hash_key` on a field, `gsi(hash_key =
/// "field")`) or as a template.
pub fn key_of<'f>(
    fields: &'f StructFields,
    template: Option<&TemplateAttr>,
    field: Option<&'f Field>,
) -> Result<Option<KeyOf<'f>>> {
    Ok(match (template, field) {
        (Some(t), _) => Some(KeyOf::Template(Template::parse(t, fields)?)),
        (None, Some(f)) => Some(KeyOf::Field(f)),
        (None, None) => None,
    })
}
