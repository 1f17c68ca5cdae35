//! Output writers: JSON, JSONL and a coloured human summary. They only read
//! `Analysis` values; they know nothing of how the pipeline works.

use std::io::{IsTerminal, Write};

use clap::ValueEnum;
use depesche::schema::{Analysis, BlockKind};

use crate::analyze::Format;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is unset.
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
}

impl<W: Write> Writer<W> {
    pub fn new(out: W, format: Format, color: ColorChoice) -> Self {
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        Writer {
            out,
            format,
            color,
            pending: None,
            count: 0,
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
        serde_json::to_writer(&mut self.out, a)?;
        self.out.write_all(b"\n")
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

fn clip(s: &str, n: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= n {
        one_line
    } else {
        let mut t: String = one_line.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
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
        st.bold(a.title.as_deref().unwrap_or("(no title)"))
    );
    let mut meta = vec![format!("id {}", a.id), format!("lang {}", a.lang)];
    if let Some(p) = &a.published {
        meta.push(format!("published {p}"));
    }
    if let Some(src) = &a.source {
        meta.push(format!("source {src}"));
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
        let _ = writeln!(s, "  {} {}", st.paint("32", "credit"), parts.join(" · "));
    }
    let _ = writeln!(s, "\n  {}", st.bold("structure"));
    for b in &a.blocks {
        let _ = writeln!(
            s,
            "  {} {}",
            st.kind(b.kind),
            clip(&slice(&a.text, b.start, b.end), 64)
        );
    }
    if !a.entities.is_empty() {
        let _ = writeln!(s, "\n  {}", st.bold("entities"));
        for e in &a.entities {
            let roles = if e.roles.is_empty() {
                String::new()
            } else {
                format!(" ({})", e.roles.join(", "))
            };
            let _ = writeln!(
                s,
                "  {:<5} {}{} {}",
                format!("{:?}", e.kind),
                st.bold(&e.name),
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
                p.name,
                p.country.as_deref().unwrap_or("–"),
                p.kind,
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
                t.kind,
                t.value.as_deref().unwrap_or("?")
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
                st.dim(&format!("{:<8}", q.kind)),
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
                e.cameo,
                e.kind,
                actor_names(&e.source),
                actor_names(&e.target)
            );
        }
    }
    for w in &a.input.warnings {
        let _ = writeln!(s, "  {} {w}", st.paint("33", "warning"));
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
