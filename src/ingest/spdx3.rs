//! Reader stub, being written.

use super::{ReadError, Warnings};
use crate::model::Sbom;

/// Reads the document.
pub(super) fn read(_text: &str, _warnings: &mut Warnings) -> Result<Sbom, ReadError> {
    Err(ReadError::Invalid(
        "this format is not read yet".to_string(),
    ))
}
