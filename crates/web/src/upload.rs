//! Photos from the outside: the type is read from the file's first bytes, never trusted from
//! the name or the declared type alone.

use crate::error::{ApiError, Code};

/// Largest photo on the residents' report page, and how many it takes.
pub const MAX_PUBLIC_PHOTO: usize = 5 * 1024 * 1024;
/// Largest photo staff may upload: the same as residents, so one rule is told to everyone.
pub const MAX_PHOTO: usize = MAX_PUBLIC_PHOTO;
pub const MAX_PUBLIC_PHOTOS: usize = 3;
/// The report form's body: its photos at their largest and room for the text fields.
pub const MAX_REPORT_BODY: usize = MAX_PUBLIC_PHOTOS * MAX_PUBLIC_PHOTO + 256 * 1024;

/// A checked photo.
#[derive(Debug, Clone)]
pub struct Photo {
    pub content_type: &'static str,
    pub data: Vec<u8>,
}

/// The image type by its first bytes.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// A document's type by its first bytes: PDF, JPEG or PNG, as applications for aid take.
pub fn sniff_document(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        sniff(bytes).filter(|t| *t != "image/webp")
    }
}

/// Largest document attached to an application.
pub const MAX_DOCUMENT: usize = 10 * 1024 * 1024;

/// Checks a document's size and type (a PDF, a JPEG or a PNG, judged by its bytes).
pub fn document(data: Vec<u8>) -> Result<Photo, ApiError> {
    if data.is_empty() {
        return Err(ApiError::new(Code::Unprocessable, "文件是空的"));
    }
    if data.len() > MAX_DOCUMENT {
        return Err(ApiError::new(
            Code::PayloadTooLarge,
            format!("材料文件不能超过 {} MB", MAX_DOCUMENT / 1024 / 1024),
        ));
    }
    let content_type = sniff_document(&data)
        .ok_or_else(|| ApiError::new(Code::UnsupportedMediaType, "只接受 PDF、JPEG 或 PNG 文件"))?;
    Ok(Photo { content_type, data })
}

/// Checks a photo's size and type.
pub fn photo(data: Vec<u8>, max: usize) -> Result<Photo, ApiError> {
    if data.len() > max {
        return Err(ApiError::new(
            Code::PayloadTooLarge,
            format!("照片不能超过 {} MB", max / 1024 / 1024),
        ));
    }
    let content_type = sniff(&data).ok_or_else(|| {
        ApiError::new(Code::UnsupportedMediaType, "只接受 JPEG、PNG 或 WebP 照片")
    })?;
    Ok(Photo { content_type, data })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(sniff(b"GIF89a"), None);
        assert!(photo(b"<html>".to_vec(), 100).is_err());
        assert!(photo(vec![0xFF, 0xD8, 0xFF, 0], 3).is_err(), "too large");
        assert_eq!(sniff_document(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(
            sniff_document(b"RIFF0000WEBPVP8 "),
            None,
            "aid documents are PDF, JPEG or PNG"
        );
        assert!(document(b"MZ\x90\x00 an executable".to_vec()).is_err());
    }
}
