//! Issue 29: `network --resolve` against DNS servers on the loopback
//! (`common::dns`): a 3-hop CNAME chain to A and AAAA, a loop, a 20-hop
//! chain, NXDOMAIN, SERVFAIL, REFUSED, a name never answered, a server
//! that never answers, Team-Cymru-shaped TXT answers, and a second server
//! answering differently (geo-DNS). Every resolver a run uses is on the
//! loopback: `--nameserver 127.0.0.1:PORT`, and the resolver configuration
//! read otherwise is a temp file naming a loopback server
//! (`WXINSPECT_TEST_RESOLV_CONF`); each test asserts the `resolvers` the
//! JSON names. No test sends a packet off the machine.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::common::dns::{serve, serve_at, DnsServer, Special, Zone};
use crate::common::{assert_ok, wx};
use serde_json::Value;

/// The hosts of the test home, as WeChat's web view would have kept them.
const HOSTS: &[&str] = &[
    "vweixinthumb.tc.qq.com",
    "cmmsns.qpic.cn",
    "mp.weixin.qq.com",
    "loop.example.com",
    "deep.example.com",
    "gone.example.com",
    "broken.example.com",
    "denied.example.com",
    "silent.example.com",
];

/// A home whose Chromium `Network Persistent State` names `hosts`.
fn home_with_hosts(t: &Path, hosts: &[String]) -> PathBuf {
    let home = t.join("home");
    let dir = home.join(
        "Library/Containers/com.tencent.xinWeChat/Data/Documents/app_data/radium/web/profiles/webview_t",
    );
    fs::create_dir_all(&dir).unwrap();
    let servers: Vec<Value> = hosts
        .iter()
        .map(|h| serde_json::json!({"server": format!("https://{h}:443")}))
        .collect();
    let doc =
        serde_json::json!({"net": {"http_server_properties": {"servers": servers, "version": 5}}});
    fs::write(dir.join("Network Persistent State"), doc.to_string()).unwrap();
    home
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// The "overseas" zone; `mainland` answers `cmmsns.qpic.cn` with an A
/// record in place of the CNAME (network-hosts.md:31-33).
fn zone(mainland: bool) -> Zone {
    let mut z = Zone::default()
        .cname("vweixinthumb.tc.qq.com", "socwxsns.video.qq.com")
        .cname(
            "socwxsns.video.qq.com",
            "socwxsns-sg.wxcdn.tencent-cloud.net",
        )
        .cname(
            "socwxsns-sg.wxcdn.tencent-cloud.net",
            "sg1.edge.tencent-cloud.net",
        )
        .a("sg1.edge.tencent-cloud.net", "192.0.2.10")
        .a("sg1.edge.tencent-cloud.net", "192.0.2.11")
        .aaaa("sg1.edge.tencent-cloud.net", "2001:db8::10")
        .cname("cmmsns.qpic.cn", "mmsns.qpic.wechatos.net")
        .a("mmsns.qpic.wechatos.net", "198.51.100.30")
        .a("mp.weixin.qq.com", "192.0.2.128")
        .cname("loop.example.com", "loop2.example.com")
        .cname("loop2.example.com", "loop.example.com")
        .cname("deep.example.com", "hop1.deep.example.com")
        .a("hop20.deep.example.com", "192.0.2.1")
        .special("broken.example.com", Special::ServFail)
        .special("denied.example.com", Special::Refused)
        .special("silent.example.com", Special::Drop)
        // Team Cymru's shape (macos-records.md §5).
        .txt(
            "10.2.0.192.origin.asn.cymru.com",
            "64500 | 192.0.2.0/25 | ZZ | test | 2024-01-01",
        )
        .txt(
            "30.100.51.198.origin.asn.cymru.com",
            "64502 | 198.51.100.0/24 | SG | test | 2024-01-01",
        )
        .txt(
            "AS64500.asn.cymru.com",
            "64500 | ZZ | test | 2024-01-01 | EXAMPLE-NET-A, ZZ",
        )
        .txt(
            "AS64502.asn.cymru.com",
            "64502 | SG | test | 2024-01-01 | EXAMPLE-EDGE-SG, SG",
        );
    for i in 1..20 {
        z = z.cname(
            &format!("hop{i}.deep.example.com"),
            &format!("hop{}.deep.example.com", i + 1),
        );
    }
    if mainland {
        z = z
            .without("cmmsns.qpic.cn")
            .a("cmmsns.qpic.cn", "192.0.2.200");
    }
    z
}

/// A resolver configuration that names only a loopback address, for
/// every run (so that a run without `--nameserver` stays on the machine).
fn loopback_conf(t: &Path, ip: &str) -> PathBuf {
    let p = t.join("resolv.conf");
    fs::write(&p, format!("# test\nnameserver {ip}\noptions timeout:1\n")).unwrap();
    p
}

struct Run {
    code: i32,
    doc: Value,
    stdout: String,
    stderr: String,
    took: Duration,
}

fn run(t: &Path, args: &[&str], home: &Path) -> Run {
    let conf = loopback_conf(t, "127.0.0.1");
    let start = Instant::now();
    let out = wx()
        .env("WXINSPECT_TEST_RESOLV_CONF", &conf)
        .arg("network")
        .args(args)
        .arg(home)
        .output()
        .unwrap();
    let took = start.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    Run {
        code: out.status.code().unwrap_or(-1),
        doc: serde_json::from_str(&stdout).unwrap_or(Value::Null),
        stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        took,
    }
}

fn ns(s: &DnsServer) -> String {
    s.addr.to_string()
}

fn host<'a>(doc: &'a Value, h: &str) -> &'a Value {
    doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["host"] == h)
        .unwrap_or_else(|| panic!("{h} missing"))
}

fn first<'a>(doc: &'a Value, h: &str) -> &'a Value {
    &host(doc, h)["resolution"]["resolvers"][0]
}

/// Every resolver named is on the loopback.
fn assert_loopback(doc: &Value) {
    for r in doc["resolvers"].as_array().expect("resolvers") {
        let s = r.as_str().unwrap();
        assert!(s.starts_with("127.") || s.contains("(127."), "{s}");
    }
}

#[test]
fn issue_29_each_case_in_json_and_table() {
    let t = tempfile::tempdir().unwrap();
    let home = home_with_hosts(t.path(), &strings(HOSTS));
    let s = serve(zone(false));
    let common = [
        "--resolve",
        "--nameserver",
        &ns(&s),
        "--timeout",
        "300ms",
        "--retries",
        "0",
    ];
    let mut args = common.to_vec();
    args.extend(["--format", "json", "--asn-db", "tests/data/ip2asn-test.tsv"]);
    let r = run(t.path(), &args, &home);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_loopback(&r.doc);
    valid_network(&r.doc);
    // Said once, on stderr, with the server.
    assert_eq!(
        r.stderr.matches("--resolve sends").count(),
        1,
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(&ns(&s)), "{}", r.stderr);

    let v = first(&r.doc, "vweixinthumb.tc.qq.com");
    assert_eq!(v["status"], "ok");
    let chain: Vec<&str> = v["chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        chain,
        [
            "socwxsns.video.qq.com",
            "socwxsns-sg.wxcdn.tencent-cloud.net",
            "sg1.edge.tencent-cloud.net"
        ]
    );
    assert_eq!(v["chain"][0]["ttl"], 300);
    assert_eq!(v["final_name"], "sg1.edge.tencent-cloud.net");
    let ips: Vec<&str> = v["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["ip"].as_str().unwrap())
        .collect();
    assert_eq!(ips, ["192.0.2.10", "192.0.2.11", "2001:db8::10"]);
    assert_eq!(v["addresses"][0]["owner"]["asn"], 64500);
    assert_eq!(v["addresses"][2]["owner"]["name"], "EXAMPLE-NET-6");
    assert_eq!(v["edge"]["what"], "Tencent Cloud");
    let summary = &host(&r.doc, "vweixinthumb.tc.qq.com")["resolution"];
    assert_eq!(
        summary["as_owner"],
        "AS64500 EXAMPLE-NET-A; AS64503 EXAMPLE-NET-6"
    );

    let c = first(&r.doc, "cmmsns.qpic.cn");
    assert_eq!(
        (c["status"].as_str(), c["no_aaaa"].as_bool()),
        (Some("ok"), Some(true))
    );
    assert_eq!(c["edge"]["suffix"], "wechatos.net");
    assert_eq!(
        first(&r.doc, "mp.weixin.qq.com")["addresses"][0]["owner"]["asn"],
        64501
    );

    let l = first(&r.doc, "loop.example.com");
    assert_eq!(l["status"], "loop");
    assert_eq!(l["chain"].as_array().unwrap().len(), 2);
    let d = first(&r.doc, "deep.example.com");
    assert_eq!(d["status"], "too_long");
    assert_eq!(d["chain"].as_array().unwrap().len(), 16);
    assert_eq!(first(&r.doc, "gone.example.com")["status"], "nxdomain");
    assert_eq!(first(&r.doc, "broken.example.com")["status"], "servfail");
    assert_eq!(first(&r.doc, "denied.example.com")["status"], "refused");
    assert_eq!(first(&r.doc, "silent.example.com")["status"], "timeout");

    // Failures are warnings with the host; answers are not.
    let mut warned: Vec<&str> = r.doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "dns_failed")
        .map(|w| w["path"].as_str().unwrap())
        .collect();
    warned.sort();
    assert_eq!(
        warned,
        [
            "broken.example.com",
            "denied.example.com",
            "silent.example.com"
        ]
    );

    // The table: fits 80 columns, shows each case and the footer.
    let mut args = common.to_vec();
    args.extend(["--width", "80", "--color", "never"]);
    let r = run(t.path(), &args, &home);
    assert_eq!(r.code, 2);
    for line in r.stdout.lines() {
        assert!(unicode_width(line) <= 80, "too wide: {line:?}");
    }
    for want in [
        "final name",
        "sg1.edge.tencent-cloud.net",
        "vweixinthumb.tc.qq.com CNAME socwxsns.video.qq.com (ttl 300)",
        "AAAA 2001:db8::10 (ttl 60)",
        "no AAAA record",
        "nxdomain",
        "CNAME loop",
        "more than 16 CNAME hops",
        "servfail",
        "refused",
        "timeout",
        "Not everything was read",
        "3 DNS answers missing",
    ] {
        assert!(r.stdout.contains(want), "{want} missing:\n{}", r.stdout);
    }
}

/// The document holds to `docs/schemas/network.json`.
fn valid_network(doc: &Value) {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas/network.json");
    let schema: Value = serde_json::from_slice(&fs::read(p).unwrap()).unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

fn unicode_width(s: &str) -> usize {
    s.chars().count()
}

#[test]
fn issue_29_two_resolvers_show_where_answers_differ() {
    let t = tempfile::tempdir().unwrap();
    let home = home_with_hosts(t.path(), &strings(&HOSTS[..3]));
    let (a, b) = (serve(zone(false)), serve(zone(true)));
    let args = [
        "--resolve",
        "--nameserver",
        &ns(&a),
        "--nameserver",
        &ns(&b),
        "--format",
        "json",
    ];
    let r = run(t.path(), &args, &home);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_loopback(&r.doc);
    assert_eq!(r.doc["resolvers"].as_array().unwrap().len(), 2);
    let c = &host(&r.doc, "cmmsns.qpic.cn")["resolution"];
    assert_eq!(c["differs"], true);
    assert_eq!(c["resolvers"][0]["final_name"], "mmsns.qpic.wechatos.net");
    assert_eq!(c["resolvers"][1]["final_name"], "cmmsns.qpic.cn");
    assert_eq!(c["resolvers"][1]["addresses"][0]["ip"], "192.0.2.200");
    assert_eq!(
        host(&r.doc, "vweixinthumb.tc.qq.com")["resolution"]["differs"],
        false
    );
    let r = run(t.path(), &args[..5], &home);
    assert!(
        r.stdout
            .contains("cmmsns.qpic.cn (Tencent, likely Moments media) — resolvers differ"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("1 differ between resolvers"),
        "{}",
        r.stdout
    );
}

/// The documentation ranges at their edges, from the plain and the
/// gzipped file.
#[test]
fn issue_29_asn_db_maps_range_edges() {
    let t = tempfile::tempdir().unwrap();
    let home = home_with_hosts(t.path(), &strings(&["edges.example.net"]));
    let z = Zone::default()
        .a("edges.example.net", "192.0.2.0")
        .a("edges.example.net", "192.0.2.127")
        .a("edges.example.net", "192.0.2.128")
        .a("edges.example.net", "192.0.2.255")
        .a("edges.example.net", "198.51.100.0")
        .a("edges.example.net", "198.51.100.255")
        .a("edges.example.net", "192.0.3.0")
        .aaaa("edges.example.net", "2001:db8::")
        .aaaa(
            "edges.example.net",
            "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
        )
        .aaaa("edges.example.net", "2001:db9::");
    let s = serve(z);
    let tsv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ip2asn-test.tsv");
    let gz = t.path().join("ip2asn-test.tsv.gz");
    {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(&fs::read(&tsv).unwrap()).unwrap();
        fs::write(&gz, e.finish().unwrap()).unwrap();
    }
    for db in [&tsv, &gz] {
        let args = [
            "--resolve",
            "--nameserver",
            &ns(&s),
            "--asn-db",
            db.to_str().unwrap(),
            "--format",
            "json",
        ];
        let r = run(t.path(), &args, &home);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let owners: Vec<(String, Value)> = first(&r.doc, "edges.example.net")["addresses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["ip"].as_str().unwrap().to_string(),
                    a["owner"]["asn"].clone(),
                )
            })
            .collect();
        let want = [
            ("192.0.2.0", Value::from(64500)),
            ("192.0.2.127", 64500.into()),
            ("192.0.2.128", 64501.into()),
            ("192.0.2.255", 64501.into()),
            ("198.51.100.0", 64502.into()),
            ("198.51.100.255", 64502.into()),
            ("192.0.3.0", Value::Null),
            ("2001:db8::", 64503.into()),
            ("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 64503.into()),
            ("2001:db9::", Value::Null),
        ];
        let want: Vec<(String, Value)> = want.into_iter().map(|(a, b)| (a.into(), b)).collect();
        assert_eq!(owners, want, "{}", db.display());
        let a = &first(&r.doc, "edges.example.net")["addresses"][4]["owner"];
        assert_eq!(
            (a["country"].as_str(), a["source"].as_str()),
            (Some("SG"), Some("asn_db"))
        );
    }
}

#[test]
fn issue_29_team_cymru_txt_answers_give_owners() {
    let t = tempfile::tempdir().unwrap();
    let home = home_with_hosts(t.path(), &strings(&HOSTS[..2]));
    let s = serve(zone(false));
    let args = [
        "--resolve",
        "--nameserver",
        &ns(&s),
        "--asn",
        "dns",
        "--format",
        "json",
    ];
    let r = run(t.path(), &args, &home);
    assert_eq!(r.code, 0, "{}", r.stderr);
    valid_network(&r.doc);
    assert!(r.stderr.contains("Team Cymru"), "{}", r.stderr);
    let o = &first(&r.doc, "vweixinthumb.tc.qq.com")["addresses"][0]["owner"];
    assert_eq!(o["asn"], 64500);
    assert_eq!(o["name"], "EXAMPLE-NET-A");
    assert_eq!(o["prefix"], "192.0.2.0/25");
    assert_eq!(o["source"], "cymru");
    // No TXT for .11: no owner, no warning (NXDOMAIN is an answer).
    assert!(first(&r.doc, "vweixinthumb.tc.qq.com")["addresses"][1]["owner"].is_null());
    let c = &host(&r.doc, "cmmsns.qpic.cn")["resolution"];
    assert_eq!(
        (c["as_owner"].as_str(), c["country"].as_str()),
        (Some("AS64502 EXAMPLE-EDGE-SG"), Some("SG"))
    );
}

#[test]
fn issue_29_a_server_that_never_answers_gives_bounded_warnings() {
    let t = tempfile::tempdir().unwrap();
    let home = home_with_hosts(t.path(), &strings(&HOSTS[..3]));
    let s = serve(Zone {
        silent: true,
        ..Zone::default()
    });
    let args = [
        "--resolve",
        "--nameserver",
        &ns(&s),
        "--timeout",
        "200ms",
        "--retries",
        "1",
        "--format",
        "json",
    ];
    let r = run(t.path(), &args, &home);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let kinds: Vec<&Value> = r.doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "dns_failed")
        .collect();
    assert_eq!(kinds.len(), 3, "{:?}", r.doc["warnings"]);
    for h in &HOSTS[..3] {
        assert_eq!(first(&r.doc, h)["status"], "timeout");
    }
    // Two tries of 200 ms each, hosts in parallel: well under the serial
    // 3 × 2 × 200 ms.
    assert!(r.took < Duration::from_secs(5), "{:?}", r.took);
    assert!(s.queries.load(Ordering::SeqCst) >= 6);
}

/// Answers are cached by name for the run: two hosts whose chains meet
/// ask for the shared name once.
#[test]
fn issue_29_each_name_is_asked_once_per_run() {
    let t = tempfile::tempdir().unwrap();
    let home = home_with_hosts(t.path(), &strings(&["a.example.com", "b.example.com"]));
    let s = serve(
        Zone::default()
            .cname("a.example.com", "shared.example.com")
            .cname("b.example.com", "shared.example.com")
            .a("shared.example.com", "192.0.2.5"),
    );
    let args = ["--resolve", "--nameserver", &ns(&s), "--format", "json"];
    let r = run(t.path(), &args, &home);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // CNAME a, CNAME b, CNAME shared, A shared, AAAA shared.
    assert_eq!(s.queries.load(Ordering::SeqCst), 5);
    assert_eq!(
        first(&r.doc, "b.example.com")["final_name"],
        "shared.example.com"
    );
}

/// Without `--resolve`, not one query, even where the resolver
/// configuration names a server that answers; with it and no
/// `--nameserver`, that configuration's server is the one asked.
#[test]
fn issue_29_no_query_without_resolve() {
    let t = tempfile::tempdir().unwrap();
    let home = home_with_hosts(t.path(), &strings(&HOSTS[..3]));
    // resolv.conf has no port: a loopback address of our own on port 53.
    let mut server = None;
    for last in 0..32u8 {
        let ip = format!(
            "127.0.{}.{}",
            29 + last,
            53 + (std::process::id() % 150) as u8
        );
        if let Ok(s) = serve_at(format!("{ip}:53").parse().unwrap(), zone(false)) {
            server = Some((ip, s));
            break;
        }
    }
    let Some((ip, s)) = server else {
        eprintln!("skipped: no loopback address could take port 53 here (not root?)");
        return;
    };
    let conf = loopback_conf(t.path(), &ip);
    let out = wx()
        .env("WXINSPECT_TEST_RESOLV_CONF", &conf)
        .args(["network", "--format", "json"])
        .arg(&home)
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc.get("resolvers").is_none());
    assert!(host(&doc, "cmmsns.qpic.cn").get("resolution").is_none());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(s.queries.load(Ordering::SeqCst), 0);
    // The same home with --resolve: the configuration's server answers.
    let out = wx()
        .env("WXINSPECT_TEST_RESOLV_CONF", &conf)
        .args(["network", "--resolve", "--format", "json"])
        .arg(&home)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["resolvers"][0], format!("system ({ip}:53)"));
    assert_loopback(&doc);
    assert!(s.queries.load(Ordering::SeqCst) > 0);
    assert_eq!(
        first(&doc, "cmmsns.qpic.cn")["final_name"],
        "mmsns.qpic.wechatos.net"
    );
}

#[test]
fn issue_29_nameserver_forms_and_refusals() {
    use wxinspect::inspect::resolve::parse_nameserver;
    assert_eq!(
        parse_nameserver("9.9.9.9").unwrap().to_string(),
        "9.9.9.9:53"
    );
    assert_eq!(parse_nameserver("127.0.0.1:5353").unwrap().port(), 5353);
    assert_eq!(
        parse_nameserver("[::1]:5353").unwrap().to_string(),
        "[::1]:5353"
    );
    assert_eq!(parse_nameserver("::1").unwrap().to_string(), "[::1]:53");
    assert!(parse_nameserver("dns.example").is_err());
    let t = tempfile::tempdir().unwrap();
    let home = home_with_hosts(t.path(), &strings(&HOSTS[..1]));
    let r = run(t.path(), &["--nameserver", "127.0.0.1"], &home);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("add --resolve"), "{}", r.stderr);
    let r = run(t.path(), &["--resolve", "--nameserver", "nope"], &home);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("IP:PORT"), "{}", r.stderr);
}

#[test]
fn issue_29_report_resolve_adds_the_chains() {
    let t = tempfile::tempdir().unwrap();
    let home = home_with_hosts(t.path(), &strings(&HOSTS[..3]));
    let s = serve(zone(false));
    let conf = loopback_conf(t.path(), "127.0.0.1");
    let out = wx()
        .env("WXINSPECT_TEST_RESOLV_CONF", &conf)
        .args(["report", "--resolve", "--nameserver", &ns(&s)])
        .arg(&home)
        .output()
        .unwrap();
    assert_ok(&out);
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("### Where the hosts point"), "{md}");
    assert!(
        md.contains("vweixinthumb.tc.qq.com → socwxsns.video.qq.com → socwxsns-sg.wxcdn.tencent-cloud.net → sg1.edge.tencent-cloud.net"),
        "{md}"
    );
    // Without --resolve: no chains, no query.
    let before = s.queries.load(Ordering::SeqCst);
    let out = wx()
        .env("WXINSPECT_TEST_RESOLV_CONF", &conf)
        .arg("report")
        .arg(&home)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Where the hosts point"));
    assert_eq!(s.queries.load(Ordering::SeqCst), before);
}

/// BENCHMARKS.md: 200 hosts, each a CNAME to A and AAAA, 10 ms added to
/// every answer, at the default depth. The issue asks for under 1 s; the
/// bound here is loose for loaded CI machines (`bench/resolve.sh` prints
/// the figure).
#[test]
fn issue_29_bench_200_hosts_with_10ms_answers() {
    let t = tempfile::tempdir().unwrap();
    let hosts: Vec<String> = (0..200)
        .map(|i| format!("h{i}.bench.example.com"))
        .collect();
    let home = home_with_hosts(t.path(), &hosts);
    let mut z = Zone {
        delay: Duration::from_millis(10),
        ..Zone::default()
    };
    for (i, h) in hosts.iter().enumerate() {
        let edge = format!("e{i}.edge.tencent-cloud.net");
        z = z
            .cname(h, &edge)
            .a(&edge, "192.0.2.7")
            .aaaa(&edge, "2001:db8::7");
    }
    let s = serve(z);
    // The scan alone, to take it out of the figure.
    let scan = run(t.path(), &["--format", "json"], &home);
    let args = ["--resolve", "--nameserver", &ns(&s), "--format", "json"];
    let r = run(t.path(), &args, &home);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ok = r.doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["resolution"]["status"] == "ok")
        .count();
    assert_eq!(ok, 200);
    let resolving = r.took.saturating_sub(scan.took);
    eprintln!(
        "bench: 200 hosts, {} queries, 10 ms per answer, default depth: {:.0} ms in all, {:.0} ms resolving",
        s.queries.load(Ordering::SeqCst),
        r.took.as_secs_f64() * 1000.0,
        resolving.as_secs_f64() * 1000.0
    );
    assert!(r.took < Duration::from_secs(5), "{:?}", r.took);
}
