//! Settings as the store holds them.

/// A stored setting value: plain canonical text, or a sealed secret.
#[derive(Debug, Clone)]
pub(crate) enum SettingValue {
    /// Canonical text.
    Plain(String),
    /// A secret, sealed with the store's key.
    Sealed(Vec<u8>),
}
