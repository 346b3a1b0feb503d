//! `report --format html`: one self-contained page (issue 28). The same
//! document the Markdown report writes (`markdown::document`, every
//! section through one renderer), plus the zoomable treemaps by meaning
//! and by folder (`treemap.rs`, laid out by `squarify.rs`). Nothing is
//! fetched: the style and the script are inline, and a
//! `Content-Security-Policy` allows nothing else (no request can leave the
//! page, `data:` images aside).

pub mod squarify;
pub mod treemap;

use std::fmt::Write as _;
use std::io::{self, Write};

use super::doc::{Block, Chart, ChartKind, Doc, Table};
use super::markdown::{document, ReportData};
use crate::model::Category;
use crate::render::human_bytes;
use crate::render::term::Hue;

/// The policy: inline style and script, `data:` images, nothing else.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// Text for an HTML text node.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Text for a quoted attribute value.
pub fn attr(s: &str) -> String {
    text(s).replace('"', "&quot;").replace('\'', "&#39;")
}

/// The report's inline markup (the CommonMark subset the sections write:
/// backslash escapes, code spans, `**strong**`, `*emphasis*`, `&lt;`,
/// `&gt;`, `<br>`) as HTML; anything else is text.
pub fn inline(s: &str) -> String {
    let b: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 16);
    let (mut strong, mut em) = (false, false);
    let mut i = 0;
    while i < b.len() {
        let rest: String = b[i..b.len().min(i + 5)].iter().collect();
        match b[i] {
            '\\' if i + 1 < b.len() => {
                out.push_str(&text(&b[i + 1].to_string()));
                i += 2;
            }
            '`' => {
                let n = b[i..].iter().take_while(|c| **c == '`').count();
                let close = (i + n..b.len()).find(|&j| {
                    b[j..].iter().take_while(|c| **c == '`').count() == n
                        && (j == 0 || b[j - 1] != '`')
                });
                match close {
                    Some(j) => {
                        let inner: String = b[i + n..j].iter().collect();
                        let inner =
                            match inner.starts_with(' ') && inner.ends_with(' ') && inner.len() > 1
                            {
                                true => inner[1..inner.len() - 1].to_string(),
                                false => inner,
                            };
                        let _ = write!(out, "<code>{}</code>", text(&inner));
                        i = j + n;
                    }
                    None => {
                        out.push_str(&"`".repeat(n));
                        i += n;
                    }
                }
            }
            '*' if b.get(i + 1) == Some(&'*') => {
                out.push_str(if strong { "</strong>" } else { "<strong>" });
                strong = !strong;
                i += 2;
            }
            '*' => {
                out.push_str(if em { "</em>" } else { "<em>" });
                em = !em;
                i += 1;
            }
            '&' if rest.starts_with("&lt;") || rest.starts_with("&gt;") => {
                out.push_str(&rest[..4]);
                i += 4;
            }
            '<' if rest.starts_with("<br>") => {
                out.push_str("<br>");
                i += 4;
            }
            c => {
                out.push_str(&text(&c.to_string()));
                i += 1;
            }
        }
    }
    if em {
        out.push_str("</em>");
    }
    if strong {
        out.push_str("</strong>");
    }
    out
}

/// The CSS colour of a category: the terminal's hue (`Hue::of`).
pub fn colour(c: Category) -> &'static str {
    match Hue::of(c) {
        Hue::Blue => "#3b82f6",
        Hue::Magenta => "#c026d3",
        Hue::Yellow => "#eab308",
        Hue::Cyan => "#06b6d4",
        Hue::Green => "#22c55e",
        Hue::DarkGrey => "#6b7280",
        Hue::White => "#e5e7eb",
        Hue::Grey => "#a3a3a3",
    }
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| match c.is_alphanumeric() {
            true => c.to_ascii_lowercase(),
            false => '-',
        })
        .collect()
}

fn table(t: &Table, out: &mut String) {
    out.push_str("<div class=\"scroll\"><table class=\"sortable\"><thead><tr>");
    for (h, r) in t.header.iter().zip(&t.right) {
        let _ = write!(
            out,
            "<th{} tabindex=\"0\" aria-sort=\"none\">{}</th>",
            if *r { " class=\"num\"" } else { "" },
            inline(h)
        );
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (i, c) in row.iter().enumerate() {
            let num = t.right.get(i).copied().unwrap_or(false);
            let _ = write!(
                out,
                "<td{}{}>{}</td>",
                if num { " class=\"num\"" } else { "" },
                c.sort
                    .map_or(String::new(), |v| format!(" data-sort=\"{v}\"")),
                inline(&c.text)
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}

/// A pie as a bar of parts (easier to read than a pie, same data) or bars
/// per month, inline SVG; legends in human sizes.
fn chart(c: &Chart, out: &mut String) {
    let total: u64 = c.values.iter().map(|v| v.1).sum::<u64>().max(1);
    let _ = write!(
        out,
        "<figure class=\"chart\"><figcaption>{}</figcaption>",
        text(&c.title)
    );
    match c.kind {
        ChartKind::Pie => {
            out.push_str("<svg viewBox=\"0 0 1000 40\" class=\"parts\" role=\"img\">");
            let mut x = 0.0;
            for (label, bytes) in &c.values {
                let w = *bytes as f64 * 1000.0 / total as f64;
                let fill = Category::parse(label).map_or("#999", colour);
                let _ = write!(
                    out,
                    "<rect x=\"{x:.2}\" y=\"0\" width=\"{w:.2}\" height=\"40\" fill=\"{fill}\"><title>{} {}</title></rect>",
                    text(label),
                    human_bytes(*bytes)
                );
                x += w;
            }
            out.push_str("</svg><ul class=\"legend\">");
            for (label, bytes) in &c.values {
                let fill = Category::parse(label).map_or("#999", colour);
                let _ = write!(
                    out,
                    "<li><span class=\"sw\" style=\"background:{fill}\"></span>{} {} ({:.1} %)</li>",
                    text(label),
                    human_bytes(*bytes),
                    *bytes as f64 * 100.0 / total as f64
                );
            }
            out.push_str("</ul>");
        }
        ChartKind::Bars => {
            let max = c.values.iter().map(|v| v.1).max().unwrap_or(1).max(1) as f64;
            let n = c.values.len().max(1) as f64;
            let bw = 1000.0 / n;
            out.push_str("<svg viewBox=\"0 0 1000 220\" class=\"bars\" role=\"img\">");
            for (i, (label, bytes)) in c.values.iter().enumerate() {
                let h = *bytes as f64 / max * 180.0;
                let _ = write!(
                    out,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\"><title>{} {}</title></rect><text x=\"{:.1}\" y=\"215\">{}</text>",
                    i as f64 * bw + bw * 0.1,
                    200.0 - h,
                    bw * 0.8,
                    text(label),
                    human_bytes(*bytes),
                    i as f64 * bw + bw / 2.0,
                    text(label)
                );
            }
            let _ = write!(
                out,
                "</svg><p class=\"axis\">largest month: {}</p>",
                human_bytes(max as u64)
            );
        }
    }
    out.push_str("</figure>\n");
}

/// The document's blocks as HTML (level-1 heading aside: the page's own).
fn body(doc: &Doc, out: &mut String) {
    for b in &doc.blocks {
        match b {
            Block::Heading(1, _) => {}
            Block::Heading(l, t) => {
                let _ = writeln!(out, "<h{l} id=\"{}\">{}</h{l}>", slug(t), inline(t));
            }
            Block::Para(t) => {
                let _ = writeln!(out, "<p>{}</p>", inline(t));
            }
            Block::List(items) => {
                out.push_str("<ul>");
                for it in items {
                    let _ = write!(out, "<li>{}", inline(&it.text));
                    if !it.sub.is_empty() {
                        out.push_str("<ul>");
                        for s in &it.sub {
                            let _ = write!(out, "<li>{}</li>", inline(s));
                        }
                        out.push_str("</ul>");
                    }
                    out.push_str("</li>");
                }
                out.push_str("</ul>\n");
            }
            Block::Table(t) => table(t, out),
            Block::Chart(c) => chart(c, out),
        }
    }
}

fn category_style() -> String {
    let mut s = String::new();
    for c in Category::ALL {
        let _ = write!(s, ".c-{}{{fill:{}}}", c.as_str(), colour(*c));
    }
    s
}

/// Writes the page.
pub fn report(d: &ReportData<'_>, out: &mut dyn Write) -> io::Result<()> {
    let doc = document(d);
    let mut page = String::with_capacity(1 << 20);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <title>WeChat data inventory</title>\n\
         <script>window.__csp=[];document.addEventListener('securitypolicyviolation',function(e){{window.__csp.push(e.violatedDirective+' '+e.blockedURI);var o=document.getElementById('csp');if(o)o.textContent=JSON.stringify(window.__csp);}});</script>\n\
         <style>{STYLE}{}</style></head><body>\n",
        category_style()
    );
    page.push_str("<header><h1>WeChat data inventory</h1>\n");
    if let Some(Block::Para(p)) = doc.blocks.get(1) {
        let _ = writeln!(page, "<p>{}</p>", inline(p));
    }
    page.push_str("<nav class=\"toc\">");
    for b in &doc.blocks {
        if let Block::Heading(2, t) = b {
            let _ = write!(page, "<a href=\"#{}\">{}</a> ", slug(t), inline(t));
        }
    }
    page.push_str("</nav></header>\n<main>\n");
    if let Some(tree) = &d.tree {
        page.push_str(
            "<section id=\"treemap\"><h2>Where the bytes are</h2>\n\
             <div class=\"controls\"><button type=\"button\" data-show=\"meaning\" aria-pressed=\"true\">by meaning</button>\
             <button type=\"button\" data-show=\"folder\" aria-pressed=\"false\">by folder</button>\
             <span class=\"hint\">click or Enter to zoom in, Backspace or Esc to zoom out, arrows to move</span></div>\n\
             <nav class=\"crumbs\" aria-label=\"breadcrumb\"></nav>\n<div class=\"maps\">",
        );
        page.push_str(&treemap::svg(tree, tree.meaning, "meaning"));
        page.push_str(&treemap::svg(tree, tree.folder, "folder"));
        page.push_str("</div>\n<ul class=\"legend\">");
        for c in Category::ALL {
            let _ = write!(
                page,
                "<li><span class=\"sw\" style=\"background:{}\"></span>{}</li>",
                colour(*c),
                c.as_str()
            );
        }
        page.push_str(
            "<li><span class=\"sw smaller\"></span>smaller, folded</li></ul></section>\n",
        );
    }
    let rest = Doc {
        blocks: doc.blocks.iter().skip(2).cloned().collect(),
    };
    body(&rest, &mut page);
    let _ = write!(
        page,
        "</main>\n<footer><output id=\"drawn\"></output> <output id=\"csp\">[]</output></footer>\n<script>{SCRIPT}</script>\n</body></html>\n"
    );
    out.write_all(page.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markup() {
        assert_eq!(inline("a\\|b \\_c"), "a|b _c");
        assert_eq!(
            inline("`<root>` and **x**"),
            "<code>&lt;root&gt;</code> and <strong>x</strong>"
        );
        assert_eq!(inline("``a`b``"), "<code>a`b</code>");
        assert_eq!(inline("&lt;script&gt;"), "&lt;script&gt;");
        assert_eq!(inline("x<br>y & z"), "x<br>y &amp; z");
        assert_eq!(inline("*3 more*"), "<em>3 more</em>");
        assert_eq!(inline("<img src=x>"), "&lt;img src=x&gt;");
    }
}
