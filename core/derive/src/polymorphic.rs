//! `#[derive(Model)]` on an enum of model types sharing one table
//! (PynamoDB's discriminator): reading dispatches on the discriminator.
//!
//! Queries and scans through the enum filter on the registered values (as
//! PynamoDB's do), so items of classes the enum does not know are not read.
//! A variant's model can also accept older values
//! (`#[rynamo(discriminator_alias = "hound")]` on the model, PynamoDB's
//! `register_class` with a second value): such items read as that variant
//! (and as the model read directly) and are written back with the model's
//! own value. No value may name two variants (checked at compile time). What
//! happens to an unregistered value found anyway (by key, or written
//! between pages) is the enum's policy: an error
//! ([`DecodeErrorKind::UnknownVariant`]) unless one variant holds a raw
//! `Item` and is marked `#[rynamo(unknown)]`, which then receives it
//! unchanged (and turns the filter off, since the enum reads every value).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DataEnum, DeriveInput, Fields, Ident, Result, Type, Variant};

use crate::attrs::TypeAttrs;
use crate::fields::krate;

pub fn derive(input: &DeriveInput, data: &DataEnum, attrs: &TypeAttrs) -> Result<TokenStream> {
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "#[derive(Model)] does not support generic types",
        ));
    }
    if attrs.table.is_some() || attrs.discriminator.is_some() || !attrs.indexes.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "a polymorphic model takes its table, keys, indexes and discriminator from its variants' models",
        ));
    }
    let krate = krate(&attrs.krate);
    let ident = &input.ident;
    let Variants {
        variants,
        types,
        unknown,
    } = Variants::split(
        data,
        "each variant holds one model: `Dog(Dog)`",
        "one `#[rynamo(unknown)]` variant holds the items of unregistered values: `Other(Item)`",
    )?;
    let unknown = unknown.map(|(ident, _)| ident);
    let Some(first) = types.first().copied() else {
        return Err(syn::Error::new_spanned(
            ident,
            "a polymorphic model needs at least one variant",
        ));
    };
    let checks = variants.iter().zip(&types).map(|(v, t)| {
        quote! {
            if #krate::__private::variant_of(found, <#t as #krate::Model>::DISCRIMINATOR, <#t as #krate::Model>::DISCRIMINATOR_ALIASES) {
                return <#t as #krate::Model>::from_item(item).map(Self::#v);
            }
        }
    });
    let read_filter = match unknown {
        Some(_) => quote! {},
        None => quote! {
            fn read_filter() -> ::core::option::Option<#krate::expr::Condition> {
                let mut values: #krate::__private::Vec<&str> = #krate::__private::Vec::new();
                #(
                    values.extend(<#types as #krate::Model>::DISCRIMINATOR.map(|d| d.1));
                    values.extend_from_slice(<#types as #krate::Model>::DISCRIMINATOR_ALIASES);
                )*
                ::core::option::Option::Some(#krate::__private::discriminator_filter(
                    <#first as #krate::Model>::DISCRIMINATOR.map(|d| d.0).unwrap_or_default(),
                    &values,
                ))
            }
        },
    };
    let (
        unknown_arm,
        unknown_key,
        unknown_item,
        unknown_write,
        unknown_version,
        unknown_set_version,
        unknown_condition,
    ) = match unknown {
        Some(u) => (
            quote! { return ::core::result::Result::Ok(Self::#u(item)); },
            quote! { Self::#u(item) => #krate::__private::key_of_item(item, Self::HASH_KEY, Self::RANGE_KEY), },
            quote! { Self::#u(item) => ::core::result::Result::Ok(item.clone()), },
            quote! { Self::#u(item) => #krate::json::write_item(buf, item), },
            quote! { Self::#u(_) => ::core::option::Option::None, },
            quote! { Self::#u(_) => {} },
            quote! { Self::#u(_) => ::core::option::Option::None, },
        ),
        None => (
            quote! {
                ::core::result::Result::Err(
                    #krate::error::DecodeError::new(#krate::error::DecodeErrorKind::UnknownVariant(found.into())).at_field(attribute),
                )
            },
            quote! {},
            quote! {},
            quote! {},
            quote! {},
            quote! {},
            quote! {},
        ),
    };
    let same_table = types.iter().skip(1).map(|t| {
        quote! {
            assert!(#krate::__private::same_str(<#t as #krate::Model>::TABLE, <#first as #krate::Model>::TABLE), "all variants of a polymorphic model share one table");
            assert!(<#t as #krate::Model>::DISCRIMINATOR.is_some(), "every variant model needs a discriminator");
            assert!(
                #krate::__private::same_str(
                    #krate::__private::discriminator_attribute(<#t as #krate::Model>::DISCRIMINATOR),
                    #krate::__private::discriminator_attribute(<#first as #krate::Model>::DISCRIMINATOR),
                ),
                "all variants of a polymorphic model share one discriminator attribute"
            );
        }
    });
    let distinct = distinct_values(&types, quote! { #krate::Model }, &krate);
    let prefixes = crate::entity::distinct_variants(&types, &krate);
    Ok(quote! {
        const _: () = {
            assert!(<#first as #krate::Model>::DISCRIMINATOR.is_some(), "every variant model needs a discriminator");
            #(#same_table)*
            #distinct
            #prefixes
        };

        impl #krate::__private::ModelCodec for #ident {
            #read_filter

            fn version(&self) -> ::core::option::Option<u64> {
                match self { #(Self::#variants(v) => #krate::__private::ModelCodec::version(v),)* #unknown_version }
            }

            fn set_version(&mut self, version: ::core::option::Option<u64>) {
                match self { #(Self::#variants(v) => #krate::__private::ModelCodec::set_version(v, version),)* #unknown_set_version }
            }
        }

        impl #krate::Model for #ident {
            const TABLE: &'static str = <#first as #krate::Model>::TABLE;
            const HASH_KEY: &'static str = <#first as #krate::Model>::HASH_KEY;
            const RANGE_KEY: ::core::option::Option<&'static str> = <#first as #krate::Model>::RANGE_KEY;
            type HashKey = <#first as #krate::Model>::HashKey;
            type RangeKey = <#first as #krate::Model>::RangeKey;
            const INDEXES: &'static [#krate::model::IndexDefinition] = <#first as #krate::Model>::INDEXES;
            const DISCRIMINATOR_ATTRIBUTE: ::core::option::Option<&'static str> = <#first as #krate::Model>::DISCRIMINATOR_ATTRIBUTE;

            fn key(&self) -> ::core::result::Result<#krate::Key, #krate::error::EncodeError> {
                match self { #(Self::#variants(v) => #krate::Model::key(v),)* #unknown_key }
            }

            fn to_item(&self) -> ::core::result::Result<#krate::Item, #krate::error::EncodeError> {
                match self { #(Self::#variants(v) => #krate::Model::to_item(v),)* #unknown_item }
            }

            fn write_item(&self, buf: &mut #krate::__private::Vec<u8>) -> ::core::result::Result<(), #krate::error::EncodeError> {
                match self { #(Self::#variants(v) => #krate::Model::write_item(v, buf),)* #unknown_write }
            }

            fn version_condition(&self) -> ::core::option::Option<#krate::expr::Condition> {
                match self { #(Self::#variants(v) => #krate::Model::version_condition(v),)* #unknown_condition }
            }

            fn from_item(mut item: #krate::Item) -> ::core::result::Result<Self, #krate::error::DecodeError> {
                let attribute = <#first as #krate::Model>::DISCRIMINATOR.map(|d| d.0).unwrap_or_default();
                let found = match item.get(attribute) {
                    ::core::option::Option::Some(#krate::AttributeValue::S(s)) => s.as_str(),
                    ::core::option::Option::Some(other) => {
                        return ::core::result::Result::Err(#krate::error::DecodeError::wrong_type("S", other.value_type()).at_field(attribute));
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(#krate::error::DecodeError::missing().at_field(attribute));
                    }
                };
                let found: #krate::__private::String = found.into();
                let found = found.as_str();
                #(#checks)*
                #unknown_arm
            }
        }
    })
}

/// Const assertions that no discriminator value (own or alias) names two
/// of `types` (PynamoDB refuses a value assigned to two classes); `tr` is
/// the trait holding the consts (`Model` or `Attribute`).
pub fn distinct_values(types: &[&Type], tr: TokenStream, krate: &TokenStream) -> TokenStream {
    let mut checks = Vec::new();
    for (i, a) in types.iter().enumerate() {
        for b in &types[i + 1..] {
            checks.push(quote! {
                assert!(
                    !#krate::__private::values_overlap(
                        <#a as #tr>::DISCRIMINATOR, <#a as #tr>::DISCRIMINATOR_ALIASES,
                        <#b as #tr>::DISCRIMINATOR, <#b as #tr>::DISCRIMINATOR_ALIASES,
                    ),
                    "a discriminator value (or alias) names two variants"
                );
            });
        }
    }
    quote! { #(#checks)* }
}

/// Whether a variant is the `#[rynamo(unknown)]` catch-all; `alias` moved
/// to the model, so that reads of the model itself accept it too.
/// A polymorphic enum's variants, each holding one type: the registered
/// ones in order, and the `#[rynamo(unknown)]` one if any.
pub struct Variants<'a> {
    pub variants: Vec<&'a Ident>,
    pub types: Vec<&'a Type>,
    pub unknown: Option<(&'a Ident, &'a Type)>,
}

impl<'a> Variants<'a> {
    /// Splits `data`'s variants; `shape` is the error for a variant that
    /// does not hold exactly one type, `second_unknown` for a second
    /// `#[rynamo(unknown)]` variant.
    pub fn split(data: &'a DataEnum, shape: &str, second_unknown: &str) -> Result<Self> {
        let mut split = Variants {
            variants: Vec::new(),
            types: Vec::new(),
            unknown: None,
        };
        for v in &data.variants {
            let is_unknown = variant_options(v)?;
            let ty = match &v.fields {
                Fields::Unnamed(fields) if fields.unnamed.len() == 1 => &fields.unnamed[0].ty,
                _ => return Err(syn::Error::new_spanned(v, shape)),
            };
            if is_unknown {
                if split.unknown.is_some() {
                    return Err(syn::Error::new_spanned(v, second_unknown));
                }
                split.unknown = Some((&v.ident, ty));
            } else {
                split.variants.push(&v.ident);
                split.types.push(ty);
            }
        }
        Ok(split)
    }
}

fn variant_options(v: &Variant) -> Result<bool> {
    let mut unknown = false;
    for attr in v.attrs.iter().filter(|a| a.path().is_ident("rynamo")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("unknown") {
                unknown = true;
                Ok(())
            } else if meta.path.is_ident("alias") {
                Err(meta.error(
                    "declare further discriminator values on the variant's type: `#[rynamo(discriminator_alias = \"...\")]`, so that reading it directly accepts them too",
                ))
            } else {
                Err(meta.error("unknown rynamo variant option; expected `unknown`"))
            }
        })?;
    }
    Ok(unknown)
}
