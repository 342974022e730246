//! Signed webhook deliveries: the codes a [`Signature`] checks, kept apart from `webhook` so
//! that crates whose deliveries are not signed need no cryptography.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::webhook::Signature;

/// A signature in `header` made of `prefix` and the lower- or upper-case hex HMAC-SHA256 of the
/// raw body keyed with the shared secret; GitHub's is
/// `hmac_sha256("x-hub-signature-256", "sha256=")`.
pub const fn hmac_sha256(header: &'static str, prefix: &'static str) -> Signature {
    Signature {
        header,
        prefix,
        verify: verify_hmac_sha256_hex,
    }
}

/// Whether `code` is the hex HMAC-SHA256 of `body` keyed with `secret`, compared in constant
/// time; text that is not 64 hex digits is never.
pub fn verify_hmac_sha256_hex(secret: &[u8], body: &[u8], code: &[u8]) -> bool {
    let mut expected = [0u8; 32];
    if hex::decode_to_slice(code, &mut expected).is_err() {
        return false;
    }
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&expected).is_ok()
}
