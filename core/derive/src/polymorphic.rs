//! `#[derive(Model)]` on an enum of model types sharing one table
//! (PynamoDB's discriminator): reading dispatches on the discriminator.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DataEnum, DeriveInput, Fields, Result, Type};

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
    for v in &data.variants {
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
        variants.push(&v.ident);
        types.push(&fields.unnamed[0].ty);
    }
    let Some(first) = types.first().copied() else {
        return Err(syn::Error::new_spanned(
            ident,
            "a polymorphic model needs at least one variant",
        ));
    };
    let checks = variants.iter().zip(&types).map(|(v, t)| {
        quote! {
            if ::core::option::Option::Some(found) == <#t as #krate::Model>::DISCRIMINATOR.map(|d| d.1) {
                return <#t as #krate::Model>::from_item(item).map(Self::#v);
            }
        }
    });
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

        impl #krate::Model for #ident {
            const TABLE: &'static str = <#first as #krate::Model>::TABLE;
            const HASH_KEY: &'static str = <#first as #krate::Model>::HASH_KEY;
            const RANGE_KEY: ::core::option::Option<&'static str> = <#first as #krate::Model>::RANGE_KEY;
            type HashKey = <#first as #krate::Model>::HashKey;
            type RangeKey = <#first as #krate::Model>::RangeKey;
            const INDEXES: &'static [#krate::model::IndexDefinition] = <#first as #krate::Model>::INDEXES;

            fn key(&self) -> ::core::result::Result<#krate::Key, #krate::error::EncodeError> {
                match self { #(Self::#variants(v) => #krate::Model::key(v),)* }
            }

            fn to_item(&self) -> ::core::result::Result<#krate::Item, #krate::error::EncodeError> {
                match self { #(Self::#variants(v) => #krate::Model::to_item(v),)* }
            }

            fn write_item(&self, buf: &mut #krate::__private::Vec<u8>) -> ::core::result::Result<(), #krate::error::EncodeError> {
                match self { #(Self::#variants(v) => #krate::Model::write_item(v, buf),)* }
            }

            fn version(&self) -> ::core::option::Option<u64> {
                match self { #(Self::#variants(v) => #krate::Model::version(v),)* }
            }

            fn set_version(&mut self, version: ::core::option::Option<u64>) {
                match self { #(Self::#variants(v) => #krate::Model::set_version(v, version),)* }
            }

            fn version_condition(&self) -> ::core::option::Option<#krate::expr::Condition> {
                match self { #(Self::#variants(v) => #krate::Model::version_condition(v),)* }
            }

            fn from_item(item: #krate::Item) -> ::core::result::Result<Self, #krate::error::DecodeError> {
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
                ::core::result::Result::Err(
                    #krate::error::DecodeError::new(#krate::error::DecodeErrorKind::UnknownVariant(found.into())).at_field(attribute),
                )
            }
        }
    })
}
