//! Reading a multipart form (file uploads) with size limits. The CSRF token of an upload
//! travels in its URL or a header and is checked before the body is read (see
//! [`super::csrf::UploadUser`]): a token in the form itself could only be checked after
//! the files before it had arrived.

use std::collections::HashMap;

use actix_multipart::Multipart;
use futures_util::TryStreamExt;

use super::error::{Error, Result};

/// All files of one form together, so that many files cannot exhaust memory.
pub const MAX_TOTAL_BYTES: usize = 100 * 1024 * 1024;

/// An uploaded file.
pub struct Upload {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The text fields and files of a multipart form.
pub struct MultipartForm {
    pub fields: HashMap<String, String>,
    pub files: Vec<Upload>,
}

/// How much a form may carry, and what the uploader is told when it carries more.
pub struct Limits<'a> {
    /// Largest file.
    pub file_bytes: usize,
    /// All files together (at most [`MAX_TOTAL_BYTES`]).
    pub total_bytes: usize,
    /// Chinese, for a file over `file_bytes`.
    pub file_too_large: &'a str,
    /// Chinese, for files over `total_bytes` together.
    pub total_too_large: &'a str,
}

impl MultipartForm {
    /// Reads the whole form within `limits`, stopping at the first byte too many; a form
    /// whose text fields exceed 1 MB is refused with `limits.file_too_large`.
    pub async fn read(mut payload: Multipart, limits: &Limits<'_>) -> Result<Self> {
        let too_large = limits.file_too_large;
        let max_total = limits.total_bytes.min(MAX_TOTAL_BYTES);
        let mut fields = HashMap::new();
        let mut files = Vec::new();
        let mut text_bytes = 0usize;
        let mut total_bytes = 0usize;
        while let Some(mut field) = payload.try_next().await.map_err(|_| Error::BadCsrf)? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field
                .content_disposition()
                .and_then(|cd| cd.get_filename())
                .map(str::to_owned);
            let content_type = field.content_type().map_or_else(
                || "application/octet-stream".to_owned(),
                ToString::to_string,
            );
            let mut bytes = Vec::new();
            let limit = if file_name.is_some() {
                limits.file_bytes
            } else {
                1024 * 1024
            };
            while let Some(chunk) = field
                .try_next()
                .await
                .map_err(|e| Error::Invalid(format!("上传中断：{e}")))?
            {
                if bytes.len() + chunk.len() > limit {
                    return Err(Error::Invalid(too_large.to_owned()));
                }
                if file_name.is_some() {
                    total_bytes += chunk.len();
                    if total_bytes > max_total {
                        return Err(Error::Invalid(limits.total_too_large.to_owned()));
                    }
                }
                bytes.extend_from_slice(&chunk);
            }
            if file_name.as_deref().is_some_and(|n| n.contains('\0')) {
                return Err(Error::Invalid(super::csrf::NUL_IN_FORM.into()));
            }
            match file_name {
                Some(file_name) => files.push(Upload {
                    file_name,
                    content_type,
                    bytes,
                }),
                None => {
                    text_bytes += bytes.len();
                    if text_bytes > 1024 * 1024 {
                        return Err(Error::Invalid(too_large.to_owned()));
                    }
                    if bytes.contains(&0) {
                        return Err(Error::Invalid(super::csrf::NUL_IN_FORM.into()));
                    }
                    fields.insert(name, String::from_utf8_lossy(&bytes).into_owned());
                }
            }
        }
        Ok(Self { fields, files })
    }

    pub fn text(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }
}
