//! macOS crash reports of WeChat: the JSON header line of an `.ips` file
//! (macOS 12+: one line of JSON, then the body) and the header lines of an
//! older `.crash`/`.hang` text report. Only the header is read: app
//! version, OS version, time; nothing of the body (stack traces hold
//! memory addresses and names, never needed here). Bounded: at most
//! [`HEAD`] bytes are looked at.

use serde::Deserialize;

/// Bytes of a report looked at, at most.
pub const HEAD: usize = 64 * 1024;

/// What a crash report's header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrashHeader {
    /// The app's version (`4.1.12.29`).
    pub app_version: Option<String>,
    /// The OS (`macOS 14.5 (23F79)`).
    pub os_version: Option<String>,
    /// When, as the report writes it (`2026-08-01 16:57:33.00 +0800`).
    pub time: Option<String>,
    /// The process name (`WeChat`).
    pub name: Option<String>,
}

#[derive(Deserialize)]
struct IpsHeader {
    app_version: Option<String>,
    os_version: Option<String>,
    timestamp: Option<String>,
    name: Option<String>,
    app_name: Option<String>,
}

/// Reads the header of a crash report (`.ips` JSON first line, or the
/// `Key: value` lines of a `.crash`/`.hang`); `None` when it is neither.
pub fn parse(data: &[u8]) -> Option<CrashHeader> {
    let data = &data[..data.len().min(HEAD)];
    let first = data.split(|&b| b == b'\n').next().unwrap_or(data);
    if first.first() == Some(&b'{') {
        let h: IpsHeader = serde_json::from_slice(first).ok()?;
        return Some(CrashHeader {
            app_version: h.app_version,
            os_version: h.os_version,
            time: h.timestamp,
            name: h.name.or(h.app_name),
        });
    }
    let text = String::from_utf8_lossy(data);
    let mut h = CrashHeader {
        app_version: None,
        os_version: None,
        time: None,
        name: None,
    };
    for line in text.lines().take(64) {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = Some(v.trim().to_string()).filter(|v| !v.is_empty());
        match k.trim() {
            "Version" => h.app_version = v.map(|v| v.split(' ').next().unwrap_or("").to_string()),
            "OS Version" => h.os_version = v,
            "Date/Time" => h.time = v,
            "Process" | "Command" => {
                h.name = h
                    .name
                    .or(v.map(|v| v.split(' ').next().unwrap_or("").to_string()))
            }
            _ => {}
        }
    }
    (h.app_version.is_some() || h.time.is_some()).then_some(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ips_and_crash_headers() {
        let ips = br#"{"app_name":"WeChat","timestamp":"2026-08-01 16:57:33.00 +0800","app_version":"4.1.12.29","slice_uuid":"x","build_version":"1","platform":1,"bundleID":"com.tencent.xinWeChat","share_with_app_devs":0,"is_first_party":0,"bug_type":"309","os_version":"macOS 14.5 (23F79)","roots_installed":0,"name":"WeChat","incident_id":"y"}
{
  "uptime" : 1000,
  "procName" : "WeChat"
}"#;
        let h = parse(ips).unwrap();
        assert_eq!(h.app_version.as_deref(), Some("4.1.12.29"));
        assert_eq!(h.os_version.as_deref(), Some("macOS 14.5 (23F79)"));
        assert_eq!(h.name.as_deref(), Some("WeChat"));
        let crash = b"Process:               WeChat [1234]\nPath:  /Applications/WeChat.app/Contents/MacOS/WeChat\nVersion:               3.8.0 (23061)\nDate/Time:             2021-03-01 10:00:00.000 +0800\nOS Version:            Mac OS X 10.15.7 (19H2)\n";
        let h = parse(crash).unwrap();
        assert_eq!(h.app_version.as_deref(), Some("3.8.0"));
        assert_eq!(h.name.as_deref(), Some("WeChat"));
        assert!(parse(b"{not json").is_none());
        assert!(parse(b"").is_none());
    }
}
