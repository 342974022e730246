//! Security: the spec's `components.securitySchemes` become the client's credentials (one
//! builder setter each), and every operation's `security` (or the top-level one) becomes its
//! list of alternatives. A scheme the runtime cannot send is reported and left out of the
//! requirements, so the user can send its header with the builder's `header`.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme as SpecScheme};

use crate::error::Result;
use crate::ident::{UniqueNames, field_ident, module_ident};
use crate::ir::{Dialect, ParamLocation, SchemeKind, SecurityScheme};
use crate::pointer::pointer_token;

use super::Lowerer;

/// Builder methods every client has; a scheme's setter never takes one of these names.
const BUILDER_METHODS: &[&str] = &[
    "new",
    "host",
    "timeout",
    "retry_policy",
    "http_client",
    "header",
    "hooks",
    "build",
    "lang",
];

/// The schemes, by key, and the dialect that serves some of them.
pub(super) struct Security {
    /// Every scheme of the spec, supported or not, in spec order.
    pub(super) schemes: Vec<SecurityScheme>,
    /// The dialect, if one is chosen.
    pub(super) dialect: Option<Dialect>,
    /// The schemes only webhook deliveries name, left out of the client: for each `apiKey`
    /// scheme in a header, its header name, by key.
    pub(super) delivery_headers: BTreeMap<String, String>,
}

impl Security {
    /// The index of the scheme called `key`, if the client can send it.
    fn supported(&self, key: &str) -> Option<usize> {
        self.schemes
            .iter()
            .position(|s| s.key == key)
            .filter(|&i| self.schemes.get(i).is_some_and(|s| s.kind.is_some()))
    }
}

impl<'a> Lowerer<'a> {
    /// Reads `components.securitySchemes` and picks out the schemes `dialect` serves; those
    /// in `deliveries_only` (named by webhook deliveries alone) are not the client's.
    pub(super) fn security(
        &mut self,
        dialect: Option<&str>,
        deliveries_only: &BTreeSet<String>,
    ) -> Result<Security> {
        let doc = &self.spec.doc;
        let mut setters = UniqueNames::new();
        for name in BUILDER_METHODS {
            setters.reserve(name);
        }
        let mut constants = UniqueNames::new();
        let mut schemes = Vec::new();
        let mut delivery_headers = BTreeMap::new();
        let entries = doc
            .components
            .iter()
            .flat_map(|c| c.security_schemes.iter());
        for (key, scheme) in entries {
            let pointer = format!("#/components/securitySchemes/{}", pointer_token(key));
            let scheme = match scheme {
                ReferenceOr::Item(scheme) => scheme,
                ReferenceOr::Reference { reference } => {
                    match reference
                        .strip_prefix("#/components/securitySchemes/")
                        .and_then(|name| doc.components.as_ref()?.security_schemes.get(name))
                    {
                        Some(ReferenceOr::Item(scheme)) => scheme,
                        _ => {
                            self.warn(
                                &pointer,
                                format!(
                                    "`{reference}` is not a security scheme; the scheme is left out"
                                ),
                            );
                            continue;
                        }
                    }
                }
            };
            if deliveries_only.contains(key) {
                if let SpecScheme::APIKey {
                    location: APIKeyLocation::Header,
                    name,
                    ..
                } = scheme
                {
                    delivery_headers.insert(key.clone(), name.to_ascii_lowercase());
                }
                continue;
            }
            let (kind, description) = self.scheme_kind(scheme, &pointer);
            let setter = setters.unique(&field_ident(key));
            let constant = constants.unique(&module_ident(key).to_ascii_uppercase());
            schemes.push(SecurityScheme {
                key: key.clone(),
                constant,
                setter,
                description: description.clone(),
                kind,
                served_by_dialect: false,
            });
        }
        let dialect = self.dialect(dialect, &mut schemes)?;
        Ok(Security {
            schemes,
            dialect,
            delivery_headers,
        })
    }

    /// What the client sends for a scheme, and its description; `None` (with a warning) for a
    /// scheme the client cannot send.
    fn scheme_kind<'s>(
        &mut self,
        scheme: &'s SpecScheme,
        pointer: &str,
    ) -> (Option<SchemeKind>, &'s Option<String>) {
        match scheme {
            SpecScheme::APIKey {
                location,
                name,
                description,
                ..
            } => (
                Some(SchemeKind::ApiKey {
                    location: match location {
                        APIKeyLocation::Header => ParamLocation::Header,
                        APIKeyLocation::Query => ParamLocation::Query,
                        APIKeyLocation::Cookie => ParamLocation::Cookie,
                    },
                    name: name.clone(),
                }),
                description,
            ),
            SpecScheme::HTTP {
                scheme: http,
                description,
                ..
            } => match http.to_ascii_lowercase().as_str() {
                "bearer" => (Some(SchemeKind::Bearer), description),
                "basic" => (Some(SchemeKind::Basic), description),
                other => {
                    self.warn(
                        pointer,
                        format!(
                            "the HTTP `{other}` scheme is not supported: send its \
                             `authorization` header with the builder's `header`"
                        ),
                    );
                    (None, description)
                }
            },
            SpecScheme::OAuth2 {
                flows, description, ..
            } => match &flows.client_credentials {
                Some(flow) => (
                    Some(SchemeKind::OAuth2ClientCredentials {
                        token_url: flow.token_url.clone(),
                        scopes: Vec::new(),
                    }),
                    description,
                ),
                None => {
                    self.warn(
                        pointer,
                        "only the OAuth 2.0 `clientCredentials` flow is supported: obtain \
                         the token yourself and send it with the builder's `header`",
                    );
                    (None, description)
                }
            },
            SpecScheme::OpenIDConnect { description, .. } => {
                self.warn(
                    pointer,
                    "OpenID Connect is not supported: obtain the token yourself and send it \
                     with the builder's `header`",
                );
                (None, description)
            }
        }
    }

    /// The dialect a setting names, with the schemes it serves marked.
    fn dialect(
        &self,
        dialect: Option<&str>,
        schemes: &mut [SecurityScheme],
    ) -> Result<Option<Dialect>> {
        let dialect = match dialect {
            None => None,
            Some("authing") => {
                let bearer = schemes
                    .iter()
                    .position(|s| matches!(s.kind, Some(SchemeKind::Bearer)));
                let userpool = schemes.iter().position(|s| {
                    matches!(&s.kind, Some(SchemeKind::ApiKey { location: ParamLocation::Header, name })
                        if name.eq_ignore_ascii_case("x-authing-userpool-id"))
                });
                let Some(bearer) = bearer else {
                    return Err(self.err(
                        "#/components/securitySchemes",
                        "the `authing` dialect serves the spec's http `bearer` scheme, and the \
                         spec has none",
                    ));
                };
                if let Some(scheme) = schemes.get_mut(bearer) {
                    scheme.served_by_dialect = true;
                }
                Some(Dialect::Authing { bearer, userpool })
            }
            Some(other) => {
                return Err(self.err(
                    "#/x-codegen/dialect",
                    format!("unknown dialect `{other}` (known: `authing`)"),
                ));
            }
        };
        Ok(dialect)
    }

    /// An operation's requirements as alternatives of scheme indexes: `own` when the operation
    /// has `security`, else the spec's; schemes the client cannot send are left out (and
    /// named in a warning when the spec does not define them).
    pub(super) fn requirements(
        &mut self,
        security: &mut Security,
        own: Option<&Vec<SecurityRequirement>>,
        pointer: &str,
    ) -> Vec<Vec<usize>> {
        let (list, pointer) = match own {
            Some(list) => (list, format!("{pointer}/security")),
            None => match &self.spec.doc.security {
                Some(list) => (list, "#/security".to_owned()),
                None => return Vec::new(),
            },
        };
        let mut alternatives = Vec::new();
        for (i, requirement) in list.iter().enumerate() {
            let mut all = Vec::new();
            for (key, scopes) in requirement {
                if !security.schemes.iter().any(|s| &s.key == key) {
                    self.warn(
                        &format!("{pointer}/{i}/{}", pointer_token(key)),
                        format!("no security scheme is called `{key}`; it is left out"),
                    );
                    continue;
                }
                let Some(index) = security.supported(key) else {
                    continue;
                };
                if let Some(Some(SchemeKind::OAuth2ClientCredentials { scopes: known, .. })) =
                    security.schemes.get_mut(index).map(|s| s.kind.as_mut())
                {
                    for scope in scopes {
                        if !known.contains(scope) {
                            known.push(scope.clone());
                        }
                    }
                    known.sort();
                }
                if !all.contains(&index) {
                    all.push(index);
                }
            }
            if !alternatives.contains(&all) {
                alternatives.push(all);
            }
        }
        alternatives
    }
}
