//! Events: who did what to whom, where and when, coded as PLOVER types with
//! the closest CAMEO code.
//!
//! Per body sentence, trigger patterns from the language's resource file
//! (`resources/{de,en}/events.txt`: verbs with separated particles, then nominalisations)
//! give a CAMEO code; the sentence's entities, country forms and agent nouns
//! give the actors (source before the trigger, target after it; a quote's
//! speaker for triggers inside the quote; all participants of a meeting);
//! a place entity after a place preposition gives the place; the sentence's
//! time expression, else the publication date, gives the date. Repeated
//! mentions of the same act in one article merge, keeping every evidence span.
//! Work per token is bounded (pattern gaps are at most [`lexicon::MAX_GAP`]
//! tokens), so long sentences and lists cost linear time.

pub mod lexicon;
#[cfg(test)]
mod tests;

use crate::lang::Lang;
use crate::schema::{
    Actor, Analysis, BlockKind, EntityType, Event, EventPlace, Evidence, Sentence, Span,
};
use crate::text::TextIndex;
use lexicon::{Elem, Lexicon, Pattern, MAX_GAP};

/// The events stage. Resources are parsed once per process.
#[derive(Debug, Default, Clone, Copy)]
pub struct EventFinder;

/// A possible actor in a sentence: where it stands and who it is.
#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    actor: Actor,
    /// A place entity after a place preposition ("in Genf"): where, not who.
    place: Option<EventPlace>,
    after_place_prep: bool,
    /// The preposition before it marks a conflict act's target ("auf die Ukraine").
    after_target_prep: bool,
    /// The entity's type, for entity mentions.
    kind: Option<EntityType>,
    /// The sentence token of a preposition governing it ("mit der
    /// Zeitung": no subject), and whether that marks a target ("gegen");
    /// set once all candidates are sorted (it reaches back to the one before).
    pp: Option<(usize, bool)>,
    /// Its first token in the sentence.
    tok: usize,
    /// The sector of an agent noun right before the name, its title
    /// ("Verteidiger X": JUD).
    title_sector: Option<String>,
}

impl EventFinder {
    pub fn new() -> Self {
        EventFinder
    }

    /// Find the events of an analysed article (entities, places, times and
    /// quotes must be there already).
    pub fn annotate(&self, a: &mut Analysis, ix: &TextIndex) {
        a.events = self.find(a, ix);
    }

    /// [`EventFinder::annotate`] for an article of language `lang`.
    pub fn annotate_lang(&self, a: &mut Analysis, ix: &TextIndex, lang: Lang) {
        a.events = self.find_lang(a, ix, lang);
    }

    pub fn find(&self, a: &Analysis, ix: &TextIndex) -> Vec<Event> {
        self.find_lang(a, ix, Lang::from_code(&a.lang))
    }

    /// [`EventFinder::find`] for an article of language `lang`.
    pub fn find_lang(&self, a: &Analysis, ix: &TextIndex, lang: Lang) -> Vec<Event> {
        let Some(lx) = Lexicon::get(lang) else {
            return Vec::new();
        };
        // Every entity mention, by start (the NER output is per entity).
        let mut mentions: Vec<(usize, usize, usize)> = Vec::new();
        for (ei, e) in a.entities.iter().enumerate() {
            if e.kind == EntityType::MISC {
                continue;
            }
            for m in &e.mentions {
                mentions.push((m.start, m.end, ei));
            }
        }
        mentions.sort_unstable();
        let mut events: Vec<Mention> = Vec::new();
        let mut cands_buf = Vec::new();
        let mut lower_buf: Vec<String> = Vec::new();
        let mut capital_buf: Vec<bool> = Vec::new();
        // Titles, teasers and subheadings restate what the body reports: their
        // events count only where the body reports them too (see `merge_repeats`).
        let has_paragraphs = a.blocks.iter().any(|b| b.kind == BlockKind::Paragraph);
        let mut segments: Vec<(Sentence, bool)> = Vec::new();
        for (si, sent) in a.sentences.iter().enumerate() {
            let Some(block) = a.blocks.get(sent.block).filter(|b| b.kind.is_body()) else {
                continue;
            };
            let headline = has_paragraphs && block.kind != BlockKind::Paragraph;
            dateline_segments(a, ix, lx, *sent, headline, &mut segments);
            for &(s, headline) in &segments {
                let t0 = a.tokens.partition_point(|t| t[0] < s.start);
                let t1 = a.tokens.partition_point(|t| t[0] < s.end);
                if t0 >= t1 {
                    continue;
                }
                let spans = &a.tokens[t0..t1];
                // The sentence's lower-cased tokens, in buffers kept from one
                // sentence to the next (an allocation per token was a third of
                // the stage's time).
                if lower_buf.len() < spans.len() {
                    lower_buf.resize_with(spans.len(), String::new);
                }
                capital_buf.clear();
                for (buf, t) in lower_buf.iter_mut().zip(spans) {
                    buf.clear();
                    let word = ix.slice(&a.text, Span::new(t[0], t[1]));
                    capital_buf.push(word.chars().next().is_some_and(char::is_uppercase));
                    crate::text::push_lowercase(buf, word);
                }
                let lower = &lower_buf[..spans.len()];
                let triggers = find_triggers(lx, lower, &capital_buf[..spans.len()]);
                if triggers.is_empty() {
                    continue;
                }
                candidates(
                    a,
                    ix,
                    lx,
                    &mentions,
                    spans,
                    lower,
                    s.start,
                    s.end,
                    &mut cands_buf,
                );
                let mut seen_types: Vec<&str> = Vec::new();
                // The last token of the latest verbal trigger that may take an
                // act as its content ("threatened to", "urged … to", "agreed
                // to"); triggers come in text order, so the latest is the nearest.
                let mut head: Option<usize> = None;
                // Deaths in an earthquake or a crash are no one's assault, nor
                // are roads blocked by a landslide a protest.
                let disaster = lower
                    .iter()
                    .any(|w| lx.disasters.iter().any(|d| d.matches(w)));
                for Trigger {
                    pattern: p,
                    toks,
                    noun,
                } in triggers
                {
                    let code = lx.patterns[p].code;
                    let first = toks.first().copied().unwrap_or(0);
                    // "threatened to impose a curfew", "urged Serbia to withdraw its
                    // troops", "agreed to a ceasefire": a material act right after a
                    // demand, threat, refusal, promise or accusation in its clause is
                    // what that says, not an act of its own.
                    let content = matches!(code.quad_class(), 2 | 4)
                        && head.is_some_and(|h| {
                            h < first
                                && first - h <= CONTENT_REACH
                                && !lower[h + 1..first].iter().any(|w| is_clause_boundary(w))
                        });
                    if CONTENT_HEADS.iter().any(|r| code.code.starts_with(r)) {
                        head = toks.last().copied();
                    }
                    // A protest's demand is the protest's ("staged demonstrations
                    // to demand reforms").
                    let protest_demand =
                        code.plover == "REQUEST" && seen_types.contains(&"PROTEST");
                    if content
                        || protest_demand
                        || seen_types.contains(&code.plover.as_str())
                        || disaster && code.quad_class() == 4
                    {
                        continue;
                    }
                    seen_types.push(&code.plover);
                    let trig: Vec<Span> = toks
                        .iter()
                        .map(|&k| Span::new(spans[k][0], spans[k][1]))
                        .collect();
                    let ev = build_event(
                        a,
                        ix,
                        lx,
                        (&lx.patterns[p], noun),
                        (si, s),
                        &trig,
                        &toks,
                        lower,
                        &cands_buf,
                        &mentions,
                    );
                    // Coded as another type (a crowd's demand is its protest,
                    // an act promised is an agreement): one of that type too.
                    if ev.kind != code.plover {
                        if seen_types.contains(&ev.kind.as_str()) {
                            continue;
                        }
                        if let Some(c) = lexicon::cameo_table().get(&ev.cameo) {
                            seen_types.push(&c.plover);
                        }
                    }
                    // A denied or refused act did not happen: CAMEO codes no
                    // negated events (and the hand-coded news have none).
                    if ev.negated
                        || conditional(lx, lower, toks.first().copied().unwrap_or(0))
                        || !noun && reduced_relative(lx, lower, &toks)
                        || greeting_or_speech_tag(a, lx, &ev, (lower, spans), &toks)
                    {
                        continue;
                    }
                    // "bei dem Treffen", "dem ersten Treffen": a nominalisation
                    // after a definite article takes up an act reported before.
                    let k = toks.first().copied().unwrap_or(0);
                    let anaphoric =
                        noun && (k.saturating_sub(2)..k).any(|j| lx.definite.contains(&lower[j]));
                    events.push(Mention {
                        event: ev,
                        anaphoric,
                        headline,
                    });
                }
            }
        }
        merge_repeats(events)
    }
}

/// An event as one sentence reports it, before repeats merge.
struct Mention {
    event: Event,
    /// A nominalisation after a definite article ("das Treffen"): it takes up
    /// an act reported before.
    anaphoric: bool,
    /// Reported in a title, teaser or subheading, or in a headline run
    /// together with the text ("… Stand: 25.11.2020 16:05 Uhr Ein …").
    headline: bool,
}

/// The parts of a sentence to search for events, each with whether it is a
/// headline: a dateline cue with a colon and a time stamp ("Stand: 25.11.2020
/// 16:05 Uhr", "Updated: Wednesday, 25 February, 2004, 16:03 GMT") inside a
/// sentence marks the words before it as a headline run together with the
/// text, the stamp as neither, and the words after it as text.
fn dateline_segments(
    a: &Analysis,
    ix: &TextIndex,
    lx: &Lexicon,
    s: Sentence,
    headline: bool,
    out: &mut Vec<(Sentence, bool)>,
) {
    out.clear();
    // No stamp without a time expression: most sentences end here.
    let tm0 = a.times.partition_point(|t| t.start < s.start);
    let times = &a.times[tm0..a.times.partition_point(|t| t.start < s.end)];
    if times.is_empty() || lx.dateline.is_empty() {
        out.push((s, headline));
        return;
    }
    let t0 = a.tokens.partition_point(|t| t[0] < s.start);
    let t1 = a.tokens.partition_point(|t| t[0] < s.end);
    let word = |k: usize| ix.slice(&a.text, Span::new(a.tokens[k][0], a.tokens[k][1]));
    // Only a cue that opens neither the sentence nor a long text: a headline
    // is short.
    for k in t0 + 1..t1.saturating_sub(2).min(t0 + DATELINE_REACH) {
        if word(k + 1) != ":" || !lx.dateline.iter().any(|c| c.eq_ignore_ascii_case(word(k))) {
            continue;
        }
        let colon_end = a.tokens[k + 1][1];
        // The stamp: time expressions from just after the colon, each at most
        // a few tokens after the one before ("…, 2004, 16:03 GMT").
        let mut end = None;
        let mut from = colon_end;
        for t in times.iter().filter(|t| t.start >= colon_end) {
            let gap = a.tokens[..t1].partition_point(|x| x[0] < t.start)
                - a.tokens[..t1].partition_point(|x| x[0] < from);
            if gap > 3 {
                break;
            }
            end = Some(t.end);
            from = t.end;
        }
        let Some(end) = end else {
            continue;
        };
        // A clock unit after the stamp ("GMT", "Uhr") belongs to it.
        let mut body = end;
        let next = a.tokens[..t1].partition_point(|x| x[0] < end);
        if next < t1 && lx.dateline_units.iter().any(|u| u == word(next)) {
            body = a.tokens[next][1];
        }
        out.push((
            Sentence {
                end: a.tokens[k - 1][1],
                ..s
            },
            true,
        ));
        if body < s.end {
            out.push((Sentence { start: body, ..s }, headline));
        }
        return;
    }
    out.push((s, headline));
}

/// PLOVER types whose modes are stages of one act: a crowd that marches,
/// blocks a road and riots holds one protest.
const ONE_ACT_MODES: [&str; 1] = ["PROTEST"];

/// How far apart two geocoded places of one act may lie (km): a street or a
/// building inside the city named before.
const SAME_PLACE_KM: f64 = 30.0;

/// Whether two places can be where one act happened: the same name, else
/// not in two countries and, both geocoded, near each other ("the Capitol"
/// in "Washington"; a street without coordinates in the city).
fn same_place(p: &EventPlace, q: &EventPlace) -> bool {
    if p.name == q.name {
        return true;
    }
    if p.country.is_some() && q.country.is_some() && p.country != q.country {
        return false;
    }
    match (p.lat.zip(p.lon), q.lat.zip(q.lon)) {
        (Some(a), Some(b)) => km(a, b) <= SAME_PLACE_KM,
        (None, None) => false,
        _ => p.country.is_some() && p.country == q.country,
    }
}

/// Great-circle distance in km between two (lat, lon) points.
fn km((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let h = ((p2 - p1) / 2.0).sin().powi(2)
        + p1.cos() * p2.cos() * ((lon2 - lon1).to_radians() / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().clamp(0.0, 1.0).asin()
}

/// PLOVER types whose definite nominalisation without an earlier report
/// ("dem Gipfel", "the killing") is still reported: summits and attacks are
/// often named only so.
const STORY_ACTS: [&str; 2] = ["CONSULT", "ASSAULT"];

/// The PLOVER mode of a phone call: another act than a meeting.
const PHONE: &str = "phone";

/// CAMEO "express intent to meet or negotiate": what a planned meeting is.
const INTENT_TO_MEET: &str = "036";

/// The CAMEO intent code of a cooperative material act by its root: to
/// cooperate (06 → 031), to give aid (07 → 033), to yield (08 → 035).
const INTENT_CODES: [(&str, &str); 3] = [("06", "031"), ("07", "033"), ("08", "035")];

/// The CAMEO threat of an announced conflictual act by its root: protest
/// (14 → 133), force (15, 18–20 → 138), reduced relations (16 → 131),
/// coercion (17 → 132).
const THREAT_CODES: [(&str, &str); 7] = [
    ("14", "133"),
    ("15", "138"),
    ("16", "131"),
    ("17", "132"),
    ("18", "138"),
    ("19", "138"),
    ("20", "138"),
];

/// CAMEO roots of verbal acts whose object may be another act: appeal (02),
/// intent (03), demand (10), disapprove (11), reject (12), threaten (13).
const CONTENT_HEADS: [&str; 6] = ["02", "03", "10", "11", "12", "13"];

/// How many tokens after such a verbal trigger an act is its content.
const CONTENT_REACH: usize = 5;

/// How many tokens before a trigger a cue of intention reaches ("is willing to").
const INTENT_REACH: usize = 4;

/// CAMEO "demonstrate or rally": a crowd's demand.
const CROWD_PROTEST: &str = "141";

/// The trigger at token `first` stands in a conditional clause ("if Russia
/// invades", "falls Russland angreift"): a conditional word at most the
/// language's reach before it, with no clause boundary between.
fn conditional(lx: &Lexicon, lower: &[String], first: usize) -> bool {
    lower[first.saturating_sub(lx.conditional_reach)..first]
        .iter()
        .rev()
        .take_while(|w| !is_clause_boundary(w))
        .any(|w| lx.conditional.contains(w))
}

/// "black Americans killed by police marched …": a participle followed by a
/// passive's agent, with no auxiliary (`[relative_aux]`) or clause boundary
/// in the three tokens before it, qualifies a noun — it says who was
/// affected, not what the sentence reports.
fn reduced_relative(lx: &Lexicon, lower: &[String], toks: &[usize]) -> bool {
    let (Some(&first), Some(&last)) = (toks.first(), toks.last()) else {
        return false;
    };
    !lx.relative_aux.is_empty()
        && first > 0
        && lower
            .get(last + 1)
            .is_some_and(|w| lx.agent_preps.contains(w))
        && !lower[first.saturating_sub(3)..first]
            .iter()
            .any(|w| lx.relative_aux.contains(w) || is_clause_boundary(w))
}

/// Punctuation that ends a clause or opens an aside: a negation or condition
/// does not reach across it ("verurteilt (nicht rechtskräftig)").
fn is_clause_boundary(w: &str) -> bool {
    matches!(w, "," | ";" | ":" | "–" | "—" | "(" | ")")
}

/// How many tokens into a sentence a dateline cue is looked for.
const DATELINE_REACH: usize = 40;

/// A trigger match in a sentence.
struct Trigger {
    pattern: usize,
    /// The matched token indices.
    toks: Vec<usize>,
    /// A nominalisation: from the `[nouns]` section, or a verb form after a
    /// determiner ("the killing").
    noun: bool,
}

/// Trigger matches of a sentence, verbs first; nominalisations only when
/// there is no verb trigger. A pattern without a code (`-:`) matches an idiom
/// that is no event ("im Gespräch mit", "was met with"): its words trigger
/// nothing else.
fn find_triggers(lx: &Lexicon, lower: &[String], capital: &[bool]) -> Vec<Trigger> {
    let mut verbs = Vec::new();
    let mut nouns = Vec::new();
    let mut used = vec![false; lower.len()];
    let mut cands = Vec::new();
    for i in 0..lower.len() {
        if used[i]
            || !lower[i]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '„' || c == '“')
        {
            continue;
        }
        lx.candidates(&lower[i], &mut cands);
        for &p in &cands {
            let pat = &lx.patterns[p];
            let mut toks = Vec::new();
            if !match_at(&pat.elems, 0, lower, i, &mut toks) || !context_ok(pat, lower) {
                continue;
            }
            for &k in &toks {
                used[k] = true;
            }
            if pat.blocks {
                break;
            }
            // German writes nouns with a capital: "des Beschuldigten", "das
            // Treffen" are no verbs (the sentence's first word aside; a line
            // with a noun and a verb, "Waffen ... zu liefern", has both).
            let capitalised = lx.verbs_lowercase
                && !pat.noun
                && i > 0
                && toks.iter().all(|&k| capital[k])
                && lower[i - 1]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if capitalised {
                for &k in &toks {
                    used[k] = false;
                }
                continue;
            }
            let nominal = i > 0 && lx.noun_determiners.contains(&lower[i - 1]);
            // "rescue workers", "a protest organizer": a noun before the noun
            // for who does it names the doer, not an act.
            let attribute = toks.len() == 1
                && lower
                    .get(i + 1)
                    .is_some_and(|w| lx.modifier_heads.iter().any(|h| h.matches(w)))
                && (pat.noun || nominal || lx.is_noun(&lower[i]));
            if attribute {
                break;
            }
            let t = Trigger {
                pattern: p,
                toks,
                noun: pat.noun || nominal,
            };
            if t.noun {
                nouns.push(t);
            } else {
                verbs.push(t);
            }
            break;
        }
    }
    if verbs.is_empty() {
        nouns
    } else {
        verbs
    }
}

/// Match `elems[k..]` starting at token `i`; pushes matched token indices.
fn match_at(elems: &[Elem], k: usize, lower: &[String], i: usize, out: &mut Vec<usize>) -> bool {
    let Some(e) = elems.get(k) else {
        return true;
    };
    if *e == Elem::Gap {
        let end = (i + MAX_GAP + 1).min(lower.len());
        for j in i..end {
            let mark = out.len();
            if match_at(elems, k + 1, lower, j, out) {
                return true;
            }
            out.truncate(mark);
        }
        return false;
    }
    if i >= lower.len() || !e.matches(&lower[i]) {
        return false;
    }
    out.push(i);
    if match_at(elems, k + 1, lower, i + 1, out) {
        true
    } else {
        out.pop();
        false
    }
}

fn context_ok(p: &Pattern, lower: &[String]) -> bool {
    (p.context.is_empty()
        || lower
            .iter()
            .any(|t| p.context.iter().any(|c| t.starts_with(c.as_str()))))
        && !lower.iter().any(|t| p.exclude.iter().any(|e| e.matches(t)))
}

/// The actors a sentence offers: entity mentions (with a country from their
/// place or a country form just before them), country forms on their own,
/// and agent nouns ("die Polizei") not inside a name.
#[allow(clippy::too_many_arguments)]
fn candidates(
    a: &Analysis,
    ix: &TextIndex,
    lx: &Lexicon,
    mentions: &[(usize, usize, usize)],
    spans: &[[usize; 2]],
    lower: &[String],
    s_start: usize,
    s_end: usize,
    out: &mut Vec<Candidate>,
) {
    out.clear();
    let tok_at = |c: usize| spans.partition_point(|t| t[0] < c);
    // A place preposition up to four tokens before a name ("in der
    // malaysischen Hauptstadt Kuala Lumpur"), not across an auxiliary or
    // adverb ("am Tag zuvor hatte Russland"); whether it is a target
    // preposition too ("auf die Ukraine").
    let prep_before = |start: usize| -> Option<bool> {
        let k = tok_at(start);
        for j in (k.saturating_sub(4)..k).rev() {
            let w = &lower[j];
            if lx.place_breaks.contains(w) || w == "," {
                return None;
            }
            if lx.place_preps.contains(w) || lx.target_preps.contains(w) {
                return Some(lx.target_preps.contains(w));
            }
        }
        None
    };
    let after_prep = |start: usize| prep_before(start).is_some();
    let m0 = mentions.partition_point(|m| m.0 < s_start);
    // Derived forms are in text order: the sentence's are found by binary
    // search, not by a scan of the article's (linear time on long texts).
    let d0 = a.derived.partition_point(|d| d.start < s_start);
    let derived: Vec<&crate::schema::Derived> = a.derived[d0..]
        .iter()
        .take_while(|d| d.start < s_end)
        .filter(|d| d.end <= s_end && d.country.is_some())
        .collect();
    let mut derived_used = vec![false; derived.len()];
    let mut covered: Vec<(usize, usize)> = Vec::new();
    for &(ms, me, ei) in mentions[m0..].iter().take_while(|m| m.0 < s_end) {
        if me > s_end {
            continue;
        }
        let e = &a.entities[ei];
        let place = e.place.and_then(|p| a.places.get(p));
        let mut country = place.and_then(|p| p.country.clone());
        if e.kind != EntityType::LOC {
            // A country form within two tokens before the name ("US-Außenminister
            // Marco Rubio", "russischen Außenminister Sergej Lawrow").
            let k = tok_at(ms);
            for (di, d) in derived.iter().enumerate() {
                let dk = tok_at(d.start);
                // Further back only through a title ("US Secretary of State X").
                let title = || {
                    (dk + 1..k).all(|j| {
                        lx.title_links.contains(&lower[j])
                            || ix_name(&a.text, ix, spans[j][0], spans[j][1])
                                .chars()
                                .next()
                                .is_some_and(char::is_uppercase)
                    })
                };
                if dk < k && (k - dk <= 3 || k - dk <= 5 && title()) {
                    country = d.country.clone();
                    derived_used[di] = true;
                }
            }
            // A one-word organisation that is also an agent noun ("Democrats",
            // "die Grünen") is of the country the article is about, as the
            // agent would be.
            let k1 = tok_at(me);
            if country.is_none()
                && e.kind == EntityType::ORG
                && k1 == k + 1
                && lx.agent(&lower[k]).is_some()
            {
                country = a.focus_country.clone();
            }
        }
        // "seine aus Vietnam stammende Frau": a place of origin qualifies a
        // noun; it neither acts nor is the scene.
        if let Some((prep, stems)) = lx.origin.split_first() {
            let (k0, k1) = (tok_at(ms), tok_at(me));
            if k0 > 0
                && lower[k0 - 1] == *prep
                && lower
                    .get(k1)
                    .is_some_and(|w| stems.iter().any(|s| w.starts_with(s.as_str())))
            {
                continue;
            }
        }
        covered.push((ms, me));
        let ap = after_prep(ms);
        out.push(Candidate {
            start: ms,
            end: me,
            actor: Actor {
                entity: Some(e.id.clone()),
                name: e.name.clone(),
                country,
                agent: None,
            },
            place: (e.kind == EntityType::LOC && ap)
                .then(|| {
                    place.map(|p| EventPlace {
                        entity: Some(e.id.clone()),
                        name: e.name.clone(),
                        country: p.country.clone(),
                        geonameid: p.geonameid,
                        lat: p.lat,
                        lon: p.lon,
                    })
                })
                .flatten(),
            after_place_prep: ap && e.kind == EntityType::LOC,
            after_target_prep: e.kind == EntityType::LOC && prep_before(ms) == Some(true),
            kind: Some(e.kind),
            pp: None,
            tok: tok_at(ms),
            title_sector: tok_at(ms)
                .checked_sub(1)
                .and_then(|j| lx.agent(&lower[j]))
                .map(str::to_string),
        });
    }
    // A country right before a person's title and name is the person's
    // country, not an actor of its own ("US Secretary of State Antony Blinken").
    let mut i = 0;
    while i + 1 < out.len() {
        let (c, p) = (&out[i], &out[i + 1]);
        let (k0, k1) = (tok_at(c.end), tok_at(p.start));
        // An organisation's name before a title is part of it too ("Fed
        // Chair Jerome Powell"), with at least the title word between.
        let leads = match c.kind {
            Some(EntityType::LOC) => c.actor.country.is_some(),
            Some(EntityType::ORG) => k1 > k0,
            _ => false,
        };
        let titles = leads
            && !c.after_place_prep
            && p.kind == Some(EntityType::PER)
            && k1 >= k0
            && k1 - k0 <= 4
            && (k0..k1).all(|j| {
                lx.title_links.contains(&lower[j])
                    || ix_name(&a.text, ix, spans[j][0], spans[j][1])
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
            });
        if titles {
            if out[i + 1].actor.country.is_none() {
                out[i + 1].actor.country = out[i].actor.country.clone();
            }
            out.remove(i);
        } else {
            i += 1;
        }
    }
    for (k, t) in lower.iter().enumerate() {
        let (ts, te) = (spans[k][0], spans[k][1]);
        if covered.iter().any(|&(s, e)| s < te && ts < e) {
            continue;
        }
        // An agent noun right before a name is that name's title ("Verteidiger X").
        let titles_name = spans
            .get(k + 1)
            .is_some_and(|n| covered.iter().any(|&(s, _)| s == n[0]));
        if let Some(sector) = lx.agent(t).filter(|_| !titles_name) {
            // An agent with a country form just before it ("die ukrainische
            // Armee") or a place just after it ("die Regierung in Kiew").
            let mut country = None;
            for (di, d) in derived.iter().enumerate() {
                let dk = tok_at(d.start);
                if dk < k && k - dk <= 2 {
                    country = d.country.clone();
                    derived_used[di] = true;
                }
            }
            if country.is_none() {
                if let Some(c) = out
                    .iter()
                    .find(|c| c.after_place_prep && c.start >= te && tok_at(c.start) <= k + 2)
                {
                    country = c.actor.country.clone();
                }
            }
            // Else the country the article is about: "the police", "the army"
            // of a story are that country's.
            if country.is_none() {
                country = a.focus_country.clone();
            }
            // "das Gericht" after "das Landgericht Bremen": the organisation
            // named before whose name holds the agent's word.
            let named = (t.chars().count() >= 5)
                .then(|| {
                    a.entities.iter().take(ENTITY_SCAN).find(|e| {
                        e.kind == EntityType::ORG
                            && e.mentions.first().is_some_and(|m| m.end <= ts)
                            && e.name.to_lowercase().contains(t.as_str())
                    })
                })
                .flatten();
            out.push(Candidate {
                start: ts,
                end: te,
                actor: Actor {
                    entity: named.map(|e| e.id.clone()),
                    name: named.map_or_else(|| ix_name(&a.text, ix, ts, te), |e| e.name.clone()),
                    country,
                    agent: Some(sector.to_string()),
                },
                place: None,
                after_place_prep: false,
                after_target_prep: false,
                kind: None,
                pp: None,
                tok: k,
                title_sector: None,
            });
        }
    }
    for (di, d) in derived.iter().enumerate() {
        if derived_used[di] || covered.iter().any(|&(s, e)| s < d.end && d.start < e) {
            continue;
        }
        // "an der ukrainischen Grenze", "on Russian soil": a place, not an actor.
        let place_like = lower
            .get(tok_at(d.end))
            .is_some_and(|w| lx.place_nouns.contains(w));
        out.push(Candidate {
            start: d.start,
            end: d.end,
            actor: Actor {
                entity: None,
                name: d.text.clone(),
                country: d.country.clone(),
                agent: None,
            },
            place: None,
            after_place_prep: place_like,
            after_target_prep: false,
            kind: None,
            pp: None,
            tok: tok_at(d.start),
            title_sector: None,
        });
    }
    out.sort_by_key(|c| c.start);
    // A name governed by a preposition ("mit der Zeitung", "with CNN") up
    // to four tokens before it, with no other actor, comma or auxiliary
    // between, is no subject.
    // (After sorting: the reach stops at the actor before, in text order.)
    let mut prev_end = 0;
    for c in out.iter_mut() {
        let k = c.tok;
        let from = k.saturating_sub(4).max(prev_end);
        c.pp = (from..k)
            .rev()
            .take_while(|&j| lower[j] != "," && !lx.place_breaks.contains(&lower[j]))
            .find_map(|j| {
                if lx.object_preps.contains(&lower[j]) {
                    Some((j, false))
                } else {
                    lx.target_preps.contains(&lower[j]).then_some((j, true))
                }
            });
        prev_end = prev_end.max(tok_at(c.end));
    }
}

/// The words of an agent token as written (through the text index: a walk
/// over the text's characters per agent was quadratic on long texts).
fn ix_name(text: &str, ix: &TextIndex, start: usize, end: usize) -> String {
    ix.slice(text, Span::new(start, end)).to_string()
}

#[allow(clippy::too_many_arguments)]
fn build_event(
    a: &Analysis,
    ix: &TextIndex,
    lx: &Lexicon,
    (pat, noun): (&Pattern, bool),
    (si, s): (usize, Sentence),
    trig: &[Span],
    toks: &[usize],
    lower: &[String],
    cands: &[Candidate],
    mentions: &[(usize, usize, usize)],
) -> Event {
    let code = pat.code;
    let t_start = trig.first().map_or(s.start, |t| t.start);
    let t_end = trig.last().map_or(s.start, |t| t.end);
    // A country after "auf"/"gegen" is a conflict act's target, not its place.
    let conflict = code.quad_class() >= 3;
    let as_target = |c: &Candidate| conflict && c.after_target_prep;
    // Governed by a preposition, the trigger not between ("Im Anschluss
    // warf X" is no phrase "im … X").
    let governed = |c: &Candidate| {
        c.pp.is_some_and(|(j, _)| !toks.iter().any(|&t| t > j && t < c.tok))
    };
    // Governed by a preposition that marks no target: no subject. The agent
    // of a passive ("von der Polizei festgenommen", "Lob kommt vom
    // Verband") is a subject after all.
    let in_pp = |c: &Candidate| {
        governed(c)
            && c.pp
                .is_some_and(|(j, target)| !target && !lx.agent_preps.contains(&lower[j]))
    };
    let actors: Vec<&Candidate> = cands
        .iter()
        .filter(|c| {
            (!c.after_place_prep || as_target(c))
                && !trig.iter().any(|t| c.start < t.end && t.start < c.end)
        })
        .collect();
    let mut source: Vec<Actor> = Vec::new();
    let mut target: Vec<Actor> = Vec::new();
    let symmetric = code.is_symmetric();
    let (first, last) = (
        toks.first().copied().unwrap_or(0),
        toks.last().copied().unwrap_or(0),
    );
    // A trigger inside a quote is the speaker's act.
    // Quotes are in text order; one containing the trigger starts before it
    // and, quotes not nesting, is among the last few that do.
    let q1 = a.quotes.partition_point(|q| q.start <= t_start);
    let speaker = a.quotes[q1.saturating_sub(8)..q1]
        .iter()
        .rev()
        .find(|q| q.start <= t_start && t_end <= q.end)
        .and_then(|q| q.speaker.as_deref())
        .and_then(|id| entity_by_id(a, id))
        .map(|e| Actor {
            entity: Some(e.id.clone()),
            name: e.name.clone(),
            country: None,
            agent: None,
        });
    if symmetric {
        // Participants are named actors and agents, not loose country forms.
        for c in actors
            .iter()
            .filter(|c| c.actor.entity.is_some() || c.actor.agent.is_some())
        {
            if !source.iter().any(|x| same_actor(x, &c.actor)) {
                source.push(c.actor.clone());
            }
        }
        // "Die beiden telefonierten …": the two persons named last (others
        // in the sentence stand in another clause).
        let persons = source
            .iter()
            .filter_map(|x| x.entity.as_deref().and_then(|id| entity_by_id(a, id)))
            .filter(|e| e.kind == EntityType::PER)
            .count();
        if persons < 2 && starts_with_phrase(lower, &lx.pair_pronouns) {
            source.clear();
            let m = mentions.partition_point(|m| m.0 < s.start);
            for &(_, _, ei) in mentions[..m].iter().rev() {
                let e = &a.entities[ei];
                if e.kind != EntityType::PER
                    || source.iter().any(|x| x.entity.as_deref() == Some(&e.id))
                {
                    continue;
                }
                source.push(entity_actor(e));
                if source.len() >= 2 {
                    break;
                }
            }
        }
    } else {
        let before: Vec<&&Candidate> = actors
            .iter()
            .filter(|c| c.end <= t_start && !as_target(c))
            .collect();
        // Objects follow the verb, also inside a gapped trigger ("warf der
        // Nato vor", "machte X schwere Vorwürfe").
        let verb_end = trig.first().map_or(t_end, |t| t.end);
        let after: Vec<&&Candidate> = actors.iter().filter(|c| c.start >= verb_end).collect();
        // The subject is the first actor before the trigger in its clause
        // (no comma between), else the sentence's first; inside a quote only
        // actors within the quote count, and without one the speaker acts.
        let quote = a.quotes[q1.saturating_sub(8)..q1]
            .iter()
            .rev()
            .find(|q| q.start <= t_start && t_end <= q.end)
            .map(|q| (q.start, q.end));
        let before: Vec<&&Candidate> = before
            .into_iter()
            .filter(|c| quote.is_none_or(|(qs, qe)| c.start >= qs && c.end <= qe))
            .collect();
        let comma_between = |c: &Candidate| {
            let (k0, k1) = (tok_index(a, c.end), tok_index(a, t_start));
            a.tokens[k0.min(k1)..k1]
                .iter()
                .any(|t| ix.slice(&a.text, Span::new(t[0], t[1])) == ",")
        };
        // "X meinte, dass er Y gratuliert habe": a subject pronoun opening
        // the trigger's clause is the person before the comma.
        let t0 = tok_index(a, s.start);
        let comma = (0..first).rev().find(|&j| lower[j] == ",");
        let clause_pronoun = comma.and_then(|cj| {
            let comma_at = a.tokens.get(t0 + cj)?[0];
            let pj = (cj + 1..first).find(|&j| lx.pronouns.contains(&lower[j]))?;
            let pron_at = a.tokens.get(t0 + pj)?[0];
            if before
                .iter()
                .any(|c| c.start > comma_at && c.start < pron_at)
            {
                return None;
            }
            before
                .iter()
                .find(|c| c.end <= comma_at && c.kind == Some(EntityType::PER))
                .map(|c| c.actor.clone())
        });
        // "if Russia invades Ukraine after massing troops": an -ing form after
        // a preposition hangs on the clause before, whose subject is the first
        // actor after the word that opens it.
        let adjunct_subject = (!lx.gerund_suffix.is_empty()
            && first > 0
            && lower[first].ends_with(lx.gerund_suffix.as_str())
            && lx.adjunct_preps.contains(&lower[first - 1]))
        .then(|| {
            (0..first - 1)
                .rev()
                .find(|&j| lx.clause_openers.contains(&lower[j]))
        })
        .flatten()
        .and_then(|opener| before.iter().find(|c| c.tok > opener && !in_pp(c)))
        .map(|c| c.actor.clone());
        if let Some(x) = adjunct_subject {
            source.push(x);
        } else if let Some(p) = clause_pronoun {
            source.push(p);
        } else if let Some(c) = before
            .iter()
            .find(|c| !comma_between(c) && !in_pp(c))
            .or_else(|| before.iter().find(|c| !in_pp(c)))
        {
            // A name governed by a preposition is no subject ("In einem
            // Interview mit der Zeitung hat X … kritisiert"), except the
            // agent of a passive ("von X"); a subject pronoun comes first
            // ("räumte er ein, seine aus X stammende Frau getötet zu haben").
            source.push(c.actor.clone());
        } else if let Some(sp) = speaker {
            source.push(sp);
        }
        // The entity the coreference stage linked to token `k` of this sentence.
        let coref_at = |k: usize| {
            let t = a.tokens.get(t0 + k)?;
            crate::coref::linked_entity(&a.coref, &a.entities, Span::new(t[0], t[1]))
        };
        // A subject pronoun before the trigger in the sentence's first clause
        // ("Er warf …", "Vor Gericht räumte er ein, … getötet zu haben").
        let subject_pronoun = (0..first)
            .take_while(|&j| lower[j] != ",")
            .find(|&j| lx.pronouns.contains(&lower[j]));
        if let Some(j) = subject_pronoun.filter(|_| source.is_empty()) {
            if let Some(e) = coref_at(j) {
                source.push(entity_actor(e));
            }
        }
        if source.is_empty() && subject_pronoun.is_some() {
            // "Er warf …" without a coreference link: the subject of the
            // sentence before, i.e. its first person, else the last person
            // named before this sentence.
            let prev_start = si.checked_sub(1).map_or(s.start, |p| a.sentences[p].start);
            let m = mentions.partition_point(|m| m.0 < s.start);
            let p0 = mentions.partition_point(|m| m.0 < prev_start);
            let is_per = |m: &&(usize, usize, usize)| a.entities[m.2].kind == EntityType::PER;
            if let Some(&(_, _, ei)) = mentions[p0..m]
                .iter()
                .find(is_per)
                .or_else(|| mentions[..m].iter().rev().find(is_per))
            {
                source.push(entity_actor(&a.entities[ei]));
            }
        }
        // Else a name in a prepositional phrase before the trigger may head
        // the subject after all ("Doctors from two American aid groups").
        if source.is_empty() {
            if let Some(c) = before.iter().find(|c| !comma_between(c)).or(before.first()) {
                source.push(c.actor.clone());
            }
        }
        // "warf ihm vor": an object pronoun among the trigger's words is the
        // target, the last other person named before the sentence.
        let pronoun_object = lower
            .get(first + 1..=(last.max(first + 1)).min(lower.len().saturating_sub(1)))
            .is_some_and(|ws| ws.iter().any(|w| lx.object_pronouns.contains(w)));
        if pronoun_object {
            let m = mentions.partition_point(|m| m.0 < s.start);
            if let Some(&(_, _, ei)) = mentions[..m].iter().rev().find(|m| {
                let e = &a.entities[m.2];
                e.kind == EntityType::PER
                    && !source.iter().any(|x| x.entity.as_deref() == Some(&e.id))
            }) {
                target.push(entity_actor(&a.entities[ei]));
            }
        }
        // German inversion puts the subject after the verb; where the subject
        // comes first (English) an actor after the trigger is its object
        // ("Helicopters flew in medical workers"), and the source only as a
        // passive's agent ("killed by police").
        let passive_agent = |c: &Candidate| {
            governed(c)
                && c.pp
                    .is_some_and(|(j, target)| !target && lx.agent_preps.contains(&lower[j]))
        };
        if source.is_empty() {
            let subject = if lx.subject_first {
                after.iter().find(|c| passive_agent(c))
            } else {
                after.iter().find(|c| !in_pp(c)).or(after.first())
            };
            if let Some(c) = subject {
                source.push(c.actor.clone());
            }
        }
        if source.is_empty() && code.plover == "COERCE" {
            // "Der Mann wurde festgenommen": the police named before arrested him.
            let k0 = tok_index(a, s.start);
            let mut w = String::new();
            for t in a.tokens[k0.saturating_sub(POLICE_REACH)..k0].iter().rev() {
                let word = ix.slice(&a.text, Span::new(t[0], t[1]));
                w.clear();
                w.extend(word.chars().flat_map(char::to_lowercase));
                if lx.agent(&w) == Some("COP") {
                    source.push(Actor {
                        entity: None,
                        name: word.to_string(),
                        country: None,
                        agent: Some("COP".to_string()),
                    });
                    break;
                }
            }
        }
        // (A name in a prepositional phrase may be the target: "aid to X",
        // "offered to hand over to X".)
        if let Some(c) = after
            .iter()
            .find(|c| !source.iter().any(|x| same_actor(x, &c.actor)))
            .filter(|_| target.is_empty())
        {
            target.push(c.actor.clone());
        }
        // A verb-final clause puts the object before the verb ("… die
        // Ukraine angegriffen"); a name in a prepositional phrase is none.
        if target.is_empty() {
            if let Some(c) = actors
                .iter()
                .find(|c| c.end <= t_start && !source.iter().any(|x| same_actor(x, &c.actor)))
            {
                target.push(c.actor.clone());
            }
        }
        // Prosecution and defence plead for a sentence before the court:
        // the article's court is the demand's target, not the other party
        // ("… hatte zwölf Jahre Haft gefordert, die Verteidigung acht").
        if code.plover == "REQUEST"
            && lower
                .iter()
                .any(|w| lx.court_pleas.iter().any(|p| p.matches(w)))
        {
            let party = |x: &Actor| {
                x.agent.as_deref() == Some(JUDICIARY)
                    || cands.iter().any(|c| {
                        same_actor(&c.actor, x) && c.title_sector.as_deref() == Some(JUDICIARY)
                    })
            };
            let is_court = |name: &str| {
                name.to_lowercase()
                    .split_whitespace()
                    .any(|w| lx.courts.iter().any(|p| p.matches(w)))
            };
            let pleads = source
                .first()
                .is_some_and(|x| party(x) && !is_court(&x.name));
            let addressed = target.iter().all(|x| party(x) && !is_court(&x.name));
            if pleads && addressed {
                if let Some(court) = a
                    .entities
                    .iter()
                    .take(ENTITY_SCAN)
                    .find(|e| e.kind == EntityType::ORG && is_court(&e.name))
                {
                    target = vec![entity_actor(court)];
                } else if let Some(word) = court_word_before(a, ix, lx, s.end) {
                    // A court no entity names ("vor dem Landgericht in X"):
                    // the nearest court word of the text so far.
                    target = vec![Actor {
                        entity: None,
                        name: word.to_string(),
                        country: None,
                        agent: Some(JUDICIARY.to_string()),
                    }];
                }
            }
        }
    }
    let place = cands
        .iter()
        .filter(|c| !as_target(c))
        .find_map(|c| c.place.clone());
    // A statement whose own sentence has no date may take it from the next
    // sentence when that quotes the same speaker ("Er warf ihm vor, … .
    // »…«, sagte er am Dienstag.").
    let quoted_next = || {
        let next = a.sentences.get(si + 1)?;
        let src = source.first()?.entity.as_deref()?;
        let q0 = a.quotes.partition_point(|q| q.start < next.start);
        a.quotes[q0..]
            .iter()
            .take_while(|q| q.start < next.end)
            .any(|q| q.speaker.as_deref() == Some(src))
            .then(|| sentence_date(a, next.start, next.end))
            .flatten()
    };
    let verbal = matches!(code.quad_class(), 1 | 3);
    let own_date = sentence_date(a, s.start, s.end);
    let (date, date_basis) = match own_date.or_else(|| verbal.then(quoted_next).flatten()) {
        Some(v) => (
            Some(v.split('T').next().unwrap_or(v).to_string()),
            Some("text".to_string()),
        ),
        None => match &a.published {
            Some(p) => (Some(p.clone()), Some("published".to_string())),
            None => (None, None),
        },
    };
    // A negation within five tokens before the trigger (or, where the
    // language puts it there, after it: "bedrohte die Ukraine nicht"), or
    // among its words ("griff … nicht an"), not across a clause boundary
    // ("warned that police will no longer …").
    let boundary = |w: &String| is_clause_boundary(w);
    let before = lower[first.saturating_sub(5)..first]
        .iter()
        .rev()
        .take_while(|w| !boundary(w))
        .any(|w| lx.negation.contains(w));
    // (Not the trigger's own first word: "refused" is a refusal, and
    // negates what follows it.)
    let inside = lower[(first + 1).min(lower.len())..=last.min(lower.len() - 1)]
        .iter()
        .any(|w| lx.negation.contains(w) || lx.negation_after.contains(w));
    let after = lower[(last + 1).min(lower.len())..(last + 6).min(lower.len())]
        .iter()
        .take_while(|w| !boundary(w))
        .any(|w| lx.negation_after.contains(w));
    let negated = before || inside || after;
    let clause = first.saturating_sub(6)..(last + 7).min(lower.len());
    // Planned or announced, or dated after the article was published.
    // (A statement's date may be that of what it asks for or announces:
    // "ruft für Montag zum Streik auf" is no planned call.)
    let future = (!verbal || code.code.starts_with("04"))
        && date_basis.as_deref() == Some("text")
        && date
            .as_deref()
            .zip(a.published.as_deref())
            .is_some_and(|(d, p)| d.len() >= 10 && d[..10] > *p);
    // A meeting or call that is scheduled, or dated after the article, is an
    // intent to meet (CAMEO 036); the general cues below ("soll", "wird")
    // also mark hearsay and the passive.
    let scheduled = future
        || lower[clause.clone()]
            .iter()
            .any(|w| lx.scheduled.contains(w));
    // "Er soll X getroffen haben": hearsay about a past act (a modal with a
    // perfect infinitive after the trigger, in its clause), not a plan.
    let perfect = lower[(last + 1).min(lower.len())..(last + PERFECT_REACH).min(lower.len())]
        .iter()
        .take_while(|w| !boundary(w))
        .any(|w| lx.perfect_aux.contains(w));
    // "wird … festgenommen": a passive auxiliary with a participle trigger
    // (ending in -t or with ge-) is the present passive of a real act, not
    // the future ("wird festgenommen werden" is).
    let participle = |w: &str| w.ends_with('t') || w.contains("ge");
    let present_passive = !lx.passive_aux.is_empty()
        && participle(&lower[last.min(lower.len() - 1)])
        && !lower
            .get(last + 1)
            .is_some_and(|w| lx.passive_aux.contains(w));
    // A material act after a cue of intention ("will release", "is willing
    // to withdraw its troops", "would boycott") has not happened yet: PLOVER
    // codes a cooperative one as the intent to act (AGREE) and a conflictual
    // one as a threat (THREATEN).
    let root = code.code.get(..2).and_then(|r| r.parse::<u8>().ok());
    let announced = code.quad_class() == 2 || root.is_some_and(|r| r >= 14);
    let intends = announced
        && !code.is_intent()
        && lower[first.saturating_sub(INTENT_REACH)..first]
            .iter()
            .rev()
            .take_while(|w| !boundary(w))
            .any(|w| lx.intent.contains(w) && !(present_passive && lx.passive_aux.contains(w)));
    let hypothetical = code.is_intent()
        || intends
        || scheduled
        || lower[clause].iter().any(|w| {
            lx.hypothetical.contains(w)
                && !(perfect && lx.hearsay.contains(w))
                && !(present_passive && lx.passive_aux.contains(w))
        });
    let table = lexicon::cameo_table();
    let code = match table.get(INTENT_TO_MEET) {
        Some(intent) if scheduled && code.code.starts_with("04") => intent,
        _ => code,
    };
    let code = match code.code.get(..2).and_then(|root| {
        INTENT_CODES
            .iter()
            .chain(&THREAT_CODES)
            .find(|(r, _)| *r == root)
            .and_then(|(_, c)| table.get(*c))
    }) {
        Some(intent) if intends => intent,
        _ => code,
    };
    // A crowd's demand is what it protests for ("protesters … demanding",
    // "gathering … to demand"): PLOVER codes the protest.
    let crowd = code.plover == "REQUEST"
        && source.first().is_some_and(|x| {
            x.agent.is_some() && lx.crowds.iter().any(|c| x.name.eq_ignore_ascii_case(c))
        });
    let code = match table.get(CROWD_PROTEST) {
        Some(protest) if crowd => protest,
        _ => code,
    };
    let mut confidence: f32 = if noun { 0.4 } else { 0.55 };
    if !source.is_empty() {
        confidence += 0.2;
    }
    if !target.is_empty() || symmetric && source.len() > 1 {
        confidence += 0.1;
    }
    Event {
        id: String::new(),
        kind: code.plover.clone(),
        mode: code.mode.clone(),
        cameo: code.code.clone(),
        quad_class: code.quad_class(),
        goldstein: code.goldstein,
        source,
        target,
        symmetric,
        place,
        date,
        date_basis,
        negated,
        hypothetical,
        evidence: vec![Evidence {
            start: s.start,
            end: s.end,
            text: ix.slice(&a.text, Span::new(s.start, s.end)).to_string(),
        }],
        trigger: trig.to_vec(),
        sentence: si,
        confidence: confidence.min(1.0),
        tone: None,
    }
}

/// Praise that is no support: a welcome word with a person as object
/// ("begrüßte den früheren Vorstandschef X": a greeting), or a praise verb
/// tagging a quote, with no one praised ("»…«, lobte der Trainer").
fn greeting_or_speech_tag(
    a: &Analysis,
    lx: &Lexicon,
    ev: &Event,
    (lower, spans): (&[String], &[[usize; 2]]),
    toks: &[usize],
) -> bool {
    if ev.kind != "SUPPORT" || !ev.cameo.starts_with("051") {
        return false;
    }
    let first = toks.first().copied().unwrap_or(0);
    // The object: a person named after the trigger in its clause (taken
    // for the source where the subject is no actor: "Der Bürgermeister
    // begrüßte X"), not as an owner ("welcomed the President's statement").
    let person_object = |x: &Actor| {
        let Some(e) = x.entity.as_deref().and_then(|id| entity_by_id(a, id)) else {
            return false;
        };
        e.kind == EntityType::PER
            && e.mentions.iter().any(|m| {
                let k0 = spans.partition_point(|t| t[0] < m.start);
                let k1 = spans.partition_point(|t| t[0] < m.end);
                // Between the verb and the name: an article ("den
                // früheren Präsidenten X"), no preposition ("den Vorschlag
                // von X") and no clause boundary; a name right after the
                // verb is its subject ("Daher begrüßt X den Vorschlag").
                let between = lower.get(first + 1..k0).unwrap_or(&[]);
                k0 > first
                    && k0 < lower.len()
                    && between.iter().any(|w| lx.definite.contains(w))
                    && !between
                        .iter()
                        .any(|w| is_clause_boundary(w) || lx.object_preps.contains(w))
                    && lower.get(k1).is_none_or(|w| !lx.possessive.contains(w))
            })
    };
    let greets = lx.greeting.iter().any(|g| g.matches(&lower[first]))
        && ev.target.iter().chain(&ev.source).any(person_object);
    let is_quote = |w: &str| matches!(w, "\"" | "“" | "”" | "„" | "»" | "«" | "'");
    let speech_tag = ev.target.is_empty()
        && first >= 2
        && matches!(
            (lower[first - 2].as_str(), lower[first - 1].as_str()),
            (q, ",") | (",", q) if is_quote(q)
        );
    greets || speech_tag
}

/// The nearest capitalised court word ("Landgericht") up to
/// [`POLICE_REACH`] tokens before code point `end`, as written.
fn court_word_before<'a>(
    a: &'a Analysis,
    ix: &TextIndex,
    lx: &Lexicon,
    end: usize,
) -> Option<&'a str> {
    let k = tok_index(a, end);
    let mut lower = String::new();
    a.tokens[k.saturating_sub(POLICE_REACH)..k]
        .iter()
        .rev()
        .find_map(|t| {
            let word = ix.slice(&a.text, Span::new(t[0], t[1]));
            if !word.chars().next().is_some_and(char::is_uppercase) {
                return None;
            }
            lower.clear();
            crate::text::push_lowercase(&mut lower, word);
            lx.courts.iter().any(|c| c.matches(&lower)).then_some(word)
        })
}

/// The first absolute DATE value of the time expressions in `start..end`.
fn sentence_date(a: &Analysis, start: usize, end: usize) -> Option<&str> {
    let tm0 = a.times.partition_point(|t| t.start < start);
    a.times[tm0..]
        .iter()
        .take_while(|t| t.start < end)
        .filter(|t| t.end <= end && t.kind == "DATE")
        .find_map(|t| {
            t.value
                .as_deref()
                .filter(|v| v.len() >= 4 && v.as_bytes()[..4].iter().all(u8::is_ascii_digit))
        })
}

/// A named entity as an actor (its country comes from the sentence, if at all).
fn entity_actor(e: &crate::schema::Entity) -> Actor {
    Actor {
        entity: Some(e.id.clone()),
        name: e.name.clone(),
        country: None,
        agent: None,
    }
}

/// The sentence starts with one of the phrases (lowercase, words split by spaces).
fn starts_with_phrase(lower: &[String], phrases: &[String]) -> bool {
    phrases.iter().any(|p| {
        let words: Vec<&str> = p.split_whitespace().collect();
        !words.is_empty()
            && lower.len() >= words.len()
            && words.iter().zip(lower).all(|(w, t)| *w == t.as_str())
    })
}

/// The index of the first token starting at or after code point `c`.
fn tok_index(a: &Analysis, c: usize) -> usize {
    a.tokens.partition_point(|t| t[0] < c)
}

fn same_actor(x: &Actor, y: &Actor) -> bool {
    match (&x.entity, &y.entity) {
        (Some(a), Some(b)) => a == b,
        _ => x.name == y.name,
    }
}

/// Whether two reports of an act can be one: either names no source, or an
/// actor of one is an actor of the other (agents by sector and country).
fn shares_actor(x: &Event, y: &Event) -> bool {
    if x.source.is_empty() || y.source.is_empty() {
        return true;
    }
    let keys = |e: &Event| {
        let mut k = actor_key(&e.source);
        k.extend(actor_key(&e.target));
        k
    };
    let kx = keys(x);
    keys(y).iter().any(|k| kx.contains(k))
}

/// Who acts, for merging repeats: an entity by id, an agent by its sector and
/// country ("Demonstranten" and "Protestierende" are one crowd), anything
/// else by its words.
fn actor_key(v: &[Actor]) -> Vec<String> {
    let mut k: Vec<String> = v
        .iter()
        .map(|x| match (&x.entity, &x.agent) {
            (Some(id), _) => id.clone(),
            (None, Some(sector)) => format!("@{sector}/{}", x.country.as_deref().unwrap_or("")),
            _ => x.name.to_lowercase(),
        })
        .collect();
    k.sort();
    k.dedup();
    k
}

/// One event per act: the same type between the same actors (at least a
/// source) merges into the first mention, which keeps every evidence span.
/// The entity with id `id`: ids are `e{n}` for the n-th entity, so no scan
/// is needed (a scan per event was quadratic on long texts).
fn entity_by_id<'a>(a: &'a Analysis, id: &str) -> Option<&'a crate::schema::Entity> {
    let by_index = id
        .strip_prefix('e')
        .and_then(|n| n.parse::<usize>().ok())
        .and_then(|n| a.entities.get(n.wrapping_sub(1)))
        .filter(|e| e.id == id);
    by_index.or_else(|| a.entities.iter().find(|e| e.id == id))
}

/// How many of an article's entities an agent noun is compared with.
const ENTITY_SCAN: usize = 500;

/// The Phoenix sector of courts, prosecution and defence.
const JUDICIARY: &str = "JUD";

/// How many tokens after a trigger a perfect infinitive's auxiliary may
/// stand ("entführt und ihn mehrere Tage lang misshandelt haben").
const PERFECT_REACH: usize = 9;

/// How many tokens before a passive arrest are searched for the police.
const POLICE_REACH: usize = 400;

/// How many earlier events a new one is compared with for merging.
const MERGE_WINDOW: usize = 300;

/// One event per act. Mentions come in text order; each merges into the first
/// earlier event it repeats, which keeps every evidence span:
/// - an anaphoric mention ("das Treffen") joins the first earlier event of its
///   type and mode whatever its actors, place or date;
/// - else the same type between the same actors (at least a source), or with
///   no source on one side, or a meeting sharing a participant — unless it
///   happened elsewhere, at another stated date, or in another mode;
/// - a headline mention (title, teaser, subheading) joins an earlier event of
///   its type with a shared actor, and so does the first such text mention,
///   which gives it its actors, place and date; a headline mention the text
///   never takes up is not reported.
fn merge_repeats(mentions: Vec<Mention>) -> Vec<Event> {
    // Events so far, each with whether only headlines report it yet.
    let mut out: Vec<(Event, bool)> = Vec::new();
    for Mention {
        event: ev,
        anaphoric,
        headline,
    } in mentions
    {
        let key = (actor_key(&ev.source), actor_key(&ev.target));
        // A later mention without a source ("das Treffen") takes up the act
        // of that type already reported; meetings merge on a shared participant.
        let shares = |o: &Event| {
            o.symmetric
                && ev.symmetric
                && o.source
                    .iter()
                    .any(|x| x.entity.is_some() && ev.source.iter().any(|y| same_actor(x, y)))
        };
        // The same act is reported again nearby: look back over the last
        // events only, so that a huge text stays linear.
        let from = out.len().saturating_sub(MERGE_WINDOW);
        // Another mode (a phone call, not a meeting), another place or
        // another stated date is another act.
        // A meeting without a mode may be the visit or the talks reported
        // with one, but not a phone call.
        let modes = |o: &Event| {
            o.mode == ev.mode
                || ONE_ACT_MODES.contains(&ev.kind.as_str())
                || (o.mode.is_none() || ev.mode.is_none())
                    && (!ev.symmetric
                        || o.mode.as_deref() != Some(PHONE) && ev.mode.as_deref() != Some(PHONE))
        };
        let compatible = |o: &Event| {
            modes(o)
                && match (&o.place, &ev.place) {
                    (Some(p), Some(q)) => same_place(p, q),
                    _ => true,
                }
                && (o.date_basis.as_deref() != Some("text")
                    || ev.date_basis.as_deref() != Some("text")
                    || o.date == ev.date)
        };
        // Targets agree when one report names none ("The protesters blocked
        // traffic" after "Protesters marched outside the Capitol"), else
        // when they share an actor.
        let targets = |o: &Event| {
            o.target.is_empty()
                || ev.target.is_empty()
                || actor_key(&o.target).iter().any(|k| key.1.contains(k))
        };
        let repeats = |o: &Event| {
            o.kind == ev.kind
                && o.negated == ev.negated
                && (anaphoric && modes(o)
                    || compatible(o)
                        && ((ev.source.is_empty() || o.source.is_empty()) && targets(o)
                            || shares(o)
                            || !key.0.is_empty() && actor_key(&o.source) == key.0 && targets(o)))
        };
        let same = out[from..]
            .iter()
            .position(|(o, head)| !head && repeats(o))
            .or_else(|| {
                // A headline's act: the first text mention of its type (a
                // later headline joins whatever event of its type came before).
                out[from..].iter().position(|(o, head)| {
                    (*head || headline)
                        && o.kind == ev.kind
                        && o.negated == ev.negated
                        && (anaphoric || shares_actor(o, &ev))
                })
            })
            .map(|i| from + i);
        match same {
            Some(i) => {
                let (o, head) = &mut out[i];
                if *head && !headline {
                    // The text names the act's actors, place and date; the
                    // headline only sums it up.
                    o.source = ev.source;
                    o.target = ev.target;
                    o.symmetric = ev.symmetric;
                    o.place = ev.place;
                    o.date = ev.date;
                    o.date_basis = ev.date_basis;
                    o.mode = ev.mode;
                    o.cameo = ev.cameo;
                    o.quad_class = ev.quad_class;
                    o.goldstein = ev.goldstein;
                    o.hypothetical = ev.hypothetical;
                    *head = false;
                } else {
                    if o.source.is_empty() {
                        // A bare mention first: the fuller report names the actors.
                        o.source = ev.source;
                        o.target = ev.target;
                    }
                    if o.date_basis.as_deref() != Some("text")
                        && ev.date_basis.as_deref() == Some("text")
                    {
                        o.date = ev.date;
                        o.date_basis = ev.date_basis;
                    }
                    if o.place.is_none() {
                        o.place = ev.place;
                    }
                }
                o.evidence.extend(ev.evidence);
                o.trigger.extend(ev.trigger);
                o.confidence = (o.confidence + 0.05).min(1.0);
            }
            // "zu den Vorwürfen", "the protests over his death": a definite
            // nominalisation takes up what the article does not report as
            // an act (background); only a definite meeting or attack ("dem
            // Gipfel", "the killing") is often the story's own act, reported
            // nowhere else.
            None if anaphoric && !STORY_ACTS.contains(&ev.kind.as_str()) => {}
            None => out.push((ev, headline)),
        }
    }
    let mut out: Vec<Event> = out
        .into_iter()
        .filter(|(_, head)| !head)
        .map(|(e, _)| e)
        .collect();
    for (i, e) in out.iter_mut().enumerate() {
        e.id = format!("v{}", i + 1);
    }
    out
}
