//! The plain-JSON reader both derives generate (`read_simple_json`,
//! PynamoDB's `from_simple_dict`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::discriminator::Discriminator;
use crate::fields::StructFields;

impl StructFields {
    /// An expression building `Self` from a plain-JSON object named `object`.
    pub fn decode_simple(
        &self,
        krate: &TokenStream,
        discriminator: Option<&Discriminator<'_>>,
    ) -> TokenStream {
        let simple = quote! { #krate::__private::simple };
        let idents: Vec<_> = self.fields.iter().map(|f| &f.ident).collect();
        let slots: Vec<_> = idents
            .iter()
            .map(|i| format_ident!("__rynamo_field_{}", i))
            .collect();
        let tys = self.fields.iter().map(|f| &f.ty);
        let names: Vec<_> = self.fields.iter().map(|f| &f.name).collect();
        let simple_takes: Vec<_> = self
            .fields
            .iter()
            .zip(&slots)
            .map(|(f, slot)| {
                let name = &f.name;
                match f.default_value() {
                    Some(default) => quote! { match #slot {
                        ::core::option::Option::Some(v) => v,
                        ::core::option::Option::None => #default,
                    } },
                    None => quote! { #simple::simple_take(#slot, #name)? },
                }
            })
            .collect();
        let (extra_init, extra_out, unknown) = match &self.extra {
            Some(extra) => (
                quote! { let mut __rynamo_extra = #krate::Item::new(); },
                quote! { #extra: __rynamo_extra, },
                quote! { #simple::simple_keep(&mut __rynamo_extra, &__rynamo_key, r)? },
            ),
            None => (quote! {}, quote! {}, quote! { r.skip()? }),
        };
        let (disc_init, disc_arm, disc_check) = match discriminator {
            Some(Discriminator { attr, .. }) => (
                quote! { let mut __rynamo_seen = false; },
                {
                    let accepted = discriminator.map(Discriminator::accepted);
                    quote! { #attr => {
                        #simple::simple_discriminator(r, #attr, #accepted)?;
                        __rynamo_seen = true;
                    } }
                },
                quote! {
                    if !__rynamo_seen {
                        return ::core::result::Result::Err(#simple::missing_discriminator(#attr));
                    }
                },
            ),
            None => (quote! {}, quote! {}, quote! {}),
        };
        quote! {{
            #(let mut #slots: ::core::option::Option<#tys> = ::core::option::Option::None;)*
            #extra_init
            #disc_init
            let mut __rynamo_object = #simple::simple_object(r)?;
            while let ::core::option::Option::Some(__rynamo_key) = r.key(&mut __rynamo_object)? {
                match &*__rynamo_key {
                    #(#names => #simple::simple_slot(&mut #slots, #names, r)?,)*
                    #disc_arm
                    _ => #unknown,
                }
            }
            #disc_check
            ::core::result::Result::Ok(Self {
                #(#idents: #simple_takes,)*
                #extra_out
            })
        }}
    }
}
