//! A struct's discriminator (`#[rynamo(discriminator = "cls",
//! discriminator_value = "dog", discriminator_alias = "hound")]`), as
//! `#[derive(Model)]` and `#[derive(Attribute)]` both generate it: the
//! consts, the writers' extra attribute and the readers' check, which
//! accepts the value and every alias (PynamoDB's `register_class` with
//! several values for one class; the first is the one written).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Ident, LitStr, Result};

use crate::attrs::TypeAttrs;
use crate::fields::{StructFields, error};

/// A struct's discriminator attribute, its value and aliases.
pub struct Discriminator<'a> {
    pub attr: &'a LitStr,
    pub value: &'a LitStr,
    pub aliases: &'a [LitStr],
}

impl<'a> Discriminator<'a> {
    /// The struct's discriminator, if declared; checks the options go
    /// together and no field has the attribute's name.
    pub fn parse(
        attrs: &'a TypeAttrs,
        fields: &StructFields,
        ident: &Ident,
    ) -> Result<Option<Self>> {
        let (attr, value) = match (&attrs.discriminator, &attrs.discriminator_value) {
            (None, None) => {
                if let Some(alias) = attrs.discriminator_aliases.first() {
                    return Err(error(
                        alias.span(),
                        "`discriminator_alias` needs `discriminator` and `discriminator_value`",
                    ));
                }
                return Ok(None);
            }
            (Some(attr), Some(value)) => (attr, value),
            _ => {
                return Err(error(
                    ident.span(),
                    "`discriminator` and `discriminator_value` go together",
                ));
            }
        };
        if fields.fields.iter().any(|f| f.name.value() == attr.value()) {
            return Err(error(
                attr.span(),
                "the discriminator attribute is written by the derive; remove the field of that name",
            ));
        }
        let aliases = &attrs.discriminator_aliases;
        for (i, alias) in aliases.iter().enumerate() {
            if alias.value() == value.value()
                || aliases[..i].iter().any(|a| a.value() == alias.value())
            {
                return Err(error(
                    alias.span(),
                    &format!("the discriminator value `{}` is given twice", alias.value()),
                ));
            }
        }
        Ok(Some(Discriminator {
            attr,
            value,
            aliases,
        }))
    }

    /// `&["dog", "hound"]`: what the readers accept.
    pub fn accepted(&self) -> TokenStream {
        let (value, aliases) = (self.value, self.aliases);
        quote! { &[#value, #(#aliases),*] }
    }

    /// The `DISCRIMINATOR` and `DISCRIMINATOR_ALIASES` consts.
    pub fn consts(&self) -> TokenStream {
        let (attr, value, aliases) = (self.attr, self.value, self.aliases);
        quote! {
            const DISCRIMINATOR: ::core::option::Option<(&'static str, &'static str)> = ::core::option::Option::Some((#attr, #value));
            const DISCRIMINATOR_ALIASES: &'static [&'static str] = &[#(#aliases),*];
        }
    }

    /// Inserts the value into an `Item` named `item`.
    pub fn insert(&self, krate: &TokenStream) -> TokenStream {
        let (attr, value) = (self.attr, self.value);
        quote! { item.insert(#krate::__private::String::from(#attr), #krate::AttributeValue::S(#krate::__private::String::from(#value))); }
    }

    /// Writes `"cls":{"S":"dog"}` into an `ObjectWriter` named `object`.
    pub fn write(&self, krate: &TokenStream) -> TokenStream {
        let (attr, value) = (self.attr, self.value);
        quote! {{
            let buf = object.key(#attr);
            buf.extend_from_slice(b"{\"S\":");
            #krate::json::write_str(buf, #value);
            buf.push(b'}');
        }}
    }

    /// Writes the plain-JSON `"cls":"dog"` into `object`.
    pub fn write_simple(&self) -> TokenStream {
        let (attr, value) = (self.attr, self.value);
        quote! { object.string(#attr, #value); }
    }

    /// Checks and removes the discriminator from a mutable `Item` named `item`.
    pub fn check(&self, krate: &TokenStream) -> TokenStream {
        let (attr, accepted) = (self.attr, self.accepted());
        quote! { #krate::__private::check_discriminator(&mut item, #attr, #accepted)?; }
    }
}
