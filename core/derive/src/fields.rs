//! The fields of a struct, as both derives see them, and the encode and
//! decode code they share.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Fields, GenericArgument, Ident, LitStr, PathArguments, Result, Type};

use crate::attrs::{FieldAttrs, FieldDefault};
use crate::discriminator::Discriminator;

/// One declared (non-`extra`) field.
pub struct Field {
    pub ident: Ident,
    pub ty: Type,
    /// The type paths compare with: `T` for `Option<T>`.
    pub path_ty: Type,
    /// The DynamoDB attribute name.
    pub name: LitStr,
    pub attrs: FieldAttrs,
}

/// A struct's fields.
pub struct StructFields {
    pub fields: Vec<Field>,
    pub extra: Option<Ident>,
}

/// Whether `ty` is spelled `Option<T>`.
pub fn is_option(ty: &Type) -> bool {
    option_inner(ty).is_some()
}

/// `T` when `ty` is spelled `Option<T>` (or `std::option::Option<T>`).
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(t) if args.args.len() == 1 => Some(t),
        _ => None,
    }
}

impl Field {
    /// The expression giving this field's value when its attribute is
    /// absent, if it has `#[rynamo(default)]`.
    pub(crate) fn default_value(&self) -> Option<TokenStream> {
        let ty = &self.ty;
        self.attrs.default.as_ref().map(|d| match d {
            FieldDefault::Trait => quote! { <#ty as ::core::default::Default>::default() },
            FieldDefault::Function(path) => quote! { #path() },
        })
    }
}

impl StructFields {
    pub fn parse(input: &DeriveInput, what: &str) -> Result<Self> {
        if !input.generics.params.is_empty() {
            return Err(syn::Error::new_spanned(
                &input.generics,
                format!("#[derive({what})] does not support generic types"),
            ));
        }
        let Data::Struct(data) = &input.data else {
            return Err(syn::Error::new_spanned(
                &input.ident,
                format!("#[derive({what})] needs a struct with named fields"),
            ));
        };
        let Fields::Named(named) = &data.fields else {
            return Err(syn::Error::new_spanned(
                &input.ident,
                format!("#[derive({what})] needs a struct with named fields"),
            ));
        };
        let mut fields = Vec::new();
        let mut extra: Option<Ident> = None;
        for f in &named.named {
            let ident = f.ident.clone().expect("named field");
            let attrs = FieldAttrs::parse(&f.attrs)?;
            if attrs.extra {
                if extra.is_some() {
                    return Err(syn::Error::new_spanned(
                        f,
                        "only one field can be `#[rynamo(extra)]`",
                    ));
                }
                if attrs.hash_key
                    || attrs.range_key
                    || attrs.rename.is_some()
                    || attrs.version
                    || attrs.default.is_some()
                {
                    return Err(syn::Error::new_spanned(
                        f,
                        "the `extra` field holds undeclared attributes; it cannot be a key, renamed, a version or defaulted",
                    ));
                }
                extra = Some(ident);
                continue;
            }
            if attrs.default.is_some() && (attrs.hash_key || attrs.range_key) {
                return Err(syn::Error::new_spanned(
                    f,
                    "a key attribute is in every item; it cannot have a `default`",
                ));
            }
            let name = attrs
                .rename
                .clone()
                .unwrap_or_else(|| LitStr::new(&ident.to_string(), ident.span()));
            if let Some(other) = fields
                .iter()
                .find(|o: &&Field| o.name.value() == name.value())
            {
                return Err(syn::Error::new(
                    name.span(),
                    format!(
                        "attribute name `{}` is already used by field `{}`",
                        name.value(),
                        other.ident
                    ),
                ));
            }
            let path_ty = option_inner(&f.ty).unwrap_or(&f.ty).clone();
            fields.push(Field {
                ident,
                ty: f.ty.clone(),
                path_ty,
                name,
                attrs,
            });
        }
        Ok(StructFields { fields, extra })
    }

    pub fn find(&self, rust_name: &LitStr) -> Result<&Field> {
        self.fields
            .iter()
            .find(|f| f.ident == rust_name.value())
            .ok_or_else(|| {
                syn::Error::new(
                    rust_name.span(),
                    format!("no field `{}`", rust_name.value()),
                )
            })
    }

    /// `pub const FIELD: Field<Self, T> = Field::new("name");` for each field.
    pub fn path_consts(&self, krate: &TokenStream) -> TokenStream {
        let consts = self.fields.iter().map(|f| {
            let const_name = format_ident!("{}", f.ident.to_string().trim_start_matches("r#").to_uppercase());
            let (name, ty) = (&f.name, &f.path_ty);
            let doc = format!("The `{}` attribute.", name.value());
            quote! {
                #[doc = #doc]
                pub const #const_name: #krate::expr::Field<Self, #ty> = #krate::expr::Field::new(#name);
            }
        });
        quote! { #(#consts)* }
    }

    fn declared_names(&self) -> TokenStream {
        let names = self.fields.iter().map(|f| &f.name);
        quote! { [#(#names),*] }
    }

    /// Body building an `Item` named `item` from `self`.
    pub fn encode_item(&self, krate: &TokenStream) -> TokenStream {
        let inserts = self.fields.iter().map(|f| {
            let (ident, name) = (&f.ident, &f.name);
            quote! { #krate::__private::insert_field(&mut item, #name, &self.#ident)?; }
        });
        let extra = self.extra.as_ref().map(|extra| {
            let declared = self.declared_names();
            quote! {
                for (name, value) in &self.#extra {
                    if !#declared.contains(&name.as_str()) {
                        #krate::__private::insert_field(&mut item, name, value)?;
                    }
                }
            }
        });
        quote! {
            let mut item = #krate::Item::new();
            #(#inserts)*
            #extra
        }
    }

    /// Statements writing `{"name":{…},…}` into `buf`, with `prefix` run
    /// right after the object opens.
    pub fn write_item_with(&self, krate: &TokenStream, prefix: TokenStream) -> TokenStream {
        self.write_object(krate, prefix, quote! { #krate::__private::write_field })
    }

    /// Statements writing the plain-JSON view `{"name":…,…}` into `buf`,
    /// with `prefix` run right after the object opens.
    pub fn write_simple(&self, krate: &TokenStream, prefix: TokenStream) -> TokenStream {
        self.write_object(
            krate,
            prefix,
            quote! { #krate::__private::write_simple_field },
        )
    }

    /// An object of the fields (and extras), each written by `write`.
    fn write_object(
        &self,
        krate: &TokenStream,
        prefix: TokenStream,
        write: TokenStream,
    ) -> TokenStream {
        let writes = self.fields.iter().map(|f| {
            let (ident, name) = (&f.ident, &f.name);
            quote! { #write(&mut object, #name, &self.#ident)?; }
        });
        let extra = self.extra.as_ref().map(|extra| {
            let declared = self.declared_names();
            quote! {
                for (name, value) in &self.#extra {
                    if !#declared.contains(&name.as_str()) {
                        #write(&mut object, name, value)?;
                    }
                }
            }
        });
        quote! {
            let mut object = #krate::json::ObjectWriter::new(buf);
            #prefix
            #(#writes)*
            #extra
            object.finish();
        }
    }

    /// Statements declaring `__RynamoFields`, the fast-path reader of this
    /// struct's attributes (`rynamo_core::__private::fast::Fields`), and an
    /// expression for its empty state: `(items, init)`.
    pub fn fast_fields(
        &self,
        krate: &TokenStream,
        output: &Ident,
        discriminator: Option<&Discriminator<'_>>,
    ) -> (TokenStream, TokenStream) {
        let fast = quote! { #krate::__private::fast };
        let idents: Vec<_> = self.fields.iter().map(|f| &f.ident).collect();
        let tys = self.fields.iter().map(|f| &f.ty);
        let names = self.fields.iter().map(|f| &f.name);
        let takes: Vec<_> = self
            .fields
            .iter()
            .map(|f| {
                let ident = &f.ident;
                match f.default_value() {
                    Some(default) => quote! { match self.#ident {
                        ::core::option::Option::Some(v) => v,
                        ::core::option::Option::None => #default,
                    } },
                    None => quote! { #fast::take(self.#ident)? },
                }
            })
            .collect();
        let (extra_slot, extra_init, extra_out, unknown) = match &self.extra {
            Some(extra) => (
                quote! { __rynamo_extra: #krate::Item, },
                quote! { __rynamo_extra: #krate::Item::new(), },
                quote! { #extra: self.__rynamo_extra, },
                quote! { #fast::keep(&mut self.__rynamo_extra, name, r) },
            ),
            None => (quote! {}, quote! {}, quote! {}, quote! { #fast::skip(r) }),
        };
        let (disc_arm, disc_check) = match discriminator {
            Some(d) => (
                {
                    let (attr, accepted) = (d.attr, d.accepted());
                    quote! { #attr => #fast::discriminator(r, #accepted, &mut self.__rynamo_seen), }
                },
                quote! {
                    if !self.__rynamo_seen {
                        return ::core::option::Option::None;
                    }
                },
            ),
            None => (quote! {}, quote! {}),
        };
        let items = quote! {
            #[allow(non_camel_case_types)]
            struct __RynamoFields {
                #(#idents: ::core::option::Option<#tys>,)*
                #extra_slot
                __rynamo_seen: bool,
            }

            impl #fast::Fields for __RynamoFields {
                type Output = #output;

                fn field(
                    &mut self,
                    name: #krate::__private::Cow<'_, str>,
                    r: &mut #krate::json::Reader<'_>,
                ) -> ::core::result::Result<(), #krate::error::DecodeError> {
                    match &*name {
                        #(#names => #fast::slot(&mut self.#idents, r),)*
                        #disc_arm
                        _ => #unknown,
                    }
                }

                fn finish(self) -> ::core::option::Option<#output> {
                    #disc_check
                    ::core::option::Option::Some(#output {
                        #(#idents: #takes,)*
                        #extra_out
                    })
                }
            }
        };
        let init = quote! {
            __RynamoFields {
                #(#idents: ::core::option::Option::None,)*
                #extra_init
                __rynamo_seen: false,
            }
        };
        (items, init)
    }

    /// An expression building `Self` from a mutable `Item` named `item`.
    pub fn decode_item(&self, krate: &TokenStream) -> TokenStream {
        // Without a catch-all field the item is dropped after the reads:
        // values are taken out in place, which needs no B-tree removal code.
        let keeps_rest = self.extra.is_some();
        let reads = self.fields.iter().map(|f| {
            let (ident, name, ty) = (&f.ident, &f.name, &f.ty);
            let take = if keeps_rest {
                quote! { item.remove(#name) }
            } else {
                quote! { #krate::__private::take_value(&mut item, #name) }
            };
            match f.default_value() {
                Some(default) => quote! {
                    let #ident = match #take {
                        ::core::option::Option::Some(v) => <#ty as #krate::Attribute>::from_value(v)
                            .map_err(|e| e.at_field(#name))?,
                        ::core::option::Option::None => #default,
                    };
                },
                None => {
                    quote! { let #ident = #krate::__private::decode_field::<#ty>(#take, #name)?; }
                }
            }
        });
        let idents = self.fields.iter().map(|f| &f.ident);
        let extra = match &self.extra {
            Some(extra) => quote! { #extra: item, },
            None => quote! {},
        };
        quote! {{
            #(#reads)*
            Self { #(#idents,)* #extra }
        }}
    }
}

/// The core crate's path: `::rynamo_core` unless `#[rynamo(crate = "...")]`.
pub fn krate(path: &Option<syn::Path>) -> TokenStream {
    match path {
        Some(p) => quote! { #p },
        None => quote! { ::rynamo_core },
    }
}

/// A compile error at `span`.
pub fn error(span: Span, message: &str) -> syn::Error {
    syn::Error::new(span, message)
}
