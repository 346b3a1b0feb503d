//! What a table renderer needs to know of where its output goes: the width
//! to fit (display columns: East Asian wide characters count two, combining
//! marks zero), whether to colour, whether to shorten paths; and the text
//! helpers that make every line fit: word wrapping, middle ellipsis that
//! keeps a file's extension, short labels for accounts and chats.

use std::io::{self, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::layout::chats::chat_label;

/// Output settings of the table renderers: a property of where the output
/// goes, made once per command by `cmd` and passed to every renderer that
/// lays out a table (never ambient state: a renderer's inputs are its
/// arguments).
#[derive(Debug, Clone, Default)]
pub struct Term {
    /// Fit every line into this many display columns; `None`: unwrapped
    /// (piped output without `$COLUMNS`, for `less -S` and `grep`).
    pub width: Option<usize>,
    /// Colour (category colours, dim secondary columns, yellow warnings).
    pub color: bool,
    /// Whole paths, wrapping allowed (`--full-paths`).
    pub full_paths: bool,
    /// Whole account and chat ids (`--full-ids`).
    pub full_ids: bool,
    /// Folders a path is shown below (account folders, then locations):
    /// tables show `msg/video/2026-08/x.mp4`, not the whole path.
    pub prefixes: Vec<String>,
}

/// A category's colour: one palette for tables, `watch` lines and
/// `browse`, in the eight-colour ANSI set every terminal has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hue {
    /// Databases.
    Blue,
    /// Media.
    Magenta,
    /// Caches.
    Yellow,
    /// Configuration.
    Cyan,
    /// Network artefacts.
    Green,
    /// Logs.
    DarkGrey,
    /// Backups.
    White,
    /// Everything else.
    Grey,
}

impl Hue {
    /// The colour of category `c`.
    pub fn of(c: crate::model::Category) -> Hue {
        use crate::model::Category;
        match c {
            Category::Database => Hue::Blue,
            Category::Media => Hue::Magenta,
            Category::Cache => Hue::Yellow,
            Category::Config => Hue::Cyan,
            Category::Network => Hue::Green,
            Category::Log => Hue::DarkGrey,
            Category::Backup => Hue::White,
            Category::Other => Hue::Grey,
        }
    }

    /// Its SGR foreground code (`ESC [ code m`).
    pub fn sgr(self) -> u8 {
        match self {
            Hue::Blue => 34,
            Hue::Magenta => 35,
            Hue::Yellow => 33,
            Hue::Cyan => 36,
            Hue::Green => 32,
            Hue::DarkGrey => 90,
            Hue::White => 97,
            Hue::Grey => 37,
        }
    }
}

/// Display columns of a string, not counting colour escape sequences
/// (`ESC [ … letter`: only this tool writes them; names from the disk have
/// their control characters escaped before they reach a table).
pub fn width(s: &str) -> usize {
    if !s.contains('\x1b') {
        return UnicodeWidthStr::width(s);
    }
    let mut w = 0;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            w += c.width().unwrap_or(0);
        }
    }
    w
}

/// A writer that word-wraps every line longer than `width` (prose around
/// the tables; table lines are built to fit and pass through).
pub struct Fit<'a> {
    inner: &'a mut dyn Write,
    width: usize,
    buf: Vec<u8>,
}

impl<'a> Fit<'a> {
    /// Wraps `inner` at `width` columns.
    pub fn new(inner: &'a mut dyn Write, width: usize) -> Fit<'a> {
        Fit {
            inner,
            width,
            buf: Vec::new(),
        }
    }

    /// Writes one line (without its newline) and a newline, wrapped at
    /// words where it is too wide.
    fn emit_line(&mut self, line: &[u8]) -> io::Result<()> {
        let text = String::from_utf8_lossy(line);
        if width(&text) <= self.width {
            self.inner.write_all(line)?;
            return self.inner.write_all(b"\n");
        }
        for l in wrap(&text, Some(self.width)) {
            writeln!(self.inner, "{l}")?;
        }
        Ok(())
    }
}

impl Write for Fit<'_> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        while let Some(i) = self.buf.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.buf.drain(..=i).collect();
            self.emit_line(&line[..line.len() - 1])?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            // A last line without its newline keeps none.
            let rest = std::mem::take(&mut self.buf);
            let text = String::from_utf8_lossy(&rest).into_owned();
            let lines = wrap(&text, Some(self.width));
            let last = lines.len().saturating_sub(1);
            for (i, l) in lines.iter().enumerate() {
                self.inner.write_all(l.as_bytes())?;
                if i < last {
                    self.inner.write_all(b"\n")?;
                }
            }
        }
        self.inner.flush()
    }
}

impl Drop for Fit<'_> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// The first characters of `s` that fit in `max` columns.
fn take_cols(s: &str, max: usize) -> (&str, usize) {
    let mut w = 0;
    for (i, c) in s.char_indices() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max {
            return (&s[..i], w);
        }
        w += cw;
    }
    (s, w)
}

/// The last characters of `s` that fit in `max` columns.
fn take_cols_end(s: &str, max: usize) -> &str {
    let mut w = 0;
    for (i, c) in s.char_indices().rev() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max {
            return &s[i + c.len_utf8()..];
        }
        w += cw;
    }
    s
}

/// `s` shortened in the middle to `max` columns (`fd9bc754…e1a1.mp4`),
/// keeping the extension whole where it can.
pub fn ellipsize(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max <= 1 {
        return "…".chars().take(max).collect();
    }
    let ext = s
        .rfind('.')
        .filter(|&i| s.len() - i <= 8 && i > 0 && !s[i..].contains('/'))
        .map(|i| &s[i..])
        .unwrap_or("");
    let budget = max - 1; // the ellipsis
    let tail_min = width(ext);
    let tail_cols = if tail_min + 4 <= budget {
        (budget / 3).max(tail_min + 4).min(budget - 1)
    } else {
        budget / 2
    };
    let tail = take_cols_end(s, tail_cols);
    let (head, _) = take_cols(s, budget - width(tail));
    format!("{head}…{tail}")
}

/// A label cut to `max` columns at its end (its start says what it is:
/// `avatars and…`, `File Transfer…`).
pub fn ellipsize_end(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    // A label already shortened keeps its own ellipsis.
    let (head, _) = take_cols(s.trim_end_matches('…'), max - 1);
    format!("{head}…")
}

/// A path cut to `max` columns in the middle, keeping as much of its end —
/// the file's name — as fits beside a few leading characters: the part
/// that tells the user *which file* survives (`msg/…Q3 report final.pdf`).
pub fn ellipsize_path(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max <= 6 {
        return ellipsize(s, max);
    }
    let budget = max - 1;
    let name = s.rsplit('/').next().unwrap_or(s);
    // The name whole if it fits with four leading characters, else as much
    // of its end as leaves those four.
    let tail_cols = (width(name) + 1).min(budget - 4);
    let tail = take_cols_end(s, tail_cols);
    let (head, _) = take_cols(s, budget - width(tail));
    format!("{head}…{tail}")
}

/// Words of `text` wrapped into lines of at most `width` columns (a word
/// longer than a line is cut).
pub fn wrap(text: &str, width: Option<usize>) -> Vec<String> {
    let Some(w) = width.filter(|w| *w > 0) else {
        return text.lines().map(str::to_string).collect();
    };
    let mut out = Vec::new();
    for para in text.lines() {
        let indent: String = para.chars().take_while(|c| *c == ' ').collect();
        let mut line = String::new();
        for word in para.split(' ').filter(|s| !s.is_empty()) {
            let sep = if line.is_empty() {
                indent.as_str()
            } else {
                " "
            };
            if !line.is_empty() && self::width(&line) + self::width(sep) + self::width(word) > w {
                out.push(std::mem::take(&mut line));
                line.push_str(&indent);
            } else {
                line.push_str(sep);
            }
            let mut rest = word;
            while self::width(&line) + self::width(rest) > w {
                let room = w.saturating_sub(self::width(&line)).max(1);
                let (head, _) = take_cols(rest, room);
                if head.is_empty() {
                    break;
                }
                line.push_str(head);
                out.push(std::mem::take(&mut line));
                rest = &rest[head.len()..];
            }
            line.push_str(rest);
        }
        out.push(line);
    }
    out
}

/// An account as tables show it: a 4.x folder name as is when short, a
/// 3.x 32-hex id as its first 8 digits and `…` (JSON keeps full ids).
pub fn account_label(id: &str) -> String {
    if id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        format!("{}…", &id[..8])
    } else if width(id) > 16 {
        // `wxid_abc123def456_1a2b` → `wxid_ab…_1a2b`: the start and the
        // suffix tell accounts apart.
        let tail = id
            .rfind('_')
            .map(|i| &id[i..])
            .filter(|t| t.len() <= 6)
            .unwrap_or("");
        let (head, _) = take_cols(id, 15 - width(tail) - 1);
        format!("{head}…{tail}")
    } else {
        id.to_string()
    }
}

/// A chat as tables show it: its name where the folder name is well known
/// (File Transfer), else the first 8 hex digits and `…`.
pub fn chat_name(id: &str) -> String {
    if let Some(label) = chat_label(id) {
        label.to_string()
    } else if id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        format!("{}…", &id[..8])
    } else {
        id.to_string()
    }
}

/// A path below the longest of `prefixes` that holds it (an account folder,
/// else a location), as tables show it.
pub fn short_path<'a, P: AsRef<str>>(path: &'a str, prefixes: &[P]) -> &'a str {
    prefixes
        .iter()
        .map(AsRef::as_ref)
        .filter(|p| !p.is_empty() && *p != ".")
        .filter_map(|p| path.strip_prefix(p).and_then(|r| r.strip_prefix('/')))
        .min_by_key(|r| r.len())
        .unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_and_ellipsis() {
        assert_eq!(width("合同 v3.pdf"), 11);
        assert_eq!(width("e\u{301}"), 1);
        let s = "msg/video/2026-08/fd9bc754d126c08dc1bc81af7990e1a1.mp4";
        let e = ellipsize(s, 30);
        assert!(
            width(&e) <= 30 && e.ends_with(".mp4") && e.contains('…'),
            "{e}"
        );
        let cjk = ellipsize("季度报告季度报告季度报告季度报告 final.pdf", 15);
        assert!(width(&cjk) <= 15 && cjk.ends_with(".pdf"), "{cjk}");
        assert_eq!(ellipsize("short.txt", 20), "short.txt");
    }

    #[test]
    fn wrapping() {
        for line in wrap(
            "one two three four five six seven 季度报告季度报告 eight",
            Some(10),
        ) {
            assert!(width(&line) <= 10, "{line:?}");
        }
        assert_eq!(wrap("a b", None), ["a b"]);
    }

    #[test]
    fn labels() {
        assert_eq!(
            account_label("3f4b2c1d0e9f8a7b6c5d4e3f2a1b0c9d"),
            "3f4b2c1d…"
        );
        assert_eq!(account_label("wxid_abc123def456_1a2b"), "wxid_abc1…_1a2b");
        assert_eq!(account_label("jingmiao0924_5519"), "jingmiao0…_5519");
        assert_eq!(account_label("wxid_short_1a2b"), "wxid_short_1a2b");
        assert_eq!(
            chat_name("9e20f478899dc29eb19741386f9343c8"),
            "File Transfer (文件传输助手)"
        );
        assert_eq!(chat_name("5f1e0d2c3b4a69788796a5b4c3d2e1f0"), "5f1e0d2c…");
        assert_eq!(short_path("a/b/c/x.jpg", &["a", "a/b"]), "c/x.jpg");
        assert_eq!(short_path("z/x.jpg", &["a"]), "z/x.jpg");
    }
}
