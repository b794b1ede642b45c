//! `#[derive(Model)]`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{DeriveInput, Result};

use crate::attrs::TypeAttrs;
use crate::discriminator::Discriminator;
use crate::entity::{Entity, IndexKeys};
use crate::fields::{Field, StructFields, error, krate};
use crate::template::{KeyOf, key_of};

pub fn derive(input: &DeriveInput) -> Result<TokenStream> {
    let attrs = TypeAttrs::parse(&input.attrs)?;
    if let syn::Data::Enum(data) = &input.data {
        return crate::polymorphic::derive(input, data, &attrs);
    }
    let fields = StructFields::parse(input, "Model")?;
    let krate = krate(&attrs.krate);
    let ident = &input.ident;
    let table = attrs
        .table
        .as_ref()
        .ok_or_else(|| error(ident.span(), "missing `#[rynamo(table = \"...\")]`"))?;

    let single = |pick: fn(&Field) -> bool, what: &str| -> Result<Option<&Field>> {
        let mut found = fields.fields.iter().filter(|f| pick(f));
        let first = found.next();
        if let Some(second) = found.next() {
            return Err(error(
                second.ident.span(),
                &format!("more than one `{what}` field"),
            ));
        }
        Ok(first)
    };
    crate::entity::check(&attrs, &fields)?;
    let hash = key_of(
        &fields,
        attrs.hash_template.as_ref(),
        single(|f| f.attrs.hash_key, "hash_key")?,
    )?
    .ok_or_else(|| error(ident.span(), "no field is `#[rynamo(hash_key)]`"))?;
    let range = key_of(
        &fields,
        attrs.range_template.as_ref(),
        single(|f| f.attrs.range_key, "range_key")?,
    )?;
    let version = single(|f| f.attrs.version, "version")?;
    let ttl = single(|f| f.attrs.ttl, "ttl")?;
    let ttl_const = ttl.map(|t| {
        let name = &t.name;
        quote! { const TTL: ::core::option::Option<&'static str> = ::core::option::Option::Some(#name); }
    });
    if let Some(f) = fields
        .fields
        .iter()
        .find(|f| f.attrs.hash_key && f.attrs.range_key)
    {
        return Err(error(
            f.ident.span(),
            "a field cannot be both hash and range key",
        ));
    }

    let (hash_name, hash_ty, hash_value) = (
        hash.name().clone(),
        hash.ty(&krate),
        hash.value_from_self(&krate, false),
    );
    let (range_const, range_ty, range_key) = match &range {
        Some(r) => {
            let (rn, rt, value) = (r.name(), r.ty(&krate), r.value_from_self(&krate, true));
            (
                quote! { ::core::option::Option::Some(#rn) },
                rt,
                quote! {
                    let range = #value;
                    let key = key.range(#rn, range);
                },
            )
        }
        None => (
            quote! { ::core::option::Option::None },
            quote! { #krate::model::NoRangeKey },
            quote! {},
        ),
    };

    let (version_const, version_fns) = match version {
        Some(v) => {
            let (vi, vn) = (&v.ident, &v.name);
            (
                quote! {
                    const VERSION: ::core::option::Option<&'static str> = ::core::option::Option::Some(#vn);
                },
                quote! {
                    fn version(&self) -> ::core::option::Option<u64> {
                        self.#vi
                    }
                    fn set_version(&mut self, version: ::core::option::Option<u64>) {
                        self.#vi = version;
                    }
                },
            )
        }
        None => (quote! {}, quote! {}),
    };

    let key_def = |k: &KeyOf| {
        let (name, ty) = (k.name(), k.path_ty(&krate));
        quote! { #krate::model::KeyDefinition { name: #name, attribute_type: <#ty as #krate::KeyAttribute>::KEY_TYPE } }
    };
    let mut index_keys = Vec::new();
    for index in &attrs.indexes {
        let index_hash = match &index.hash_key {
            Some(h) if index.hash_template.is_none() => Some(fields.find(h)?),
            _ => None,
        };
        let index_hash = match key_of(&fields, index.hash_template.as_ref(), index_hash)? {
            Some(k) => k,
            None => hash.clone(),
        };
        let index_range = index
            .range_key
            .as_ref()
            .filter(|_| index.range_template.is_none())
            .map(|r| fields.find(r))
            .transpose()?;
        let index_range = key_of(&fields, index.range_template.as_ref(), index_range)?;
        index_keys.push(IndexKeys {
            attr: index,
            hash: Some(index_hash),
            range: index_range,
        });
    }
    let mut index_defs = Vec::new();
    let mut index_consts = Vec::new();
    for keys in &index_keys {
        let index = keys.attr;
        let index_hash = keys.hash.as_ref().expect("every index has a hash key");
        let index_range = keys.range.as_ref();
        let kind = if index.global {
            quote! { Global }
        } else {
            quote! { Local }
        };
        let hash_def = key_def(index_hash);
        let range_def = match index_range {
            Some(r) => {
                let d = key_def(r);
                quote! { ::core::option::Option::Some(#d) }
            }
            None => quote! { ::core::option::Option::None },
        };
        let projection = match index.projection.as_str() {
            "keys_only" => quote! { #krate::model::IndexProjection::KeysOnly },
            "include" => {
                let names = &index.include;
                quote! { #krate::model::IndexProjection::Include(#krate::__private::Cow::Borrowed(&[#(#krate::__private::Cow::Borrowed(#names)),*])) }
            }
            _ => quote! { #krate::model::IndexProjection::All },
        };
        let name = &index.name;
        index_defs.push(quote! {
            #krate::model::IndexDefinition { name: #name, kind: #krate::model::IndexKind::#kind, hash: #hash_def, range: #range_def, projection: #projection }
        });
        let const_name = format_ident!("{}", name.value().to_uppercase().replace(['-', '.'], "_"));
        let (ih_ty, ih_name) = (index_hash.path_ty(&krate), index_hash.name());
        let (ir_ty, ir_name) = match index_range {
            Some(r) => {
                let (t, n) = (r.path_ty(&krate), r.name());
                (quote! { #t }, quote! { ::core::option::Option::Some(#n) })
            }
            None => (
                quote! { #krate::model::NoRangeKey },
                quote! { ::core::option::Option::None },
            ),
        };
        let doc = format!("The `{}` secondary index.", name.value());
        index_consts.push(quote! {
            #[doc = #doc]
            pub const #const_name: #krate::model::Index<Self, #ih_ty, #ir_ty> = #krate::model::Index::new(#name, #ih_name, #ir_name);
        });
    }
    let entity = Entity {
        hash,
        range,
        indexes: index_keys,
    };
    let templates_const = entity.consts(&krate);
    let template_inserts = entity.inserts(&krate);
    let template_writes = entity.writes(&krate, quote! { #krate::__private::write_field });
    let template_simple = entity.writes(&krate, quote! { #krate::__private::write_simple_field });
    let template_fns = entity.functions(&krate, ident);

    let discriminator = Discriminator::parse(&attrs, &fields, ident)?;
    let d = discriminator.as_ref();
    let discriminator_const = d.map(Discriminator::consts);
    let discriminator_insert = d.map(|d| d.insert(&krate));
    let discriminator_write = d.map(|d| d.write(&krate)).unwrap_or_default();
    let discriminator_simple = d.map(Discriminator::write_simple).unwrap_or_default();
    let discriminator_check = d.map(|d| d.check(&krate));
    let path_consts = fields.path_consts(&krate);
    let to_item = fields.encode_item(&krate);
    let write_item =
        fields.write_item_with(&krate, quote! { #discriminator_write #template_writes });
    let write_simple =
        fields.write_simple(&krate, quote! { #discriminator_simple #template_simple });
    let from_item = fields.decode_item(&krate);
    let (fast_items, fast_init) = fields.fast_fields(&krate, ident, d);
    let read_simple = fields.decode_simple(&krate, d);

    Ok(quote! {
        impl #krate::__private::ModelCodec for #ident {
            #version_fns

            fn read_item_json(r: &mut #krate::json::Reader<'_>) -> ::core::result::Result<Self, #krate::error::DecodeError> {
                #fast_items
                #krate::__private::fast::read_struct(r, #fast_init)
            }
        }

        impl #krate::Model for #ident {
            const TABLE: &'static str = #table;
            const HASH_KEY: &'static str = #hash_name;
            const RANGE_KEY: ::core::option::Option<&'static str> = #range_const;
            type HashKey = #hash_ty;
            type RangeKey = #range_ty;
            const INDEXES: &'static [#krate::model::IndexDefinition] = &[#(#index_defs),*];
            #version_const
            #ttl_const
            #discriminator_const
            #templates_const

            fn key(&self) -> ::core::result::Result<#krate::Key, #krate::error::EncodeError> {
                let hash = #hash_value;
                let key = #krate::Key::hash(#hash_name, hash);
                #range_key
                ::core::result::Result::Ok(key)
            }

            fn to_item(&self) -> ::core::result::Result<#krate::Item, #krate::error::EncodeError> {
                #to_item
                #discriminator_insert
                #template_inserts
                ::core::result::Result::Ok(item)
            }

            fn write_item(&self, buf: &mut #krate::__private::Vec<u8>) -> ::core::result::Result<(), #krate::error::EncodeError> {
                #write_item
                ::core::result::Result::Ok(())
            }

            fn from_item(mut item: #krate::Item) -> ::core::result::Result<Self, #krate::error::DecodeError> {
                #discriminator_check
                ::core::result::Result::Ok(#from_item)
            }

            fn write_simple_json(&self, buf: &mut #krate::__private::Vec<u8>) -> ::core::result::Result<(), #krate::error::EncodeError> {
                #write_simple
                ::core::result::Result::Ok(())
            }

            fn read_simple_json(r: &mut #krate::json::Reader<'_>) -> ::core::result::Result<Self, #krate::error::DecodeError> {
                #read_simple
            }
        }

        impl #ident {
            #path_consts
            #(#index_consts)*
            #template_fns
        }
    })
}
