//! Output writers: JSON, JSONL and a coloured human summary. They only read
//! `Analysis` values; they know nothing of how the pipeline works.

use std::io::{IsTerminal, Write};

use clap::ValueEnum;
use depesche::schema::{Analysis, BlockKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One article: an indented JSON object; several: JSONL.
    Json,
    /// One compact JSON object per line, always.
    Jsonl,
    /// A coloured human summary.
    Pretty,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is unset or empty.
    Auto,
    Always,
    Never,
}

/// Writes analyses in the chosen format. `json` prints a lone article as an
/// indented object and switches to JSONL as soon as a second one arrives.
pub struct Writer<W: Write> {
    out: W,
    format: Format,
    color: bool,
    pending: Option<Analysis>,
    count: usize,
    /// One article's JSON line, written in one piece: serde's many small
    /// writes straight into stdout's line buffer cost more than the
    /// serialisation itself, and a whole line per write keeps output prompt.
    line_buf: Vec<u8>,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W, format: Format, color: ColorChoice) -> Self {
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                // no-color.org: NO_COLOR set and not empty turns colour off.
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Writer {
            out,
            format,
            color,
            pending: None,
            count: 0,
            line_buf: Vec::new(),
        }
    }

    pub fn write(&mut self, a: &Analysis) -> std::io::Result<()> {
        self.count += 1;
        match self.format {
            Format::Jsonl => self.line(a),
            Format::Pretty => {
                let s = pretty(a, self.color);
                self.out.write_all(s.as_bytes())
            }
            Format::Json => {
                if self.count == 1 {
                    self.pending = Some(a.clone());
                    Ok(())
                } else {
                    if let Some(first) = self.pending.take() {
                        self.line(&first)?;
                    }
                    self.line(a)
                }
            }
        }
    }

    fn line(&mut self, a: &Analysis) -> std::io::Result<()> {
        self.line_buf.clear();
        serde_json::to_writer(&mut self.line_buf, a)?;
        self.line_buf.push(b'\n');
        self.out.write_all(&self.line_buf)
    }

    pub fn finish(&mut self) -> std::io::Result<()> {
        if let Some(a) = self.pending.take() {
            serde_json::to_writer_pretty(&mut self.out, &a)?;
            self.out.write_all(b"\n")?;
        }
        self.out.flush()
    }
}

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    fn kind(&self, k: BlockKind) -> String {
        let code = match k {
            BlockKind::Title => "1;36",
            BlockKind::Teaser => "36",
            BlockKind::Subheading => "1;34",
            BlockKind::Paragraph => "0",
            BlockKind::Furniture => "2;33",
            BlockKind::Caption => "35",
            BlockKind::Credit => "32",
        };
        self.paint(code, &format!("{:<10}", k.as_str()))
    }
}

/// Text from an article made safe for a terminal: control characters (ESC
/// and the rest of C0 and C1, DEL) and bidirectional overrides are shown as
/// escapes (`\x1b`, `\u{202e}`), so input can never move the cursor, recolour,
/// retitle the window or reorder what is shown. Tabs and line ends stay.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    let hostile = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(hostile) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !hostile(c) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    std::borrow::Cow::Owned(out)
}

fn clip(s: &str, n: usize) -> String {
    let s = visible(s);
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= n {
        one_line
    } else {
        let mut t: String = one_line.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Slices a text by code-point offsets that mostly come in order (blocks):
/// each slice walks on from the last one, so a long article with many blocks
/// costs one pass, not one pass per block.
struct CharCursor<'a> {
    text: &'a str,
    char_at: usize,
    byte_at: usize,
}

impl<'a> CharCursor<'a> {
    fn new(text: &'a str) -> Self {
        CharCursor {
            text,
            char_at: 0,
            byte_at: 0,
        }
    }

    /// The byte offset of code point `c` (the text's end when past it).
    fn byte(&mut self, c: usize) -> usize {
        if c < self.char_at {
            self.char_at = 0;
            self.byte_at = 0;
        }
        for (i, _) in self.text[self.byte_at..].char_indices() {
            if self.char_at == c {
                self.byte_at += i;
                return self.byte_at;
            }
            self.char_at += 1;
        }
        self.byte_at = self.text.len();
        self.byte_at
    }

    fn slice(&mut self, start: usize, end: usize) -> &'a str {
        let s = self.byte(start);
        let e = self.byte(end.max(start));
        &self.text[s..e]
    }
}

/// A human summary of one analysis: title, structure, and whatever layers exist.
pub fn pretty(a: &Analysis, color: bool) -> String {
    use std::fmt::Write as _;
    let st = Style { on: color };
    let mut s = String::new();
    let rule = "─".repeat(78);
    let _ = writeln!(s, "{}", st.dim(&rule));
    let _ = writeln!(
        s,
        "{} {}",
        st.bold("▌"),
        st.bold(&visible(a.title.as_deref().unwrap_or("(no title)")))
    );
    let mut meta = vec![
        format!("id {}", visible(&a.id)),
        format!("lang {}", visible(&a.lang)),
    ];
    if let Some(p) = &a.published {
        meta.push(format!("published {}", visible(p)));
    }
    if let Some(src) = &a.source {
        meta.push(format!("source {}", visible(src)));
    }
    meta.push(format!(
        "{} sentences, {} tokens",
        a.sentences.len(),
        a.tokens.len()
    ));
    let _ = writeln!(s, "  {}", st.dim(&meta.join(" · ")));
    if let Some(t) = &a.teaser {
        let _ = writeln!(s, "  {}", st.paint("3", &clip(t, 150)));
    }
    let c = &a.credit;
    if !c.is_empty() {
        let mut parts = Vec::new();
        if !c.agencies.is_empty() {
            parts.push(format!("agencies {}", c.agencies.join(", ")));
        }
        if !c.authors.is_empty() {
            parts.push(format!("authors {}", c.authors.join(", ")));
        }
        if !c.editors.is_empty() {
            parts.push(format!("editors {}", c.editors.join(", ")));
        }
        if let Some(d) = &c.dateline {
            parts.push(format!("dateline {d}"));
        }
        let _ = writeln!(
            s,
            "  {} {}",
            st.paint("32", "credit"),
            visible(&parts.join(" · "))
        );
    }
    let _ = writeln!(s, "\n  {}", st.bold("structure"));
    let mut cursor = CharCursor::new(&a.text);
    for b in &a.blocks {
        let _ = writeln!(
            s,
            "  {} {}",
            st.kind(b.kind),
            clip(cursor.slice(b.start, b.end), 64)
        );
    }
    if !a.entities.is_empty() {
        let _ = writeln!(s, "\n  {}", st.bold("entities"));
        for e in &a.entities {
            let roles = if e.roles.is_empty() {
                String::new()
            } else {
                format!(" ({})", visible(&e.roles.join(", ")))
            };
            let _ = writeln!(
                s,
                "  {:<5} {}{} {}",
                format!("{:?}", e.kind),
                st.bold(&visible(&e.name)),
                roles,
                st.dim(&format!("×{}", e.mentions.len()))
            );
        }
    }
    if !a.places.is_empty() {
        let _ = writeln!(s, "\n  {}", st.bold("places"));
        for p in &a.places {
            let coords = match (p.lat, p.lon) {
                (Some(la), Some(lo)) => format!("{la:.2}, {lo:.2}"),
                _ => String::new(),
            };
            let _ = writeln!(
                s,
                "  {:<24} {} {} {}",
                visible(&p.name),
                visible(p.country.as_deref().unwrap_or("–")),
                visible(&p.kind),
                st.dim(&coords)
            );
        }
    }
    if !a.times.is_empty() {
        let _ = writeln!(s, "\n  {}", st.bold("times"));
        for t in &a.times {
            let _ = writeln!(
                s,
                "  {:<28} {:<9} {}",
                clip(&t.text, 28),
                visible(&t.kind),
                visible(t.value.as_deref().unwrap_or("?"))
            );
        }
    }
    if !a.quotes.is_empty() {
        let _ = writeln!(s, "\n  {}", st.bold("quotes"));
        for q in &a.quotes {
            let who = q
                .speaker
                .as_deref()
                .map(|sp| {
                    a.entities
                        .iter()
                        .find(|e| e.id == sp)
                        .map(|e| e.name.clone())
                        .unwrap_or_else(|| sp.to_string())
                })
                .unwrap_or_else(|| "?".into());
            let _ = writeln!(
                s,
                "  {} {} {}",
                st.paint("35", &format!("{:<18}", clip(&who, 18))),
                st.dim(&format!("{:<8}", visible(&q.kind))),
                clip(&q.text, 60)
            );
        }
    }
    if !a.events.is_empty() {
        let _ = writeln!(s, "\n  {}", st.bold("events"));
        for e in &a.events {
            let _ = writeln!(
                s,
                "  {} {} {} → {}",
                visible(&e.cameo),
                visible(&e.kind),
                visible(&actor_names(&e.source)),
                visible(&actor_names(&e.target))
            );
        }
    }
    for w in &a.input.warnings {
        let _ = writeln!(s, "  {} {}", st.paint("33", "warning"), visible(w));
    }
    s
}

/// `A, B` for an event's actors, `?` when there are none.
fn actor_names(actors: &[depesche::schema::Actor]) -> String {
    if actors.is_empty() {
        return "?".into();
    }
    actors
        .iter()
        .map(|x| x.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
