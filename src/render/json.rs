//! JSON documents, streamed to the writer.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::warning::Omitted;
use crate::model::Warning;

/// Writes `value` as one JSON document and a newline.
pub fn write<T: Serialize + ?Sized>(value: &T, out: &mut dyn Write) -> io::Result<()> {
    let mut buf = io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer(&mut buf, value).map_err(io::Error::from)?;
    buf.write_all(b"\n")?;
    buf.flush()
}

/// Wraps command rows as `{"schema": "wxinspect.<command>/1", "rows": [...],
/// "warnings": [...]}`.
#[derive(Serialize)]
pub struct Rows<'a, T: Serialize> {
    /// The document's schema id.
    pub schema: &'a str,
    /// The rows.
    pub rows: &'a [T],
    /// What could not be read of what the rows show.
    pub warnings: &'a [Warning],
    /// Warnings past the first thousand of their kind, counted per kind.
    #[serde(skip_serializing_if = "Omitted::is_empty")]
    pub warnings_omitted: &'a Omitted,
}

/// Writes `{"schema": SCHEMA, "rows": [...], "warnings": [...]}`.
pub fn rows<T: Serialize>(
    schema: &str,
    rows: &[T],
    (warnings, warnings_omitted): (&[Warning], &Omitted),
    out: &mut dyn Write,
) -> io::Result<()> {
    write(
        &Rows {
            schema,
            rows,
            warnings,
            warnings_omitted,
        },
        out,
    )
}
