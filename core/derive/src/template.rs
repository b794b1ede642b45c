//! Composite key templates (`hash_key(name = "pk", template =
//! "CUSTOMER#{customer}")`): parsing and checking them against the
//! struct's fields, and the code that renders them (the model's keys, the
//! key attributes written with the item, typed key builders and queries).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::meta::ParseNestedMeta;
use syn::{Ident, LitStr, Result};

use crate::attrs::{IndexAttr, TypeAttrs};
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
    name: LitStr,
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

    fn fields(&self) -> impl Iterator<Item = &'f Field> + '_ {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Field(f) => Some(*f),
            Piece::Text(_) => None,
        })
    }

    /// `KeyTemplate { attribute, parts }`.
    fn tokens(&self, krate: &TokenStream) -> TokenStream {
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
    fn value_from_self(&self, krate: &TokenStream, range: bool) -> TokenStream {
        let tokens = self.tokens(krate);
        let values = self.fields().map(|f| {
            let (ident, name) = (&f.ident, &f.name);
            quote! { #krate::Attribute::to_value(&self.#ident).map_err(|e| e.at_field(#name))? }
        });
        quote! { #krate::__private::template_key(&#tokens, &[#(#values),*], #range)? }
    }

    /// The values of arguments named like the fields.
    fn values_from_args(&self, krate: &TokenStream) -> TokenStream {
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

    fn template(&self) -> Option<&Template<'f>> {
        match self {
            KeyOf::Template(t) => Some(t),
            KeyOf::Field(_) => None,
        }
    }

    fn fields(&self) -> Vec<&'f Field> {
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

/// An index's keys after parsing.
pub struct IndexKeys<'f> {
    pub attr: &'f IndexAttr,
    pub hash: Option<KeyOf<'f>>,
    pub range: Option<KeyOf<'f>>,
}

/// Everything the derive generates for templated keys.
pub struct Entity<'f> {
    pub hash: KeyOf<'f>,
    pub range: Option<KeyOf<'f>>,
    pub indexes: Vec<IndexKeys<'f>>,
}

impl Entity<'_> {
    fn templates(&self) -> impl Iterator<Item = (&Template<'_>, bool)> {
        let table = [
            (self.hash.template(), false),
            (self.range.as_ref().and_then(KeyOf::template), true),
        ];
        let indexes = self.indexes.iter().flat_map(|i| {
            [
                (i.hash.as_ref().and_then(KeyOf::template), false),
                (i.range.as_ref().and_then(KeyOf::template), true),
            ]
        });
        table
            .into_iter()
            .chain(indexes)
            .filter_map(|(t, r)| t.map(|t| (t, r)))
    }

    /// Whether any key is a template.
    pub fn any(&self) -> bool {
        self.templates().next().is_some()
    }

    /// `const KEY_TEMPLATES` for the `Model` impl.
    pub fn consts(&self, krate: &TokenStream) -> TokenStream {
        if !self.any() {
            return quote! {};
        }
        let opt = |k: Option<&KeyOf>| match k.and_then(KeyOf::template) {
            Some(t) => {
                let t = t.tokens(krate);
                quote! { ::core::option::Option::Some(#t) }
            }
            None => quote! { ::core::option::Option::None },
        };
        let hash = opt(Some(&self.hash));
        let range = opt(self.range.as_ref());
        let indexes = self
            .indexes
            .iter()
            .filter(|i| {
                i.hash.as_ref().and_then(KeyOf::template).is_some()
                    || i.range.as_ref().and_then(KeyOf::template).is_some()
            })
            .map(|i| {
                let name = &i.attr.name;
                let (h, r) = (opt(i.hash.as_ref()), opt(i.range.as_ref()));
                quote! { #krate::model::IndexTemplates { index: #name, hash: #h, range: #r } }
            });
        quote! {
            const KEY_TEMPLATES: ::core::option::Option<&'static #krate::model::KeyTemplates> =
                ::core::option::Option::Some(&#krate::model::KeyTemplates { hash: #hash, range: #range, indexes: &[#(#indexes),*] });
        }
    }

    /// Statements adding every templated key attribute to `item` (to_item).
    pub fn inserts(&self, krate: &TokenStream) -> TokenStream {
        let inserts = self.templates().map(|(t, range)| {
            let (name, value) = (&t.name, t.value_from_self(krate, range));
            quote! { item.insert(#krate::__private::String::from(#name), #value); }
        });
        quote! { #(#inserts)* }
    }

    /// Statements writing every templated key attribute into `object`
    /// with `write` (`write_field` or `write_simple_field`).
    pub fn writes(&self, krate: &TokenStream, write: TokenStream) -> TokenStream {
        let writes = self.templates().map(|(t, range)| {
            let (name, value) = (&t.name, t.value_from_self(krate, range));
            quote! { #write(&mut object, #name, &#value)?; }
        });
        quote! { #(#writes)* }
    }

    /// Typed key builders and queries (inherent functions).
    pub fn functions(&self, krate: &TokenStream, ident: &Ident) -> TokenStream {
        if !self.any() {
            return quote! {};
        }
        let mut out = Vec::new();
        // The primary key from the fields of both keys.
        let mut fields: Vec<&Field> = self.hash.fields();
        if let Some(r) = &self.range {
            for f in r.fields() {
                if !fields.iter().any(|g| g.ident == f.ident) {
                    fields.push(f);
                }
            }
        }
        let params = params(&fields, krate);
        let key_value = |k: &KeyOf, range: bool| -> TokenStream {
            match k {
                KeyOf::Field(f) => {
                    let (i, n, t) = (&f.ident, &f.name, &f.path_ty);
                    let encode = if range {
                        quote! { range_key_value }
                    } else {
                        quote! { key_value }
                    };
                    quote! { #krate::attr::#encode::<#t, _>(&#i).map_err(|e| e.at_field(#n))? }
                }
                KeyOf::Template(t) => {
                    let tokens = t.tokens(krate);
                    let values = t.values_from_args(krate);
                    quote! { #krate::__private::template_key(&#tokens, &#values, #range)? }
                }
            }
        };
        let hash_name = self.hash.name();
        let hash = key_value(&self.hash, false);
        let range = self.range.as_ref().map(|r| {
            let (name, value) = (r.name(), key_value(r, true));
            quote! { let key = key.range(#name, #value); }
        });
        let doc = format!(
            "The primary key of the `{ident}` with these values (typed; rendered through its key templates)."
        );
        out.push(quote! {
            #[doc = #doc]
            pub fn key(#params) -> #krate::model::EntityKey<Self> {
                #krate::model::EntityKey::new((|| -> ::core::result::Result<#krate::Key, #krate::error::EncodeError> {
                    let key = #krate::Key::hash(#hash_name, #hash);
                    #range
                    ::core::result::Result::Ok(key)
                })())
            }
        });
        if let KeyOf::Template(t) = &self.hash {
            out.push(partition_fns(
                t,
                krate,
                format_ident!("partition"),
                format_ident!("query"),
                quote! {
                    #krate::__private::entity_query::<Self>(text)
                },
            ));
        }
        for index in &self.indexes {
            if let Some(KeyOf::Template(t)) = &index.hash {
                let lower = index
                    .attr
                    .name
                    .value()
                    .to_lowercase()
                    .replace(['-', '.'], "_");
                let upper = format_ident!("{}", lower.to_uppercase());
                out.push(partition_fns(
                    t,
                    krate,
                    format_ident!("{lower}_partition"),
                    format_ident!("query_{lower}"),
                    quote! { #krate::__private::entity_index_query(&Self::#upper, text) },
                ));
            }
        }
        quote! { #(#out)* }
    }
}

fn params(fields: &[&Field], krate: &TokenStream) -> TokenStream {
    let params = fields.iter().map(|f| {
        let (i, t) = (&f.ident, &f.path_ty);
        quote! { #i: impl #krate::attr::ValueOf<#t> }
    });
    quote! { #(#params),* }
}

/// `<partition>(fields) -> KeyText` and `<query>(fields) -> Read`.
fn partition_fns(
    t: &Template,
    krate: &TokenStream,
    partition: Ident,
    query: Ident,
    read: TokenStream,
) -> TokenStream {
    let fields: Vec<&Field> = t.fields().collect();
    let params = params(&fields, krate);
    let args = fields.iter().map(|f| &f.ident);
    let tokens = t.tokens(krate);
    let values = t.values_from_args(krate);
    let attr = t.name.value();
    let doc_p = format!(
        "The `{attr}` text for these values (a partition of this entity and its collections)."
    );
    let doc_q = format!(
        "Queries this entity's items in the `{attr}` partition of these values, within its sort-key prefix."
    );
    quote! {
        #[doc = #doc_p]
        pub fn #partition(#params) -> #krate::model::KeyText {
            #krate::model::KeyText::new((|| -> ::core::result::Result<#krate::__private::String, #krate::error::EncodeError> {
                let values = #values;
                #krate::model::KeyTemplate::render(&#tokens, &values)
            })())
        }

        #[doc = #doc_q]
        pub fn #query(#params) -> #krate::model::Read<Self, #krate::op::Query, <Self as #krate::Model>::RangeKey> {
            let text = Self::#partition(#(#args),*);
            #read
        }
    }
}

/// Type-level template options, checked: a templated key has no key field,
/// and a model with templates has no `extra` field (its key attributes
/// would land in it).
pub fn check(attrs: &TypeAttrs, fields: &StructFields) -> Result<()> {
    let templated = attrs.hash_template.is_some()
        || attrs.range_template.is_some()
        || attrs
            .indexes
            .iter()
            .any(|i| i.hash_template.is_some() || i.range_template.is_some());
    if let (true, Some(extra)) = (templated, &fields.extra) {
        return Err(syn::Error::new(
            extra.span(),
            "a model with key templates cannot have an `extra` field (its key attributes would be read into it)",
        ));
    }
    for (t, is_key, what) in [
        (
            &attrs.hash_template,
            fields.fields.iter().any(|f| f.attrs.hash_key),
            "hash_key",
        ),
        (
            &attrs.range_template,
            fields.fields.iter().any(|f| f.attrs.range_key),
            "range_key",
        ),
    ] {
        if let (Some(t), true) = (t, is_key) {
            return Err(syn::Error::new(
                t.name.span(),
                format!("the {what} is a template here and a field too; keep one"),
            ));
        }
    }
    Ok(())
}

/// Compile-time checks of a polymorphic model's (a collection's) variants,
/// pair by pair: sort-key templates whose leading texts do not overlap (one
/// entity's query would read the other's items). Distinct discriminator
/// values are `distinct_values`' check.
pub fn distinct_variants(types: &[&syn::Type], krate: &TokenStream) -> TokenStream {
    let mut checks = Vec::new();
    for (i, a) in types.iter().enumerate() {
        for b in &types[i + 1..] {
            checks.push(quote! {
                assert!(
                    !#krate::__private::prefixes_overlap(
                        #krate::__private::range_prefix(<#a as #krate::Model>::KEY_TEMPLATES),
                        #krate::__private::range_prefix(<#b as #krate::Model>::KEY_TEMPLATES),
                    ),
                    "two entities of a collection claim overlapping sort-key prefixes"
                );
            });
        }
    }
    quote! { #(#checks)* }
}
