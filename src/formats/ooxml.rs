//! Which Office Open XML document a zip is: its first entries' names
//! (ECMA-376 Part 2, Open Packaging Conventions: a package holds
//! `[Content_Types].xml`; a word-processing document keeps its parts under
//! `word/`, a spreadsheet under `xl/`, a presentation under `ppt/`). Read
//! from the zip's local file headers (APPNOTE.TXT §4.3.7: signature
//! `PK\x03\x04`, compressed size at offset 18, name length at 26, extra
//! length at 28, the name at 30), walked from the start: no central
//! directory, so a few KiB of the file decide. Bounded: at most
//! [`MAX_ENTRIES`] headers within the first [`WINDOW`] bytes.

use std::io;

use crate::fsio::{read_full, ReadAt};

/// Local headers looked at, at most.
pub const MAX_ENTRIES: usize = 16;
/// Bytes of the file looked at, at most.
pub const WINDOW: u64 = 64 * 1024;

/// An Office Open XML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Office {
    /// `word/`: a Word document.
    Docx,
    /// `xl/`: an Excel workbook.
    Xlsx,
    /// `ppt/`: a PowerPoint presentation.
    Pptx,
}

/// The Office document a zip of `size` bytes is, from its first entries;
/// `None` for another zip (or one whose entries cannot be walked: a
/// streamed entry without its size, a header cut short).
pub fn office_kind<R: ReadAt + ?Sized>(src: &R, size: u64) -> io::Result<Option<Office>> {
    let mut off = 0u64;
    let mut content_types = false;
    let mut kind = None;
    for _ in 0..MAX_ENTRIES {
        if off + 30 > size.min(WINDOW) {
            break;
        }
        let mut h = [0u8; 30];
        if read_full(src, &mut h, off)? < 30 || &h[..4] != b"PK\x03\x04" {
            break;
        }
        let le16 = |i: usize| u64::from(u16::from_le_bytes([h[i], h[i + 1]]));
        let le32 = |i: usize| u64::from(u32::from_le_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]));
        let (flags, compressed, name_len, extra_len) = (le16(6), le32(18), le16(26), le16(28));
        let mut name = [0u8; 64];
        let take = name_len.min(64) as usize;
        let got = read_full(src, &mut name[..take], off + 30)?;
        let name = &name[..got];
        content_types |= name == b"[Content_Types].xml";
        kind = kind.or(if name.starts_with(b"word/") {
            Some(Office::Docx)
        } else if name.starts_with(b"xl/") {
            Some(Office::Xlsx)
        } else if name.starts_with(b"ppt/") {
            Some(Office::Pptx)
        } else {
            None
        });
        if content_types && kind.is_some() {
            return Ok(kind);
        }
        // A streamed entry (flag bit 3) may not say its size here: stop.
        if flags & 8 != 0 && compressed == 0 {
            break;
        }
        off += 30 + name_len + extra_len + compressed;
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip of stored entries, as APPNOTE lays out local headers.
    pub(crate) fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut v = Vec::new();
        for (name, data) in entries {
            v.extend_from_slice(b"PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00");
            v.extend_from_slice(&[0; 4]); // crc, not checked here
            v.extend_from_slice(&(data.len() as u32).to_le_bytes());
            v.extend_from_slice(&(data.len() as u32).to_le_bytes());
            v.extend_from_slice(&(name.len() as u16).to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes());
            v.extend_from_slice(name.as_bytes());
            v.extend_from_slice(data);
        }
        v
    }

    #[test]
    fn issue_26_office_documents_by_their_entries() {
        let ct: (&str, &[u8]) = ("[Content_Types].xml", &[b'x'; 900]);
        let rels: (&str, &[u8]) = ("_rels/.rels", b"<Relationships/>");
        for (part, want) in [
            ("word/document.xml", Office::Docx),
            ("xl/workbook.xml", Office::Xlsx),
            ("ppt/presentation.xml", Office::Pptx),
        ] {
            let z = zip(&[ct, rels, (part, b"<x/>")]);
            assert_eq!(office_kind(&z[..], z.len() as u64).unwrap(), Some(want));
        }
        // A plain zip, and a zip with a word/ folder but no content types.
        let z = zip(&[("a.txt", b"hi"), ("word/x", b"")]);
        assert_eq!(office_kind(&z[..], z.len() as u64).unwrap(), None);
        // Cut short, lying sizes: no panic, no answer.
        let mut z = zip(&[ct, ("word/document.xml", b"<x/>")]);
        z[18..22].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(office_kind(&z[..], z.len() as u64).unwrap(), None);
        assert_eq!(office_kind(&z[..40], 40).unwrap(), None);
    }
}
