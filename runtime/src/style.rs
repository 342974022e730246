//! OpenAPI's `style` and `explode` of a parameter that is not plain text, for the locations
//! whose styles vary (query, header, path; a cookie is always `form` without `explode`).

/// How a parameter that is not plain text (an object, a union, a free-form value) is written:
/// OpenAPI's `style` and `explode`. The value is first turned into its JSON form (the same
/// serde form as in a body); then `null` sends nothing (a path segment is left empty), a
/// string is sent as it is, a number or boolean as its JSON text, an array of scalars and an
/// object of scalars (properties in order, `null` items and properties left out) as the style
/// says, and a value with nested arrays or objects, which no style gives a form, as its JSON
/// text. Query values are then percent-encoded as `application/x-www-form-urlencoded`, path
/// values as path segments (the style's `,` `.` `;` `=` stay as they are).
///
/// | Style | Array `[a, b]` | Object `{p: v, q: w}` |
/// | ----- | -------------- | --------------------- |
/// | `FormExploded` (query) | `name=a&name=b` | `p=v&q=w` |
/// | `Form` (query, cookie) | `name=a,b` | `name=p,v,q,w` |
/// | `SpaceDelimited` (query) | `name=a b` | `name=p v q w` |
/// | `PipeDelimited` (query) | `name=a\|b` | `name=p\|v\|q\|w` |
/// | `DeepObject` (query) | `name=a&name=b` | `name[p]=v&name[q]=w` |
/// | `Simple` (path, header) | `a,b` | `p,v,q,w` |
/// | `SimpleExploded` (path, header) | `a,b` | `p=v,q=w` |
/// | `Label` (path) | `.a,b` | `.p,v,q,w` |
/// | `LabelExploded` (path) | `.a.b` | `.p=v.q=w` |
/// | `Matrix` (path) | `;name=a,b` | `;name=p,v,q,w` |
/// | `MatrixExploded` (path) | `;name=a;name=b` | `;p=v;q=w` |
///
/// A scalar `v` is `name=v` in the query styles, `v` in `Simple`, `.v` in `Label` and
/// `;name=v` in `Matrix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `form` without `explode`: query and cookie parameters.
    Form,
    /// `form` with `explode` (the query default): each item or property its own pair.
    FormExploded,
    /// `spaceDelimited`: query parameters.
    SpaceDelimited,
    /// `pipeDelimited`: query parameters.
    PipeDelimited,
    /// `deepObject`: query parameters.
    DeepObject,
    /// `simple` (the path and header default).
    Simple,
    /// `simple` with `explode`: properties as `p=v`.
    SimpleExploded,
    /// `label`: path parameters.
    Label,
    /// `label` with `explode`: items and properties each after a `.`.
    LabelExploded,
    /// `matrix`: path parameters.
    Matrix,
    /// `matrix` with `explode`: items and properties each after a `;`.
    MatrixExploded,
}

impl Style {
    /// The style a spec names with `style` and `explode` (an unknown name is `simple`).
    pub fn of(style: &str, explode: bool) -> Style {
        match (style, explode) {
            ("form", false) => Style::Form,
            ("form", true) => Style::FormExploded,
            ("spaceDelimited", _) => Style::SpaceDelimited,
            ("pipeDelimited", _) => Style::PipeDelimited,
            ("deepObject", _) => Style::DeepObject,
            ("label", false) => Style::Label,
            ("label", true) => Style::LabelExploded,
            ("matrix", false) => Style::Matrix,
            ("matrix", true) => Style::MatrixExploded,
            (_, false) => Style::Simple,
            (_, true) => Style::SimpleExploded,
        }
    }
}
