//! Draws `browse` into a ratatui frame: a header with the view, sort and
//! breadcrumb, the rows (size bar against the largest sibling, size, share
//! of the parent, files, label), an info panel, the footer with the keys,
//! and the help and warnings overlays. Only the visible rows are made, so
//! a folder of 100,000 files draws as fast as one of ten.

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::app::{mix_words, tier_words, App, Mode, Row, View};
use super::keys::KEYS;
use crate::analyze::tree::Level;
use crate::classify::place::class_reason;
use crate::classify::rules::RuleSet;
use crate::classify::Class;
use crate::layout::WalkRoot;
use crate::model::time::rfc3339;
use crate::model::units::human_bytes;
use crate::model::{Category, LogicalPath};
use crate::render::term::{account_label, chat_name, Hue};

/// What the info panel needs to explain a file without reading it again.
pub struct Explainer {
    /// The walk roots, for a file's logical path.
    pub roots: Vec<WalkRoot>,
    /// The rule table.
    pub rules: RuleSet,
}

/// Draws the whole screen.
pub fn draw(f: &mut Frame, app: &mut App, ex: &Explainer) {
    let area = f.area();
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(2),
    ])
    .areas(area);
    header(f, app, head);
    let (list, panel) = if app.info {
        let dir = if body.width >= 100 {
            Direction::Horizontal
        } else {
            Direction::Vertical
        };
        let parts = Layout::default()
            .direction(dir)
            .constraints([Constraint::Percentage(60), Constraint::Percentage(40)])
            .split(body);
        (parts[0], Some(parts[1]))
    } else {
        (body, None)
    };
    rows(f, app, list);
    if let Some(p) = panel {
        info(f, app, ex, p);
    }
    footer(f, app, foot);
    match app.mode {
        Mode::Help => help(f, area),
        Mode::Warnings(at) => warnings(f, app, area, at),
        _ => {}
    }
}

fn header(f: &mut Frame, app: &App, area: Rect) {
    let view = match app.view {
        View::Meaning => "by meaning",
        View::Folder => "by folder",
    };
    let cur = &app.tree.nodes[app.current() as usize];
    let mut top = vec![
        Span::styled(
            " wxinspect browse ",
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::raw(format!(
            "· {view} · sort: {} · {} in {} files",
            app.sort.as_str(),
            human_bytes(cur.bytes),
            cur.count
        )),
    ];
    if let Some(q) = &app.filter {
        top.push(Span::styled(
            format!(" · filter: {q}"),
            Style::new().fg(Color::Yellow),
        ));
    }
    let crumbs = app.breadcrumb();
    let crumb = if crumbs.is_empty() {
        " /".to_string()
    } else {
        format!(" / {}", crumbs.join(" › "))
    };
    let text = vec![
        Line::from(top),
        Line::styled(crumb, Style::new().fg(Color::Cyan)),
    ];
    f.render_widget(Paragraph::new(text), area);
}

/// A bar of `width` cells filled `part/whole`, in eighths.
fn bar(part: u64, whole: u64, width: usize) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let eighths = if whole == 0 {
        0
    } else {
        (part as u128 * width as u128 * 8 / whole as u128) as usize
    };
    let mut s: String = "█".repeat(eighths / 8);
    if eighths / 8 < width {
        s.push(EIGHTHS[eighths % 8]);
    }
    while s.chars().count() < width {
        s.push(' ');
    }
    s
}

/// The category's colour, as tables and `watch` draw it.
fn category_color(c: Category) -> Color {
    match Hue::of(c) {
        Hue::Blue => Color::Blue,
        Hue::Magenta => Color::Magenta,
        Hue::Yellow => Color::Yellow,
        Hue::Cyan => Color::Cyan,
        Hue::Green => Color::Green,
        Hue::DarkGrey => Color::DarkGray,
        Hue::White => Color::White,
        Hue::Grey => Color::Gray,
    }
}

/// The category that holds most of a row's bytes.
fn main_category(app: &App, r: Row) -> Category {
    match r {
        Row::File(i) => app.tree.files[i as usize].category,
        Row::Node(n) => app.tree.nodes[n as usize].mix.largest(),
    }
}

fn rows(f: &mut Frame, app: &mut App, area: Rect) {
    let height = usize::from(area.height.saturating_sub(1)).max(1);
    app.page = height.saturating_sub(1).max(1);
    let parent = app.tree.nodes[app.current() as usize].bytes;
    let largest = app
        .rows
        .iter()
        .map(|&r| app.row_totals(r).1)
        .max()
        .unwrap_or(0);
    let offset = app.selected.saturating_sub(height - 1);
    // Narrow terminals drop the bar, then the file count, then the share:
    // the name is the last to go.
    let w = area.width;
    let (show_bar, show_files, show_share) = (w >= 60, w >= 45, w >= 35);
    let head = format!(
        "{}{:>9}{}{}  {}",
        if show_bar {
            format!("{:<12} ", "")
        } else {
            String::new()
        },
        "size",
        if show_share {
            format!(" {:>6}", "share")
        } else {
            String::new()
        },
        if show_files {
            format!(" {:>8}", "files")
        } else {
            String::new()
        },
        match app.view {
            View::Meaning => "what",
            View::Folder => "folder (category mix)",
        }
    );
    let mut lines = vec![Line::styled(head, Style::new().add_modifier(Modifier::DIM))];
    if app.rows.is_empty() {
        lines.push(Line::raw(if app.filter.is_some() {
            "  nothing matches the filter (/ then Enter on an empty line clears it)"
        } else {
            "  (empty)"
        }));
    }
    for (i, &r) in app.rows.iter().enumerate().skip(offset).take(height) {
        let (count, bytes, _) = app.row_totals(r);
        let share = if parent == 0 {
            0.0
        } else {
            bytes as f64 * 100.0 / parent as f64
        };
        let mut label = app.row_label(r).to_string();
        let extra = match r {
            Row::Node(n) if app.view == View::Folder => {
                label.push('/');
                mix_words(&app.tree.nodes[n as usize].mix)
            }
            Row::Node(_) => String::new(),
            Row::File(x) => {
                let l = &app.tree.files[x as usize];
                format!("{} {}", l.category, l.format)
            }
        };
        let color = category_color(main_category(app, r));
        let mut spans = Vec::new();
        if show_bar {
            spans.push(Span::styled(
                bar(bytes, largest, 12),
                Style::new().fg(color),
            ));
            spans.push(Span::raw(" "));
        }
        let mut numbers = format!("{:>9}", human_bytes(bytes));
        if show_share {
            numbers.push_str(&format!(" {share:>5.1}%"));
        }
        if show_files {
            numbers.push_str(&format!(" {count:>8}"));
        }
        numbers.push_str("  ");
        spans.push(Span::styled(
            numbers,
            Style::new().fg(if show_bar { Color::Reset } else { color }),
        ));
        spans.push(Span::raw(label));
        if !extra.is_empty() {
            spans.push(Span::styled(
                format!("  {extra}"),
                Style::new().add_modifier(Modifier::DIM),
            ));
        }
        let mut line = Line::from(spans);
        if i == app.selected {
            line = line.style(Style::new().add_modifier(Modifier::REVERSED));
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), area);
}

fn info(f: &mut Frame, app: &App, ex: &Explainer, area: Rect) {
    let mut lines: Vec<Line> = Vec::new();
    let mut kv = |k: &str, v: String| {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{k:>9} "),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(v),
        ]))
    };
    match app.selection() {
        None => kv("", "nothing selected".into()),
        Some(Row::File(i)) => {
            let l = &app.tree.files[i as usize];
            let rel = l.path(&app.tree);
            kv("file", l.name.to_string());
            kv(
                "size",
                format!("{} ({} bytes)", human_bytes(l.size), l.size),
            );
            kv("category", l.category.to_string());
            kv("kind", l.kind.to_string());
            kv(
                "format",
                format!(
                    "{}{}",
                    l.format,
                    if l.encrypted { ", encrypted" } else { "" }
                ),
            );
            let none = || "—".to_string();
            kv(
                "account",
                l.account.as_deref().map_or_else(none, |a| {
                    let short = account_label(a);
                    if short == a {
                        short
                    } else {
                        format!("{short} ({a})")
                    }
                }),
            );
            kv(
                "chat",
                l.chat.as_deref().map_or_else(none, |c| {
                    let name = chat_name(c);
                    if name == c {
                        name
                    } else {
                        format!("{name} ({c})")
                    }
                }),
            );
            kv("month", l.month.map_or_else(none, |m| m.to_string()));
            kv("mtime", rfc3339(l.mtime, 0));
            kv("path", app.root.join(&rel).to_string_lossy().into_owned());
            let (rule, reason) = explain(ex, l, &rel);
            kv("rule", rule);
            kv("why", reason);
            if let Some(t) = l.tier {
                kv(
                    "tier",
                    format!("{} ({}): after removal, {}", t.tier, t.label, t.after),
                );
            }
        }
        Some(Row::Node(n)) => {
            let nd = &app.tree.nodes[n as usize];
            kv(nd.level.word(), app.labels[n as usize].clone());
            if matches!(nd.level, Level::Account | Level::Chat) && !nd.key.is_empty() {
                kv("id", nd.key.to_string());
            }
            kv(
                "size",
                format!(
                    "{} in {} file{}",
                    human_bytes(nd.bytes),
                    nd.count,
                    if nd.count == 1 { "" } else { "s" }
                ),
            );
            kv("newest", rfc3339(nd.newest, 0));
            kv("mix", mix_words(&nd.mix));
            kv("tiers", tier_words(&nd.tiers));
            kv(
                "path",
                app.row_path(Row::Node(n)).to_string_lossy().into_owned(),
            );
        }
    }
    boxed(f, area, " info (i) ", lines);
}

/// `lines` in a bordered box titled `title`, wrapped, over whatever was
/// drawn there (the info panel and the overlays).
fn boxed(f: &mut Frame, area: Rect, title: &str, lines: Vec<Line>) {
    f.render_widget(Clear, area);
    f.render_widget(
        Paragraph::new(lines)
            .block(Block::default().borders(Borders::ALL).title(title))
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// The rule that matched a file and why it won, from memory (the same
/// answer `wxinspect explain` gives, minus the first bytes).
fn explain(ex: &Explainer, l: &crate::analyze::tree::Leaf, rel: &str) -> (String, String) {
    let Some(root) = ex.roots.get(usize::from(l.root)) else {
        return ("—".into(), String::new());
    };
    let inner = if root.rel.is_empty() {
        rel
    } else {
        rel.strip_prefix(root.rel.as_str())
            .map(|s| s.trim_start_matches('/'))
            .unwrap_or(rel)
    };
    let logical = root.logical(inner);
    let rule = ex.rules.first_match(LogicalPath(&logical), &mut Vec::new());
    let class = Class {
        category: l.category,
        kind: l.kind,
        format: l.format,
        encrypted: l.encrypted,
    };
    let r = rule.map_or_else(
        || "none".to_string(),
        |r| format!("{} ({})", r.glob, r.source),
    );
    (r, class_reason(rule, &class))
}

fn footer(f: &mut Frame, app: &App, area: Rect) {
    let first = match &app.mode {
        Mode::Filter(text) => Line::styled(
            format!(" filter: {text}▏  (Enter applies, Esc cancels)"),
            Style::new().fg(Color::Yellow),
        ),
        _ => match &app.status {
            Some(s) => Line::raw(format!(" {s}")),
            None => Line::raw(super::keys::footer_line()),
        },
    };
    let warn = if app.warnings.is_empty() {
        String::new()
    } else {
        format!("{} warnings (w) · ", app.warnings.len())
    };
    let second = Line::styled(
        format!(" {warn}read-only: nothing here deletes, moves or renames anything"),
        Style::new().add_modifier(Modifier::DIM),
    );
    f.render_widget(Paragraph::new(vec![first, second]), area);
}

/// A rectangle of at most `w`×`h` in the middle of `area`.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn help(f: &mut Frame, area: Rect) {
    let mut lines: Vec<Line> = KEYS
        .iter()
        .map(|k| {
            Line::from(vec![
                Span::styled(
                    format!(" {:<14}", k.keys),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(k.what),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::raw(
        " In filter mode every key is text. Nothing is ever deleted, moved or renamed.",
    ));
    let r = centered(area, 84, lines.len() as u16 + 2);
    boxed(f, r, " keys (any key closes) ", lines);
}

fn warnings(f: &mut Frame, app: &App, area: Rect, at: usize) {
    let r = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    let mut lines: Vec<Line> = Vec::new();
    if app
        .warnings
        .iter()
        .any(|w| w.kind == crate::model::WarningKind::PrivacyProtected)
    {
        lines.push(Line::styled(
            " macOS privacy protection refused some folders: grant Full Disk Access to your terminal app \
             (System Settings → Privacy & Security → Full Disk Access) and run again.",
            Style::new().fg(Color::Yellow),
        ));
    }
    if app.warnings.is_empty() {
        lines.push(Line::raw(" no warnings: every entry was read"));
    }
    for w in app.warnings.iter().skip(at) {
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {} ", w.kind.as_str()),
                Style::new().fg(Color::Red),
            ),
            Span::raw(format!("{}: {}", w.path, w.message)),
        ]));
    }
    boxed(f, r, " warnings (↑↓ scroll, any other key closes) ", lines);
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn bars() {
        assert_eq!(bar(0, 10, 4), "    ");
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(5, 10, 4), "██  ");
        assert_eq!(bar(1, 16, 2), "▏ ");
    }
}
