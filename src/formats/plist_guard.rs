//! Safe plist reading.
//!
//! A binary plist stores every object once and lets arrays and dicts refer
//! to objects by index, so a few hundred bytes can refer to the same
//! sub-tree twice at each of 40 levels: the `plist` crate expands such a
//! "plist bomb" into 2^40 values and never returns. Before handing a
//! `bplist00` to the crate, this module walks the object table itself
//! (every offset and count bounded by the bytes present) and refuses a
//! document whose expanded tree would exceed [`MAX_EXPANDED`] values or
//! that refers to itself. Layout: Apple CFBinaryPList.c, formats.md §3.

/// Values a plist may expand to.
pub const MAX_EXPANDED: u64 = 1_000_000;
/// Largest plist read at all.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

fn be(b: &[u8], at: usize, n: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(n)?)?;
    if n == 0 || n > 8 {
        return None;
    }
    Some(s.iter().fold(0u64, |acc, &x| (acc << 8) | u64::from(x)))
}

/// The object references of a container object, or `None` for a scalar.
fn children(data: &[u8], off: usize, ref_size: usize) -> Result<Option<Vec<u64>>, String> {
    let marker = *data.get(off).ok_or("object offset past the end")?;
    let kind = marker >> 4;
    if !matches!(kind, 0xA | 0xC | 0xD) {
        return Ok(None);
    }
    let mut count = u64::from(marker & 0x0F);
    let mut pos = off + 1;
    if count == 0x0F {
        let int_marker = *data.get(pos).ok_or("truncated count")?;
        if int_marker >> 4 != 0x1 {
            return Err("bad count marker".into());
        }
        let n = 1usize << (int_marker & 0x0F).min(3);
        count = be(data, pos + 1, n).ok_or("truncated count")?;
        pos += 1 + n;
    }
    let refs = if kind == 0xD {
        count.checked_mul(2).ok_or("count overflows")?
    } else {
        count
    };
    let need = (refs as usize)
        .checked_mul(ref_size)
        .ok_or("count overflows")?;
    if refs > data.len() as u64 || pos.checked_add(need).is_none_or(|end| end > data.len()) {
        return Err(format!(
            "a container claims {count} entries past the end of the file"
        ));
    }
    Ok(Some(
        (0..refs as usize)
            .map(|i| be(data, pos + i * ref_size, ref_size).unwrap_or(u64::MAX))
            .collect(),
    ))
}

/// Checks a binary plist's object graph: bounded, acyclic, and not
/// expanding beyond [`MAX_EXPANDED`] values.
pub fn check_bplist(data: &[u8]) -> Result<(), String> {
    if data.len() < 8 + 32 {
        return Err("too short for a binary plist".into());
    }
    let t = &data[data.len() - 32..];
    let offset_size = t[6] as usize;
    let ref_size = t[7] as usize;
    let count = be(t, 8, 8).unwrap_or(0);
    let top = be(t, 16, 8).unwrap_or(0);
    let table = be(t, 24, 8).unwrap_or(u64::MAX);
    if !(1..=8).contains(&offset_size) || !(1..=8).contains(&ref_size) {
        return Err("bad trailer sizes".into());
    }
    if count == 0 || count > data.len() as u64 || top >= count {
        return Err(format!("bad object count {count} or top object {top}"));
    }
    let table = usize::try_from(table).map_err(|_| "offset table past the end")?;
    if table
        .checked_add(count as usize * offset_size)
        .is_none_or(|end| end > data.len() - 32)
    {
        return Err("offset table past the end".into());
    }
    let offset =
        |i: u64| be(data, table + i as usize * offset_size, offset_size).map(|o| o as usize);
    // Expanded size of every object, computed bottom-up with an explicit
    // stack (depth may be in the thousands); 0 = not yet known.
    let n = count as usize;
    let mut size = vec![0u64; n];
    let mut state = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
    let mut stack: Vec<(usize, Vec<u64>, usize)> = Vec::new();
    let push = |i: usize,
                state: &mut Vec<u8>,
                stack: &mut Vec<(usize, Vec<u64>, usize)>|
     -> Result<(), String> {
        let off = offset(i as u64).ok_or("object offset past the end")?;
        let kids = children(data, off, ref_size)?.unwrap_or_default();
        state[i] = 1;
        stack.push((i, kids, 0));
        Ok(())
    };
    push(top as usize, &mut state, &mut stack)?;
    while let Some((i, kids, next)) = stack.last_mut() {
        if *next < kids.len() {
            let k = kids[*next];
            *next += 1;
            if k >= count {
                return Err(format!("a reference to object {k} of {count}"));
            }
            match state[k as usize] {
                0 => {
                    let k = k as usize;
                    push(k, &mut state, &mut stack)?;
                }
                1 => return Err("the plist refers to itself (a cycle)".into()),
                _ => {}
            }
        } else {
            let total = kids
                .iter()
                .fold(1u64, |acc, &k| acc.saturating_add(size[k as usize]));
            if total > MAX_EXPANDED {
                return Err(format!(
                    "expands to more than {MAX_EXPANDED} values (a plist bomb)"
                ));
            }
            let i = *i;
            size[i] = total;
            state[i] = 2;
            stack.pop();
        }
    }
    Ok(())
}

/// Nesting allowed in an XML plist (the `plist` crate builds and drops
/// values recursively: thousands of levels overflow the stack).
pub const MAX_XML_DEPTH: usize = 512;

/// Checks the nesting depth of an XML plist by counting `<array>`/`<dict>`
/// tags (self-closing ones do not nest).
pub fn check_xml_depth(data: &[u8]) -> Result<(), String> {
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(pos) = data[i..].iter().position(|&b| b == b'<') {
        let at = i + pos + 1;
        let rest = &data[at..];
        let tag_end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        let tag = &rest[..tag_end];
        let self_closing = tag.ends_with(b"/");
        if tag.starts_with(b"array") || tag.starts_with(b"dict") {
            if !self_closing {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err(format!("nested more than {MAX_XML_DEPTH} levels deep"));
                }
            }
        } else if tag.starts_with(b"/array") || tag.starts_with(b"/dict") {
            depth = depth.saturating_sub(1);
        }
        i = at + tag_end.min(rest.len());
        if i >= data.len() {
            break;
        }
    }
    Ok(())
}

/// Parses a plist (binary or XML) after the checks above.
pub fn parse(data: &[u8]) -> Result<plist::Value, String> {
    if data.len() > MAX_BYTES {
        return Err(format!(
            "{} bytes: larger than the {MAX_BYTES}-byte limit for settings",
            data.len()
        ));
    }
    if data.starts_with(b"bplist") {
        if !data.starts_with(b"bplist00") {
            return Err(format!(
                "unsupported binary plist version {:?}",
                String::from_utf8_lossy(&data[..8.min(data.len())])
            ));
        }
        check_bplist(data)?;
    } else {
        check_xml_depth(data)?;
    }
    plist::from_bytes::<plist::Value>(data).map_err(|e| format!("plist not readable: {e}"))
}

/// A bplist of `levels` arrays, each holding the next object twice: the
/// plist bomb the guard refuses (test support; the hostile-input tests build
/// their fixture with it).
#[doc(hidden)]
pub fn bomb(levels: u8) -> Vec<u8> {
    let mut objs: Vec<Vec<u8>> = (0..levels).map(|i| vec![0xA2, i + 1, i + 1]).collect();
    objs.push(vec![0x09]);
    let mut out = b"bplist00".to_vec();
    let mut offs = vec![];
    for o in &objs {
        offs.push(out.len() as u32);
        out.extend(o);
    }
    let table = out.len();
    for o in &offs {
        out.extend(o.to_be_bytes());
    }
    out.extend([0, 0, 0, 0, 0, 0, 4, 1]);
    out.extend((objs.len() as u64).to_be_bytes());
    out.extend(0u64.to_be_bytes());
    out.extend((table as u64).to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bombs_and_cycles_are_refused() {
        assert!(parse(&bomb(10)).is_ok(), "2^10 values are fine");
        let e = parse(&bomb(40)).unwrap_err();
        assert!(e.contains("plist bomb"), "{e}");
        // A cycle: object 0 = [0].
        let mut c = b"bplist00".to_vec();
        c.extend([0xA1, 0x00]);
        c.extend([8u8]);
        c.extend([0, 0, 0, 0, 0, 0, 1, 1]);
        c.extend(1u64.to_be_bytes());
        c.extend(0u64.to_be_bytes());
        c.extend(10u64.to_be_bytes());
        assert!(parse(&c).unwrap_err().contains("cycle"));
    }

    #[test]
    fn deep_xml_is_refused() {
        let deep = format!(
            "<plist>{}<true/>{}</plist>",
            "<array>".repeat(10_000),
            "</array>".repeat(10_000)
        );
        assert!(parse(deep.as_bytes()).unwrap_err().contains("nested"));
        let ok = format!(
            "<plist>{}<true/><dict/>{}</plist>",
            "<array>".repeat(100),
            "</array>".repeat(100)
        );
        assert!(parse(ok.as_bytes()).is_ok());
    }

    #[test]
    fn real_plists_pass() {
        let mut d = plist::Dictionary::new();
        d.insert("a".into(), plist::Value::Array(vec![1.into(), "x".into()]));
        let mut buf = Vec::new();
        plist::Value::Dictionary(d)
            .to_writer_binary(&mut buf)
            .unwrap();
        assert!(parse(&buf).is_ok());
    }

    proptest! {
        #[test]
        fn arbitrary_bplists_never_panic(data in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let mut v = b"bplist00".to_vec();
            v.extend(&data);
            let _ = check_bplist(&v);
        }
    }
}
