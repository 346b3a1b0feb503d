//! `report --format html` (issue 28): one self-contained page with every
//! section of the Markdown report and the treemaps; loaded in headless
//! Chromium with the network disabled (skipped with a note where Debian's
//! `chromium` is missing; `.ci/run` installs it).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

fn report(args: &[&str], path: &Path) -> String {
    let out = wx()
        .args(["report", "--no-progress"])
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    assert_ok(&out);
    String::from_utf8(out.stdout).unwrap()
}

/// The value of attribute `name` in one tag's text.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[at..].split('"').next()
}

/// The `<rect …>` tags of the view shown (`class="view on"`) of the map
/// shown (`class="map on"`), or of the first view of each map when
/// nothing is marked (the page as written).
fn shown_rects(dom: &str, depth: &str) -> (String, Vec<String>) {
    let map = dom.find("class=\"map on\"").expect("a map shown");
    let view = map + dom[map..].find("class=\"view on\"").expect("a view shown");
    let tag_start = dom[..view].rfind('<').unwrap();
    let tag = &dom[tag_start..view + dom[view..].find('>').unwrap()];
    let id = attr(tag, "data-view").unwrap().to_string();
    let body = &dom[view..];
    let stop = body[20..]
        .find("class=\"view")
        .map_or(body.find("</svg>").unwrap(), |i| i + 20);
    let rects = body[..stop]
        .split("<rect ")
        .skip(1)
        .map(|r| r[..r.find('>').unwrap()].to_string())
        .filter(|r| attr(r, "data-depth") == Some(depth))
        .collect();
    (id, rects)
}

/// Areas proportional to `data-bytes` within 1 %.
fn assert_proportional(rects: &[String]) {
    assert!(!rects.is_empty());
    let num = |r: &String, a: &str| attr(r, a).unwrap().parse::<f64>().unwrap();
    let area: f64 = rects
        .iter()
        .map(|r| num(r, "width") * num(r, "height"))
        .sum();
    let bytes: f64 = rects.iter().map(|r| num(r, "data-bytes")).sum();
    for r in rects {
        let share_area = num(r, "width") * num(r, "height") / area;
        let share_bytes = num(r, "data-bytes") / bytes;
        assert!(
            (share_area - share_bytes).abs() <= 0.01 * share_bytes,
            "{r}: area share {share_area}, bytes share {share_bytes}"
        );
    }
}

#[test]
fn issue_28_html_page_is_self_contained_and_has_every_section() {
    let home = sample_home();
    let html = report(&["--format", "html"], &home);
    let md = report(&[], &home);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:;"));
    // One generic renderer: every heading of the Markdown report.
    for line in md
        .lines()
        .filter(|l| l.starts_with("## ") || l.starts_with("### "))
    {
        let title = line.trim_start_matches('#').trim();
        assert!(html.contains(&format!(">{title}</h")), "{title} missing");
    }
    // Nothing to fetch: no src/href to anything but the page itself.
    for needle in [" src=\"", "url(", "@import", "<link", "<iframe", "<img"] {
        assert!(!html.contains(needle), "{needle} in the page");
    }
    assert!(html.split(" href=\"").skip(1).all(|h| h.starts_with('#')));
    // The treemaps: rectangles with numbers, bytes, depth and an id.
    let (_, rects) = shown_rects(
        &html
            .replacen("class=\"map\"", "class=\"map on\"", 1)
            .replacen("class=\"view\"", "class=\"view on\"", 1),
        "1",
    );
    assert_proportional(&rects);
    for r in &rects {
        assert!(attr(r, "data-node").is_some());
    }
    // The reclaim tiers, from the same data as the Markdown.
    assert!(html.contains(">What could be reclaimed</h2>") && html.contains("rebuilt"));
    assert!(!html.contains("showData"));
}

#[test]
fn issue_28_html_anonymized_hides_names_everywhere() {
    let home = sample_home();
    let html = report(&["--format", "html", "--anonymize"], &home);
    for secret in [
        home.to_str().unwrap(),
        "jingmiao0924",
        "wxid_abc123def456",
        "合同",
    ] {
        assert!(!html.contains(secret), "{secret} in the anonymized page");
    }
    assert!(html.contains("data-node=\"location/"));
}

fn chromium() -> Option<PathBuf> {
    for c in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Some(PathBuf::from(c));
        }
    }
    eprintln!("skipped: no chromium here (.ci/run installs Debian's chromium with apt)");
    None
}

/// Loads `url` headless, network off, in a new profile: the DOM after the
/// page's script ran, and the net log's text.
fn load(browser: &Path, dir: &Path, url: &str) -> (String, String) {
    let profile = tempfile::tempdir_in(dir).unwrap();
    let log = dir.join(format!(
        "net-{}.json",
        profile.path().file_name().unwrap().to_string_lossy()
    ));
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--log-net-log={}", log.display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .unwrap();
    assert_ok(&out);
    let net = fs::read_to_string(&log).unwrap_or_default();
    (String::from_utf8_lossy(&out.stdout).into_owned(), net)
}

/// The http(s) and ws(s) URLs the page asked for: URL requests in the net
/// log whose initiator is a web origin. (Chromium itself, whatever the
/// flags, still asks its update and account servers: those requests have
/// no origin, "not an origin", and are not the page's.)
fn page_requests(net: &str) -> Vec<String> {
    let Ok(log) = serde_json::from_str::<serde_json::Value>(net) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in log["events"].as_array().into_iter().flatten() {
        let p = &e["params"];
        let url = p["url"].as_str().unwrap_or("");
        let web = ["http://", "https://", "ws://", "wss://"]
            .iter()
            .any(|s| url.starts_with(s));
        let initiator = p["initiator"].as_str().unwrap_or("");
        if web && initiator != "not an origin" && !initiator.is_empty() {
            out.push(format!("{url} from {initiator}"));
        }
    }
    out
}

#[test]
fn issue_28_html_in_headless_chromium() {
    let Some(browser) = chromium() else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let page = t.path().join("report.html");
    fs::write(&page, report(&["--format", "html"], &sample_home())).unwrap();
    let html = fs::read_to_string(&page).unwrap();
    let url = format!("file://{}", page.display());

    // The root: drawn, proportional, nothing blocked, nothing requested.
    let (dom, net) = load(&browser, t.path(), &url);
    let (id, rects) = shown_rects(&dom, "1");
    assert_eq!(id, "", "the root view first");
    assert_proportional(&rects);
    let views = html.matches("data-view=\"\"").count();
    assert_eq!(views, 1);
    assert!(
        dom.contains("<output id=\"csp\">[]</output>"),
        "CSP violations recorded"
    );
    let ms: f64 = dom
        .split("data-draw-ms=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .expect("the page measured its drawing");
    assert!(ms < 1000.0, "drawn in {ms} ms");
    assert!(net.contains("file://"), "the net log was written");
    assert!(page_requests(&net).is_empty(), "{:?}", page_requests(&net));

    // A deep link opens zoomed into that account.
    let account = html
        .split("data-view=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .find(|v| v.contains("/account/wxid_") && !v.contains("/category/"))
        .expect("an account view")
        .to_string();
    let (dom, _) = load(&browser, t.path(), &format!("{url}#/{account}"));
    let (id, rects) = shown_rects(&dom, "1");
    assert_eq!(id, account);
    assert_proportional(&rects);
    assert!(rects
        .iter()
        .all(|r| attr(r, "data-node").unwrap().starts_with(&account)));
}
