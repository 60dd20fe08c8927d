//! Secure random bytes from the browser (`crypto.getRandomValues`, through getrandom): the seed
//! of stanza ids, SCRAM nonces and backoff jitter. When the browser gives none, Palaver
//! refuses to log in: zeros would make SCRAM nonces and ids predictable.

/// 32 fresh random bytes, or `None` when the browser has no secure source.
pub fn seed() -> Option<[u8; 32]> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).ok()?;
    Some(seed)
}
