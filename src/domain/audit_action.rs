//! Every action the audit log records, each with its one string form.

use std::fmt;

use serde::Serialize;

/// What an audit entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum AuditAction {
    /// `backup-codes.generate`
    #[serde(rename = "backup-codes.generate")]
    BackupCodesGenerate,
    /// `emergency.login`: An emergency login.
    #[serde(rename = "emergency.login")]
    EmergencyLogin,
    /// `emergency.request`: An emergency code was requested.
    #[serde(rename = "emergency.request")]
    EmergencyRequest,
    /// `group.add`
    #[serde(rename = "group.add")]
    GroupAdd,
    /// `group.add-member`
    #[serde(rename = "group.add-member")]
    GroupAddMember,
    /// `group.remove`
    #[serde(rename = "group.remove")]
    GroupRemove,
    /// `group.remove-member`
    #[serde(rename = "group.remove-member")]
    GroupRemoveMember,
    /// `key.rotate`: The key was rotated.
    #[serde(rename = "key.rotate")]
    KeyRotate,
    /// `key.rotate.resume`: A rotation that stopped after the store was
    /// re-sealed was finished: the new key moved into place.
    #[serde(rename = "key.rotate.resume")]
    KeyRotateResume,
    /// `login`: A password login and its steps.
    #[serde(rename = "login")]
    Login,
    /// `mfa.challenge`: A challenge (an emailed code) was sent.
    #[serde(rename = "mfa.challenge")]
    MfaChallenge,
    /// `mfa.confirm`: An enrolment was confirmed (or a try failed).
    #[serde(rename = "mfa.confirm")]
    MfaConfirm,
    /// `mfa.enroll`
    #[serde(rename = "mfa.enroll")]
    MfaEnroll,
    /// `mfa.remove`
    #[serde(rename = "mfa.remove")]
    MfaRemove,
    /// `mfa.reset`
    #[serde(rename = "mfa.reset")]
    MfaReset,
    /// `mfa.reset-request`
    #[serde(rename = "mfa.reset-request")]
    MfaResetRequest,
    /// `mfa.verify`: A second factor was checked.
    #[serde(rename = "mfa.verify")]
    MfaVerify,
    /// `policy.add`
    #[serde(rename = "policy.add")]
    PolicyAdd,
    /// `policy.move`
    #[serde(rename = "policy.move")]
    PolicyMove,
    /// `policy.remove`
    #[serde(rename = "policy.remove")]
    PolicyRemove,
    /// `session.open`
    #[serde(rename = "session.open")]
    SessionOpen,
    /// `session.revoke`
    #[serde(rename = "session.revoke")]
    SessionRevoke,
    /// `settings.import`
    #[serde(rename = "settings.import")]
    SettingsImport,
    /// `settings.set`
    #[serde(rename = "settings.set")]
    SettingsSet,
    /// `settings.unset`
    #[serde(rename = "settings.unset")]
    SettingsUnset,
    /// `user.add`
    #[serde(rename = "user.add")]
    UserAdd,
    /// `user.import`
    #[serde(rename = "user.import")]
    UserImport,
    /// `user.passwd`
    #[serde(rename = "user.passwd")]
    UserPasswd,
    /// `user.remove`
    #[serde(rename = "user.remove")]
    UserRemove,
    /// `user.set`
    #[serde(rename = "user.set")]
    UserSet,
    /// `user.unlock`
    #[serde(rename = "user.unlock")]
    UserUnlock,
}

impl AuditAction {
    /// Every action.
    pub const ALL: &'static [AuditAction] = &[
        AuditAction::BackupCodesGenerate,
        AuditAction::EmergencyLogin,
        AuditAction::EmergencyRequest,
        AuditAction::GroupAdd,
        AuditAction::GroupAddMember,
        AuditAction::GroupRemove,
        AuditAction::GroupRemoveMember,
        AuditAction::KeyRotate,
        AuditAction::KeyRotateResume,
        AuditAction::Login,
        AuditAction::MfaChallenge,
        AuditAction::MfaConfirm,
        AuditAction::MfaEnroll,
        AuditAction::MfaRemove,
        AuditAction::MfaReset,
        AuditAction::MfaResetRequest,
        AuditAction::MfaVerify,
        AuditAction::PolicyAdd,
        AuditAction::PolicyMove,
        AuditAction::PolicyRemove,
        AuditAction::SessionOpen,
        AuditAction::SessionRevoke,
        AuditAction::SettingsImport,
        AuditAction::SettingsSet,
        AuditAction::SettingsUnset,
        AuditAction::UserAdd,
        AuditAction::UserImport,
        AuditAction::UserPasswd,
        AuditAction::UserRemove,
        AuditAction::UserSet,
        AuditAction::UserUnlock,
    ];

    /// The form in the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::BackupCodesGenerate => "backup-codes.generate",
            AuditAction::EmergencyLogin => "emergency.login",
            AuditAction::EmergencyRequest => "emergency.request",
            AuditAction::GroupAdd => "group.add",
            AuditAction::GroupAddMember => "group.add-member",
            AuditAction::GroupRemove => "group.remove",
            AuditAction::GroupRemoveMember => "group.remove-member",
            AuditAction::KeyRotate => "key.rotate",
            AuditAction::KeyRotateResume => "key.rotate.resume",
            AuditAction::Login => "login",
            AuditAction::MfaChallenge => "mfa.challenge",
            AuditAction::MfaConfirm => "mfa.confirm",
            AuditAction::MfaEnroll => "mfa.enroll",
            AuditAction::MfaRemove => "mfa.remove",
            AuditAction::MfaReset => "mfa.reset",
            AuditAction::MfaResetRequest => "mfa.reset-request",
            AuditAction::MfaVerify => "mfa.verify",
            AuditAction::PolicyAdd => "policy.add",
            AuditAction::PolicyMove => "policy.move",
            AuditAction::PolicyRemove => "policy.remove",
            AuditAction::SessionOpen => "session.open",
            AuditAction::SessionRevoke => "session.revoke",
            AuditAction::SettingsImport => "settings.import",
            AuditAction::SettingsSet => "settings.set",
            AuditAction::SettingsUnset => "settings.unset",
            AuditAction::UserAdd => "user.add",
            AuditAction::UserImport => "user.import",
            AuditAction::UserPasswd => "user.passwd",
            AuditAction::UserRemove => "user.remove",
            AuditAction::UserSet => "user.set",
            AuditAction::UserUnlock => "user.unlock",
        }
    }
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_string_form_each_and_serde_agrees() {
        let mut seen = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert!(seen.insert(a.as_str()), "{a:?} twice");
            assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
        }
    }
}
