//! The vocabulary of the JSON contract: categories, kinds, formats and
//! generations. Spellings are stable (`docs/SCHEMAS.md`).

use serde::{Deserialize, Serialize};

macro_rules! vocab {
    ($(#[$m:meta])* $name:ident { $($var:ident => $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $(#[doc = $s] #[serde(rename = $s)] $var),+ }
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// The stable spelling used in JSON, CSV and tables.
            pub fn as_str(self) -> &'static str { match self { $($name::$var => $s),+ } }
            /// Parses the stable spelling.
            pub fn parse(s: &str) -> Option<Self> { match s { $($s => Some($name::$var),)+ _ => None } }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

vocab!(
    /// The role a file plays for the user.
    Category {
        Database => "database", Media => "media", Cache => "cache", Config => "config",
        Network => "network", Log => "log", Backup => "backup", Other => "other",
    }
);

vocab!(
    /// The file's role from the layout (DESIGN.md vocabulary; one enum for
    /// every category, `other` shared).
    Kind {
        Messages => "messages", Contacts => "contacts", Groups => "groups", Sessions => "sessions",
        MediaIndex => "media_index", Favorites => "favorites", Moments => "moments",
        Stickers => "stickers", SearchIndex => "search_index", Kv => "kv", Sidecar => "sidecar",
        Image => "image", Video => "video", Voice => "voice", File => "file", Sticker => "sticker",
        Avatar => "avatar", Thumbnail => "thumbnail",
        HttpCache => "http_cache", WebCache => "web_cache", MediaCache => "media_cache",
        MiniProgram => "mini_program", Temp => "temp",
        Preferences => "preferences", Account => "account", Mmkv => "mmkv", KeyMaterial => "key_material",
        Cookies => "cookies", HttpStorage => "http_storage", DnsCache => "dns_cache",
        NetConfig => "net_config", Cdn => "cdn",
        Xlog => "xlog", Crash => "crash",
        ChatBackup => "chat_backup", MigrationBackup => "migration_backup",
        Other => "other",
    }
);

vocab!(
    /// What the bytes are, sniffed from content.
    Format {
        Sqlite => "sqlite", SqliteWal => "sqlite_wal", SqliteShm => "sqlite_shm",
        SqliteJournal => "sqlite_journal", Sqlcipher => "sqlcipher", Encrypted => "encrypted",
        Bplist => "bplist", XmlPlist => "xml_plist", Binarycookies => "binarycookies",
        Jpeg => "jpeg", Png => "png", Gif => "gif", Webp => "webp", Heic => "heic", Bmp => "bmp",
        Tiff => "tiff", Mp4 => "mp4", Mov => "mov", Silk => "silk", Amr => "amr",
        WechatDatXor => "wechat_dat_xor", WechatDatV1 => "wechat_dat_v1", WechatDatV2 => "wechat_dat_v2",
        Wxgf => "wxgf", Xlog => "xlog", Wxapkg => "wxapkg", ChromiumCache => "chromium_cache",
        Zip => "zip", Pdf => "pdf", Json => "json", Xml => "xml", Text => "text",
        Empty => "empty", Unknown => "unknown",
        Docx => "docx", Xlsx => "xlsx", Pptx => "pptx",
    }
);

impl Format {
    /// Image, video and audio encodings (including WeChat's image wrappers).
    pub fn is_media(self) -> bool {
        use Format::*;
        matches!(
            self,
            Jpeg | Png
                | Gif
                | Webp
                | Heic
                | Bmp
                | Tiff
                | Mp4
                | Mov
                | Silk
                | Amr
                | WechatDatXor
                | WechatDatV1
                | WechatDatV2
                | Wxgf
        )
    }
    /// A database file proper (what `databases[]` lists).
    pub fn is_database(self) -> bool {
        matches!(self, Format::Sqlite | Format::Sqlcipher)
    }
}

/// A file's position in WeChat's layout, decided by the locator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Generation {
    /// WeChat 3.x (`2.0b4.0.9/<32-hex>` layout).
    #[serde(rename = "3")]
    V3,
    /// WeChat 4.x (`xwechat_files/<wxid>_<4hex>` layout).
    #[serde(rename = "4")]
    V4,
}

impl Generation {
    /// 3 or 4.
    pub fn number(self) -> u8 {
        match self {
            Generation::V3 => 3,
            Generation::V4 => 4,
        }
    }
}

pub(crate) fn ser_generation<S: serde::Serializer>(
    g: &Generation,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_u8(g.number())
}

pub(crate) fn de_generation<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Generation, D::Error> {
    match u8::deserialize(d)? {
        3 => Ok(Generation::V3),
        4 => Ok(Generation::V4),
        n => Err(serde::de::Error::custom(format!("unknown generation {n}"))),
    }
}

vocab!(
    /// The role of a place WeChat keeps things (`locations[].role`).
    Role {
        MainData => "main_data", Clone => "clone", HelperContainer => "helper_container",
        AppScripts => "app_scripts", GroupContainer => "group_container",
        CrashReports => "crash_reports", CrashReporterCache => "crash_reporter_cache",
        WindowState => "window_state", LaunchAgent => "launch_agent",
        Preferences => "preferences", Cookies => "cookies", Caches => "caches",
        FileProvider => "file_provider", PreSandbox => "pre_sandbox", Leak => "leak",
    }
);
/// One value per category, indexed by [`Category`] rather than by a bare
/// position: bytes in a node's category mix (`browse`), files and bytes in
/// a tally.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PerCategory<T>([T; CATEGORIES]);

/// Bytes per category.
pub type CategoryBytes = PerCategory<u64>;

/// How many categories there are.
const CATEGORIES: usize = 8;

impl<T: Copy> PerCategory<T> {
    fn slot(c: Category) -> usize {
        Category::ALL
            .iter()
            .position(|x| *x == c)
            .unwrap_or(CATEGORIES - 1)
    }

    /// The value of category `c`.
    pub fn get(&self, c: Category) -> T {
        self.0[Self::slot(c)]
    }

    /// The value of category `c`, to change.
    pub fn get_mut(&mut self, c: Category) -> &mut T {
        &mut self.0[Self::slot(c)]
    }

    /// Every category with its value, in the order of [`Category::ALL`].
    pub fn iter(&self) -> impl Iterator<Item = (Category, T)> + '_ {
        Category::ALL.iter().copied().zip(self.0.iter().copied())
    }
}

impl PerCategory<u64> {
    /// Adds `bytes` to category `c`.
    pub fn add(&mut self, c: Category, bytes: u64) {
        *self.get_mut(c) += bytes;
    }

    /// The category with the most bytes (the last of [`Category::ALL`]
    /// among equals).
    pub fn largest(&self) -> Category {
        self.iter()
            .max_by_key(|(_, b)| *b)
            .map_or(Category::Other, |(c, _)| c)
    }
}

const _: () = assert!(CATEGORIES == Category::ALL.len());
