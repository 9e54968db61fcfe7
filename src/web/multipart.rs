//! Reading a multipart form (file uploads) with size limits and the CSRF check.

use std::collections::HashMap;

use actix_multipart::Multipart;
use futures_util::TryStreamExt;

use super::error::{Error, Result};

/// All files of one form together, so that many files cannot exhaust memory.
const MAX_TOTAL_BYTES: usize = 100 * 1024 * 1024;

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

impl MultipartForm {
    /// Reads the whole form; a file over `max_file_bytes` is refused with `too_large`
    /// (a Chinese message), and so is a form whose text fields exceed 1 MB.
    pub async fn read(
        mut payload: Multipart,
        max_file_bytes: usize,
        too_large: &str,
    ) -> Result<Self> {
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
                max_file_bytes
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
                total_bytes += chunk.len();
                if total_bytes > MAX_TOTAL_BYTES {
                    return Err(Error::Invalid("一次上传的文件总量不能超过 100 MB。".into()));
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

    /// Refuses the form unless its `csrf_token` field equals `expected`.
    pub fn check_csrf(&self, expected: &str) -> Result<()> {
        if !expected.is_empty() && self.text("csrf_token") == expected {
            Ok(())
        } else {
            Err(Error::BadCsrf)
        }
    }
}
