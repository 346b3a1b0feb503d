//! The layering rule of ARCHITECTURE.md (issue 10): a module uses `crate::`
//! paths only of layers below its own, or of its own folder. The layer list
//! lives in one place, `wxinspect::LAYERS`; ARCHITECTURE.md quotes it.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Braces opened minus closed on a line, outside string and char literals.
fn brace_delta(line: &str) -> i32 {
    let code = line.split("//").next().unwrap_or("");
    let (mut d, mut in_str, mut esc) = (0, false, false);
    let b = code.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if in_str {
            match (esc, c) {
                (true, _) => esc = false,
                (false, b'\\') => esc = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
        } else if c == b'"' {
            in_str = true;
        } else if c == b'\'' && i + 2 < b.len() && b[i + 2] == b'\'' {
            i += 2; // a char literal such as '{'
        } else if c == b'{' {
            d += 1;
        } else if c == b'}' {
            d -= 1;
        }
        i += 1;
    }
    d
}

/// The file's lines outside `#[cfg(test)]` items.
fn non_test_lines(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() == "#[cfg(test)]" {
            // Skip the item: up to the line where its braces balance.
            let mut depth = 0;
            let mut opened = false;
            i += 1;
            while i < lines.len() {
                depth += brace_delta(lines[i]);
                opened |= lines[i].contains('{');
                i += 1;
                if (opened && depth <= 0) || (!opened && lines[i - 1].trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        out.push((i + 1, lines[i].to_string()));
        i += 1;
    }
    out
}

/// The top-level module a source file belongs to (`src/walk/mod.rs` →
/// `walk`, `src/fsio.rs` → `fsio`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn issue_10_imports_point_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let layers = wxinspect::LAYERS;
    let rank = |m: &str| layers.iter().position(|l| *l == m);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    let mut checked = 0;
    for f in &files {
        let own = module_of(&src, f);
        if own == "lib" || own == "main" {
            continue;
        }
        let own_rank = rank(&own).unwrap_or_else(|| {
            panic!(
                "{}: module {own} is in no layer of wxinspect::LAYERS",
                f.display()
            )
        });
        let text = fs::read_to_string(f).unwrap();
        for (n, line) in non_test_lines(&text) {
            let code = line.split("//").next().unwrap_or("");
            for (i, _) in code.match_indices("crate::") {
                // `wxinspect::crate::` cannot occur; skip `$crate::` in macros.
                if code[..i].ends_with('$') {
                    continue;
                }
                let rest = &code[i + "crate::".len()..];
                assert!(
                    !rest.starts_with('{'),
                    "{}:{n}: write one `use crate::x::…` per module so the check can read it",
                    f.display()
                );
                let target: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let target = if target == "Error" {
                    "error".to_string()
                } else {
                    target
                };
                checked += 1;
                if target == own {
                    continue;
                }
                match rank(&target) {
                    Some(t) if t < own_rank => {}
                    _ => problems.push(format!(
                        "{}:{n}: `{own}` uses `crate::{target}`, which is not below it in {layers:?}",
                        f.display()
                    )),
                }
            }
        }
    }
    assert!(checked > 50, "the check read too few paths ({checked})");
    assert!(
        problems.is_empty(),
        "imports that point up or sideways:\n{}",
        problems.join("\n")
    );
}

#[test]
fn issue_10_architecture_md_quotes_the_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let arch = fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md exists");
    let chain = wxinspect::LAYERS.join(" → ");
    assert!(
        arch.contains(&chain),
        "ARCHITECTURE.md must quote the layer list: {chain}"
    );
    for l in wxinspect::LAYERS {
        let p = root.join("src").join(l);
        assert!(
            p.is_dir() || p.with_extension("rs").is_file(),
            "layer {l} has no src/{l}/ or src/{l}.rs"
        );
    }
}

#[test]
fn issue_10_functions_and_files_stay_small() {
    // No function over ~120 lines, no file over ~600 lines of non-test code,
    // outside data tables (rules, hosts) and the sample generator.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let tables = ["rules.rs"];
    let mut problems = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).unwrap();
        let lines = non_test_lines(&text);
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        if tables.contains(&name.as_str()) {
            continue;
        }
        if lines.len() > 600 {
            problems.push(format!(
                "{}: {} lines of non-test code",
                f.display(),
                lines.len()
            ));
        }
        // A function starts at a line with `fn name(` at item level and
        // ends where its braces balance.
        let mut i = 0;
        while i < lines.len() {
            let t = lines[i].1.trim_start();
            let is_fn = (t.starts_with("fn ")
                || t.starts_with("pub fn ")
                || t.starts_with("pub(crate) fn "))
                && !t.ends_with(';');
            if !is_fn {
                i += 1;
                continue;
            }
            let start = i;
            let mut depth = 0;
            let mut opened = false;
            while i < lines.len() {
                depth += brace_delta(&lines[i].1);
                opened |= lines[i].1.contains('{');
                i += 1;
                if opened && depth <= 0 {
                    break;
                }
            }
            let len = i - start;
            if len > 120 {
                problems.push(format!(
                    "{}:{}: function of {len} lines: {}",
                    f.display(),
                    lines[start].0,
                    lines[start].1.trim()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "too large:\n{}", problems.join("\n"));
}

/// The module path of a source file: `src/layout/locate.rs` → `[layout,
/// locate]`, `src/layout/mod.rs` → `[layout]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut v: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if v.last().is_some_and(|l| l == "mod" || l == "lib") {
        v.pop();
    }
    v
}

/// The file of the deepest module named by a prefix of `path`.
fn file_of(src: &Path, path: &[String]) -> Option<PathBuf> {
    (1..=path.len()).rev().find_map(|n| {
        let base = path[..n].iter().fold(src.to_path_buf(), |p, s| p.join(s));
        [base.with_extension("rs"), base.join("mod.rs")]
            .into_iter()
            .find(|f| f.is_file())
    })
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand_use(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap_or("").trim().to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| {
            expand_use(p)
                .into_iter()
                .map(move |s| format!("{prefix}{s}"))
        })
        .collect()
}

/// The files a source file's non-test code imports (`use` items and
/// inline `crate::`/`super::` paths), resolved to the deepest module file.
fn imports(src: &Path, file: &Path) -> Vec<PathBuf> {
    let me = module_path(src, file);
    let is_dir_module = file.ends_with("mod.rs") || file.ends_with("lib.rs");
    let code: String = non_test_lines(&fs::read_to_string(file).unwrap())
        .into_iter()
        .map(|(_, l)| l.split("//").next().unwrap_or("").to_string() + "\n")
        .collect();
    let mut paths = Vec::new();
    for stmt in code.split(';') {
        let s = stmt.trim();
        let s = s.strip_prefix("pub ").unwrap_or(s).trim_start();
        let s = s.strip_prefix("pub(crate) ").unwrap_or(s).trim_start();
        if let Some(tree) = s.strip_prefix("use ") {
            paths.extend(expand_use(
                &tree.split_whitespace().collect::<Vec<_>>().join(" "),
            ));
        }
    }
    for key in ["crate::", "super::"] {
        for (i, _) in code.match_indices(key) {
            if code[..i]
                .ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':' || c == '$')
            {
                continue;
            }
            let p: String = code[i..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            paths.push(p);
        }
    }
    let mut out = Vec::new();
    for p in paths {
        let segs: Vec<String> = p.split("::").map(str::to_string).collect();
        let mut base: Vec<String> = Vec::new();
        let mut rest = &segs[..];
        match segs.first().map(String::as_str) {
            Some("crate") => rest = &segs[1..],
            Some("super") | Some("self") => {
                // `super` of a file's module; a folder's mod.rs is that module.
                base = me.clone();
                while let Some(first) = rest.first() {
                    match first.as_str() {
                        "super" => {
                            base.pop();
                        }
                        "self" => {}
                        _ => break,
                    }
                    rest = &rest[1..];
                }
            }
            // A path into a child module of a folder's mod.rs.
            Some(first) if is_dir_module => {
                let mut child = me.clone();
                child.push(first.to_string());
                if file_of(src, &child).is_some_and(|f| module_path(src, &f) == child) {
                    base = me.clone();
                } else {
                    continue;
                }
            }
            _ => continue,
        }
        let full: Vec<String> = base.into_iter().chain(rest.iter().cloned()).collect();
        if let Some(f) = file_of(src, &full) {
            if f != file {
                out.push(f);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn issue_24_no_import_circle_between_files() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.retain(|f| !f.ends_with("main.rs"));
    let graph: std::collections::BTreeMap<PathBuf, Vec<PathBuf>> = files
        .iter()
        .map(|f| (f.clone(), imports(&src, f)))
        .collect();
    let edges: usize = graph.values().map(Vec::len).sum();
    assert!(edges > 200, "the check read too few imports ({edges})");
    // Files that reach each other are in one circle (about a hundred
    // files: reachability from each is cheap enough).
    let reach = |from: &PathBuf| {
        let mut seen = std::collections::BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(f) = todo.pop() {
            for g in graph.get(&f).into_iter().flatten() {
                if seen.insert(g.clone()) {
                    todo.push(g.clone());
                }
            }
        }
        seen
    };
    let reaches: std::collections::BTreeMap<&PathBuf, _> =
        graph.keys().map(|f| (f, reach(f))).collect();
    let short = |p: &PathBuf| {
        p.strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(p)
            .display()
            .to_string()
    };
    let mut circles: Vec<String> = Vec::new();
    let mut placed = std::collections::BTreeSet::new();
    for f in graph.keys() {
        if placed.contains(f) || !reaches[f].contains(f) {
            continue;
        }
        let members: Vec<&PathBuf> = graph
            .keys()
            .filter(|g| reaches[f].contains(*g) && reaches[*g].contains(f))
            .collect();
        placed.extend(members.iter().map(|g| (*g).clone()));
        circles.push(
            members
                .into_iter()
                .map(short)
                .collect::<Vec<_>>()
                .join(" ⇄ "),
        );
    }
    assert!(
        circles.is_empty(),
        "import circles between files:\n{}",
        circles.join("\n")
    );
}

#[test]
fn issue_24_use_trees_expand() {
    assert_eq!(
        expand_use("super::{a, b::{C, d as e}}"),
        ["super::a", "super::b::C", "super::b::d"]
    );
}
