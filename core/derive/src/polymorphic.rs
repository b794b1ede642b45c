//! `#[derive(Model)]` on an enum of model types sharing one table
//! (PynamoDB's discriminator): reading dispatches on the discriminator.
//!
//! Queries and scans through the enum filter on the registered values (as
//! PynamoDB's do), so items of classes the enum does not know are not read.
//! A variant can also accept older values (`#[rynamo(alias = "hound")]`,
//! PynamoDB's `register_class` with a second value): such items read as
//! that variant and are written back with its model's own value. What
//! happens to an unregistered value found anyway (by key, or written
//! between pages) is the enum's policy: an error
//! ([`DecodeErrorKind::UnknownVariant`]) unless one variant holds a raw
//! `Item` and is marked `#[rynamo(unknown)]`, which then receives it
//! unchanged (and turns the filter off, since the enum reads every value).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DataEnum, DeriveInput, Fields, LitStr, Result, Type, Variant};

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
    let mut variants = Vec::new();
    let mut types: Vec<&Type> = Vec::new();
    let mut aliases: Vec<Vec<LitStr>> = Vec::new();
    let mut unknown = None;
    for v in &data.variants {
        let (variant_aliases, is_unknown) = variant_options(v)?;
        let Fields::Unnamed(fields) = &v.fields else {
            return Err(syn::Error::new_spanned(
                v,
                "each variant holds one model: `Dog(Dog)`",
            ));
        };
        if fields.unnamed.len() != 1 {
            return Err(syn::Error::new_spanned(
                v,
                "each variant holds one model: `Dog(Dog)`",
            ));
        }
        if is_unknown {
            if unknown.is_some() || !variant_aliases.is_empty() {
                return Err(syn::Error::new_spanned(
                    v,
                    "one `#[rynamo(unknown)]` variant holds the items of unregistered values: `Other(Item)`, without aliases",
                ));
            }
            unknown = Some(&v.ident);
            continue;
        }
        variants.push(&v.ident);
        types.push(&fields.unnamed[0].ty);
        aliases.push(variant_aliases);
    }
    let Some(first) = types.first().copied() else {
        return Err(syn::Error::new_spanned(
            ident,
            "a polymorphic model needs at least one variant",
        ));
    };
    let checks = variants.iter().zip(&types).zip(&aliases).map(|((v, t), aliases)| {
        quote! {
            if ::core::option::Option::Some(found) == <#t as #krate::Model>::DISCRIMINATOR.map(|d| d.1) {
                return <#t as #krate::Model>::from_item(item).map(Self::#v);
            }
            if [#(#aliases),*].contains(&found) {
                // Read as the variant's model, which checks its own value.
                let value = <#t as #krate::Model>::DISCRIMINATOR.map(|d| d.1).unwrap_or_default();
                item.insert(attribute.into(), #krate::AttributeValue::S(value.into()));
                return <#t as #krate::Model>::from_item(item).map(Self::#v);
            }
        }
    });
    let all_aliases = aliases.iter().flatten();
    let read_filter = match unknown {
        Some(_) => quote! {},
        None => quote! {
            fn read_filter() -> ::core::option::Option<#krate::expr::Condition> {
                ::core::option::Option::Some(#krate::__private::discriminator_filter(
                    <#first as #krate::Model>::DISCRIMINATOR.map(|d| d.0).unwrap_or_default(),
                    &[#(<#types as #krate::Model>::DISCRIMINATOR.map(|d| d.1).unwrap_or_default(),)* #(#all_aliases,)*],
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
        }
    });
    Ok(quote! {
        const _: () = {
            assert!(<#first as #krate::Model>::DISCRIMINATOR.is_some(), "every variant model needs a discriminator");
            #(#same_table)*
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

/// A variant's `#[rynamo(alias = "...")]` values and whether it is the
/// `#[rynamo(unknown)]` catch-all.
fn variant_options(v: &Variant) -> Result<(Vec<LitStr>, bool)> {
    let mut aliases = Vec::new();
    let mut unknown = false;
    for attr in v.attrs.iter().filter(|a| a.path().is_ident("rynamo")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("alias") {
                aliases.push(meta.value()?.parse()?);
                Ok(())
            } else if meta.path.is_ident("unknown") {
                unknown = true;
                Ok(())
            } else {
                Err(meta.error(
                    "unknown rynamo variant option; expected `alias = \"...\"` or `unknown`",
                ))
            }
        })?;
    }
    Ok((aliases, unknown))
}
