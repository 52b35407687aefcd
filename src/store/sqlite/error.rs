//! SQLite errors as the library's [`Error`], with advice.

use crate::error::{Error, Hint};

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        let hint = (e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase))
            .then_some(Hint::ChooseStore);
        let message = match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
                "the store is busy: another mfactl held it for too long; try again".to_string()
            }
            Some(rusqlite::ErrorCode::NotADatabase) => {
                "the store file is not an mfactl (SQLite) database; check which store is meant"
                    .to_string()
            }
            Some(rusqlite::ErrorCode::ReadOnly) | Some(rusqlite::ErrorCode::CannotOpen) => {
                format!("the store cannot be written: {e}; check the file's owner and mode")
            }
            Some(rusqlite::ErrorCode::DiskFull) => {
                "the disk holding the store is full; nothing was changed".to_string()
            }
            _ => format!("store error: {e}"),
        };
        Error::Store {
            message,
            source: Some(Box::new(e)),
        }
        .with_hint_if(hint)
    }
}
