//! `#[derive(Attribute)]` on an enum of discriminated structs: a map
//! attribute holding one of several types, told apart by the attribute
//! their structs declare (`#[rynamo(discriminator = "cls",
//! discriminator_value = "circle")]`): PynamoDB's `MapAttribute`
//! subclasses with a `DiscriminatorAttribute`, nested in a model or a list.
//!
//! Each variant holds one struct deriving `Attribute` with a discriminator;
//! all share the attribute, and no value (or alias) names two of them
//! (checked at compile time, as PynamoDB's `register_class` refuses it).
//! Reading looks at the map's discriminator first and lets the variant's
//! struct read the whole map, in all three readers (`from_value`, the fast
//! path, plain JSON); writing is the struct's own, so the discriminator is
//! always written with the struct's value. A map with an unregistered
//! value, or none, is a [`DecodeErrorKind::UnknownVariant`] or missing
//! attribute error naming the discriminator, unless a variant marked
//! `#[rynamo(unknown)]` holds a raw `Item`, which then keeps the map
//! unchanged.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DataEnum, DeriveInput, Result, Type};

use crate::attrs::TypeAttrs;
use crate::polymorphic::{Variants, distinct_values};

pub fn derive(
    input: &DeriveInput,
    data: &DataEnum,
    attrs: &TypeAttrs,
    krate: &TokenStream,
) -> Result<TokenStream> {
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "#[derive(Attribute)] does not support generic types",
        ));
    }
    if let Some(d) = attrs
        .discriminator
        .as_ref()
        .or(attrs.discriminator_value.as_ref())
    {
        return Err(syn::Error::new(
            d.span(),
            "the discriminator belongs on the variants' structs: `#[rynamo(discriminator = \"cls\", discriminator_value = \"circle\")]`",
        ));
    }
    let ident = &input.ident;
    let Variants {
        variants,
        types,
        unknown,
    } = Variants::split(
        data,
        "each variant of a polymorphic map holds one struct: `Circle(Circle)` (an enum stored as a string has only unit variants)",
        "one `#[rynamo(unknown)]` variant holds the maps of unregistered values: `Other(Item)`",
    )?;
    let Some(first) = types.first().copied() else {
        return Err(syn::Error::new_spanned(
            ident,
            "a polymorphic map needs at least one variant holding a discriminated struct",
        ));
    };
    let attribute = quote! { #krate::__private::discriminator_attribute(<#first as #krate::Attribute>::DISCRIMINATOR) };
    let same_attribute = types.iter().map(|t| {
        quote! {
            assert!(<#t as #krate::Attribute>::DISCRIMINATOR.is_some(), "every variant's struct needs `#[rynamo(discriminator = \"...\", discriminator_value = \"...\")]`");
            assert!(
                #krate::__private::same_str(#krate::__private::discriminator_attribute(<#t as #krate::Attribute>::DISCRIMINATOR), #attribute),
                "all variants of a polymorphic map share one discriminator attribute"
            );
        }
    });
    let distinct = distinct_values(&types, quote! { #krate::Attribute }, krate);
    let is = |t: &Type| quote! { #krate::__private::variant_of(&found, <#t as #krate::Attribute>::DISCRIMINATOR, <#t as #krate::Attribute>::DISCRIMINATOR_ALIASES) };
    let (all_variants, all_types): (Vec<_>, Vec<_>) = variants
        .iter()
        .copied()
        .zip(types.iter().copied())
        .chain(unknown)
        .unzip();

    let from_value_arms = variants.iter().zip(&types).map(|(v, t)| {
        let is = is(t);
        quote! { if #is { return <#t as #krate::Attribute>::from_value(value).map(Self::#v); } }
    });
    let read_json_arms = variants.iter().zip(&types).map(|(v, t)| {
        let is = is(t);
        quote! { if #is { return <#t as #krate::Attribute>::read_json(r).map(Self::#v); } }
    });
    let read_simple_arms = variants.iter().zip(&types).map(|(v, t)| {
        let is = is(t);
        quote! { if #is { return <#t as #krate::Attribute>::read_simple(r).map(Self::#v); } }
    });
    let (unknown_value, unknown_fast, unknown_simple, unknown_missing) = match unknown {
        Some((u, t)) => (
            quote! { <#t as #krate::Attribute>::from_value(value).map(Self::#u) },
            quote! { <#t as #krate::Attribute>::read_json(r).map(Self::#u) },
            quote! { <#t as #krate::Attribute>::read_simple(r).map(Self::#u) },
            quote! { return <#t as #krate::Attribute>::from_value(value).map(Self::#u); },
        ),
        None => (
            quote! { ::core::result::Result::Err(#krate::__private::unknown_variant(&found, attribute)) },
            quote! { ::core::result::Result::Err(#krate::__private::fast::refuse()) },
            quote! { ::core::result::Result::Err(#krate::__private::unknown_variant(&found, attribute)) },
            quote! { return ::core::result::Result::Err(#krate::error::DecodeError::missing().at_field(attribute)); },
        ),
    };
    let fast_missing = match unknown {
        Some((u, t)) => quote! { return <#t as #krate::Attribute>::read_json(r).map(Self::#u); },
        None => quote! { return ::core::result::Result::Err(#krate::__private::fast::refuse()); },
    };
    let simple_missing = match unknown {
        Some((u, t)) => quote! { return <#t as #krate::Attribute>::read_simple(r).map(Self::#u); },
        None => {
            quote! { return ::core::result::Result::Err(#krate::error::DecodeError::missing().at_field(attribute)); }
        }
    };

    Ok(quote! {
        const _: () = {
            #(#same_attribute)*
            #distinct
        };

        impl #krate::Attribute for #ident {
            fn to_value(&self) -> ::core::result::Result<#krate::AttributeValue, #krate::error::EncodeError> {
                match self { #(Self::#all_variants(v) => <#all_types as #krate::Attribute>::to_value(v),)* }
            }

            fn write_value(&self, buf: &mut #krate::__private::Vec<u8>) -> ::core::result::Result<(), #krate::error::EncodeError> {
                match self { #(Self::#all_variants(v) => <#all_types as #krate::Attribute>::write_value(v, buf),)* }
            }

            fn write_simple(&self, buf: &mut #krate::__private::Vec<u8>) -> ::core::result::Result<(), #krate::error::EncodeError> {
                match self { #(Self::#all_variants(v) => <#all_types as #krate::Attribute>::write_simple(v, buf),)* }
            }

            fn from_value(value: #krate::AttributeValue) -> ::core::result::Result<Self, #krate::error::DecodeError> {
                let attribute = #attribute;
                let found = match &value {
                    #krate::AttributeValue::M(item) => match #krate::__private::map_discriminator(item, attribute)? {
                        ::core::option::Option::Some(found) => #krate::__private::String::from(found),
                        ::core::option::Option::None => { #unknown_missing }
                    },
                    other => return ::core::result::Result::Err(#krate::error::DecodeError::wrong_type("M", other.value_type())),
                };
                #(#from_value_arms)*
                #unknown_value
            }

            fn read_json(r: &mut #krate::json::Reader<'_>) -> ::core::result::Result<Self, #krate::error::DecodeError> {
                let ::core::option::Option::Some(found) = #krate::__private::fast::peek_discriminator(r, #attribute)? else {
                    #fast_missing
                };
                #(#read_json_arms)*
                #unknown_fast
            }

            fn read_simple(r: &mut #krate::json::Reader<'_>) -> ::core::result::Result<Self, #krate::error::DecodeError> {
                let attribute = #attribute;
                let ::core::option::Option::Some(found) = #krate::__private::simple::simple_peek_discriminator(r, attribute)? else {
                    #simple_missing
                };
                #(#read_simple_arms)*
                #unknown_simple
            }
        }
    })
}
