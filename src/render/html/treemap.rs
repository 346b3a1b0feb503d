//! The report page's treemaps: `browse`'s tree (`analyze::tree`, by
//! meaning and by folder) laid out here, squarified, as inline SVG.
//!
//! Every node that can be zoomed into gets a *view*: a `<g data-view>`
//! with its children (depth 1, laid out in the whole picture) and their
//! children (depth 2, inside their parent's rectangle). Children under
//! [`FOLD`] of their parent (or past the first [`MAX_CHILDREN`]) fold into
//! one "N smaller" rectangle. Views are made largest node first until
//! [`MAX_RECTS`] rectangles are drawn, so the page stays small at any
//! number of files. Each rectangle carries `data-bytes`, `data-depth` and
//! `data-node` (its deep-link id, `#/<id>` opens the page there).

use std::collections::BinaryHeap;
use std::fmt::Write as _;

use super::squarify::{squarify, Rect};
use super::{attr, text};
use crate::analyze::reclaim::Tier;
use crate::analyze::tree::{Level, Tree};
use crate::layout::chats::chat_label;
use crate::model::Category;
use crate::render::human_bytes;

/// The picture's size in SVG units.
pub const W: f64 = 1200.0;
/// The picture's height.
pub const H: f64 = 720.0;
/// Children under this share of their parent fold into "N smaller".
pub const FOLD: f64 = 0.002;
/// Children per node at most before the rest fold.
pub const MAX_CHILDREN: usize = 60;
/// Rectangles per treemap at most (depth 1 and 2 of every view).
pub const MAX_RECTS: usize = 2000;

/// One rectangle's worth: a node, a file, or the folded rest.
#[derive(Debug, Clone)]
struct Part {
    /// Deep-link id.
    id: String,
    label: String,
    bytes: u64,
    files: u64,
    category: Option<Category>,
    /// The tree node, when it has children to zoom into.
    node: Option<u32>,
    /// (tier, bytes) below it.
    tiers: [u64; 5],
}

/// Percent-encodes what would break an id or a fragment (`/`, `%`, `#`,
/// `?`, spaces, quotes, angle brackets, `&`, controls); keeps the rest.
fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '/' | '%' | '#' | '?' | ' ' | '"' | '\'' | '<' | '>' | '&' | '\\' => {
                let _ = write!(out, "%{:02X}", c as u32);
            }
            c if c.is_control() => {
                let mut b = [0; 4];
                for x in c.encode_utf8(&mut b).bytes() {
                    let _ = write!(out, "%{x:02X}");
                }
            }
            c => out.push(c),
        }
    }
    if out.is_empty() {
        "~".into()
    } else {
        out
    }
}

/// A level's word in a rectangle's id; the top of a view has none.
fn level_word(l: Level) -> &'static str {
    match l {
        Level::Root => "",
        l => l.word(),
    }
}

/// What a person reads for a node.
fn label(t: &Tree, n: u32) -> String {
    let node = &t.nodes[n as usize];
    let k = &*node.key;
    match node.level {
        Level::Root => "everything".into(),
        Level::Location => k.rsplit('/').next().unwrap_or(k).to_string(),
        Level::Account if k.is_empty() => "no account".into(),
        Level::Chat if k.is_empty() => "no chat".into(),
        Level::Chat => chat_label(k).map_or_else(|| k.to_string(), |l| format!("{l} ({k})")),
        Level::Month if k.is_empty() => "no month".into(),
        _ => k.to_string(),
    }
}

/// The deep-link id of node `n`.
pub fn node_id(t: &Tree, n: u32) -> String {
    let chain = t.ancestry(n);
    let folder = chain[0] == t.folder;
    let mut parts: Vec<String> = Vec::new();
    if folder {
        parts.push("folder".into());
    }
    for &a in &chain[1..] {
        let node = &t.nodes[a as usize];
        if node.level != Level::Folder {
            parts.push(level_word(node.level).into());
        }
        parts.push(enc(&node.key));
    }
    parts.join("/")
}

/// Where zooming into `n` leads: down a chain of single children (a
/// view of one rectangle would show nothing new).
fn through(t: &Tree, mut n: u32) -> u32 {
    loop {
        let node = &t.nodes[n as usize];
        match (node.children.as_slice(), node.files.len()) {
            ([only], 0) => n = *only,
            _ => return n,
        }
    }
}

/// A node's children and files as parts, largest first, the small ones
/// folded.
fn parts(t: &Tree, n: u32, id: &str) -> Vec<Part> {
    let node = &t.nodes[n as usize];
    let join = |seg: String| match id.is_empty() {
        true => seg,
        false => format!("{id}/{seg}"),
    };
    let mut all: Vec<Part> = node
        .children
        .iter()
        .map(|&c| {
            let cn = &t.nodes[c as usize];
            let seg = match cn.level {
                Level::Folder => enc(&cn.key),
                l => format!("{}/{}", level_word(l), enc(&cn.key)),
            };
            Part {
                id: join(seg),
                label: label(t, c),
                bytes: cn.bytes,
                files: cn.count,
                category: Some(cn.mix.largest()),
                node: (!cn.children.is_empty() || cn.files.len() > 1).then(|| through(t, c)),
                tiers: cn.tiers,
            }
        })
        .collect();
    all.extend(node.files.iter().map(|&f| {
        let leaf = &t.files[f as usize];
        let mut tiers = [0; 5];
        if let Some(i) = leaf
            .tier
            .and_then(|r| Tier::ALL.iter().position(|x| *x == r.tier))
        {
            tiers[i] = leaf.size;
        }
        Part {
            id: join(format!("file/{}", enc(&leaf.name))),
            label: leaf.name.to_string(),
            bytes: leaf.size,
            files: 1,
            category: Some(leaf.category),
            node: None,
            tiers,
        }
    }));
    all.retain(|p| p.bytes > 0);
    all.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.label.cmp(&b.label)));
    let floor = (node.bytes as f64 * FOLD) as u64;
    let keep = all
        .iter()
        .take(MAX_CHILDREN)
        .take_while(|p| p.bytes >= floor.max(1))
        .count();
    if keep < all.len() && all.len() - keep > 1 {
        let rest = all.split_off(keep);
        let mut tiers = [0; 5];
        for p in &rest {
            for (t, b) in tiers.iter_mut().zip(p.tiers) {
                *t += b;
            }
        }
        all.push(Part {
            id: join("smaller".into()),
            label: format!("{} smaller", rest.len()),
            bytes: rest.iter().map(|p| p.bytes).sum(),
            files: rest.iter().map(|p| p.files).sum(),
            category: None,
            node: None,
            tiers,
        });
    }
    all
}

/// The tooltip of a part: full label, size, files, share, tiers.
fn tooltip(p: &Part, path: &str, parent_bytes: u64) -> String {
    let mut s = format!(
        "{path}{}{}\n{} in {} file{} · {:.1} % of {}",
        if path.is_empty() { "" } else { " › " },
        p.label,
        human_bytes(p.bytes),
        p.files,
        if p.files == 1 { "" } else { "s" },
        p.bytes as f64 * 100.0 / parent_bytes.max(1) as f64,
        human_bytes(parent_bytes)
    );
    let tiers: Vec<String> = Tier::ALL
        .iter()
        .zip(p.tiers)
        .filter(|(_, b)| *b > 0)
        .map(|(t, b)| format!("{t} {}", human_bytes(b)))
        .collect();
    if !tiers.is_empty() {
        let _ = write!(s, "\nreclaim: {}", tiers.join(", "));
    }
    s
}

fn class(c: Option<Category>) -> &'static str {
    c.map_or("smaller", |c| c.as_str())
}

/// `<rect>` with numbers rounded to 1/100 of a unit.
fn rect(out: &mut String, r: &Rect, p: &Part, depth: u8, extra: &str) {
    let _ = write!(
        out,
        "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" data-bytes=\"{}\" data-depth=\"{depth}\" data-node=\"{}\" class=\"c-{}{extra}\"/>",
        r.x,
        r.y,
        r.w,
        r.h,
        p.bytes,
        attr(&p.id),
        class(p.category)
    );
}

/// A label at the top left of `r` (`dy` lower), cut to its width.
fn label_text(out: &mut String, r: &Rect, dy: f64, label: &str, extra: &str) {
    let fit = ((r.w - 8.0) / 7.5) as usize;
    let mut l: String = label.chars().take(fit).collect();
    if l.chars().count() < label.chars().count() {
        l.pop();
        l.push('…');
    }
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\"{extra}>{}</text>",
        r.x + 4.0,
        r.y + 14.0 + dy,
        text(&l)
    );
}

/// The breadcrumb labels of node `n` below the view root.
fn path_label(t: &Tree, n: u32) -> String {
    let chain = t.ancestry(n);
    chain[1..]
        .iter()
        .map(|&a| label(t, a))
        .collect::<Vec<_>>()
        .join(" › ")
}

/// Views still to draw: (bytes, node, the view it is zoomed into from).
type Queue = BinaryHeap<(u64, u32, u32)>;

/// One view: node `n`'s parts in the whole picture, and theirs inside.
fn view(t: &Tree, (n, parent): (u32, u32), out: &mut String, queue: &mut Queue) -> usize {
    let full_id = node_id(t, n);
    let kids = parts(t, n, &full_id);
    let bytes = t.nodes[n as usize].bytes;
    let _ = write!(
        out,
        "<g class=\"view\" data-view=\"{}\" data-label=\"{}\" data-parent=\"{}\">",
        attr(&full_id),
        attr(&label(t, n)),
        match parent == n {
            true => "-".to_string(),
            false => attr(&node_id(t, parent)),
        }
    );
    let path = path_label(t, n);
    let values: Vec<f64> = kids.iter().map(|p| p.bytes as f64).collect();
    let rects = squarify(
        &values,
        Rect {
            x: 0.0,
            y: 0.0,
            w: W,
            h: H,
        },
    );
    let mut drawn = 0;
    for (p, r) in kids.iter().zip(&rects) {
        let go = match p.node {
            Some(c) if node_id(t, c) != p.id => {
                format!(" data-go=\"1\" data-to=\"{}\"", attr(&node_id(t, c)))
            }
            Some(_) => " data-go=\"1\"".into(),
            None => String::new(),
        };
        let _ = write!(
            out,
            "<g class=\"n\" tabindex=\"0\"{go}><title>{}</title>",
            text(&tooltip(p, &path, bytes))
        );
        // Its children first, then itself on top: a tinted outline over
        // them (the one that takes the click), or filled when alone.
        let mut inside = false;
        // Labels of the children that have room, drawn over the parent.
        let mut inner_labels = Vec::new();
        if let Some(c) = p.node {
            queue.push((p.bytes, c, n));
            let inner = parts(t, c, &node_id(t, c));
            let v: Vec<f64> = inner.iter().map(|q| q.bytes as f64).collect();
            for (q, qr) in inner.iter().zip(squarify(&v, *r)) {
                rect(out, &qr, q, 2, "");
                drawn += 1;
                inside = true;
                // Below the parent's own label where they share its top.
                let dy = if (qr.y - r.y).abs() < 1.0 { 16.0 } else { 0.0 };
                if qr.w >= 60.0 && qr.h >= 24.0 + dy {
                    inner_labels.push((qr, dy, q.label.clone()));
                }
            }
        }
        rect(out, r, p, 1, if inside { " top" } else { "" });
        drawn += 1;
        if r.w >= 44.0 && r.h >= 18.0 {
            label_text(out, r, 0.0, &p.label, "");
        }
        for (qr, dy, l) in inner_labels {
            label_text(out, &qr, dy, &l, " class=\"sub\"");
        }
        out.push_str("</g>");
    }
    out.push_str("</g>\n");
    drawn
}

/// The treemap of the view rooted at `root` as an `<svg>`.
pub fn svg(t: &Tree, root: u32, name: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg class=\"map\" id=\"map-{name}\" data-map=\"{name}\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"treemap {name}\">"
    );
    let mut queue = BinaryHeap::new();
    queue.push((t.nodes[root as usize].bytes, root, root));
    let mut drawn = 0;
    while let Some((_, n, parent)) = queue.pop() {
        // A view that would pass the bound is left out (its node is then
        // not zoomable); smaller ones may still fit.
        let mut one = String::new();
        let mut more = Queue::new();
        let count = view(t, (n, parent), &mut one, &mut more);
        if drawn + count > MAX_RECTS {
            continue;
        }
        drawn += count;
        out.push_str(&one);
        queue.extend(more);
    }
    out.push_str("</svg>");
    out
}
