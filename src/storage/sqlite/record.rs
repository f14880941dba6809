//! SQLite's record format: how one row's values become bytes (a header of serial types, then the
//! values), and the variable-length integers that the format uses everywhere.

/// One column value, as the writer stores it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// Also what an `INTEGER PRIMARY KEY` column holds in the record: its value is the rowid.
    Null,
    Int(i64),
    Text(&'a str),
    /// Text made of `parts` joined by the byte `separator` (ASCII), where a separator inside a
    /// part is written as a space: written straight into the record, never joined first.
    Joined {
        parts: &'a [String],
        separator: u8,
    },
}

/// The length of the text of a [`Value::Joined`].
#[inline]
fn joined_len(parts: &[String]) -> usize {
    parts.iter().map(String::len).sum::<usize>() + parts.len().saturating_sub(1)
}

/// Writes the text of a [`Value::Joined`] into `out`, exactly [`joined_len`] bytes long.
fn write_joined(out: &mut [u8], parts: &[String], separator: u8) {
    let mut at = 0;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out[at] = separator;
            at += 1;
        }
        let piece = &mut out[at..at + part.len()];
        piece.copy_from_slice(part.as_bytes());
        let mut from = 0;
        while let Some(found) = memchr::memchr(separator, &piece[from..]) {
            piece[from + found] = b' ';
            from += found + 1;
        }
        at += part.len();
    }
    debug_assert_eq!(at, out.len());
}

/// How many bytes [`put_varint`] writes for `v`.
#[inline]
pub fn varint_len(v: u64) -> usize {
    if v >> 56 != 0 {
        return 9;
    }
    let bits = 64 - v.leading_zeros() as usize;
    bits.div_ceil(7).max(1)
}

/// Writes `v` as an SQLite varint at the start of `out` (big-endian groups of 7 bits, the high bit
/// set on every byte but the last; a ninth byte, when needed, holds 8 bits) and returns its length.
#[inline]
pub fn put_varint(out: &mut [u8], v: u64) -> usize {
    if v < 0x80 {
        out[0] = v as u8;
        return 1;
    }
    let len = varint_len(v);
    if len == 9 {
        out[8] = v as u8;
        let mut rest = v >> 8;
        for byte in out[..8].iter_mut().rev() {
            *byte = (rest & 0x7f) as u8 | 0x80;
            rest >>= 7;
        }
        return 9;
    }
    let mut rest = v;
    for i in (0..len).rev() {
        out[i] = (rest & 0x7f) as u8 | if i == len - 1 { 0 } else { 0x80 };
        rest >>= 7;
    }
    len
}

/// The serial type of a value and the length of its body.
#[inline]
fn serial_type(value: &Value) -> (u64, usize) {
    match *value {
        Value::Null => (0, 0),
        Value::Int(0) => (8, 0),
        Value::Int(1) => (9, 0),
        Value::Int(v) => {
            let width = int_width(v);
            let code = match width {
                1 => 1,
                2 => 2,
                3 => 3,
                4 => 4,
                6 => 5,
                _ => 6,
            };
            (code, width)
        }
        Value::Text(s) => (s.len() as u64 * 2 + 13, s.len()),
        Value::Joined { parts, .. } => {
            let len = joined_len(parts);
            (len as u64 * 2 + 13, len)
        }
    }
}

/// The fewest bytes of the widths SQLite has (1, 2, 3, 4, 6, 8) that hold `v` in two's complement.
#[inline]
fn int_width(v: i64) -> usize {
    // The magnitude bits: a negative number needs as many as its complement, plus the sign.
    let magnitude = if v < 0 { !v } else { v } as u64;
    match magnitude {
        0..0x80 => 1,
        0x80..0x8000 => 2,
        0x8000..0x80_0000 => 3,
        0x80_0000..0x8000_0000 => 4,
        0x8000_0000..0x8000_0000_0000 => 6,
        _ => 8,
    }
}

/// The sizes of a record: its header (with the header's own length varint) and the whole record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub header: usize,
    pub total: usize,
}

/// Measures the record of `values` without writing it.
#[inline]
pub fn layout(values: &[Value]) -> Layout {
    let mut types = 0;
    let mut body = 0;
    for value in values {
        let (code, len) = serial_type(value);
        types += varint_len(code);
        body += len;
    }
    // The header length counts its own varint.
    let mut own = 1;
    while varint_len((types + own) as u64) > own {
        own += 1;
    }
    Layout {
        header: types + own,
        total: types + own + body,
    }
}

/// Writes the record of `values` into `out`, which is exactly `layout.total` bytes long.
pub fn write(out: &mut [u8], values: &[Value], layout: Layout) {
    let mut head = put_varint(out, layout.header as u64);
    let mut body = layout.header;
    for value in values {
        let (code, len) = serial_type(value);
        head += put_varint(&mut out[head..], code);
        match *value {
            Value::Null | Value::Int(0) | Value::Int(1) => {}
            Value::Int(v) => out[body..body + len].copy_from_slice(&v.to_be_bytes()[8 - len..]),
            Value::Text(s) => out[body..body + len].copy_from_slice(s.as_bytes()),
            Value::Joined { parts, separator } => {
                write_joined(&mut out[body..body + len], parts, separator);
            }
        }
        body += len;
    }
    debug_assert_eq!(head, layout.header);
    debug_assert_eq!(body, layout.total);
}

/// The length of the record of `ints` (all integers, fewer than 64 of them: each serial type is
/// one byte, and so is the header's length), as [`layout`] measures it.
#[inline]
pub fn ints_len(ints: &[i64]) -> usize {
    debug_assert!(ints.len() < 64);
    1 + ints.len()
        + ints
            .iter()
            .map(|&v| serial_type(&Value::Int(v)).1)
            .sum::<usize>()
}

/// Writes the record of `ints` into `out`, which is exactly [`ints_len`] bytes long: the bytes
/// [`write`] writes for the same values as [`Value::Int`]s.
#[inline]
pub fn write_ints(out: &mut [u8], ints: &[i64]) {
    debug_assert!(ints.len() < 64);
    let header = 1 + ints.len();
    out[0] = header as u8;
    let mut body = header;
    for (i, &v) in ints.iter().enumerate() {
        let (code, len) = serial_type(&Value::Int(v));
        out[1 + i] = code as u8;
        out[body..body + len].copy_from_slice(&v.to_be_bytes()[8 - len..]);
        body += len;
    }
    debug_assert_eq!(body, out.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn varint(v: u64) -> Vec<u8> {
        let mut out = [0u8; 9];
        let len = put_varint(&mut out, v);
        assert_eq!(len, varint_len(v));
        out[..len].to_vec()
    }

    #[test]
    fn varints_match_the_file_format() {
        assert_eq!(varint(0), [0x00]);
        assert_eq!(varint(0x7f), [0x7f]);
        assert_eq!(varint(0x80), [0x81, 0x00]);
        assert_eq!(varint(300), [0x82, 0x2c]);
        assert_eq!(
            varint((1 << 56) - 1),
            [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]
        );
        // Nine bytes: 56 bits in the first eight, 8 in the last.
        assert_eq!(
            varint(1 << 56),
            [0x80, 0xc0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]
        );
        assert_eq!(varint(u64::MAX), [0xff; 9]);
    }

    #[test]
    fn integers_take_the_narrowest_width() {
        let widths: Vec<usize> = [
            -128,
            127,
            128,
            -32769,
            8_388_607,
            1 << 31,
            (1 << 47) - 1,
            1 << 47,
        ]
        .into_iter()
        .map(int_width)
        .collect();
        assert_eq!(widths, [1, 1, 2, 3, 3, 6, 6, 8]);
    }

    #[test]
    fn integer_records_are_written_as_any_record() {
        let samples = [
            0,
            1,
            -1,
            2,
            127,
            128,
            -129,
            40_000,
            1 << 31,
            -(1 << 40),
            i64::MAX,
        ];
        for a in samples {
            for b in samples {
                let ints = [a, b, 7, -1];
                let values = ints.map(Value::Int);
                let layout = layout(&values);
                let mut expected = vec![0; layout.total];
                write(&mut expected, &values, layout);
                assert_eq!(ints_len(&ints), layout.total);
                let mut out = vec![0; ints_len(&ints)];
                write_ints(&mut out, &ints);
                assert_eq!(out, expected, "{ints:?}");
            }
        }
    }

    #[test]
    fn joined_text_is_written_as_the_joined_string() {
        for parts in [
            vec![],
            vec![String::new()],
            vec!["a".to_string(), String::new(), "b\x1fc\x1f".to_string()],
            vec!["λ".repeat(100), "x".to_string()],
        ] {
            let joined = parts
                .iter()
                .map(|p| p.replace('\x1f', " "))
                .collect::<Vec<_>>()
                .join("\x1f");
            let record = |value: Value| {
                let values = [Value::Int(7), value, Value::Null];
                let layout = layout(&values);
                let mut out = vec![0; layout.total];
                write(&mut out, &values, layout);
                out
            };
            let value = Value::Joined {
                parts: &parts,
                separator: 0x1f,
            };
            assert_eq!(record(value), record(Value::Text(&joined)), "{parts:?}");
        }
    }

    #[test]
    fn a_record_is_its_serial_types_then_its_values() {
        let values = [
            Value::Null,
            Value::Int(1),
            Value::Int(-2),
            Value::Text("hi"),
        ];
        let layout = layout(&values);
        let mut out = vec![0; layout.total];
        write(&mut out, &values, layout);
        assert_eq!(out, [5, 0, 9, 1, 17, 0xfe, b'h', b'i']);
    }
}
