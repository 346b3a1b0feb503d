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
