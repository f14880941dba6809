//! A fast, deterministic hasher for the tables of merging and of the lock (the FxHash mix used by
//! rustc): short keys, no untrusted-input concern, and `std`'s SipHash would be most of the
//! normalisation time at 100,000 questions.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A map with the fast hasher.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A set with the fast hasher.
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The FxHash mixing function: rotate, xor, multiply per word of input.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.add(tail(rest));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// The last 1 to 7 bytes of a key as a little-endian word padded with zeros, read with at most
/// two loads instead of a copy through memory (most words are shorter than 8 bytes: copying them
/// into a padded buffer was a call to `memcpy` and a stalled load per word).
fn tail(rest: &[u8]) -> u64 {
    let n = rest.len();
    if n >= 4 {
        let word = |at: usize| {
            let mut four = [0u8; 4];
            four.copy_from_slice(&rest[at..at + 4]);
            u64::from(u32::from_le_bytes(four))
        };
        // The first four bytes, and the last four shifted so that the bytes both hold fall off.
        word(0) | ((word(n - 4) >> (8 * (8 - n))) << 32)
    } else {
        // One, two or three bytes: the first, the middle and the last (some of them the same).
        u64::from(rest[0])
            | u64::from(rest[n / 2]) << (8 * (n / 2))
            | u64::from(rest[n - 1]) << (8 * (n - 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tail_is_the_zero_padded_little_endian_word() {
        let bytes: Vec<u8> = (1..=7u8).map(|b| b * 31 + 3).collect();
        for n in 1..=7 {
            let mut padded = [0u8; 8];
            padded[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(tail(&bytes[..n]), u64::from_le_bytes(padded), "{n} bytes");
        }
    }

    #[test]
    fn equal_keys_hash_alike_and_tables_work() {
        let mut map: FastMap<String, u32> = FastMap::default();
        map.insert("kubernetes".into(), 1);
        map.insert("kubernetez".into(), 2);
        assert_eq!(map.get("kubernetes"), Some(&1));
        assert_eq!(map.get("kubernetez"), Some(&2));
        assert_eq!(map.get("kubernete"), None);
    }
}
