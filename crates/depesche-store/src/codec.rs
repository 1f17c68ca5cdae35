//! The stored form of an article's full analysis (`articles.analysis`).
//!
//! The `depesche/1` JSON is ~5× the article's text, and half of it is the
//! token offsets, which deflate poorly as decimal text. So the stored form is
//! one deflate stream of: the token count, each token as two varints (gap
//! after the previous token, length), then the JSON with `tokens` emptied.
//! [`decode`] gives back the same [`Analysis`], so its JSON is the same text
//! `depesche analyze` prints. A first byte names the format; rows written as
//! plain JSON text (schema 1 stores) are read too.
//!
//! Format 2 (written since 6 Dec 2026) starts the deflate stream with a
//! preset dictionary: the JSON of two analyses of the project's own example
//! articles (`codec-dictionary-1.json`, their text left out), so that the
//! field names and common values of one article cost back-references
//! instead of literals (~14 % smaller). The dictionary is part of the format
//! and never changes; another one would be another format byte.
//!
//! Format 3 (written since 7 Dec 2026) is format 2 with a second dictionary,
//! `codec-dictionary-2.txt`: the text of the project's own example articles
//! (English, then German), then the first dictionary, 32,000 bytes in all
//! (deflate reaches 32 KiB back). Common words and phrases of news prose
//! cost back-references too: ~5 % smaller rows.
//!
//! Format 4 (written since 7 Dec 2026; same dictionary as format 3) stores
//! what the article text already says only once. A token where a plain
//! reading of the text puts it (the next run of letters and digits after
//! white space, or one other character) is one zero byte, and only the
//! others (`1.`, `bzw.`, `EU-Kommission`) keep their gap and length: the
//! token part shrinks ~8×. The `text` of a mention, coreference, derived
//! form, time expression, quote or event evidence that is the article text
//! at its span is stored empty and cut from the text again when read
//! (an article with an empty `text` at a non-empty span is written as
//! format 3, so an empty `text` is never ambiguous). Rows of every format
//! are read.

use std::io::Read;

use depesche::schema::Analysis;
use flate2::read::DeflateDecoder;
use miniz_oxide::deflate::core::{
    compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
};
use rusqlite::types::ValueRef;

use crate::{Result, StoreError};

/// First byte of the stored form: deflate(varint tokens + JSON without tokens).
const FORMAT_DEFLATE_TOKENS: u8 = 1;

/// First byte of format 2: the same, deflated after [`DICTIONARY`].
const FORMAT_DEFLATE_DICTIONARY: u8 = 2;

/// The preset dictionary of format 2 (frozen: see the module comment).
const DICTIONARY: &[u8] = include_bytes!("codec-dictionary-1.json");

/// First byte of format 3: the same, deflated after [`DICTIONARY_2`].
const FORMAT_DEFLATE_DICTIONARY_2: u8 = 3;

/// The preset dictionary of format 3 (frozen), which rows are written with.
const DICTIONARY_2: &[u8] = include_bytes!("codec-dictionary-2.txt");

/// First byte of format 4: format 3 with predicted tokens and span texts
/// left out (see the module comment); rows are written in it.
const FORMAT_PREDICTED: u8 = 4;

/// The preset dictionary of a format, if it has one.
fn dictionary(format: u8) -> Option<&'static [u8]> {
    match format {
        FORMAT_DEFLATE_DICTIONARY => Some(DICTIONARY),
        FORMAT_DEFLATE_DICTIONARY_2 | FORMAT_PREDICTED => Some(DICTIONARY_2),
        _ => None,
    }
}

/// Whether a format's first byte names a deflated stream of tokens and JSON.
fn is_deflated(format: Option<&u8>) -> bool {
    matches!(
        format,
        Some(
            &FORMAT_DEFLATE_TOKENS
                | &FORMAT_DEFLATE_DICTIONARY
                | &FORMAT_DEFLATE_DICTIONARY_2
                | &FORMAT_PREDICTED
        )
    )
}

/// The deflate stream a decoder reads before a row of a format with a
/// dictionary: the dictionary as stored (uncompressed, non-final) blocks. How
/// the encoder compressed the dictionary does not matter: only the window it
/// leaves behind does, and that is the dictionary's bytes.
fn dictionary_prefix(format: u8) -> &'static [u8] {
    static PREFIX: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    static PREFIX_2: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let (cell, dictionary) = match format {
        FORMAT_DEFLATE_DICTIONARY_2 | FORMAT_PREDICTED => (&PREFIX_2, DICTIONARY_2),
        _ => (&PREFIX, DICTIONARY),
    };
    cell.get_or_init(|| {
        let mut out = Vec::with_capacity(dictionary.len() + 16);
        for chunk in dictionary.chunks(u16::MAX as usize) {
            let len = chunk.len() as u16;
            // BFINAL = 0, BTYPE = 00 (stored), padded to the byte boundary.
            out.push(0);
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&(!len).to_le_bytes());
            out.extend_from_slice(chunk);
        }
        out
    })
}

/// A corrupt row must not allocate without bound: no article has more tokens.
const MAX_TOKENS: u64 = 1 << 28;

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn get_varint(buf: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *buf.get(*pos)?;
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// Signed gaps (overlapping tokens never occur, but a stored form must hold
/// whatever the pipeline gives) as zigzag varints.
fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Byte offset of every code point of `text`, and the text's length last.
fn char_offsets(text: &str) -> Vec<usize> {
    let mut at: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    at.push(text.len());
    at
}

/// `text` from code point `start` to `end` (offsets from [`char_offsets`]);
/// `None` when the span is not inside the text.
fn span<'t>(text: &'t str, at: &[usize], start: usize, end: usize) -> Option<&'t str> {
    if start > end {
        return None;
    }
    text.get(*at.get(start)?..*at.get(end)?)
}

/// Call `f` with the span and text of every part of `a` that quotes the
/// article text (mentions, coreferences, derived forms, time expressions,
/// quotes, event evidence), always in this order.
fn each_span_text(a: &mut Analysis, mut f: impl FnMut(usize, usize, &mut String)) {
    for e in &mut a.entities {
        for m in &mut e.mentions {
            f(m.start, m.end, &mut m.text);
        }
    }
    for c in &mut a.coref {
        f(c.start, c.end, &mut c.text);
    }
    for d in &mut a.derived {
        f(d.start, d.end, &mut d.text);
    }
    for t in &mut a.times {
        f(t.start, t.end, &mut t.text);
    }
    for q in &mut a.quotes {
        f(q.start, q.end, &mut q.text);
    }
    for ev in &mut a.events {
        for x in &mut ev.evidence {
            f(x.start, x.end, &mut x.text);
        }
    }
}

/// Where a plain reading of `chars` puts the token after code point `pos`:
/// past white space, a run of letters and digits, or one other character.
/// Part of format 4: never change it (another reading is another format).
fn predicted_token(chars: &[char], pos: usize) -> (usize, usize) {
    let mut start = pos;
    while chars.get(start).is_some_and(|c| c.is_whitespace()) {
        start += 1;
    }
    let Some(first) = chars.get(start) else {
        return (start, start);
    };
    let mut end = start + 1;
    if first.is_alphanumeric() {
        while chars.get(end).is_some_and(|c| c.is_alphanumeric()) {
            end += 1;
        }
    }
    (start, end)
}

/// Each sentence as varints: its first token less the token after the
/// previous sentence (zigzag), its number of tokens, its block less the
/// previous sentence's (zigzag); `None` when a sentence does not start and
/// end at tokens.
fn sentence_runs(
    tokens: &[[usize; 2]],
    sentences: &[depesche::schema::Sentence],
) -> Option<Vec<Vec<u8>>> {
    // Tokens come in text order: a sentence's first token is the first
    // that starts at its start, its last the last that ends at its end.
    let first_at = |start: usize| {
        let i = tokens.partition_point(|t| t[0] < start);
        (tokens.get(i)?[0] == start).then_some(i)
    };
    let last_at = |end: usize| {
        let j = tokens.partition_point(|t| t[1] <= end).checked_sub(1)?;
        (tokens[j][1] == end).then_some(j)
    };
    let (mut next, mut block) = (0i64, 0i64);
    let mut out = Vec::with_capacity(sentences.len());
    for s in sentences {
        let first = first_at(s.start)?;
        let last = last_at(s.end)?;
        if last < first {
            return None;
        }
        let mut run = Vec::with_capacity(3);
        put_varint(&mut run, zigzag(first as i64 - next));
        put_varint(&mut run, (last - first + 1) as u64);
        put_varint(&mut run, zigzag(s.block as i64 - block));
        out.push(run);
        next = last as i64 + 1;
        block = s.block as i64;
    }
    Some(out)
}

/// The sentences back from their runs (see [`sentence_runs`]).
fn read_sentence_runs(
    raw: &[u8],
    pos: &mut usize,
    n: u64,
    tokens: &[[usize; 2]],
) -> Result<Vec<depesche::schema::Sentence>> {
    let bad = || corrupt("sentences");
    let mut out = Vec::with_capacity(n.min(tokens.len() as u64) as usize);
    let (mut next, mut block) = (0i64, 0i64);
    for _ in 0..n {
        let first = get_varint(raw, pos).ok_or_else(bad)?;
        let count = get_varint(raw, pos).ok_or_else(bad)?;
        let b = get_varint(raw, pos).ok_or_else(bad)?;
        let first = next.checked_add(unzigzag(first)).ok_or_else(bad)?;
        let last = i64::try_from(count)
            .ok()
            .and_then(|c| first.checked_add(c - 1))
            .ok_or_else(bad)?;
        let (Some(start), Some(end)) = (
            usize::try_from(first).ok().and_then(|i| tokens.get(i)),
            usize::try_from(last).ok().and_then(|i| tokens.get(i)),
        ) else {
            return Err(bad());
        };
        block = block.checked_add(unzigzag(b)).ok_or_else(bad)?;
        out.push(depesche::schema::Sentence {
            start: start[0],
            end: end[1],
            block: usize::try_from(block).map_err(|_| bad())?,
        });
        next = last + 1;
    }
    Ok(out)
}

/// Read past the sentence runs of a format-4 stored form.
fn skip_sentence_runs(raw: &[u8], pos: &mut usize) -> Option<()> {
    let flag = get_varint(raw, pos)?;
    skip_sentence_runs_after_flag(raw, pos, flag)
}

/// Read past `flag - 1` sentence runs (none when `flag` is 0).
fn skip_sentence_runs_after_flag(raw: &[u8], pos: &mut usize, flag: u64) -> Option<()> {
    for _ in 0..flag.saturating_sub(1).saturating_mul(3) {
        get_varint(raw, pos)?;
    }
    Some(())
}

/// The stored form of `a` (its tokens and the texts it leaves out are lent
/// out while the JSON is written, so `a` is unchanged after).
pub fn encode(a: &mut Analysis) -> Vec<u8> {
    let at = char_offsets(&a.text);
    // An empty text at a non-empty span would read back as the article
    // text there: such an article keeps every text (format 3).
    let mut elidable = true;
    each_span_text(a, |start, end, t| {
        elidable = elidable && !(t.is_empty() && start < end);
    });
    let mut raw = Vec::with_capacity(a.text.len() * 3);
    put_varint(&mut raw, a.tokens.len() as u64);
    let mut prev_end = 0i64;
    if elidable {
        let chars: Vec<char> = a.text.chars().collect();
        for &[start, end] in &a.tokens {
            if predicted_token(&chars, prev_end as usize) == (start, end) {
                raw.push(0);
            } else {
                let (start, end) = (start as i64, end as i64);
                put_varint(&mut raw, zigzag(start - prev_end) + 1);
                put_varint(&mut raw, zigzag(end - start));
            }
            prev_end = end as i64;
        }
    } else {
        for &[start, end] in &a.tokens {
            let (start, end) = (start as i64, end as i64);
            put_varint(&mut raw, zigzag(start - prev_end));
            put_varint(&mut raw, zigzag(end - start));
            prev_end = end;
        }
    }
    // Format 4: the sentences as runs of tokens, when each starts and ends
    // at a token (`0`: they are in the JSON).
    let sentence_runs = if elidable {
        sentence_runs(&a.tokens, &a.sentences)
    } else {
        None
    };
    if elidable {
        match &sentence_runs {
            Some(runs) => {
                put_varint(&mut raw, runs.len() as u64 + 1);
                raw.extend_from_slice(&runs.concat());
            }
            None => put_varint(&mut raw, 0),
        }
    }
    // The JSON with the tokens, the sentences stored as runs and the span
    // texts that are the article's own taken out for the moment (no copy of
    // the analysis); writing into a Vec cannot fail.
    let tokens = std::mem::take(&mut a.tokens);
    let sentences = if sentence_runs.is_some() {
        std::mem::take(&mut a.sentences)
    } else {
        Vec::new()
    };
    let text = std::mem::take(&mut a.text);
    let mut lent: Vec<String> = Vec::new();
    if elidable {
        each_span_text(a, |start, end, t| {
            if !t.is_empty() && span(&text, &at, start, end) == Some(t.as_str()) {
                lent.push(std::mem::take(t));
            }
        });
    }
    a.text = text;
    let _ = serde_json::to_writer(&mut raw, &*a);
    a.tokens = tokens;
    if sentence_runs.is_some() {
        a.sentences = sentences;
    }
    if !lent.is_empty() {
        let mut lent = lent.into_iter();
        each_span_text(a, |start, end, t| {
            if t.is_empty() && start < end {
                if let Some(back) = lent.next() {
                    *t = back;
                }
            }
        });
    }
    // A compressor that has read the dictionary (flushed to a byte
    // boundary) goes on with the row: the row keeps only what follows, whose
    // back-references reach into the dictionary. Cloning the primed state
    // costs a copy; compressing the dictionary again for every row cost a
    // tenth of an ingest.
    let mut c = primed_compressor().clone();
    let mut out = Vec::with_capacity(raw.len() / 2 + 1);
    out.push(if elidable {
        FORMAT_PREDICTED
    } else {
        FORMAT_DEFLATE_DICTIONARY_2
    });
    deflate_into(&mut c, &raw, TDEFLFlush::Finish, &mut out);
    out
}

/// Level 5 raw deflate, primed with [`DICTIONARY_2`] (its output discarded).
/// After the 32 KB dictionary, level 6 searched longer chains for 2 % fewer
/// bytes (10kGNAD: level 6 +14 % deflate time against the first dictionary,
/// level 5 −20 % and still 2.3 % smaller rows).
fn primed_compressor() -> &'static CompressorOxide {
    static PRIMED: std::sync::OnceLock<CompressorOxide> = std::sync::OnceLock::new();
    PRIMED.get_or_init(|| {
        let mut c = CompressorOxide::new(create_comp_flags_from_zip_params(5, -15, 0));
        deflate_into(&mut c, DICTIONARY_2, TDEFLFlush::Sync, &mut Vec::new());
        c
    })
}

/// Compress all of `input` with `flush` at its end, appending to `out`.
fn deflate_into(c: &mut CompressorOxide, mut input: &[u8], flush: TDEFLFlush, out: &mut Vec<u8>) {
    let mut buf = vec![0u8; 32 * 1024];
    loop {
        let (status, used_in, used_out) = compress(c, input, &mut buf, flush);
        out.extend_from_slice(&buf[..used_out]);
        input = &input[used_in..];
        match status {
            TDEFLStatus::Okay if !input.is_empty() || used_out == buf.len() => {}
            _ => return,
        }
    }
}

/// The raw bytes of a stored form (format 1 or 2): varint tokens, then JSON.
/// A reader of a deflated stored form's raw bytes, and how many bytes of
/// dictionary it yields first (format 2 replays the dictionary).
fn inflater(blob: &[u8]) -> Result<(Box<dyn Read + '_>, usize)> {
    let body = blob.get(1..).unwrap_or_default();
    match blob.first() {
        Some(&FORMAT_DEFLATE_TOKENS) => Ok((Box::new(DeflateDecoder::new(body)), 0)),
        Some(&f) if dictionary(f).is_some() => Ok((
            Box::new(DeflateDecoder::new(dictionary_prefix(f).chain(body))),
            dictionary(f).map_or(0, <[u8]>::len),
        )),
        _ => Err(corrupt("unknown format")),
    }
}

fn inflate_raw(blob: &[u8]) -> Result<Vec<u8>> {
    let mut raw = Vec::with_capacity(blob.len() * 4);
    let (mut reader, skip) = inflater(blob)?;
    reader
        .read_to_end(&mut raw)
        .map_err(|e| corrupt(&e.to_string()))?;
    if skip > 0 {
        if !raw.starts_with(
            blob.first()
                .and_then(|&f| dictionary(f))
                .unwrap_or_default(),
        ) {
            return Err(corrupt("dictionary"));
        }
        raw.drain(..skip);
    }
    Ok(raw)
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Query(format!("a stored analysis is corrupt ({what})"))
}

/// Read past the `n` tokens of a stored form of `format` from `pos`;
/// `None` when the bytes end first.
fn skip_tokens(raw: &[u8], pos: &mut usize, n: u64, format: u8) -> Option<()> {
    for _ in 0..n {
        if format == FORMAT_PREDICTED && raw.get(*pos) == Some(&0) {
            *pos += 1;
            continue;
        }
        get_varint(raw, pos)?;
        get_varint(raw, pos)?;
    }
    if format == FORMAT_PREDICTED {
        skip_sentence_runs(raw, pos)?;
    }
    Some(())
}

/// The JSON part of a stored form (after the tokens), and the tokens.
fn inflate(blob: &[u8]) -> Result<(Vec<u8>, usize)> {
    let mut raw = inflate_raw(blob)?;
    let mut pos = 0;
    let n = get_varint(&raw, &mut pos).ok_or_else(|| corrupt("token count"))?;
    if n > MAX_TOKENS {
        return Err(corrupt("token count"));
    }
    let tokens_at = pos;
    skip_tokens(&raw, &mut pos, n, blob[0]).ok_or_else(|| corrupt("tokens"))?;
    let json_at = pos;
    raw.drain(..tokens_at);
    Ok((raw, json_at - tokens_at))
}

/// Only the article text of a stored analysis (search snippets): inflated
/// only as far as the text, which is the seventh field of the JSON, so the
/// rest (tokens, entities, …: four fifths of it) is never inflated or parsed.
pub fn decode_text(blob: &[u8]) -> Result<String> {
    if is_deflated(blob.first()) {
        if let Some(text) = text_from_stream(blob)? {
            return Ok(text);
        }
    }
    decode_text_whole(blob)
}

/// The text of a deflated stored form, read from the stream until its JSON
/// string ends; `None` when the stream does not have the usual shape (the
/// whole JSON is parsed then).
fn text_from_stream(blob: &[u8]) -> Result<Option<String>> {
    let (mut reader, skip) = inflater(blob)?;
    let mut buf: Vec<u8> = Vec::with_capacity(skip + 8192);
    let mut chunk = [0u8; 8192];
    loop {
        let got = reader
            .read(&mut chunk)
            .map_err(|e| corrupt(&e.to_string()))?;
        buf.extend_from_slice(&chunk[..got]);
        if buf.len() > skip {
            if let Some((s, e)) = text_span(&buf[skip..], blob[0])? {
                let json = &buf[skip + s..skip + e];
                return serde_json::from_slice::<String>(json)
                    .map(Some)
                    .map_err(|e| corrupt(&e.to_string()));
            }
        }
        if got == 0 {
            return Ok(None);
        }
    }
}

/// Where the JSON string of the top-level `text` field lies in `raw` (the
/// inflated tokens and JSON, possibly cut short), quotes included. Fields
/// before it are scalars, so its key is the first `,"text":"` outside a
/// string (inside one, a quote would be escaped).
fn text_span(raw: &[u8], format: u8) -> Result<Option<(usize, usize)>> {
    let mut pos = 0;
    let Some(n) = get_varint(raw, &mut pos) else {
        return Ok(None);
    };
    if n > MAX_TOKENS {
        return Err(corrupt("token count"));
    }
    if skip_tokens(raw, &mut pos, n, format).is_none() {
        return Ok(None);
    }
    let json = &raw[pos..];
    const KEY: &[u8] = b",\"text\":\"";
    let Some(k) = json.windows(KEY.len()).position(|w| w == KEY) else {
        return Ok(None);
    };
    let open = k + KEY.len() - 1;
    let mut i = open + 1;
    while i < json.len() {
        match json[i] {
            b'\\' => i += 2,
            b'"' => return Ok(Some((pos + open, pos + i + 1))),
            _ => i += 1,
        }
    }
    Ok(None)
}

fn decode_text_whole(blob: &[u8]) -> Result<String> {
    #[derive(serde::Deserialize)]
    struct TextOnly {
        text: String,
    }
    let json = match blob.first() {
        f if is_deflated(f) => {
            let (raw, json_at) = inflate(blob)?;
            return serde_json::from_slice::<TextOnly>(&raw[json_at..])
                .map(|t| t.text)
                .map_err(|e| corrupt(&e.to_string()));
        }
        Some(b'{') => blob,
        _ => return Err(corrupt("unknown format")),
    };
    serde_json::from_slice::<TextOnly>(json)
        .map(|t| t.text)
        .map_err(|e| corrupt(&e.to_string()))
}

/// The analysis back from its stored form.
pub fn decode(blob: &[u8]) -> Result<Analysis> {
    if blob.first() == Some(&b'{') {
        return serde_json::from_slice(blob).map_err(|e| corrupt(&e.to_string()));
    }
    let raw = inflate_raw(blob)?;
    let predicted = blob[0] == FORMAT_PREDICTED;
    let mut pos = 0;
    let n = get_varint(&raw, &mut pos).ok_or_else(|| corrupt("token count"))?;
    if n > MAX_TOKENS {
        return Err(corrupt("token count"));
    }
    // (gap, length) of each token; `None` where format 4 predicts it, which
    // needs the text, read after.
    let mut codes: Vec<Option<(i64, i64)>> = Vec::with_capacity(n.min(raw.len() as u64) as usize);
    for _ in 0..n {
        if predicted && raw.get(pos) == Some(&0) {
            pos += 1;
            codes.push(None);
            continue;
        }
        let gap = get_varint(&raw, &mut pos).ok_or_else(|| corrupt("tokens"))?;
        let len = get_varint(&raw, &mut pos).ok_or_else(|| corrupt("tokens"))?;
        let gap = if predicted {
            gap.checked_sub(1).ok_or_else(|| corrupt("tokens"))?
        } else {
            gap
        };
        codes.push(Some((unzigzag(gap), unzigzag(len))));
    }
    // Format 4: how many sentences are stored as runs of tokens (+ 1), and
    // where the runs are.
    let (sentence_runs, runs_at) = if predicted {
        let flag = get_varint(&raw, &mut pos).ok_or_else(|| corrupt("sentences"))?;
        let at = pos;
        skip_sentence_runs_after_flag(&raw, &mut pos, flag).ok_or_else(|| corrupt("sentences"))?;
        (flag, at)
    } else {
        (0, 0)
    };
    let mut a: Analysis =
        serde_json::from_slice(&raw[pos..]).map_err(|e| corrupt(&e.to_string()))?;
    let chars: Vec<char> = if predicted {
        a.text.chars().collect()
    } else {
        Vec::new()
    };
    let mut tokens = Vec::with_capacity(codes.len());
    let mut prev_end = 0i64;
    for code in codes {
        let (start, end) = match code {
            Some((gap, len)) => {
                let start = prev_end.checked_add(gap).ok_or_else(|| corrupt("tokens"))?;
                (
                    start,
                    start.checked_add(len).ok_or_else(|| corrupt("tokens"))?,
                )
            }
            None => {
                let (s, e) = predicted_token(&chars, prev_end as usize);
                (s as i64, e as i64)
            }
        };
        if start < 0 || end < start {
            return Err(corrupt("tokens"));
        }
        tokens.push([start as usize, end as usize]);
        prev_end = end;
    }
    if sentence_runs > 0 {
        let mut at = runs_at;
        a.sentences = read_sentence_runs(&raw, &mut at, sentence_runs - 1, &tokens)?;
    }
    a.tokens = tokens;
    if predicted {
        let text = std::mem::take(&mut a.text);
        let at = char_offsets(&text);
        let mut bad = false;
        each_span_text(&mut a, |start, end, t| {
            if t.is_empty() && start < end {
                match span(&text, &at, start, end) {
                    Some(s) => t.push_str(s),
                    None => bad = true,
                }
            }
        });
        a.text = text;
        if bad {
            return Err(corrupt("span"));
        }
    }
    Ok(a)
}

/// The analysis from an `articles.analysis` value (the stored form as a
/// BLOB, or JSON text in stores written before schema 2).
pub fn decode_value(v: ValueRef<'_>) -> Result<Analysis> {
    match v {
        ValueRef::Blob(b) | ValueRef::Text(b) => decode(b),
        _ => Err(corrupt("not a blob")),
    }
}

/// The `depesche/1` JSON of a stored analysis, as `depesche analyze` prints it.
pub fn json_of_value(v: ValueRef<'_>) -> Result<String> {
    let a = decode_value(v)?;
    serde_json::to_string(&a).map_err(|e| corrupt(&e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::rich_analysis;
    use flate2::write::DeflateEncoder;
    use flate2::Compression;
    use std::io::Write;

    #[test]
    fn round_trip_gives_the_same_json() {
        let mut a = rich_analysis("a1", "2025-07-10");
        a.extra
            .insert("label".into(), serde_json::Value::String("Inland".into()));
        let json = serde_json::to_string(&a).unwrap();
        let blob = encode(&mut a.clone());
        assert!(blob.len() < json.len());
        let back = decode(&blob).unwrap();
        assert_eq!(back, a);
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        assert_eq!(blob[0], FORMAT_PREDICTED);
        // Format-1 rows (no dictionary) and schema 1 rows (JSON text) still read.
        let mut raw = Vec::new();
        let mut plain = a.clone();
        put_plain_tokens(&mut raw, &plain.tokens);
        plain.tokens.clear();
        serde_json::to_writer(&mut raw, &plain).unwrap();
        let mut v1 = vec![FORMAT_DEFLATE_TOKENS];
        let mut enc = DeflateEncoder::new(&mut v1, Compression::new(6));
        enc.write_all(&raw).unwrap();
        enc.finish().unwrap();
        assert_eq!(decode(&v1).unwrap(), a);
        assert_eq!(decode_text(&v1).unwrap(), a.text);
        assert!(blob.len() < v1.len(), "{} vs {}", blob.len(), v1.len());
        assert_eq!(decode(json.as_bytes()).unwrap(), a);
        assert_eq!(decode_text(&blob).unwrap(), a.text);
        assert_eq!(decode_text(json.as_bytes()).unwrap(), a.text);
    }

    #[test]
    fn text_is_read_without_the_rest_even_with_quotes_and_long_texts() {
        let mut a = rich_analysis("a1", "2025-07-10");
        // Earlier fields that look like the key, escapes, and a text longer
        // than one read of the stream.
        a.url = Some(r#"https://x.example/?q=,"text":"no""#.into());
        a.id = "id \\ with \"quotes\"".into();
        a.text = format!(
            "Er sagte: \"Ja\" \\ – ü ß 😀 ,\"text\":\"x\"\n{}",
            "Ein langer Satz. ".repeat(2000)
        );
        let blob = encode(&mut a.clone());
        assert_eq!(decode_text(&blob).unwrap(), a.text);
        assert_eq!(decode_text_whole(&blob).unwrap(), a.text);
        // A cut stream is an error or the whole-JSON path's error, never a panic.
        for cut in [2, blob.len() / 3, blob.len() - 1] {
            let _ = decode_text(&blob[..cut]);
        }
    }

    #[test]
    fn corrupt_rows_are_errors_not_panics() {
        let a = rich_analysis("a1", "2025-07-10");
        let blob = encode(&mut a.clone());
        for cut in [0, 1, 2, blob.len() / 2, blob.len() - 1] {
            assert!(decode(&blob[..cut]).is_err(), "cut at {cut}");
            // The text alone may be whole before the cut; it is never wrong.
            if let Ok(t) = decode_text(&blob[..cut]) {
                assert_eq!(t, a.text, "cut at {cut}");
            }
        }
        assert!(decode_text(&blob[..2]).is_err());
        assert!(decode(&[FORMAT_DEFLATE_TOKENS, 0xff, 0xff]).is_err());
        assert!(decode(&[7, 1, 2, 3]).is_err());
        // A huge token count in a tiny row is refused before allocating.
        let mut raw = Vec::new();
        put_varint(&mut raw, u64::MAX >> 1);
        let mut blob = vec![FORMAT_DEFLATE_TOKENS];
        let mut enc = DeflateEncoder::new(&mut blob, Compression::fast());
        enc.write_all(&raw).unwrap();
        enc.finish().unwrap();
        assert!(decode(&blob).is_err());
    }

    /// Format 2 reads rows with the dictionary as it was committed: an edit
    /// would make every stored row unreadable.
    #[test]
    fn the_dictionary_is_frozen() {
        assert_eq!(DICTIONARY.len(), 15867);
        assert_eq!(
            xxhash_rust::xxh3::xxh3_64(DICTIONARY),
            DICTIONARY_XXH3,
            "codec-dictionary-1.json changed: make a new file and format byte instead"
        );
        // An empty analysis round-trips too (the stream is mostly dictionary).
        let mut a = rich_analysis("a1", "2025-07-10");
        a.text.clear();
        a.tokens.clear();
        let blob = encode(&mut a.clone());
        assert_eq!(decode(&blob).unwrap(), a);
    }

    const DICTIONARY_XXH3: u64 = 17_033_041_275_136_057_174;

    /// Format 3 likewise; rows of formats 2 and 3 read back the same.
    #[test]
    fn the_second_dictionary_is_frozen_and_older_rows_read() {
        assert_eq!(DICTIONARY_2.len(), 32_000);
        assert!(DICTIONARY_2.ends_with(DICTIONARY));
        assert_eq!(
            xxhash_rust::xxh3::xxh3_64(DICTIONARY_2),
            DICTIONARY_2_XXH3,
            "codec-dictionary-2.txt changed: make a new file and format byte instead"
        );
        let a = rich_analysis("a1", "2025-07-10");
        let blob = format_3(&a);
        // The same raw bytes as a format-2 row.
        let raw = inflate_raw(&blob).unwrap();
        let mut c = CompressorOxide::new(create_comp_flags_from_zip_params(6, -15, 0));
        deflate_into(&mut c, DICTIONARY, TDEFLFlush::Sync, &mut Vec::new());
        let mut old = vec![FORMAT_DEFLATE_DICTIONARY];
        deflate_into(&mut c, &raw, TDEFLFlush::Finish, &mut old);
        assert_eq!(decode(&old).unwrap(), a);
        assert_eq!(decode_text(&old).unwrap(), a.text);
        assert_eq!(decode(&blob).unwrap(), a);
        assert_eq!(decode_text(&blob).unwrap(), a.text);
    }

    const DICTIONARY_2_XXH3: u64 = 4_961_109_573_331_648_736;

    /// Tokens as formats 1–3 wrote them: the count, then every token's gap
    /// and length.
    fn put_plain_tokens(raw: &mut Vec<u8>, tokens: &[[usize; 2]]) {
        put_varint(raw, tokens.len() as u64);
        let mut prev_end = 0i64;
        for &[start, end] in tokens {
            put_varint(raw, zigzag(start as i64 - prev_end));
            put_varint(raw, zigzag(end as i64 - start as i64));
            prev_end = end as i64;
        }
    }

    /// A row as format 3 wrote it: every token's gap and length, every text.
    fn format_3(a: &Analysis) -> Vec<u8> {
        let mut raw = Vec::new();
        put_plain_tokens(&mut raw, &a.tokens);
        let mut plain = a.clone();
        plain.tokens.clear();
        serde_json::to_writer(&mut raw, &plain).unwrap();
        let mut c = primed_compressor().clone();
        let mut out = vec![FORMAT_DEFLATE_DICTIONARY_2];
        deflate_into(&mut c, &raw, TDEFLFlush::Finish, &mut out);
        out
    }

    /// An analysis whose tokens and span texts are mostly, not all, what a
    /// plain reading of its text gives.
    fn tokenised(text: &str) -> Analysis {
        let mut a = rich_analysis("a1", "2025-07-10");
        a.text = text.to_string();
        let chars: Vec<char> = text.chars().collect();
        let mut tokens = Vec::new();
        let mut pos = 0;
        loop {
            let (s, mut e) = predicted_token(&chars, pos);
            if s >= chars.len() {
                break;
            }
            // "1." and "bzw." are one token each, as the tokenizer has them.
            if chars.get(e) == Some(&'.') && (chars[s].is_ascii_digit() || e - s == 3) {
                e += 1;
            }
            tokens.push([s, e]);
            pos = e;
        }
        // Two sentences that start and end at tokens, in two blocks.
        let k = tokens.len() / 2;
        if k > 0 {
            a.sentences = vec![
                depesche::schema::Sentence {
                    start: tokens[0][0],
                    end: tokens[k - 1][1],
                    block: 0,
                },
                depesche::schema::Sentence {
                    start: tokens[k][0],
                    end: tokens[tokens.len() - 1][1],
                    block: 1,
                },
            ];
        }
        a.tokens = tokens;
        for e in &mut a.entities {
            for m in &mut e.mentions {
                m.start = m.start.min(chars.len());
                m.end = m.end.clamp(m.start, chars.len());
                m.text = chars[m.start..m.end].iter().collect();
            }
        }
        a
    }

    #[test]
    fn format_4_predicts_tokens_and_leaves_out_span_texts() {
        let text = "Am 1. Mai sagte Lawrow bzw. sein Sprecher: „Wir   reden.“ 😀 Ende";
        let a = tokenised(text);
        assert!(a.tokens.len() > 10);
        let json = serde_json::to_string(&a).unwrap();
        let blob = encode(&mut a.clone());
        assert_eq!(blob[0], FORMAT_PREDICTED);
        let back = decode(&blob).unwrap();
        assert_eq!(back, a);
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        assert_eq!(decode_text(&blob).unwrap(), a.text);
        assert!(blob.len() < format_3(&a).len());
        // Most tokens are one zero byte.
        let raw = inflate_raw(&blob).unwrap();
        let mut pos = 0;
        let n = get_varint(&raw, &mut pos).unwrap();
        assert_eq!(n as usize, a.tokens.len());
        let zeros = raw[pos..pos + a.tokens.len()]
            .iter()
            .filter(|&&b| b == 0)
            .count();
        assert!(zeros * 2 > a.tokens.len(), "{zeros}");
        // The sentences are runs of tokens, not JSON.
        assert!(!String::from_utf8_lossy(&raw).contains("\"sentences\":[{"));
        // Sentences that do not end at a token stay in the JSON.
        let mut odd = a.clone();
        // (inside the first word: no token ends there)
        odd.sentences[0].end = odd.tokens[0][1] - 1;
        let blob = encode(&mut odd.clone());
        assert_eq!(decode(&blob).unwrap(), odd);
        assert!(String::from_utf8_lossy(&inflate_raw(&blob).unwrap()).contains("\"sentences\":[{"));
    }

    #[test]
    fn an_empty_text_at_a_span_keeps_every_text() {
        let rich = rich_analysis("a1", "2025-07-10").text;
        let mut a = tokenised(&rich);
        // A text that differs from the article's stays; an empty one at a
        // non-empty span would be ambiguous, so the row is format 3.
        a.quotes[0].text = "other words".into();
        let blob = encode(&mut a.clone());
        assert_eq!(blob[0], FORMAT_PREDICTED);
        assert_eq!(decode(&blob).unwrap(), a);
        a.entities[0].mentions[0].text.clear();
        assert!(a.entities[0].mentions[0].start < a.entities[0].mentions[0].end);
        let blob = encode(&mut a.clone());
        assert_eq!(blob[0], FORMAT_DEFLATE_DICTIONARY_2);
        assert_eq!(decode(&blob).unwrap(), a);
    }

    #[test]
    fn varints_and_zigzag_round_trip() {
        for v in [0i64, 1, -1, 63, -64, 1 << 40, -(1 << 40)] {
            let mut b = Vec::new();
            put_varint(&mut b, zigzag(v));
            let mut pos = 0;
            assert_eq!(unzigzag(get_varint(&b, &mut pos).unwrap()), v);
            assert_eq!(pos, b.len());
        }
    }
}
