//! The compiled gazetteer: one little-endian byte blob, read in place.
//!
//! Layout (all integers `u32` LE unless noted):
//! ```text
//! magic  "DPGEO\x01\0\0"
//! header n_places n_keys n_adj names_len keys_len post_len adj_keys_len n_members
//! places n_places × 28 bytes: geonameid, lat f32, lon f32, population,
//!        name_off, name_len u16, country [u8;2], kind u8, flags u8, 2 pad
//! names  display names, UTF-8, concatenated
//! key_off  (n_keys+1) × u32 into keys;   keys   folded names, sorted, concatenated
//! post_off (n_keys+1) × u32 into post;   post   u32 per candidate: place index | PRIMARY bit
//! adj_off  (n_adj+1) × u32 into adj_keys; adj_keys lowercase word forms, sorted
//! adj_val  n_adj × u32: place index the form points to
//! members  n_members × (place index, offset, length) u32, then the bytes:
//!          comma-separated ISO codes of the countries a region or continent covers
//! ```
//! Reading needs no parsing beyond the header: a lookup is a binary search over
//! the key table, so "loading" costs microseconds and nothing is copied.

use std::borrow::Cow;

pub const MAGIC: &[u8; 8] = b"DPGEO\x02\0\0";
const HEADER: usize = 8 + 8 * 4;
const PLACE_SIZE: usize = 28;
/// Set in a posting when the key is the place's own name (GeoNames name,
/// CLDR/ISO name, hand-written region name) rather than one of its alternates.
pub const PRIMARY: u32 = 1 << 31;

/// What a place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Country = 0,
    Admin = 1,
    City = 2,
    Region = 3,
    Continent = 4,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Admin => "admin",
            Kind::City => "city",
            Kind::Region => "region",
            Kind::Continent => "continent",
        }
    }
    fn from_u8(v: u8) -> Kind {
        match v {
            0 => Kind::Country,
            1 => Kind::Admin,
            2 => Kind::City,
            4 => Kind::Continent,
            _ => Kind::Region,
        }
    }
}

/// Place flag: the city is its country's capital.
pub const FLAG_CAPITAL: u8 = 1;

/// One place as the builder sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceRecord {
    /// 0 when the place has no GeoNames id (hand-written regions).
    pub geonameid: u32,
    pub name: String,
    /// ISO alpha-2, or empty.
    pub country: String,
    pub lat: f32,
    pub lon: f32,
    pub population: u32,
    pub kind: Kind,
    pub flags: u8,
    /// Comma-separated ISO codes of the countries a region/continent covers; empty otherwise.
    pub members: String,
}

/// Serialise places, name keys (already folded) and adjective forms.
/// `names` and `adjectives` may be unsorted and hold duplicates.
pub fn write(
    places: &[PlaceRecord],
    mut names: Vec<(String, u32)>,
    mut adjectives: Vec<(String, u32)>,
) -> Vec<u8> {
    names.sort();
    names.dedup();
    adjectives.sort();
    adjectives.dedup_by(|a, b| a.0 == b.0);

    let mut name_blob = Vec::new();
    let mut place_bytes = Vec::with_capacity(places.len() * PLACE_SIZE);
    for p in places {
        let name = p.name.as_bytes();
        let len = name.len().min(u16::MAX as usize);
        place_bytes.extend_from_slice(&p.geonameid.to_le_bytes());
        place_bytes.extend_from_slice(&p.lat.to_le_bytes());
        place_bytes.extend_from_slice(&p.lon.to_le_bytes());
        place_bytes.extend_from_slice(&p.population.to_le_bytes());
        place_bytes.extend_from_slice(&(name_blob.len() as u32).to_le_bytes());
        place_bytes.extend_from_slice(&(len as u16).to_le_bytes());
        let cc = p.country.as_bytes();
        place_bytes.push(cc.first().copied().unwrap_or(0));
        place_bytes.push(cc.get(1).copied().unwrap_or(0));
        place_bytes.push(p.kind as u8);
        place_bytes.push(p.flags);
        place_bytes.extend_from_slice(&[0, 0]);
        name_blob.extend_from_slice(&name[..len]);
    }

    // Group postings per key.
    let mut key_off = vec![0u32];
    let mut keys = Vec::new();
    let mut post_off = vec![0u32];
    let mut post: Vec<u32> = Vec::new();
    let mut i = 0;
    while i < names.len() {
        let key = &names[i].0;
        let mut j = i;
        let start = post.len();
        while j < names.len() && names[j].0 == *key {
            let v = names[j].1;
            // Keep one posting per place, the PRIMARY one when both exist.
            let idx = v & !PRIMARY;
            if let Some(prev) = post[start..].iter_mut().find(|p| (**p & !PRIMARY) == idx) {
                *prev |= v & PRIMARY;
            } else {
                post.push(v);
            }
            j += 1;
        }
        keys.extend_from_slice(key.as_bytes());
        key_off.push(keys.len() as u32);
        post_off.push(post.len() as u32);
        i = j;
    }
    let n_keys = key_off.len() - 1;

    let mut adj_off = vec![0u32];
    let mut adj_keys = Vec::new();
    let mut adj_val = Vec::new();
    for (form, place) in &adjectives {
        adj_keys.extend_from_slice(form.as_bytes());
        adj_off.push(adj_keys.len() as u32);
        adj_val.push(*place);
    }

    let mut member_recs = Vec::new();
    let mut member_blob = Vec::new();
    for (i, p) in places.iter().enumerate() {
        if !p.members.is_empty() {
            member_recs.push([i as u32, member_blob.len() as u32, p.members.len() as u32]);
            member_blob.extend_from_slice(p.members.as_bytes());
        }
    }

    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    for v in [
        places.len() as u32,
        n_keys as u32,
        adjectives.len() as u32,
        name_blob.len() as u32,
        keys.len() as u32,
        post.len() as u32,
        adj_keys.len() as u32,
        member_recs.len() as u32,
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&place_bytes);
    out.extend_from_slice(&name_blob);
    for v in &key_off {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&keys);
    for v in post_off.iter().chain(&post) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for v in &adj_off {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&adj_keys);
    for v in &adj_val {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for r in &member_recs {
        for v in r {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    out.extend_from_slice(&member_blob);
    out
}

/// Byte ranges of the sections, found once from the header.
#[derive(Debug, Clone, Copy, Default)]
struct Sections {
    n_places: usize,
    n_keys: usize,
    n_adj: usize,
    places: usize,
    names: usize,
    key_off: usize,
    keys: usize,
    post_off: usize,
    post: usize,
    adj_off: usize,
    adj_keys: usize,
    adj_val: usize,
    n_members: usize,
    members: usize,
    member_bytes: usize,
    end: usize,
}

/// A compiled gazetteer, read in place.
#[derive(Clone)]
pub struct Table {
    bytes: Cow<'static, [u8]>,
    s: Sections,
}

impl std::fmt::Debug for Table {
    // The bytes are megabytes; show the counts instead.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table")
            .field("places", &self.s.n_places)
            .field("keys", &self.s.n_keys)
            .field("adjectives", &self.s.n_adj)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error("not a depesche gazetteer (bad magic)")]
    Magic,
    #[error("gazetteer truncated or corrupt: {0}")]
    Corrupt(&'static str),
}

#[inline]
fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

impl Table {
    /// An empty table (no places); every lookup finds nothing.
    pub fn empty() -> Table {
        Table::parse(Cow::Owned(write(&[], Vec::new(), Vec::new()))).expect("empty table is valid")
    }

    /// Check the header and every offset table once, so that later reads
    /// cannot go out of bounds.
    pub fn parse(bytes: Cow<'static, [u8]>) -> Result<Table, FormatError> {
        let b: &[u8] = &bytes;
        if b.len() < HEADER || &b[..8] != MAGIC {
            return Err(FormatError::Magic);
        }
        let h = |i: usize| u32_at(b, 8 + 4 * i) as usize;
        let (n_places, n_keys, n_adj) = (h(0), h(1), h(2));
        let (names_len, keys_len, post_len, adj_keys_len) = (h(3), h(4), h(5), h(6));
        let n_members = h(7);
        let mut s = Sections {
            n_places,
            n_keys,
            n_adj,
            ..Default::default()
        };
        let mut at = HEADER;
        let mut take = |len: usize| -> Result<usize, FormatError> {
            let start = at;
            at = at
                .checked_add(len)
                .ok_or(FormatError::Corrupt("length overflow"))?;
            Ok(start)
        };
        s.places = take(n_places * PLACE_SIZE)?;
        s.names = take(names_len)?;
        s.key_off = take((n_keys + 1) * 4)?;
        s.keys = take(keys_len)?;
        s.post_off = take((n_keys + 1) * 4)?;
        s.post = take(post_len * 4)?;
        s.adj_off = take((n_adj + 1) * 4)?;
        s.adj_keys = take(adj_keys_len)?;
        s.adj_val = take(n_adj * 4)?;
        s.n_members = n_members;
        s.members = take(n_members * 12)?;
        s.member_bytes = take(0)?;
        if s.member_bytes > b.len() {
            return Err(FormatError::Corrupt("size does not match header"));
        }
        // The member bytes run to the end of the blob.
        let member_len = b.len() - s.member_bytes;
        s.end = b.len();
        for i in 0..n_members {
            let r = s.members + 12 * i;
            let (idx, off, len) = (
                u32_at(b, r) as usize,
                u32_at(b, r + 4) as usize,
                u32_at(b, r + 8) as usize,
            );
            if idx >= n_places
                || off + len > member_len
                || std::str::from_utf8(&b[s.member_bytes + off..s.member_bytes + off + len])
                    .is_err()
            {
                return Err(FormatError::Corrupt("members"));
            }
        }
        if n_members == 0 && member_len != 0 {
            return Err(FormatError::Corrupt("size does not match header"));
        }
        let monotone = |off: usize, n: usize, limit: usize| {
            let mut prev = 0;
            for i in 0..=n {
                let v = u32_at(b, off + 4 * i) as usize;
                if v < prev || v > limit {
                    return false;
                }
                prev = v;
            }
            true
        };
        if !monotone(s.key_off, n_keys, keys_len)
            || !monotone(s.post_off, n_keys, post_len)
            || !monotone(s.adj_off, n_adj, adj_keys_len)
        {
            return Err(FormatError::Corrupt("offset table"));
        }
        for i in 0..n_places {
            let p = s.places + i * PLACE_SIZE;
            let off = u32_at(b, p + 16) as usize;
            let len = u16::from_le_bytes([b[p + 20], b[p + 21]]) as usize;
            if off + len > names_len
                || std::str::from_utf8(&b[s.names + off..s.names + off + len]).is_err()
            {
                return Err(FormatError::Corrupt("place name"));
            }
        }
        for i in 0..post_len {
            if (u32_at(b, s.post + 4 * i) & !PRIMARY) as usize >= n_places {
                return Err(FormatError::Corrupt("posting"));
            }
        }
        for i in 0..n_adj {
            if u32_at(b, s.adj_val + 4 * i) as usize >= n_places {
                return Err(FormatError::Corrupt("adjective target"));
            }
        }
        if std::str::from_utf8(&b[s.keys..s.keys + keys_len]).is_err()
            || std::str::from_utf8(&b[s.adj_keys..s.adj_keys + adj_keys_len]).is_err()
        {
            return Err(FormatError::Corrupt("keys are not UTF-8"));
        }
        Ok(Table { bytes, s })
    }

    pub fn size_bytes(&self) -> usize {
        self.bytes.len()
    }
    pub fn n_places(&self) -> usize {
        self.s.n_places
    }
    pub fn n_keys(&self) -> usize {
        self.s.n_keys
    }
    pub fn n_adjectives(&self) -> usize {
        self.s.n_adj
    }

    fn b(&self) -> &[u8] {
        &self.bytes
    }

    pub fn geonameid(&self, i: usize) -> u32 {
        u32_at(self.b(), self.s.places + i * PLACE_SIZE)
    }
    pub fn lat(&self, i: usize) -> f32 {
        f32::from_bits(u32_at(self.b(), self.s.places + i * PLACE_SIZE + 4))
    }
    pub fn lon(&self, i: usize) -> f32 {
        f32::from_bits(u32_at(self.b(), self.s.places + i * PLACE_SIZE + 8))
    }
    pub fn population(&self, i: usize) -> u32 {
        u32_at(self.b(), self.s.places + i * PLACE_SIZE + 12)
    }
    pub fn name(&self, i: usize) -> &str {
        let b = self.b();
        let p = self.s.places + i * PLACE_SIZE;
        let off = u32_at(b, p + 16) as usize;
        let len = u16::from_le_bytes([b[p + 20], b[p + 21]]) as usize;
        // Validated in `parse`.
        std::str::from_utf8(&b[self.s.names + off..self.s.names + off + len]).unwrap_or("")
    }
    /// ISO alpha-2 code, or `""`.
    pub fn country(&self, i: usize) -> &str {
        let p = self.s.places + i * PLACE_SIZE + 22;
        let cc = &self.b()[p..p + 2];
        if cc[0] == 0 {
            ""
        } else {
            std::str::from_utf8(cc).unwrap_or("")
        }
    }
    pub fn kind(&self, i: usize) -> Kind {
        Kind::from_u8(self.b()[self.s.places + i * PLACE_SIZE + 24])
    }
    pub fn flags(&self, i: usize) -> u8 {
        self.b()[self.s.places + i * PLACE_SIZE + 25]
    }

    fn str_at(&self, base: usize, off_table: usize, i: usize) -> &[u8] {
        let b = self.b();
        let s = u32_at(b, off_table + 4 * i) as usize;
        let e = u32_at(b, off_table + 4 * i + 4) as usize;
        &b[base + s..base + e]
    }

    fn search(&self, base: usize, off_table: usize, n: usize, key: &[u8]) -> Option<usize> {
        let (mut lo, mut hi) = (0usize, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.str_at(base, off_table, mid).cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// Comma-separated ISO codes of the countries place `i` covers (regions,
    /// continents); `""` for others.
    pub fn members(&self, i: usize) -> &str {
        let b = self.b();
        let (mut lo, mut hi) = (0usize, self.s.n_members);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let r = self.s.members + 12 * mid;
            match (u32_at(b, r) as usize).cmp(&i) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let (off, len) = (u32_at(b, r + 4) as usize, u32_at(b, r + 8) as usize);
                    let at = self.s.member_bytes + off;
                    return std::str::from_utf8(&b[at..at + len]).unwrap_or("");
                }
            }
        }
        ""
    }

    /// The `i`-th folded name key (keys are sorted).
    pub fn key(&self, i: usize) -> &[u8] {
        self.str_at(self.s.keys, self.s.key_off, i)
    }

    /// Postings (place index | [`PRIMARY`]) of the `i`-th key.
    pub fn postings_at(&self, i: usize) -> impl Iterator<Item = u32> + '_ {
        let b = self.b();
        let s = u32_at(b, self.s.post_off + 4 * i) as usize;
        let e = u32_at(b, self.s.post_off + 4 * i + 4) as usize;
        (s..e).map(move |j| u32_at(self.b(), self.s.post + 4 * j))
    }

    /// Postings (place index | [`PRIMARY`]) for a folded key.
    pub fn postings(&self, folded: &str) -> impl Iterator<Item = u32> + '_ {
        let range = match self.search(
            self.s.keys,
            self.s.key_off,
            self.s.n_keys,
            folded.as_bytes(),
        ) {
            Some(k) => {
                let b = self.b();
                let s = u32_at(b, self.s.post_off + 4 * k) as usize;
                let e = u32_at(b, self.s.post_off + 4 * k + 4) as usize;
                s..e
            }
            None => 0..0,
        };
        range.map(move |j| u32_at(self.b(), self.s.post + 4 * j))
    }

    /// The place an adjective form (lowercase, exact) points to.
    pub fn adjective(&self, form: &str) -> Option<usize> {
        self.search(
            self.s.adj_keys,
            self.s.adj_off,
            self.s.n_adj,
            form.as_bytes(),
        )
        .map(|k| u32_at(self.b(), self.s.adj_val + 4 * k) as usize)
    }

    /// Every adjective form with its target (for diagnostics and tests).
    pub fn adjectives(&self) -> impl Iterator<Item = (&str, usize)> + '_ {
        (0..self.s.n_adj).map(move |k| {
            let form =
                std::str::from_utf8(self.str_at(self.s.adj_keys, self.s.adj_off, k)).unwrap_or("");
            (form, u32_at(self.b(), self.s.adj_val + 4 * k) as usize)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(id: u32, name: &str, cc: &str, kind: Kind) -> PlaceRecord {
        PlaceRecord {
            geonameid: id,
            name: name.into(),
            country: cc.into(),
            lat: 1.5,
            lon: -2.25,
            population: id * 10,
            kind,
            flags: 0,
            members: String::new(),
        }
    }

    #[test]
    fn round_trip() {
        let mut places = vec![
            place(1, "Paris", "FR", Kind::City),
            place(2, "Paris", "US", Kind::City),
            place(3, "Frankreich", "FR", Kind::Country),
        ];
        let mut region = place(4, "Benelux", "", Kind::Region);
        region.members = "BE,NL,LU".into();
        places.push(region);
        let names = vec![
            ("paris".into(), PRIMARY),
            ("paris".into(), 1 | PRIMARY),
            ("paris".into(), 1),
            ("frankreich".into(), 2 | PRIMARY),
            ("lutetia".into(), 0),
        ];
        let adj = vec![("französisch".into(), 2), ("französische".into(), 2)];
        let t = Table::parse(Cow::Owned(write(&places, names, adj))).unwrap();
        assert_eq!(t.n_places(), 4);
        assert_eq!(t.members(3), "BE,NL,LU");
        assert_eq!(t.members(0), "");
        assert_eq!(t.n_keys(), 3);
        let mut p: Vec<u32> = t.postings("paris").collect();
        p.sort();
        assert_eq!(p, vec![PRIMARY, 1 | PRIMARY]);
        assert_eq!(t.postings("lutetia").collect::<Vec<_>>(), vec![0]);
        assert_eq!(t.postings("nowhere").count(), 0);
        assert_eq!(t.name(1), "Paris");
        assert_eq!(t.country(1), "US");
        assert_eq!(t.kind(2), Kind::Country);
        assert_eq!(t.lat(0), 1.5);
        assert_eq!(t.lon(0), -2.25);
        assert_eq!(t.population(1), 20);
        assert_eq!(t.adjective("französische"), Some(2));
        assert_eq!(t.adjective("russische"), None);
    }

    #[test]
    fn rejects_garbage() {
        assert!(Table::parse(Cow::Borrowed(b"nope")).is_err());
        let mut b = write(
            &[place(1, "A", "FR", Kind::City)],
            vec![("a".into(), 0)],
            vec![],
        );
        b.truncate(b.len() - 1);
        assert!(Table::parse(Cow::Owned(b)).is_err());
        let mut b = write(
            &[place(1, "A", "FR", Kind::City)],
            vec![("a".into(), 0)],
            vec![],
        );
        let n = b.len();
        b[n - 8] = 9; // the posting now points past the places
        assert!(Table::parse(Cow::Owned(b)).is_err());
        assert_eq!(Table::empty().postings("x").count(), 0);
    }
}
