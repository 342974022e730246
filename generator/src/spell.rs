//! The Rust spelling of IR data. The IR says what a thing is (a page number held by the
//! params, a parameter joined with `,`); this module says how the generated code writes it,
//! so that one file answers "where is this Rust fragment decided?". Templates print these
//! through `Display` or through the filters of `render`.

use std::fmt;

use crate::ir::PageHolder;

/// The name of an operation method's parameters argument.
pub const PARAMS_ARG: &str = "params";
/// The name of an operation method's body argument.
pub const BODY_ARG: &str = "body";

/// The argument that holds the page number, as the stream method names it.
impl fmt::Display for PageHolder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PageHolder::Params => PARAMS_ARG,
            PageHolder::Body => BODY_ARG,
        })
    }
}
