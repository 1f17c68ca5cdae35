//! Names in running text that the tagger misses: party collectives ("die
//! Grünen"), "Frankfurt a. M.", and facilities and institutions written as
//! German compounds (streets, stadiums, museums, ministries).

use crate::ner::model::{
    begin_of, chunk_ends_at, chunk_of, inside_of, is_begin, label_type, LOC, MISC, ORG, PER,
};

use super::{is_name_word, set_span, Words};

/// "die Grünen", "CDU und Grüne", "die Sozialdemokraten", "Democrats have
/// …" → organisation, also where the tagger read a member's word (MISC); not
/// "Grüne Woche", "den Grünen Punkt" (a capitalised word follows).
pub(super) fn parties(w: &Words, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    for i in 0..tokens.len() {
        let misc_alone = labels[i] == begin_of(MISC) && chunk_ends_at(labels, i);
        if (labels[i] != 0 && !misc_alone)
            || !tokens[i].starts_with(char::is_uppercase)
            || !w.party_collectives.contains(tokens[i])
        {
            continue;
        }
        if tokens
            .get(i + 1)
            .is_some_and(|t| t.starts_with(char::is_uppercase))
        {
            continue;
        }
        set_span(labels, locked, i, i + 1, ORG);
    }
}

/// "Landesamt für Umwelt", "Bundesamt für Verfassungsschutz", "Ministerium
/// für Bildung und Forschung": an institution's remit is part of its name.
/// The end of the name whose head ends before `from` (`from` itself when no
/// remit follows); the remit's words are names the tagger left untagged.
pub(in crate::ner) fn remit_end(tokens: &[&str], labels: &[u8], from: usize) -> usize {
    let free_name =
        |k: usize| labels.get(k) == Some(&0) && tokens.get(k).is_some_and(|t| is_name_word(t));
    let mut end = from;
    if tokens.get(end) == Some(&"für") && free_name(end + 1) {
        end += 2;
        if tokens.get(end) == Some(&"und") && free_name(end + 1) {
            end += 2;
        }
    }
    end
}

/// "Mr. Trump", "Mrs. Clinton": the name after a courtesy title is a
/// person, the title no part of it (the tagger, trained on Reuters, reads
/// "Mr. Trump" of a New York Times story as one MISC or ORG chunk).
pub(super) fn honorifics(w: &Words, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    let mut i = 0;
    while i + 1 < tokens.len() {
        if !w.honorifics.contains(tokens[i]) || !is_name_word(tokens[i + 1]) {
            i += 1;
            continue;
        }
        let mut end = i + 2;
        while end < tokens.len()
            && is_name_word(tokens[end])
            && labels[end] != 0
            && !is_begin(labels[end])
        {
            end += 1;
        }
        // A chunk that ran into the title ("Despite Mr. Trump") was the
        // title's name read with the word before it: that word is no name.
        let (cs, _, _) = chunk_of(labels, i);
        labels[cs..i].fill(0);
        labels[i] = 0;
        set_span(labels, locked, i + 1, end, PER);
        i = end;
    }
}

/// "Sean Daniel Company", "Walter Frey Holding": names before a word that
/// ends a company's name are the company's, however the tagger read them (a
/// person), with that word.
pub(super) fn company_forms(w: &Words, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    for i in 1..tokens.len() {
        if !w.company_forms.contains(tokens[i]) || label_type(labels[i]) == Some(ORG) {
            continue;
        }
        // The chunk before, or up to three untagged name words.
        let start = if labels[i - 1] != 0 {
            chunk_of(labels, i - 1).0
        } else {
            let mut s = i;
            while s > 0 && i - s < 3 && labels[s - 1] == 0 && is_name_word(tokens[s - 1]) {
                s -= 1;
            }
            s
        };
        if start < i {
            set_span(labels, locked, start, i + 1, ORG);
        }
    }
}

/// "Holmdel, NJ", "Virginia Beach, VA": a town and its state's postal code
/// are two places, however the tagger read them (a person, an organisation).
pub(super) fn town_and_state(w: &Words, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    for c in 1..tokens.len().saturating_sub(1) {
        let code = tokens[c + 1];
        if tokens[c] != "," || !w.state_codes.contains(code) || !is_name_word(tokens[c - 1]) {
            continue;
        }
        // The state code ends its phrase ("Holmdel, NJ @ PNC", "Tampa, FL."):
        // not the start of a longer capitalised name.
        if tokens.get(c + 2).is_some_and(|t| is_name_word(t)) {
            continue;
        }
        // The town: the chunk that ends before the comma, or the one word.
        let (s, _, _) = chunk_of(labels, c - 1);
        set_span(labels, locked, s, c, LOC);
        set_span(labels, locked, c + 1, c + 2, LOC);
    }
}

/// "FRANKFURT A. M.", "Frankfurt a. M.": the place runs on over "a. M.".
pub(super) fn am_main(tokens: &[&str], labels: &mut [u8]) {
    for i in 1..tokens.len().saturating_sub(1) {
        if matches!(tokens[i], "a." | "A.")
            && tokens[i + 1] == "M."
            && label_type(labels[i - 1]) == Some(LOC)
            && labels[i] == 0
        {
            labels[i] = inside_of(LOC);
            labels[i + 1] = inside_of(LOC);
        }
    }
}

pub(super) fn facility_type(words: &Words, t: &str) -> Option<usize> {
    // Cheap rejections first: this runs for every token of every sentence.
    if t.len() < 6 || !t.starts_with(char::is_uppercase) {
        return None;
    }
    if !matches!(t.as_bytes()[t.len() - 1], b'e' | b'n' | b'm' | b't' | b's') {
        return None;
    }
    if words.common_facilities.contains(t) {
        return None;
    }
    // The word and its genitive ("Innenministeriums", "Landesamtes").
    for w in [Some(t), t.strip_suffix('s'), t.strip_suffix("es")]
        .into_iter()
        .flatten()
    {
        for (head, ty) in &words.facility_heads {
            let (head, ty) = (head.as_str(), *ty);
            if let Some(modifier) = strip_head(w, head) {
                let modifier = modifier.trim_end_matches('-');
                // The bare head is a common noun ("Straße", "Halle"), an office
                // word a name of its own ("Sozialamt").
                if modifier.chars().count() >= 2 || (head.ends_with("amt") && modifier.is_empty()) {
                    return Some(ty);
                }
            }
        }
    }
    None
}

/// `w` without the compound head `head` (lower-case, first letter ASCII), which
/// may be capitalised after a hyphen ("Michael-Stumpf-Straße") or open the word.
pub(super) fn strip_head<'w>(w: &'w str, head: &str) -> Option<&'w str> {
    let cut = w.len().checked_sub(head.len())?;
    if !w.is_char_boundary(cut) {
        return None;
    }
    let (modifier, tail) = w.split_at(cut);
    let (t, h) = (tail.as_bytes(), head.as_bytes());
    // Last bytes first: most heads fail there without a full comparison.
    (t[t.len() - 1] == h[h.len() - 1]
        && t[t.len() - 2] == h[h.len() - 2]
        && t[0].eq_ignore_ascii_case(&h[0])
        && t[1..] == h[1..])
        .then_some(modifier)
}

/// See the module note: compounds naming a street, stadium, museum, ministry,
/// prosecutor's office or adult-education college.
pub(super) fn facilities(w: &Words, tokens: &[&str], labels: &mut [u8], locked: &mut [bool]) {
    for i in 0..tokens.len() {
        let Some(ty) = facility_type(w, tokens[i]) else {
            continue;
        };
        // A street or hall the tagger typed otherwise is still a place; an
        // office inside a longer name ("Bundesamt für …") is left as tagged.
        let alone =
            labels[i] == 0 || (ty == LOC && is_begin(labels[i]) && chunk_ends_at(labels, i));
        if !alone {
            continue;
        }
        labels[i] = 0;
        if !chunk_ends_at(labels, i) {
            continue;
        }
        // "Eschersheimer Landstraße": a place adjective before it joins the name.
        let mut start = i;
        if i > 0
            && tokens[i - 1].ends_with("er")
            && is_name_word(tokens[i - 1])
            && labels[i - 1] == begin_of(MISC)
            && (i < 2 || labels[i - 2] == 0 || is_begin(labels[i - 1]))
        {
            start = i - 1;
        }
        let end = if ty == ORG {
            remit_end(tokens, labels, i + 1)
        } else {
            i + 1
        };
        set_span(labels, locked, start, end, ty);
    }
}

#[cfg(test)]
mod tests {
    use super::super::run;

    #[test]
    fn parties_and_am_main() {
        assert_eq!(
            run(
                "CDU und Grüne gegen den Grünen Punkt",
                &["B-ORG", "O", "O", "O", "O", "B-MISC", "I-MISC"]
            ),
            ["B-ORG", "O", "B-ORG", "O", "O", "B-MISC", "I-MISC"]
        );
        assert_eq!(
            run(
                "FRANKFURT A. M. , 23. August",
                &["B-LOC", "O", "O", "O", "O", "O"]
            ),
            ["B-LOC", "I-LOC", "I-LOC", "O", "O", "O"]
        );
    }

    #[test]
    fn party_members_name_the_party_at_a_sentence_start_too() {
        assert_eq!(
            run(
                "Grüne und FPÖ befürchten Verkehr",
                &["O", "O", "B-ORG", "O", "O"]
            ),
            ["B-ORG", "O", "B-ORG", "O", "O"]
        );
        assert_eq!(
            run("Democrats have condemned it", &["B-MISC", "O", "O", "O"]),
            ["B-ORG", "O", "O", "O"]
        );
    }

    #[test]
    fn a_courtesy_title_is_no_part_of_the_persons_name() {
        assert_eq!(
            run(
                "Despite Mr. Trump 's tariffs , Mrs. Clinton spoke",
                &["B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O", "B-MISC", "O"]
            ),
            ["O", "O", "B-PER", "O", "O", "O", "O", "B-PER", "O"]
        );
    }

    #[test]
    fn a_town_and_its_states_postal_code_are_places() {
        assert_eq!(
            run(
                "June 29 – Holmdel , NJ @ PNC Bank",
                &["O", "O", "O", "B-PER", "O", "B-ORG", "O", "B-ORG", "I-ORG"]
            ),
            ["O", "O", "O", "B-LOC", "O", "B-LOC", "O", "B-ORG", "I-ORG"]
        );
        // Not before a longer capitalised name.
        let tags = ["B-PER", "O", "B-ORG", "I-ORG"];
        assert_eq!(run("Smith , IN Capital", &tags), tags);
    }

    #[test]
    fn listed_places_and_districts() {
        assert_eq!(
            run(
                "im Main-Kinzig-Kreis und in Sachsen-Anhalt , nicht im Freundeskreis",
                &["O", "B-MISC", "O", "O", "B-MISC", "O", "O", "O", "O"]
            ),
            ["O", "B-LOC", "O", "O", "B-LOC", "O", "O", "O", "O"]
        );
    }

    #[test]
    fn named_facilities() {
        assert_eq!(
            run(
                "in der Eschersheimer Landstraße und im Innenministeriums",
                &["O", "O", "B-MISC", "O", "O", "O", "O"]
            ),
            ["O", "O", "B-LOC", "I-LOC", "O", "O", "B-ORG"]
        );
        assert_eq!(
            run(
                "das Sozialamt in der Stadthalle , nicht das Ehrenamt",
                &["O", "O", "O", "O", "O", "O", "O", "O", "O"]
            ),
            ["O", "B-ORG", "O", "O", "B-LOC", "O", "O", "O", "O"]
        );
        assert_eq!(
            run(
                "sagte er der FR und dem Magazin Der Spiegel",
                &["O", "O", "O", "O", "O", "O", "O", "O", "O"]
            ),
            ["O", "O", "O", "B-ORG", "O", "O", "O", "B-ORG", "I-ORG"]
        );
        assert_eq!(
            run(
                "des Bundesamts für Bildung und Forschung in Bonn",
                &["O", "O", "O", "O", "O", "O", "O", "B-LOC"]
            ),
            ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-LOC"]
        );
        // The bare head and road classes are common nouns.
        let tags = ["O", "O", "O", "O", "O"];
        assert_eq!(run("die Straße zur Bundesstraße hin", &tags), tags);
    }
}
