//! Format facts the sniffer finds and later stages use (page sizes, XOR
//! keys, xlog blocks, `.dat` header lengths).

use crate::model::Format;

/// Format-specific facts found while sniffing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Detail {
    None,
    /// Plain SQLite header fields.
    Sqlite {
        page_size: u32,
        wal_mode: bool,
        reserved: u8,
    },
    /// WAL header page size (stored in clear even for SQLCipher databases).
    Wal {
        page_size: u32,
    },
    /// The single-byte XOR key of a legacy `.dat` image and the format it hides.
    Xor {
        key: u8,
        inner: Format,
    },
    /// xlog blocks seen and whether any was an encrypted kind.
    Xlog {
        blocks: u32,
        encrypted: bool,
    },
    /// `.dat` V1/V2 header lengths.
    Dat {
        aes_len: u32,
        xor_len: u32,
    },
    /// Shannon entropy (bits per byte) of the window tested.
    Entropy {
        bits: f32,
    },
}

