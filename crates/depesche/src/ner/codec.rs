//! Compact binary encoding for the model file: varints, delta-coded sorted
//! keys, the whole stream gzip-compressed.

use std::io::{Read, Write};

#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("model file is truncated or corrupt")]
    Truncated,
    #[error("not a depesche NER model (bad magic)")]
    Magic,
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }
    pub fn zigzag(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }
    pub fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn bytes(&mut self, b: &[u8]) {
        self.varint(b.len() as u64);
        self.buf.extend_from_slice(b);
    }
    /// Sorted, distinct u32 keys, delta-coded.
    pub fn keys(&mut self, keys: &[u32]) {
        self.varint(keys.len() as u64);
        let mut prev = 0u32;
        for &k in keys {
            self.varint((k - prev) as u64);
            prev = k;
        }
    }
    pub fn gzip(self) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        // Writing into a Vec cannot fail.
        enc.write_all(&self.buf).expect("in-memory write");
        enc.finish().expect("in-memory write")
    }
}

pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }
    pub fn gunzip(data: &[u8]) -> Result<Vec<u8>, CodecError> {
        let mut out = Vec::with_capacity(data.len() * 3);
        flate2::read::GzDecoder::new(data).read_to_end(&mut out)?;
        Ok(out)
    }
    /// Whether everything was read (optional trailing sections are absent).
    pub fn at_end(&self) -> bool {
        self.pos >= self.buf.len()
    }
    pub fn u8(&mut self) -> Result<u8, CodecError> {
        let v = *self.buf.get(self.pos).ok_or(CodecError::Truncated)?;
        self.pos += 1;
        Ok(v)
    }
    pub fn varint(&mut self) -> Result<u64, CodecError> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.u8()?;
            if shift > 63 {
                return Err(CodecError::Truncated);
            }
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Ok(v);
            }
            shift += 7;
        }
    }
    pub fn zigzag(&mut self) -> Result<i64, CodecError> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
    pub fn f32(&mut self) -> Result<f32, CodecError> {
        let b = self
            .buf
            .get(self.pos..self.pos + 4)
            .ok_or(CodecError::Truncated)?;
        self.pos += 4;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub fn bytes(&mut self) -> Result<&'a [u8], CodecError> {
        let n = self.varint()? as usize;
        let b = self
            .buf
            .get(self.pos..self.pos.saturating_add(n))
            .ok_or(CodecError::Truncated)?;
        self.pos += n;
        Ok(b)
    }
    pub fn keys(&mut self) -> Result<Vec<u32>, CodecError> {
        let n = self.varint()? as usize;
        let mut out = Vec::with_capacity(n.min(1 << 24));
        let mut prev = 0u32;
        for _ in 0..n {
            prev = prev.wrapping_add(self.varint()? as u32);
            out.push(prev);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut w = Writer::default();
        w.varint(300);
        w.zigzag(-5);
        w.f32(1.5);
        w.keys(&[1, 5, 1000, u32::MAX]);
        w.bytes(b"abc");
        let z = w.gzip();
        let raw = Reader::gunzip(&z).unwrap();
        let mut r = Reader::new(&raw);
        assert_eq!(r.varint().unwrap(), 300);
        assert_eq!(r.zigzag().unwrap(), -5);
        assert_eq!(r.f32().unwrap(), 1.5);
        assert_eq!(r.keys().unwrap(), vec![1, 5, 1000, u32::MAX]);
        assert_eq!(r.bytes().unwrap(), b"abc");
        assert!(r.u8().is_err());
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(Reader::gunzip(b"not gzip").is_err());
        let mut r = Reader::new(&[0xff, 0xff]);
        assert!(r.varint().is_err());
    }
}
