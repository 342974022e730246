//! Families: structs that are the same in every field but one, whose type differs, become one
//! generic struct, and each of them an alias of it with its own type of that field.
//!
//! Authing's answers are the case in point: 179 envelopes `{statusCode, message, apiCode,
//! requestId, data}` differ only in `data`. Written out, each is a struct with its own serde,
//! `Debug`, `Clone` and `PartialEq` impls and setters, about a fifth of the crate's cost to
//! check; as one `RespDto<T>` and 179 `pub type CreateWebhookRespDto = RespDto<WebhookDto>;`
//! they cost one struct, and a careful author would have written them that way. Every member
//! keeps its name, its fields, its constructor (`CreateWebhookRespDto::new` calls the generic
//! struct's) and its wire form; the IR keeps each member's fields for the docs.
//!
//! The rule, on the lowered structs:
//! - a member is a struct with at least two fields, none of them flattened, boxed or secret,
//!   that is not an operation's parameters;
//! - the field that differs is required, and neither a string (whose constructor argument is
//!   `impl Into<String>`, which a type parameter cannot be) nor nullable;
//! - every other field is the same in every member: names, type, docs, example, default,
//!   format, and whether it is required or deprecated;
//! - a family has at least [`MIN_MEMBERS`] members, with at least two different types of the
//!   field that differs (structs that are the same in every field stay apart, as the spec
//!   names them);
//! - its name is the words its members' names all start with, then the longest ending that
//!   more than half of them have (`CreateWebhookRespDto`, `ListWebhooksRespDto`, … →
//!   `RespDto`; `SearchCodeResponse`, `SearchCommitsResponse`, … → `SearchResponse`), when
//!   that makes at least [`MIN_NAME_WORDS`] words and no other type has it; without one, the
//!   structs stay as they are;
//! - a struct joins at most one family; the largest families are formed first.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use crate::ident::type_ident;
use crate::ir::{Field, Instance, StructDef, TypeDef, TypeKind, TypeRef};
use crate::spell::rust_type;

/// The fewest structs that make a family.
pub(super) const MIN_MEMBERS: usize = 3;

/// The fewest words of a family's name (its members' common ending): one word (`Dto`) names
/// nothing in particular.
pub(super) const MIN_NAME_WORDS: usize = 2;

/// A member of a would-be family: the type's index, and the index of its field that differs.
type Member = (usize, usize);

/// Turns each family of `types` into a generic struct (inserted in name order) and its members
/// into aliases of it (see the module docs). `reserved` are names no type may take.
pub(super) fn merge_families(types: &mut Vec<TypeDef>, reserved: &[&str]) {
    let mut names: BTreeSet<String> = types.iter().map(|t| t.name.clone()).collect();
    names.extend(reserved.iter().map(|n| n.to_string()));
    let mut taken = vec![false; types.len()];
    let mut generics = Vec::new();
    for family in families(types) {
        let members: Vec<Member> = family
            .into_iter()
            .filter(|&(ti, _)| taken.get(ti) == Some(&false))
            .collect();
        let args: BTreeSet<&TypeRef> = members
            .iter()
            .filter_map(|&(ti, fi)| match types.get(ti).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => s.fields.get(fi).map(|f| &f.ty),
                _ => None,
            })
            .collect();
        if members.len() < MIN_MEMBERS || args.len() < 2 {
            continue;
        }
        let Some(name) = family_name(types, &members, &names) else {
            continue;
        };
        let Some(generic) = generic_struct(types, &members, &name, &names) else {
            continue;
        };
        for &(ti, fi) in &members {
            if let Some(slot) = taken.get_mut(ti) {
                *slot = true;
            }
            if let Some(TypeKind::Struct(s)) = types.get_mut(ti).map(|t| &mut t.kind)
                && let Some(arg) = s.fields.get(fi).map(|f| f.ty.clone())
            {
                s.instance_of = Some(Instance {
                    rust_type: format!("{name}<{}>", rust_type(&arg, "")),
                    generic: name.clone(),
                    arg,
                });
            }
        }
        names.insert(name);
        generics.push(generic);
    }
    for generic in generics {
        let at = types.partition_point(|t| t.name < generic.name);
        types.insert(at, generic);
    }
}

/// The would-be families, largest first (then in the order of their first member): groups of
/// at least [`MIN_MEMBERS`] structs that are the same but for the type of one field.
fn families(types: &[TypeDef]) -> Vec<Vec<Member>> {
    // Candidates are grouped by a hash of what must be the same, then split into classes that
    // are exactly the same, so that a collision of hashes can never merge different structs.
    let mut groups: BTreeMap<u64, Vec<Member>> = BTreeMap::new();
    for (ti, t) in types.iter().enumerate() {
        let TypeKind::Struct(s) = &t.kind else {
            continue;
        };
        if !eligible(s) {
            continue;
        }
        let hashes: Vec<u64> = s.fields.iter().map(|f| field_hash(f, false)).collect();
        for (fi, f) in s.fields.iter().enumerate() {
            if !can_differ(f) {
                continue;
            }
            let mut hasher = DefaultHasher::new();
            (s.fields.len(), fi, field_hash(f, true)).hash(&mut hasher);
            for (j, hash) in hashes.iter().enumerate() {
                if j != fi {
                    hash.hash(&mut hasher);
                }
            }
            groups.entry(hasher.finish()).or_default().push((ti, fi));
        }
    }
    let mut families: Vec<Vec<Member>> = Vec::new();
    for group in groups.into_values() {
        if group.len() < MIN_MEMBERS {
            continue;
        }
        let mut classes: Vec<Vec<Member>> = Vec::new();
        for member in group {
            let class = classes.iter_mut().find(|class| {
                class
                    .first()
                    .is_some_and(|&first| alike(types, first, member))
            });
            match class {
                Some(class) => class.push(member),
                None => classes.push(vec![member]),
            }
        }
        families.extend(classes.into_iter().filter(|c| c.len() >= MIN_MEMBERS));
    }
    families.sort_by(|a, b| {
        b.len()
            .cmp(&a.len())
            .then_with(|| a.first().cmp(&b.first()))
    });
    families
}

/// Whether a struct may be a member of a family.
fn eligible(s: &StructDef) -> bool {
    !s.parameters
        && s.type_param.is_none()
        && s.instance_of.is_none()
        && s.fields.len() >= 2
        && s.fields
            .iter()
            .all(|f| !f.flatten && !f.boxed && !f.sensitive)
}

/// Whether a field may be the one whose type differs.
fn can_differ(f: &Field) -> bool {
    f.required && !matches!(f.ty, TypeRef::String | TypeRef::Nullable(_))
}

/// A hash of what must be the same in the members' field: all of it but the pointer, or, for
/// the field whose type differs (`differs`), all but its type, docs, example, default and
/// format.
fn field_hash(f: &Field, differs: bool) -> u64 {
    let mut hasher = DefaultHasher::new();
    (&f.api_name, &f.name, f.required, f.deprecated, &f.setter).hash(&mut hasher);
    if !differs {
        (&f.ty, &f.doc_type, &f.description, &f.enum_link, &f.format).hash(&mut hasher);
        let value = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string());
        (value(&f.default), value(&f.example)).hash(&mut hasher);
    }
    hasher.finish()
}

/// Whether two fields are the same in everything [`field_hash`] hashes. (No member's field is
/// flattened, boxed or secret: see [`eligible`].)
fn same_field(a: &Field, b: &Field, differs: bool) -> bool {
    let common = a.api_name == b.api_name
        && a.name == b.name
        && a.required == b.required
        && a.deprecated == b.deprecated
        && a.setter == b.setter;
    common
        && (differs
            || (a.ty == b.ty
                && a.doc_type == b.doc_type
                && a.description == b.description
                && a.enum_link == b.enum_link
                && a.format == b.format
                && a.default == b.default
                && a.example == b.example))
}

/// Whether two candidates are the same but for the type of the same field.
fn alike(types: &[TypeDef], (ta, fa): Member, (tb, fb): Member) -> bool {
    let fields = |ti: usize| match types.get(ti).map(|t| &t.kind) {
        Some(TypeKind::Struct(s)) => Some(&s.fields),
        _ => None,
    };
    match (fields(ta), fields(tb)) {
        (Some(a), Some(b)) => {
            fa == fb
                && a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .enumerate()
                    .all(|(j, (x, y))| same_field(x, y, j == fa))
        }
        _ => false,
    }
}

/// The words of an UpperCamelCase name: each starts at an uppercase letter.
fn words(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_uppercase() {
            out.push(name.get(start..i).unwrap_or_default());
            start = i;
        }
    }
    out.push(name.get(start..).unwrap_or_default());
    out
}

/// The family's name: the words all its members' names start with, then the longest ending
/// (shorter than the names) that more than half of them have, when that makes at least
/// [`MIN_NAME_WORDS`] words, is a type name of its own, and no type (`names`) has it.
/// Authing's envelopes end mostly in `RespDto`, the others in `ResponseDto`, `ResDto` or `RespDtp`:
/// they are `RespDto`. GitHub's `SearchCodeResponse`, `SearchCommitsResponse`, … are
/// `SearchResponse`.
fn family_name(types: &[TypeDef], members: &[Member], names: &BTreeSet<String>) -> Option<String> {
    let member_words: Vec<Vec<&str>> = members
        .iter()
        .filter_map(|&(ti, _)| types.get(ti).map(|t| words(&t.name)))
        .collect();
    let mut ending: &[&str] = &[];
    for len in 1.. {
        let mut counts: BTreeMap<&[&str], usize> = BTreeMap::new();
        for words in &member_words {
            if let Some(tail) = words.len().checked_sub(len).filter(|&at| at > 0) {
                *counts
                    .entry(words.get(tail..).unwrap_or_default())
                    .or_default() += 1;
            }
        }
        // At most one ending of a length is had by more than half the members.
        match counts
            .into_iter()
            .find(|&(_, count)| 2 * count > member_words.len())
        {
            Some((longer, _)) => ending = longer,
            None => break,
        }
    }
    let first = member_words.first()?;
    let prefix = (0..first.len())
        .take_while(|&i| {
            let word = first.get(i);
            member_words.iter().all(|w| w.get(i) == word)
        })
        .count();
    let words: Vec<&str> = first.iter().take(prefix).chain(ending).copied().collect();
    if words.len() < MIN_NAME_WORDS {
        return None;
    }
    let name = words.concat();
    (type_ident(&name) == name && !names.contains(&name)).then_some(name)
}

/// The family's generic struct: the first member's fields, the one that differs typed by the
/// type parameter (and documented only with what all members say of it).
fn generic_struct(
    types: &[TypeDef],
    members: &[Member],
    name: &str,
    names: &BTreeSet<String>,
) -> Option<TypeDef> {
    let &(first, differs) = members.first()?;
    let first = types.get(first)?;
    let TypeKind::Struct(s) = &first.kind else {
        return None;
    };
    let param = std::iter::once("T".to_string())
        .chain((1..).map(|i| format!("T{i}")))
        .find(|p| !names.contains(p))?;
    let differing: Vec<&Field> = members
        .iter()
        .filter_map(|&(ti, fi)| match types.get(ti).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => s.fields.get(fi),
            _ => None,
        })
        .collect();
    let description = differing
        .first()
        .and_then(|f| f.description.clone())
        .filter(|d| differing.iter().all(|f| f.description.as_ref() == Some(d)));
    let mut fields = s.fields.clone();
    let field = fields.get_mut(differs)?;
    field.ty = TypeRef::Named(param.clone());
    field.doc_type = param.clone();
    field.description = description;
    field.example = None;
    field.default = None;
    field.format = None;
    field.enum_link = None;
    let field_name = crate::text::code_span(&field.api_name);
    let listed: Vec<String> = members
        .iter()
        .take(3)
        .filter_map(|&(ti, _)| types.get(ti).map(|t| format!("`{}`", t.name)))
        .collect();
    let more = members.len().saturating_sub(listed.len());
    let others = match more {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    Some(TypeDef {
        name: name.to_string(),
        key: None,
        pointer: first.pointer.clone(),
        description: Some(format!(
            "The fields that {} types share, each with its own type of {field_name}: {}{others} \
             are aliases of this struct.",
            members.len(),
            listed.join(", "),
        )),
        deprecated: false,
        kind: TypeKind::Struct(StructDef {
            fields,
            parameters: false,
            type_param: Some(param),
            instance_of: None,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::{merge_families, words};
    use crate::ir::{Field, StructDef, TypeDef, TypeKind, TypeRef};

    fn field(api_name: &str, ty: TypeRef, required: bool) -> Field {
        Field {
            api_name: api_name.to_string(),
            name: api_name.to_lowercase(),
            ty,
            boxed: false,
            flatten: false,
            doc_type: String::new(),
            required,
            description: Some(format!("The {api_name}.")),
            enum_link: None,
            default: None,
            example: None,
            pointer: format!("#/components/schemas/X/properties/{api_name}"),
            format: None,
            deprecated: false,
            sensitive: false,
            setter: format!("with_{}", api_name.to_lowercase()),
        }
    }

    fn strukt(name: &str, fields: Vec<Field>) -> TypeDef {
        TypeDef {
            name: name.to_string(),
            key: Some(name.to_string()),
            pointer: format!("#/components/schemas/{name}"),
            description: None,
            deprecated: false,
            kind: TypeKind::Struct(StructDef {
                fields,
                parameters: false,
                type_param: None,
                instance_of: None,
            }),
        }
    }

    /// An envelope: a status code, an optional request ID and `data` of type `data`.
    fn envelope(name: &str, data: TypeRef) -> TypeDef {
        strukt(
            name,
            vec![
                field("statusCode", TypeRef::I32, true),
                field("requestId", TypeRef::String, false),
                field("data", data, true),
            ],
        )
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_string())
    }

    fn structs(types: &[TypeDef]) -> Vec<(&str, &StructDef)> {
        types
            .iter()
            .filter_map(|t| match &t.kind {
                TypeKind::Struct(s) => Some((t.name.as_str(), s)),
                _ => None,
            })
            .collect()
    }

    /// The members' aliases, by name, as spelled in Rust.
    fn aliases(types: &[TypeDef]) -> Vec<(&str, &str)> {
        structs(types)
            .into_iter()
            .filter_map(|(name, s)| Some((name, s.instance_of.as_ref()?.rust_type.as_str())))
            .collect()
    }

    #[test]
    fn structs_that_differ_in_one_type_become_aliases_of_one_generic_struct() {
        let mut types = vec![
            envelope("CreateUserRespDto", named("UserDto")),
            envelope("GetRoleRespDto", named("RoleDto")),
            envelope(
                "ListUsersResponseDto",
                TypeRef::Array(Box::new(named("UserDto"))),
            ),
            envelope("RemoveUserRespDto", TypeRef::Bool),
        ];
        merge_families(&mut types, &["Error"]);
        assert_eq!(
            aliases(&types),
            [
                ("CreateUserRespDto", "RespDto<UserDto>"),
                ("GetRoleRespDto", "RespDto<RoleDto>"),
                ("ListUsersResponseDto", "RespDto<Vec<UserDto>>"),
                ("RemoveUserRespDto", "RespDto<bool>"),
            ]
        );
        // The generic struct is in name order, with the members' fields and `T` for `data`.
        let names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "CreateUserRespDto",
                "GetRoleRespDto",
                "ListUsersResponseDto",
                "RemoveUserRespDto",
                "RespDto"
            ]
        );
        let (_, generic) = structs(&types)[4];
        assert_eq!(generic.type_param.as_deref(), Some("T"));
        let types_of: Vec<&TypeRef> = generic.fields.iter().map(|f| &f.ty).collect();
        assert_eq!(types_of, [&TypeRef::I32, &TypeRef::String, &named("T")]);
        assert_eq!(generic.fields[2].description.as_deref(), Some("The data."));
        assert!(generic.has_serde_impls());
        assert!(!structs(&types)[0].1.has_serde_impls());
    }

    #[test]
    fn the_differing_field_keeps_only_the_docs_every_member_gives_it() {
        let mut odd = envelope("GetRoleRespDto", named("RoleDto"));
        if let TypeKind::Struct(s) = &mut odd.kind {
            s.fields[2].description = Some("The role.".to_string());
            s.fields[2].example = Some(serde_json::json!({"id": "r1"}));
        }
        let mut types = vec![
            envelope("CreateUserRespDto", named("UserDto")),
            odd,
            envelope("RemoveUserRespDto", TypeRef::Bool),
        ];
        merge_families(&mut types, &[]);
        assert_eq!(aliases(&types).len(), 3);
        let (_, generic) = structs(&types)[3];
        assert_eq!(generic.fields[2].description, None);
        assert_eq!(generic.fields[2].example, None);
        // The members keep their own.
        let (_, role) = structs(&types)[1];
        assert_eq!(role.fields[2].description.as_deref(), Some("The role."));
    }

    #[test]
    fn structs_stay_apart_when_more_than_one_field_differs_or_too_few_do() {
        let mut odd = envelope("GetRoleRespDto", named("RoleDto"));
        if let TypeKind::Struct(s) = &mut odd.kind {
            s.fields[0].description = Some("Another status code.".to_string());
        }
        let mut types = vec![
            envelope("CreateUserRespDto", named("UserDto")),
            odd,
            envelope("RemoveUserRespDto", TypeRef::Bool),
        ];
        merge_families(&mut types, &[]);
        assert!(aliases(&types).is_empty());
        assert_eq!(types.len(), 3);
    }

    #[test]
    fn the_same_struct_three_times_is_no_family() {
        let mut types = vec![
            envelope("ARespDto", named("UserDto")),
            envelope("BRespDto", named("UserDto")),
            envelope("CRespDto", named("UserDto")),
        ];
        merge_families(&mut types, &[]);
        assert!(aliases(&types).is_empty());
    }

    #[test]
    fn a_string_field_never_differs() {
        let mut types = vec![
            envelope("ARespDto", TypeRef::String),
            envelope("BRespDto", TypeRef::I64),
            envelope("CRespDto", TypeRef::Bool),
        ];
        merge_families(&mut types, &[]);
        assert!(aliases(&types).is_empty());
    }

    #[test]
    fn a_name_in_use_is_not_taken() {
        let members = || {
            vec![
                envelope("ARespDto", named("UserDto")),
                envelope("BRespDto", TypeRef::I64),
                envelope("CRespDto", TypeRef::Bool),
            ]
        };
        // Another type has the ending: no family.
        let mut types = members();
        types.push(strukt("RespDto", vec![field("id", TypeRef::String, true)]));
        merge_families(&mut types, &[]);
        assert!(aliases(&types).is_empty());
        // Reserved names are in use too; a type named `T` moves the parameter to `T1`.
        let mut types = members();
        merge_families(&mut types, &["RespDto"]);
        assert!(aliases(&types).is_empty());
        let mut types = members();
        types.push(strukt("T", vec![field("id", TypeRef::String, true)]));
        merge_families(&mut types, &[]);
        assert_eq!(aliases(&types).len(), 3);
        let generic = structs(&types)
            .into_iter()
            .find(|(name, _)| *name == "RespDto")
            .map(|(_, s)| s.type_param.clone());
        assert_eq!(generic, Some(Some("T1".to_string())));
    }

    #[test]
    fn the_name_is_the_common_start_and_the_ending_most_members_have() {
        let mut types = vec![
            envelope("SearchCodeResponse", named("Code")),
            envelope("SearchCommitsResponse", named("Commit")),
            envelope("SearchReposResponse", named("Repo")),
        ];
        merge_families(&mut types, &[]);
        assert_eq!(
            aliases(&types),
            [
                ("SearchCodeResponse", "SearchResponse<Code>"),
                ("SearchCommitsResponse", "SearchResponse<Commit>"),
                ("SearchReposResponse", "SearchResponse<Repo>"),
            ]
        );
        // One word is no name.
        let mut types = vec![
            envelope("CodeResponse", named("Code")),
            envelope("CommitsResponse", named("Commit")),
            envelope("ReposResponse", named("Repo")),
        ];
        merge_families(&mut types, &[]);
        assert!(aliases(&types).is_empty());
    }

    #[test]
    fn words_start_at_uppercase_letters() {
        assert_eq!(
            words("CreateWebhookRespDto"),
            ["Create", "Webhook", "Resp", "Dto"]
        );
        assert_eq!(words("V404Response"), ["V404", "Response"]);
        assert_eq!(words("Dto"), ["Dto"]);
    }
}
