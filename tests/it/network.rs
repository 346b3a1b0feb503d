//! `dbs`, `network` and the readers behind them (issue 3).

use std::fs;
use std::path::Path;

use crate::common::*;
use wxinspect::formats::{binarycookies, sqlite, urlcache};

fn copy_files(dir: &Path, names: &[&str]) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    for n in names {
        fs::copy(dir.join(n), t.path().join(n)).unwrap();
    }
    t
}

#[test]
fn issue_3_real_nsurlcache_rows_come_from_the_wal() {
    let Some(s) = shared_samples() else { return };
    for (dir, rows) in [
        ("nsurlcache/ileapp_ios16_mvs_safari", 1),
        ("nsurlcache/ileapp_ios17_josh_safari", 6),
    ] {
        let t = copy_files(&s.join(dir), &["Cache.db", "Cache.db-wal", "Cache.db-shm"]);
        let got = urlcache::read(&t.path().join("Cache.db"), sqlite::DEFAULT_MAX_COPY).unwrap();
        assert_eq!(got.len(), rows, "{dir}");
        assert!(got
            .iter()
            .all(|r| r.status.is_some() && r.url.starts_with("http")));
        // Without the WAL (immutable open of the main file) there is nothing.
        let t2 = copy_files(&s.join(dir), &["Cache.db"]);
        let empty = urlcache::read(&t2.path().join("Cache.db"), sqlite::DEFAULT_MAX_COPY);
        assert!(empty.map(|v| v.is_empty()).unwrap_or(true));
    }
}

#[test]
fn issue_3_real_cookie_jars_parse() {
    let Some(s) = shared_samples() else { return };
    for e in fs::read_dir(s.join("cookies")).unwrap() {
        let p = e.unwrap().path();
        let jar = binarycookies::parse(&fs::read(&p).unwrap()).unwrap();
        assert!(
            jar.warnings.is_empty(),
            "{}: {:?}",
            p.display(),
            jar.warnings
        );
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.contains("2C2D15A7") {
            assert_eq!(jar.cookies.len(), 149);
        }
        if name.contains("CDE69FBF") {
            assert!(jar.cookies.is_empty());
        }
    }
    for p in [
        "plist/artwolf_com.apple.dock.binary.plist",
        "plist/akolberg_com.apple.dock.xml.plist",
    ] {
        plist::Value::from_file(s.join(p)).unwrap();
    }
}

#[test]
fn issue_3_network_lists_the_planted_hosts() {
    let out = wx()
        .args(["network", "--format", "json"])
        .arg(sample_home())
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema"], "wxinspect.network/1");
    let rows = doc["rows"].as_array().unwrap();
    let host = |h: &str| {
        rows.iter()
            .find(|r| r["host"] == h)
            .unwrap_or_else(|| panic!("{h} missing"))
    };
    // NSURLCache (rows only in its WAL), Chromium cache and state, cookies,
    // HTTP storage, net config, preferences.
    for (h, src) in [
        ("mmbiz.qpic.cn", "url_cache"),
        ("wx.qlogo.cn", "url_cache"),
        ("dldir1.qq.com", "preferences"),
        ("finder.video.qq.com", "web_cache"),
        ("channels.weixin.qq.com", "net_state"),
        ("channels.weixin.qq.com", "cookies"),
        ("servicewechat.com", "chromium_cookies"),
        ("szextshort.weixin.qq.com", "http_storage"),
        ("long.weixin.qq.com", "net_config"),
    ] {
        let r = host(h);
        assert!(
            r["sources"].as_array().unwrap().iter().any(|s| s == src),
            "{h} lacks source {src}: {r}"
        );
        assert_eq!(r["owner"], "Tencent", "{h}");
    }
    assert_eq!(host("mmbiz.qpic.cn")["domain"], "qpic.cn");
    assert_eq!(
        host("mmbiz.qpic.cn")["role"],
        "official-account article images"
    );
    assert!(
        rows.iter().position(|r| r["owner"] != "Tencent").unwrap()
            > rows.iter().rposition(|r| r["owner"] == "Tencent").unwrap()
    );
    let inv = inventory(&sample_home());
    assert_eq!(
        inv["network"]["hosts"].as_array().unwrap().len(),
        rows.len(),
        "scan fills the same network section"
    );
    assert_eq!(inv["network"]["cookies"].as_array().unwrap().len(), 6);
}

#[test]
fn issue_3_dbs_shows_tables_and_guesses() {
    let out = wx()
        .args(["dbs", "--format", "json"])
        .arg(sample_home())
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = doc["rows"].as_array().unwrap();
    let solitaire = rows
        .iter()
        .find(|r| r["path"].as_str().unwrap().ends_with("solitaire_chat.db"))
        .unwrap();
    assert_eq!(solitaire["tables"][0]["name"], "SolitaireChat");
    assert_eq!(solitaire["tables"][0]["rows"], 2);
    let cache = rows
        .iter()
        .find(|r| {
            r["path"]
                .as_str()
                .unwrap()
                .ends_with("Caches/com.tencent.xinWeChat/Cache.db")
        })
        .unwrap();
    let responses = cache["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "cfurl_cache_response")
        .unwrap();
    assert_eq!(responses["rows"], 5, "rows read from the WAL");
    let key = rows.iter().find(|r| r["kind"] == "key_material").unwrap();
    assert!(key["tables"].is_null(), "key material is never opened");
    let enc = rows.iter().find(|r| r["format"] == "sqlcipher").unwrap();
    assert!(enc["tables"].is_null() && enc["page_size_reason"].is_string());
}

#[test]
fn issue_3_no_planted_secret_in_any_output() {
    let home = sample_home();
    let cmds: &[&[&str]] = &[
        &["scan"],
        &["scan", "--hash"],
        &["dbs"],
        &["network"],
        &["media", "--include-cache"],
        &["dupes"],
        &["reclaim"],
    ];
    for cmd in cmds {
        for fmt in ["table", "json", "csv"] {
            let out = wx()
                .args(*cmd)
                .args(["--format", fmt])
                .arg(&home)
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            assert!(
                !text.contains("PLANTED-SECRET"),
                "{cmd:?} {fmt} leaked a secret"
            );
            assert!(
                !text.contains("pass_ticket") && !text.contains("encfilekey"),
                "{cmd:?} {fmt} leaked a URL query"
            );
        }
    }
}

#[test]
fn issue_3_opening_every_database_changes_nothing() {
    let (_t, home) = sample_copy();
    let before = snapshot(&home);
    for cmd in ["dbs", "network", "config"] {
        wx().args([cmd, "--format", "json"])
            .arg(&home)
            .assert()
            .success();
    }
    assert_same(&before, &snapshot(&home));
}

#[test]
fn issue_3_config_shows_preferences_with_secrets_redacted() {
    let out = wx()
        .args(["config", "--format", "json"])
        .arg(sample_home())
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema"], "wxinspect.config/1");
    let rows = doc["rows"].as_array().unwrap();
    let get = |k: &str| {
        rows.iter()
            .find(|r| r["key"] == k)
            .unwrap_or_else(|| panic!("{k} missing"))
    };
    assert_eq!(get("MMSessionToken")["value"], "<redacted 33 bytes>");
    assert_eq!(get("MMSessionToken")["redacted"], true);
    assert_eq!(get("LastLoginUin")["redacted"], true);
    assert_eq!(get("SUEnableAutomaticChecks")["value"], "true");
    assert_eq!(
        get("SUFeedURL")["value"],
        "https://dldir1.qq.com/weixin/mac/mac-release.xml"
    );
    assert_eq!(get("deviceModel")["value"], "MacBookPro18,3");
    assert_eq!(get("long.weixin.qq.com/ttl")["type"], "ini");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("2718281828"),
        "the uin value is redacted"
    );
    // The kvcomm file is reported in `network` with what its name means.
    let net = wx()
        .args(["network", "--format", "json"])
        .arg(sample_home())
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&net.stdout).unwrap();
    let inv = inventory(&sample_home());
    let files = inv["network"]["files"].as_array().unwrap();
    assert!(files.iter().any(|f| f["path"]
        .as_str()
        .unwrap()
        .contains("kvcomm/key_2718281828")
        && f["what"].as_str().unwrap().contains("uin")));
    assert!(files
        .iter()
        .any(|f| f["path"].as_str().unwrap().ends_with("net/cdncomm") && f["entries"] == 1));
    assert!(doc["note"].as_str().unwrap().contains("mmTLS"));
}
