//! Byte scans on the response path, eight bytes at a time ("SWAR": SIMD within a
//! register, with the exact bit tricks of Hacker's Delight / the Stanford bit-twiddling
//! hacks), so that checking a request id or a string before copying it costs a couple
//! of instructions per byte instead of a branch per byte.

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);

/// Some byte of `x` is less than `n` (`n` at most 128). Exact as a whole: the result is
/// nonzero exactly when one byte is.
#[inline]
const fn has_less(x: u64, n: u8) -> bool {
    (x.wrapping_sub(ONES.wrapping_mul(n as u64)) & !x & HIGH) != 0
}

/// Some byte of `x` equals `b`.
#[inline]
const fn has_byte(x: u64, b: u8) -> bool {
    has_less(x ^ ONES.wrapping_mul(b as u64), 1)
}

/// Some byte of `x` is greater than `n` (`n` at most 127).
#[inline]
const fn has_more(x: u64, n: u8) -> bool {
    ((x.wrapping_add(ONES.wrapping_mul(127 - n as u64)) | x) & HIGH) != 0
}

/// Whether any word of `bytes` fails `chunk`, eight bytes at a time; the last few bytes
/// are checked as one word padded with `a`, which every scan here accepts, so no byte
/// is ever looked at alone.
#[inline(always)]
fn any(bytes: &[u8], chunk: impl Fn(u64) -> bool) -> bool {
    let (words, rest) = bytes.as_chunks::<8>();
    if words.iter().any(|word| chunk(u64::from_ne_bytes(*word))) {
        return true;
    }
    let mut last = [b'a'; 8];
    match last.get_mut(..rest.len()) {
        Some(start) if !rest.is_empty() => {
            start.copy_from_slice(rest);
            chunk(u64::from_ne_bytes(last))
        }
        _ => false,
    }
}

/// Whether a JSON string holding `bytes` needs escapes: a control character, a quote
/// or a backslash.
#[inline]
pub(crate) fn needs_json_escape(bytes: &[u8]) -> bool {
    any(bytes, |x| {
        has_less(x, 0x20) | has_byte(x, b'"') | has_byte(x, b'\\')
    })
}

/// Whether every byte is visible ASCII (`!` to `~`).
#[inline]
pub(crate) fn all_visible_ascii(bytes: &[u8]) -> bool {
    !any(bytes, |x| has_less(x, 0x21) | has_more(x, 0x7e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_agree_with_the_byte_rules_for_every_byte_at_every_position() {
        // Every byte value, alone and at each position of a 20-byte string (two whole
        // words and a remainder), among neutral and extreme neighbours.
        for fill in [b'a', b'~', b'!', 0x7f_u8, 0xff] {
            for value in 0..=255_u8 {
                for at in 0..20 {
                    let mut bytes = [fill; 20];
                    bytes[at] = value;
                    let expect_escape = bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
                    let expect_visible = bytes.iter().all(u8::is_ascii_graphic);
                    assert_eq!(needs_json_escape(&bytes), expect_escape, "{bytes:?}");
                    assert_eq!(all_visible_ascii(&bytes), expect_visible, "{bytes:?}");
                }
            }
        }
        assert!(!needs_json_escape(b""));
        assert!(all_visible_ascii(b""));
    }
}
