//! `#[derive(Attribute)]`: structs as maps (`M`), optionally naming their
//! type in a discriminator attribute; fieldless enums as their variant
//! names (`S`); enums of discriminated structs as maps read into the
//! variant the discriminator names (PynamoDB's `MapAttribute` subclasses
//! with a `DiscriminatorAttribute`, see `polymorphic_attribute.rs`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr, Result};

use crate::attrs::{TypeAttrs, variant_rename};
use crate::discriminator::Discriminator;
use crate::fields::{StructFields, krate};

pub fn derive(input: &DeriveInput) -> Result<TokenStream> {
    let attrs = TypeAttrs::parse(&input.attrs)?;
    if let Some(table) = &attrs.table {
        return Err(syn::Error::new(
            table.span(),
            "`table` belongs on #[derive(Model)], not #[derive(Attribute)]",
        ));
    }
    if let Some(index) = attrs.indexes.first() {
        return Err(syn::Error::new(
            index.span,
            "indexes belong on #[derive(Model)]",
        ));
    }
    let krate = krate(&attrs.krate);
    match &input.data {
        Data::Enum(data)
            if data
                .variants
                .iter()
                .any(|v| !matches!(v.fields, Fields::Unit)) =>
        {
            crate::polymorphic_attribute::derive(input, data, &attrs, &krate)
        }
        Data::Enum(data) => {
            if let Some(d) = attrs
                .discriminator
                .as_ref()
                .or(attrs.discriminator_value.as_ref())
            {
                return Err(syn::Error::new(
                    d.span(),
                    "a discriminator belongs on the structs of an enum's variants",
                ));
            }
            derive_enum(input, data, &krate)
        }
        _ => derive_struct(input, &attrs, &krate),
    }
}

fn derive_struct(
    input: &DeriveInput,
    attrs: &TypeAttrs,
    krate: &TokenStream,
) -> Result<TokenStream> {
    let fields = StructFields::parse(input, "Attribute")?;
    if let Some(f) = fields
        .fields
        .iter()
        .find(|f| f.attrs.hash_key || f.attrs.range_key || f.attrs.version || f.attrs.ttl)
    {
        return Err(syn::Error::new(
            f.ident.span(),
            "keys, versions and TTLs belong on #[derive(Model)] fields",
        ));
    }
    let ident = &input.ident;
    let discriminator = Discriminator::parse(attrs, &fields, ident)?;
    let d = discriminator.as_ref();
    let consts = d.map(Discriminator::consts);
    let insert = d.map(|d| d.insert(krate));
    let check = d.map(|d| d.check(krate));
    let path_consts = fields.path_consts(krate);
    let to_item = fields.encode_item(krate);
    let write_item = fields.write_item_with(krate, d.map(|d| d.write(krate)).unwrap_or_default());
    let write_simple = fields.write_simple(
        krate,
        d.map(Discriminator::write_simple).unwrap_or_default(),
    );
    let from_item = fields.decode_item(krate);
    let read_simple = fields.decode_simple(krate, d);
    let (fast_items, fast_init) = fields.fast_fields(krate, ident, d);
    Ok(quote! {
        impl #krate::Attribute for #ident {
            #consts

            fn read_json(r: &mut #krate::json::Reader<'_>) -> ::core::result::Result<Self, #krate::error::DecodeError> {
                #fast_items
                #krate::__private::fast::tagged(r, "M", |r| #krate::__private::fast::read_struct(r, #fast_init))
            }

            fn read_simple(r: &mut #krate::json::Reader<'_>) -> ::core::result::Result<Self, #krate::error::DecodeError> {
                #read_simple
            }

            fn write_simple(&self, buf: &mut #krate::__private::Vec<u8>) -> ::core::result::Result<(), #krate::error::EncodeError> {
                #write_simple
                ::core::result::Result::Ok(())
            }

            fn to_value(&self) -> ::core::result::Result<#krate::AttributeValue, #krate::error::EncodeError> {
                #to_item
                #insert
                ::core::result::Result::Ok(#krate::AttributeValue::M(item))
            }

            fn from_value(value: #krate::AttributeValue) -> ::core::result::Result<Self, #krate::error::DecodeError> {
                match value {
                    #krate::AttributeValue::M(mut item) => {
                        #check
                        ::core::result::Result::Ok(#from_item)
                    }
                    other => ::core::result::Result::Err(#krate::error::DecodeError::wrong_type("M", other.value_type())),
                }
            }

            fn write_value(&self, buf: &mut #krate::__private::Vec<u8>) -> ::core::result::Result<(), #krate::error::EncodeError> {
                buf.extend_from_slice(b"{\"M\":");
                #write_item
                buf.push(b'}');
                ::core::result::Result::Ok(())
            }
        }

        impl #ident {
            #path_consts
        }
    })
}

fn derive_enum(
    input: &DeriveInput,
    data: &syn::DataEnum,
    krate: &TokenStream,
) -> Result<TokenStream> {
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "#[derive(Attribute)] does not support generic types",
        ));
    }
    let ident = &input.ident;
    let mut names = Vec::new();
    let mut variants = Vec::new();
    for v in &data.variants {
        if !matches!(v.fields, Fields::Unit) {
            return Err(syn::Error::new_spanned(
                v,
                "#[derive(Attribute)] on an enum needs unit variants (stored as their names)",
            ));
        }
        let name = variant_rename(&v.attrs)?
            .unwrap_or_else(|| LitStr::new(&v.ident.to_string(), v.ident.span()));
        if names.iter().any(|n: &LitStr| n.value() == name.value()) {
            return Err(syn::Error::new(
                name.span(),
                format!("two variants are stored as `{}`", name.value()),
            ));
        }
        names.push(name);
        variants.push(&v.ident);
    }
    Ok(quote! {
        impl #krate::Attribute for #ident {
            fn to_value(&self) -> ::core::result::Result<#krate::AttributeValue, #krate::error::EncodeError> {
                let name: &str = match self { #(Self::#variants => #names,)* };
                ::core::result::Result::Ok(#krate::AttributeValue::S(#krate::__private::String::from(name)))
            }

            fn from_value(value: #krate::AttributeValue) -> ::core::result::Result<Self, #krate::error::DecodeError> {
                match value {
                    #krate::AttributeValue::S(s) => match s.as_str() {
                        #(#names => ::core::result::Result::Ok(Self::#variants),)*
                        _ => ::core::result::Result::Err(#krate::error::DecodeError::new(#krate::error::DecodeErrorKind::UnknownVariant(s))),
                    },
                    other => ::core::result::Result::Err(#krate::error::DecodeError::wrong_type("S", other.value_type())),
                }
            }
        }

        impl #krate::KeyAttribute for #ident {
            const KEY_TYPE: #krate::value::ScalarAttributeType = #krate::value::ScalarAttributeType::S;
        }
    })
}
