//! What the derive generates for a model with key templates (an entity):
//! the `KEY_TEMPLATES` constant, the key attributes written with the item,
//! typed key builders and queries, and the checks of entity and collection
//! declarations.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Ident, Result};

use crate::attrs::{IndexAttr, TypeAttrs};
use crate::fields::{Field, StructFields};
use crate::template::{KeyOf, Template};

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
                (format_ident!("partition"), format_ident!("query")),
                quote! { <Self as #krate::Model>::RangeKey },
                quote! { #krate::__private::entity_query::<Self>(text) },
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
                let range = match &index.range {
                    Some(r) => r.path_ty(krate),
                    None => quote! { #krate::model::NoRangeKey },
                };
                out.push(partition_fns(
                    t,
                    krate,
                    (
                        format_ident!("{lower}_partition"),
                        format_ident!("query_{lower}"),
                    ),
                    range,
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
    (partition, query): (Ident, Ident),
    range: TokenStream,
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
        pub fn #query(#params) -> #krate::model::Read<Self, #krate::op::Query, #range> {
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
