//! Decides which candidate lines (or outline nodes) are the questions of a document, from the
//! document's own rhythm rather than fixed counts. Every reader proposes candidates grouped in
//! families (`1.` lines, `Q1.` lines, `h3` headings, bold paragraphs…); this step picks the one
//! family whose members behave like questions:
//!
//! - they read as questions (`?`, `What …`, `Explain …`) or use a strong pattern (`Q1.`);
//! - they are followed by answer material rather than by their own siblings (an answer list's
//!   items sit next to each other);
//! - their numbering runs on through the document (1, 2, 3 … across answers) where an answer
//!   list's numbering restarts in every answer. The longest run-on chain (the spine) is found in
//!   one linear pass, so `1.` questions with `1.` lists inside their answers still separate.

use std::collections::HashMap;

use super::wording::{is_section_title, reads_as_question};

/// One unit of a document (a non-blank line, an outline node), in reading order.
#[derive(Debug, Clone)]
pub struct Unit<'a> {
    /// The question this unit could start, if any.
    pub candidate: Option<Candidate<'a>>,
    /// Whether the unit is answer material (prose, a list, code) when it is not a question.
    pub content: bool,
}

/// A unit that could start a question.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    /// The family it belongs to: a pattern name (`number-dot`) or node kind (`h3`, `bold`).
    pub family: &'static str,
    pub number: Option<u32>,
    pub text: &'a str,
    /// From a strong pattern (`Q1.`, `Question 1:`): a question whatever the rhythm says.
    pub strong: bool,
    /// A heading, term or list item with nested content: its shape alone says a section starts,
    /// so it may be a question without reading like one (`## Docker vs Kubernetes`).
    pub structural: bool,
}

/// Below this share of accepted members (of the spine, for numbered families) a family is
/// something else: an answer list, sub-headings.
const MIN_ACCEPTED_SHARE: f64 = 0.5;
/// Unnumbered `?` lines mark questions only in documents that are clearly question-and-answer:
/// at least this share of them are followed by an answer.
const MIN_UNNUMBERED_PROSE_SHARE: f64 = 0.75;

/// Share of a family's members that must ask, and be followed by an answer, for the family to be
/// a uniform run whose other members are questions too.
const UNIFORM_SHARE: f64 = 0.8;
/// Fewest members of a uniform run: two or three lines are no pattern.
const MIN_UNIFORM_MEMBERS: usize = 5;

/// The family name of problems written inside code fences (`read/outline.rs` proposes them).
pub const FENCE: &str = "fence";
/// Fewest fenced problems that make an article of them.
const MIN_FENCE_PROBLEMS: usize = 3;

/// The family name of lines that are questions only because they end with `?`.
const UNNUMBERED: &str = "unnumbered";

/// Returns, for every unit, whether it starts a question.
pub fn choose(units: &[Unit]) -> Vec<bool> {
    let mut families: Vec<(&'static str, Vec<usize>)> = Vec::new();
    for (i, unit) in units.iter().enumerate() {
        if let Some(candidate) = &unit.candidate {
            match families
                .iter_mut()
                .find(|(name, _)| *name == candidate.family)
            {
                Some((_, members)) => members.push(i),
                None => families.push((candidate.family, vec![i])),
            }
        }
    }
    // Questions run through the whole article; a definition list or sub-headings inside one
    // answer, however many, span a small part of it. Each score is weighed by that span.
    let span = |accepted: &[usize]| match (accepted.first(), accepted.last()) {
        (Some(first), Some(last)) => (last - first + 1) as f64 / units.len() as f64,
        _ => 0.0,
    };
    let mut judged: Vec<(f64, Vec<usize>)> = families
        .iter()
        .filter_map(|(family, members)| judge(units, family, members))
        .map(|(score, accepted)| (score * span(&accepted), accepted))
        .collect();
    // Highest score first; on a tie the family that appears first.
    judged.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut accepted = judged.first().map(|(_, a)| a.clone()).unwrap_or_default();
    // A numbered family whose every restart follows a member of another family lives inside
    // that family's answers (steps under each question): the outer family asks the questions.
    if let Some((_, outer)) = judged
        .iter()
        .skip(1)
        .find(|(_, other)| nested_in(units, &accepted, other))
    {
        accepted = outer.clone();
    }
    fill_numbering_gaps(units, &mut accepted);
    let mut chosen = vec![false; units.len()];
    let strong = |i: &usize| units[*i].candidate.as_ref().is_some_and(|c| c.strong);
    // A document that numbers its questions `Q1.` may set a few of them differently (a heading
    // here, a paragraph there): strong candidates of every family are questions too.
    let strong_document = accepted.iter().filter(|i| strong(i)).count() * 2 > accepted.len();
    for i in accepted {
        chosen[i] = true;
    }
    if strong_document {
        for (i, slot) in chosen.iter_mut().enumerate() {
            *slot |= strong(&i);
        }
    }
    chosen
}

/// Numbering runs on across layouts: when the chosen questions go 1, 3 and a candidate of another
/// family numbered 2 that reads as a question stands between them (a page that sets most
/// questions as headings and one as a bold line), it is a question too.
fn fill_numbering_gaps(units: &[Unit], accepted: &mut Vec<usize>) {
    let number = |i: usize| units[i].candidate.as_ref().and_then(|c| c.number);
    // Units are visited in order and each filled question is inserted at once, so a run of
    // them (`#### 40.`, `#### 41.`, then `## 42.`, `## 43.`) continues from the one before.
    for (i, unit) in units.iter().enumerate() {
        let Some(c) = &unit.candidate else { continue };
        let Some(n) = c.number else { continue };
        let at = accepted.partition_point(|&a| a < i);
        if accepted.get(at) == Some(&i) {
            continue;
        }
        let before = at.checked_sub(1).and_then(|k| number(accepted[k]));
        let after = accepted.get(at).and_then(|&a| number(a));
        let continues = before.and_then(|b| b.checked_add(1)) == Some(n);
        let leaves_room = after.is_none_or(|a| a > n);
        // A heading's shape says "section" even when its wording does not ask. The wording is
        // read last: most candidates (an answer's numbered steps) fit no gap.
        if continues && leaves_room && (c.structural || reads_as_question(c.text)) {
            accepted.insert(at, i);
        }
    }
}

/// Whether the numbering of `inner` restarts only after a member of `outer`: true when it
/// restarts at least once and every restart has an `outer` member between it and the `inner`
/// member before it.
fn nested_in(units: &[Unit], inner: &[usize], outer: &[usize]) -> bool {
    let number = |i: usize| units[i].candidate.as_ref().and_then(|c| c.number);
    let mut restarts = 0;
    for pair in inner.windows(2) {
        let (before, at) = (pair[0], pair[1]);
        let (Some(a), Some(b)) = (number(before), number(at)) else {
            continue;
        };
        if b > a {
            continue;
        }
        restarts += 1;
        let from = outer.partition_point(|&o| o <= before);
        if outer.get(from).is_none_or(|&o| o >= at) {
            return false;
        }
    }
    restarts > 0
}

/// Scores one family: `None` when it does not mark questions, else its score and the members
/// that are questions.
fn judge(units: &[Unit], family: &str, members: &[usize]) -> Option<(f64, Vec<usize>)> {
    let candidate = |i: usize| units[i].candidate.as_ref();
    let prose_after = |i: usize| {
        units.get(i + 1).is_some_and(|next| {
            next.content && next.candidate.as_ref().is_none_or(|c| c.family != family)
        })
    };
    let qlike: Vec<bool> = members
        .iter()
        .map(|&i| candidate(i).is_some_and(|c| reads_as_question(c.text)))
        .collect();
    let prose: Vec<bool> = members.iter().map(|&i| prose_after(i)).collect();
    // An answer list's items follow each other directly (`1. Build` then `2. Test`); a question
    // follows its predecessor's answer.
    let continues_list = |i: usize| {
        let number = candidate(i).and_then(|c| c.number);
        i.checked_sub(1)
            .and_then(|p| units[p].candidate.as_ref())
            .is_some_and(|c| {
                c.family == family
                    && c.number
                        .zip(number)
                        .is_some_and(|(a, b)| a.checked_add(1) == Some(b))
            })
    };
    let clean: Vec<bool> = members
        .iter()
        .zip(&prose)
        .map(|(&i, &p)| p && !continues_list(i))
        .collect();
    let spine = spine(units, members, &qlike, &prose, &clean);

    let numbered_members = members
        .iter()
        .filter(|&&i| candidate(i).is_some_and(|c| c.number.is_some()))
        .count();
    let mostly_numbered = numbered_members * 2 > members.len();
    // A family whose members nearly all ask and are nearly all followed by an answer is a uniform
    // run of questions: its few members worded otherwise are questions too.
    let asking = qlike.iter().filter(|&&q| q).count() as f64;
    let answered = prose.iter().filter(|&&p| p).count() as f64;
    let n = members.len() as f64;
    let uniform = members.len() >= MIN_UNIFORM_MEMBERS
        && asking >= UNIFORM_SHARE * n
        && answered >= UNIFORM_SHARE * n;
    // Problems written in code fences have no answer to follow them: being a prose problem in a
    // fence (the reader checks) is the whole test, when the article has a few of them.
    if family == FENCE && members.len() >= MIN_FENCE_PROBLEMS {
        return Some((members.len() as f64, members.to_vec()));
    }
    let mut accepted = Vec::new();
    let mut score = 0.0;
    for (k, &i) in members.iter().enumerate() {
        let Some(c) = candidate(i) else { continue };
        let text = c.text.trim_end();
        let weight = if c.strong {
            2.0
        } else if c.structural && spine[k] && clean[k] && !is_section_title(text) {
            // `#### 12. Command to list all services:` among `#### 11. How do you …?`: in a run of
            // numbered headings the markup and the numbering make the question, not the wording.
            if qlike[k] { 1.0 } else { 0.5 }
        } else if text.ends_with(':') || (is_section_title(text) && !qlike[k]) {
            0.0
        } else if qlike[k] {
            // Off the numbering spine, a question line must be followed by an answer and must not
            // be the last entry of a list of questions (a table of contents).
            let sibling_before = i
                .checked_sub(1)
                .and_then(|p| units[p].candidate.as_ref())
                .is_some_and(|p| p.family == family);
            let ends_list = continues_list(i) || (c.number.is_none() && sibling_before);
            if c.structural || spine[k] || (prose[k] && !ends_list) {
                1.0
            } else {
                0.0
            }
        } else if c.number.is_some() {
            if spine[k] && clean[k] { 0.5 } else { 0.0 }
        } else if c.structural && prose[k] && !mostly_numbered {
            // `## Docker vs Kubernetes`: a heading may ask without a question word, unless the
            // family numbers its questions and this one has no number (`### Example`).
            0.5
        } else if uniform && prose[k] && !mostly_numbered {
            // `**Precision-recall trade-off ⭐**` in a run of bold questions: the same markup,
            // followed by its answer like every other member.
            0.5
        } else {
            0.0
        };
        if weight > 0.0 {
            accepted.push(i);
            score += weight;
        }
    }
    if accepted.is_empty() {
        return None;
    }
    let spine_len = spine.iter().filter(|&&s| s).count();
    let base = spine_len + (members.len() - numbered_members);
    if (accepted.len() as f64) < MIN_ACCEPTED_SHARE * base as f64 {
        return None;
    }
    if family == UNNUMBERED {
        let with_prose = prose.iter().filter(|&&p| p).count();
        let clearly_qa = accepted.len() >= 2
            && with_prose as f64 >= MIN_UNNUMBERED_PROSE_SHARE * members.len() as f64;
        if !clearly_qa {
            return None;
        }
    }
    Some((score, accepted))
}

/// Most numbering chains looked for in one family (sections that restart their numbering).
const MAX_CHAINS: usize = 64;

/// Marks the members on the run-on numbering chains (each number one more than the last). The
/// best chain counts members that read as questions and are followed by answers higher; further
/// chains (an article whose sections each restart at 1) are kept when every member of them is
/// `clean`: followed by an answer, not sitting next to a sibling as list items do.
fn spine(
    units: &[Unit],
    members: &[usize],
    qlike: &[bool],
    prose: &[bool],
    clean: &[bool],
) -> Vec<bool> {
    let numbers: Vec<Option<u32>> = members
        .iter()
        .map(|&i| units[i].candidate.as_ref().and_then(|c| c.number))
        .collect();
    let weights: Vec<u32> = (0..members.len())
        .map(|k| 1 + 2 * u32::from(qlike[k]) + u32::from(prose[k]))
        .collect();
    let mut on_spine = vec![false; members.len()];
    let mut scratch = Chains::for_numbers(&numbers);
    for k in best_chain(&numbers, &weights, |_| true, &mut scratch) {
        on_spine[k] = true;
    }
    for _ in 0..MAX_CHAINS {
        let chain = best_chain(
            &numbers,
            &weights,
            |k| !on_spine[k] && clean[k],
            &mut scratch,
        );
        let starts_section = chain.first().is_some_and(|&k| numbers[k] == Some(1));
        if chain.len() < 2 || !starts_section {
            break;
        }
        for k in chain {
            on_spine[k] = true;
        }
    }
    on_spine
}

/// The heaviest chain of consecutive numbers among the members `usable` allows, found in one
/// linear pass: the best chain ending at each number is kept in a map.
fn best_chain(
    numbers: &[Option<u32>],
    weights: &[u32],
    usable: impl Fn(usize) -> bool,
    scratch: &mut Chains,
) -> Vec<usize> {
    let Chains { best_at, previous } = scratch;
    best_at.clear();
    // Only members visited below are followed back, and each is written before it is read: what
    // an earlier search left in the others is never looked at.
    previous.resize(numbers.len(), None);
    let mut end: Option<(u32, usize)> = None;
    for (k, number) in numbers.iter().enumerate() {
        let Some(number) = *number else { continue };
        if !usable(k) {
            continue;
        }
        // The number before, or, when no member has it, the one before that: one missing number
        // (a typo, a question set in another layout) does not break the run.
        let before = number
            .checked_sub(1)
            .and_then(|n| best_at.get(n))
            .or_else(|| {
                let skipped = number.checked_sub(1)?;
                if best_at.get(skipped).is_some() {
                    return None;
                }
                best_at.get(number.checked_sub(2)?)
            })
            .copied();
        let score = weights[k] + before.map_or(0, |(s, _)| s);
        previous[k] = before.map(|(_, j)| j);
        let slot = best_at.slot(number, k);
        if score >= slot.0 {
            *slot = (score, k);
        }
        if end.is_none_or(|(s, _)| score > s) {
            end = Some((score, k));
        }
    }
    let mut chain = Vec::new();
    let mut at = end.map(|(_, k)| k);
    while let Some(k) = at {
        chain.push(k);
        at = previous[k];
    }
    chain.reverse();
    chain
}

/// The map and links [`best_chain`] works in, kept from one search to the next: a family of
/// numbered steps is searched up to [`MAX_CHAINS`] times, and a fresh link per member each time
/// was most of its cost on long answers.
struct Chains {
    /// The best chain ending at each number: its weight and its last member.
    best_at: BestAt,
    /// Each visited member's predecessor on the best chain through it.
    previous: Vec<Option<usize>>,
}

impl Chains {
    /// Room for searches among members numbered `numbers`.
    fn for_numbers(numbers: &[Option<u32>]) -> Chains {
        let largest = numbers.iter().flatten().max().map_or(0, |&n| n as usize);
        let best_at = if largest <= DENSE_NUMBERS + 2 * numbers.len() {
            BestAt::Dense(vec![None; largest + 1])
        } else {
            BestAt::Sparse(HashMap::default())
        };
        Chains {
            best_at,
            previous: Vec::new(),
        }
    }
}

/// Numbers up to which (beyond twice the members) [`BestAt`] keeps a slot per number.
const DENSE_NUMBERS: usize = 1024;

/// The best chain ending at each number: a slot per number when the numbers are small, as a
/// bank's questions and an answer's steps are (no hashing, searched up to [`MAX_CHAINS`] times),
/// else a map (`Q2024.` in a short article).
enum BestAt {
    Dense(Vec<Option<(u32, usize)>>),
    Sparse(HashMap<u32, (u32, usize), BuildNumberHasher>),
}

impl BestAt {
    fn clear(&mut self) {
        match self {
            BestAt::Dense(slots) => slots.fill(None),
            BestAt::Sparse(map) => map.clear(),
        }
    }

    fn get(&self, number: u32) -> Option<&(u32, usize)> {
        match self {
            BestAt::Dense(slots) => slots.get(number as usize).and_then(Option::as_ref),
            BestAt::Sparse(map) => map.get(&number),
        }
    }

    /// The entry of `number`, made `(0, member)` when it has none yet.
    fn slot(&mut self, number: u32, member: usize) -> &mut (u32, usize) {
        match self {
            BestAt::Dense(slots) => {
                let at = number as usize;
                if at >= slots.len() {
                    slots.resize(at + 1, None);
                }
                slots[at].get_or_insert((0, member))
            }
            BestAt::Sparse(map) => map.entry(number).or_insert((0, member)),
        }
    }
}

/// Hashes question numbers for [`best_chain`], which looks each one up several times in every
/// pass: a multiplication instead of SipHash (the keys are numbers printed in the article, not
/// attacker-chosen keys worth the slower hash; a crafted page only costs collisions).
type BuildNumberHasher = std::hash::BuildHasherDefault<NumberHasher>;

/// Multiplicative hashing of a `u32` (other writes mix their bytes in the same way).
#[derive(Default)]
struct NumberHasher(u64);

impl std::hash::Hasher for NumberHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(u32::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(n)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn finish(&self) -> u64 {
        // The product's high half folded into the low bits the table indexes by: numbers that
        // differ only in their high bits (1024, 2048, 3072…) must not share a slot.
        self.0 ^ (self.0 >> 32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_found_with_a_slot_per_number_are_the_ones_the_map_finds() {
        // Restarts, a missing number, repeats, unnumbered members and one large number (still below
        // the dense bound).
        let numbers: Vec<Option<u32>> = [1, 2, 3, 1, 2, 4, 5, 0, 1, 1, 2, 3, 3, 4, 9, 10, 900, 6]
            .iter()
            .map(|&n| (n != 0).then_some(n))
            .collect();
        let weights: Vec<u32> = (0..numbers.len() as u32).map(|k| 1 + k % 3).collect();
        let dense = || Chains::for_numbers(&numbers);
        let sparse = || Chains {
            best_at: BestAt::Sparse(HashMap::default()),
            previous: Vec::new(),
        };
        assert!(matches!(dense().best_at, BestAt::Dense(_)));
        for skip in 0..numbers.len() {
            let usable = |k: usize| k != skip && k % 5 != 4;
            let (mut a, mut b) = (dense(), sparse());
            let first = best_chain(&numbers, &weights, usable, &mut a);
            assert_eq!(first, best_chain(&numbers, &weights, usable, &mut b));
            // A second search in the same scratch, as spine() runs them.
            let again = |k: usize| usable(k) && !first.contains(&k);
            assert_eq!(
                best_chain(&numbers, &weights, again, &mut a),
                best_chain(&numbers, &weights, again, &mut b)
            );
        }
    }

    /// Builds units from a compact description: `(family, number, text)` for candidates, `None`
    /// for answer prose.
    fn units<'a>(items: &[Option<(&'static str, Option<u32>, &'a str)>]) -> Vec<Unit<'a>> {
        items
            .iter()
            .map(|item| Unit {
                candidate: item.map(|(family, number, text)| Candidate {
                    family,
                    number,
                    text,
                    strong: false,
                    structural: family.starts_with('h'),
                }),
                content: item.is_none_or(|(family, _, _)| !family.starts_with('h')),
            })
            .collect()
    }

    fn picked(units: &[Unit]) -> Vec<usize> {
        choose(units)
            .iter()
            .enumerate()
            .filter(|(_, c)| **c)
            .map(|(i, _)| i)
            .collect()
    }

    const N: &str = "number-dot";

    #[test]
    fn numbered_questions_with_numbered_answer_lists_separate() {
        let u = units(&[
            Some((N, Some(1), "What are the steps?")),
            None,
            Some((N, Some(1), "Build")),
            Some((N, Some(2), "Test")),
            Some((N, Some(3), "Deploy")),
            Some((N, Some(2), "What is a test?")),
            None,
            Some((N, Some(1), "Unit")),
            Some((N, Some(2), "Integration")),
            Some((N, Some(3), "Explain deployment.")),
            None,
        ]);
        assert_eq!(picked(&u), vec![0, 5, 9]);
    }

    #[test]
    fn answer_lists_alone_are_not_questions() {
        let u = units(&[
            Some((UNNUMBERED, None, "What is CI?")),
            None,
            Some((N, Some(1), "Build")),
            Some((N, Some(2), "Test")),
            None,
            Some((UNNUMBERED, None, "What is CD?")),
            None,
            Some((N, Some(1), "Ship")),
            Some((N, Some(2), "Watch")),
            None,
        ]);
        assert_eq!(picked(&u), vec![0, 5]);
        let lists_only = units(&[
            None,
            Some((N, Some(1), "Build")),
            Some((N, Some(2), "Test")),
            None,
            Some((N, Some(1), "Ship")),
            Some((N, Some(2), "Watch")),
            None,
        ]);
        assert_eq!(picked(&lists_only), Vec::<usize>::new());
    }

    #[test]
    fn sections_that_restart_their_numbering_keep_every_question() {
        let u = units(&[
            Some((N, Some(1), "Continuous integration")),
            None,
            Some((N, Some(1), "Push small changes")),
            Some((N, Some(2), "Build and test them")),
            Some((N, Some(2), "Infrastructure as code")),
            None,
            Some((N, Some(1), "What is a canary release?")),
            None,
            Some((N, Some(2), "What is chaos engineering?")),
            None,
        ]);
        assert_eq!(picked(&u), vec![0, 4, 6, 8]);
    }

    #[test]
    fn explained_steps_inside_answers_stay_answers() {
        let u = units(&[
            Some((UNNUMBERED, None, "How do you deploy?")),
            None,
            Some((N, Some(1), "Build")),
            None,
            Some((N, Some(2), "Test")),
            None,
            Some((N, Some(3), "Ship")),
            None,
            Some((UNNUMBERED, None, "How do you roll back?")),
            None,
            Some((N, Some(1), "Find the last good build")),
            None,
            Some((N, Some(2), "Redeploy it")),
            None,
            Some((N, Some(3), "Check the metrics")),
            None,
        ]);
        assert_eq!(picked(&u), vec![0, 8]);
    }

    #[test]
    fn a_question_set_in_another_layout_fills_its_number() {
        let u = units(&[
            Some(("h3", Some(1), "What is Java?")),
            None,
            Some(("bold", Some(2), "What is the JVM?")),
            None,
            Some(("h3", Some(3), "What is the JDK?")),
            None,
            Some(("number-dot", Some(4), "What is next?")),
            None,
        ]);
        assert_eq!(picked(&u), vec![0, 2, 4, 6]);
        let u = units(&[
            Some(("h3", Some(1), "What is Java?")),
            Some(("number-dot", Some(2), "What happens then?")),
            None,
            Some(("h3", Some(2), "What is the JDK?")),
            None,
        ]);
        assert_eq!(picked(&u), vec![0, 3]);
    }

    #[test]
    fn a_table_of_contents_before_the_questions_is_not_a_question() {
        let u = units(&[
            Some((UNNUMBERED, None, "What is A?")),
            Some((UNNUMBERED, None, "What is B?")),
            None,
            Some((UNNUMBERED, None, "What is A?")),
            None,
            Some((UNNUMBERED, None, "What is B?")),
            None,
        ]);
        assert_eq!(picked(&u), vec![3, 5]);
        let u = units(&[
            Some((N, Some(1), "What is A?")),
            Some((N, Some(2), "What is B?")),
            None,
            Some((N, Some(1), "What is A?")),
            None,
            Some((N, Some(2), "What is B?")),
            None,
        ]);
        assert_eq!(picked(&u), vec![3, 5]);
    }

    #[test]
    fn many_terms_inside_one_answer_do_not_outweigh_the_questions() {
        let mut items = vec![
            Some(("h3", None, "What is HTTP?")),
            None,
            Some(("h3", None, "What are status codes?")),
            None,
        ];
        for _ in 0..8 {
            items.push(Some(("term", None, "Informational")));
            items.push(None);
        }
        items.extend([
            Some(("h3", None, "What is TLS?")),
            None,
            Some(("h3", None, "What is DNS?")),
            None,
        ]);
        let u: Vec<Unit> = units(&items)
            .into_iter()
            .map(|mut unit| {
                if let Some(c) = &mut unit.candidate {
                    c.structural = true;
                }
                unit
            })
            .collect();
        assert_eq!(picked(&u), vec![0, 2, 20, 22]);
    }

    #[test]
    fn one_rhetorical_question_does_not_make_a_qa_document() {
        let u = units(&[None, Some((UNNUMBERED, None, "Why does it matter?")), None]);
        assert_eq!(picked(&u), Vec::<usize>::new());
    }

    #[test]
    fn headings_pick_the_level_that_asks() {
        let u = units(&[
            Some(("h2", None, "Basic questions")),
            Some(("h3", None, "What is Docker?")),
            None,
            Some(("h4", None, "Example")),
            None,
            Some(("h3", None, "Docker vs VMs")),
            None,
            Some(("h2", None, "Conclusion")),
            None,
        ]);
        assert_eq!(picked(&u), vec![1, 5]);
    }
}
