//! SQLite and SQLCipher facts that need no key and no open: page sizes
//! from headers, the WAL beside a database, the page-size guess for an
//! encrypted database (formats.md §5).

use crate::inventory::Generation;

/// A page-size guess and the reason for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageGuess {
    pub size: Option<u32>,
    pub reason: String,
}

/// True for a legal SQLite page size.
pub fn valid_page_size(p: u32) -> bool {
    (512..=65536).contains(&p) && p.is_power_of_two()
}

/// Frames in a WAL of `wal_size` bytes (32-byte header, then 24-byte frame
/// headers each followed by one page; sqlite fileformat2.html §4).
pub fn wal_frames(wal_size: u64, page_size: u32) -> Option<u64> {
    if !valid_page_size(page_size) || wal_size < 32 {
        return None;
    }
    Some((wal_size - 32) / (24 + u64::from(page_size)))
}

/// Guesses the page size of a SQLCipher-like database from what is visible
/// without a key: the WAL header beside it (written in clear by SQLite
/// itself), the file size, and the tree it sits in.
pub fn guess_page_size(
    file_size: u64,
    wal_page: Option<u32>,
    generation: Option<Generation>,
    name: &str,
) -> PageGuess {
    if let Some(p) = wal_page.filter(|p| valid_page_size(*p)) {
        return PageGuess {
            size: Some(p),
            reason: format!(
                "read from the clear-text header of the -wal file beside it ({p}-byte pages)"
            ),
        };
    }
    if file_size % 4096 != 0 {
        if file_size % 1024 == 0 {
            return PageGuess {
                size: Some(1024),
                reason: format!(
                    "size {file_size} is not a multiple of 4096, which rules 4096 out; 1024 fits \
                     (SQLCipher 1-3 / WeChat 3.x style)"
                ),
            };
        }
        return PageGuess {
            size: None,
            reason: format!("size {file_size} is a multiple of 512 only: not a WeChat page size"),
        };
    }
    let lower = name.to_ascii_lowercase();
    match generation {
        Some(Generation::V3) if lower == "webtemplate.db" || lower == "mediadata.db" => PageGuess {
            size: Some(4096),
            reason: "WeChat 3.x keeps this database with 4096-byte pages (layout §2.3 [S2]); \
                     the size allows 1024 or 4096"
                .into(),
        },
        Some(Generation::V3) => PageGuess {
            size: Some(1024),
            reason: "in a WeChat 3.x tree, whose databases use 1024-byte pages (SQLCipher 3 style, \
                     cipher_compatibility 3); the size allows 1024 or 4096"
                .into(),
        },
        Some(Generation::V4) => PageGuess {
            size: Some(4096),
            reason: "in a WeChat 4.x tree, whose databases use SQLCipher 4 defaults (4096-byte pages); \
                     the size allows 1024 or 4096"
                .into(),
        },
        None => PageGuess {
            size: None,
            reason: format!(
                "undetermined: size {file_size} is a multiple of both 1024 and 4096, there is no -wal beside it \
                 and no WeChat tree around it (1024 would suggest SQLCipher 3 / WeChat 3.x, 4096 SQLCipher 4 / \
                 WeChat 4.x)"
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses() {
        assert_eq!(guess_page_size(978_944, None, None, "x.db").size, None);
        assert_eq!(guess_page_size(1_024_000, None, None, "x.db").size, None);
        assert_eq!(guess_page_size(3072, None, None, "x.db").size, Some(1024));
        assert_eq!(
            guess_page_size(8192, Some(4096), None, "x.db").size,
            Some(4096)
        );
        assert_eq!(
            guess_page_size(8192, None, Some(Generation::V3), "msg_0.db").size,
            Some(1024)
        );
        assert_eq!(
            guess_page_size(8192, None, Some(Generation::V3), "mediaData.db").size,
            Some(4096)
        );
        assert_eq!(
            guess_page_size(8192, None, Some(Generation::V4), "message_0.db").size,
            Some(4096)
        );
        assert_eq!(wal_frames(32 + 2 * (24 + 4096), 4096), Some(2));
        assert_eq!(wal_frames(0, 4096), None);
    }
}
