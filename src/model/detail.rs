//! Format facts the sniffer finds and later stages use (page sizes, XOR
//! keys, xlog blocks, `.dat` header lengths).

use super::vocab::Format;

/// Format-specific facts found while sniffing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Detail {
    /// Nothing to keep.
    None,
    /// Plain SQLite header fields.
    Sqlite {
        /// Page size in bytes.
        page_size: u32,
        /// Header says WAL journal mode.
        wal_mode: bool,
        /// Reserved bytes per page.
        reserved: u8,
    },
    /// WAL header page size (stored in clear even for SQLCipher databases).
    Wal {
        /// Page size in bytes.
        page_size: u32,
    },
    /// The single-byte XOR key of a legacy `.dat` image and the format it hides.
    Xor {
        /// The XOR key.
        key: u8,
        /// The format under the XOR.
        inner: Format,
    },
    /// xlog blocks seen and whether any was an encrypted kind.
    Xlog {
        /// Valid blocks seen.
        blocks: u32,
        /// Some block is an encrypted kind.
        encrypted: bool,
    },
    /// `.dat` V1/V2 header lengths.
    Dat {
        /// Bytes under AES.
        aes_len: u32,
        /// Bytes under XOR.
        xor_len: u32,
    },
    /// Shannon entropy (bits per byte) of the window tested.
    Entropy {
        /// Bits per byte.
        bits: f32,
    },
}
