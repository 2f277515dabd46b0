//! The arc-eager transition system of spaCy's dependency parser, for greedy decoding.
//!
//! A parse is a sequence of *moves* applied to a *state*. The state holds a stack and a
//! buffer of token indices, the head each token has been given so far and, per head, the
//! lists of its left and right dependents in the order they were attached. A move is one of
//! five kinds ([`Move`]): push the first buffer token onto the stack (`Shift`), pop the stack
//! (`Reduce`), attach the stack top to the first buffer token and pop it (`Left`), attach the
//! first buffer token to the stack top and push it (`Right`), or mark the second buffer token
//! as the start of a new sentence (`Break`). A *transition* or *class* ([`Action`]) is a move
//! together with a dependency label; the parser's network scores every class of [`Moves`] at
//! each step and the best-scoring class that is valid in the current state is applied.
//!
//! This module mirrors spaCy 3.8's `_state.pxd` (`StateC`), `arc_eager.pyx` (the move
//! classes' `is_valid` and `transition`, `set_annotations`), `transition_system.pyx`
//! (`initialize_actions`, which fixes the class order) and `transition_parser.pyx`
//! (`c_transition_batch`, `arg_max_if_valid`) closely, including their corner cases
//! (`Reduce` putting a headless token back on the buffer, the "unshiftable" marks, the
//! sentence-start checks), so that the same weights give the same trees as spaCy.

/// One of the five kinds of move of spaCy's arc-eager system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// Push B0 onto the stack.
    Shift,
    /// Pop S0; if S0 has no head and is not alone on the stack, it goes back to the buffer.
    Reduce,
    /// Attach S0 to B0 (replacing any head S0 had) and pop S0.
    Left,
    /// Attach B0 to S0 and push B0.
    Right,
    /// Mark B1 as the start of a sentence.
    Break,
}

impl Move {
    /// The move of spaCy's move number (the index into `MOVE_NAMES`).
    fn from_number(number: u8) -> Option<Move> {
        match number {
            0 => Some(Move::Shift),
            1 => Some(Move::Reduce),
            2 => Some(Move::Left),
            3 => Some(Move::Right),
            4 => Some(Move::Break),
            _ => None,
        }
    }

    fn letter(self) -> char {
        match self {
            Move::Shift => 'S',
            Move::Reduce => 'D',
            Move::Left => 'L',
            Move::Right => 'R',
            Move::Break => 'B',
        }
    }
}

/// A class the model scores: a move and its label index into `Moves::labels` (0 / unused for
/// Shift, Reduce).
///
/// For the model's Shift and Reduce classes the label is the empty string, which is
/// `labels[0]` whenever the first class has an empty label (spaCy's models always do).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Action {
    /// The kind of move.
    pub kind: Move,
    /// The label's index into [`Moves::labels`].
    pub label: u16,
}

/// The classes in the order of the model's output layer, and the label strings.
///
/// `labels` holds each distinct label string once, in order of first use by `actions`
/// (the empty label of `S`/`D` included).
pub struct Moves {
    /// The classes, in the order of the model's output layer.
    pub actions: Vec<Action>,
    /// The distinct label strings.
    pub labels: Vec<String>,
}

/// The label spaCy gives every token that ends up its own head (`TransitionSystem.root_label`).
pub const ROOT_LABEL: &str = "ROOT";

/// The label for which spaCy adds a validity condition to Left and Right (`SUBTOK_LABEL`).
const SUBTOK_LABEL: &str = "subtok";

impl Moves {
    /// From the JSON string stored under "moves" in the model's `parser/moves` file, e.g.
    /// `{"0":{"":25346},"1":{"":21810},"2":{"case":7318,...,"dep":0},"3":{...},"4":{"ROOT":2231}}`.
    ///
    /// The class order is spaCy's `TransitionSystem.initialize_actions`: moves in the order of
    /// their (string) keys; within a move, labels by decreasing (frequency, label); labels
    /// with a negative frequency are added after all others, by decreasing (frequency, label).
    ///
    /// # Errors
    ///
    /// A message when the text is not an object of objects of integers, or a move key is not
    /// one of spaCy's five move numbers.
    pub fn from_json(json: &str) -> Result<Moves, String> {
        let mut parser = JsonParser {
            text: json.as_bytes(),
            pos: 0,
        };
        let parsed = parser.moves_object()?;
        let mut by_move = Vec::with_capacity(parsed.len());
        for (key, labels) in parsed {
            let Ok(number) = key.trim().parse::<u8>() else {
                return Err(format!("bad move key {key:?}"));
            };
            by_move.push((key, number, labels));
        }
        // Python's `sorted(labels_by_action.items())` compares the JSON keys as strings.
        by_move.sort_by(|a, b| a.0.cmp(&b.0));
        let by_move: Vec<(u8, Vec<(String, i64)>)> = by_move
            .into_iter()
            .map(|(_, number, labels)| (number, labels))
            .collect();
        Moves::from_labels(&by_move)
    }

    /// From pre-parsed `(spaCy move number, [(label, frequency)])` pairs, the move numbers
    /// being 0 Shift, 1 Reduce, 2 Left, 3 Right, 4 Break, in the order spaCy iterates them
    /// (ascending keys; `from_json` sorts them).
    ///
    /// # Errors
    ///
    /// A message for a move number above 4, or more than 65536 distinct labels.
    pub fn from_labels(by_move: &[(u8, Vec<(String, i64)>)]) -> Result<Moves, String> {
        let mut moves = Moves {
            actions: Vec::new(),
            labels: Vec::new(),
        };
        let mut added_labels: Vec<(i64, String)> = Vec::new();
        let mut added_actions: Vec<(String, Vec<Move>)> = Vec::new();
        for (number, label_freqs) in by_move {
            let Some(kind) = Move::from_number(*number) else {
                return Err(format!("unknown move number {number} (spaCy's E019)"));
            };
            let mut sorted: Vec<(i64, &str)> = label_freqs
                .iter()
                .map(|(label, freq)| (*freq, label.as_str()))
                .collect();
            sorted.sort_by(|a, b| b.cmp(a));
            for (freq, label) in sorted {
                if freq < 0 {
                    added_labels.push((freq, label.to_string()));
                    match added_actions.iter_mut().find(|(l, _)| l == label) {
                        Some((_, kinds)) => kinds.push(kind),
                        None => added_actions.push((label.to_string(), vec![kind])),
                    }
                } else {
                    moves.add_action(kind, label)?;
                }
            }
        }
        added_labels.sort_by(|a, b| b.cmp(a));
        for (_, label) in &added_labels {
            if let Some((_, kinds)) = added_actions.iter().find(|(l, _)| l == label) {
                for &kind in kinds {
                    moves.add_action(kind, label)?;
                }
            }
        }
        Ok(moves)
    }

    /// spaCy's `add_action`: idempotent for a (move, label) pair already present.
    fn add_action(&mut self, kind: Move, label: &str) -> Result<(), String> {
        let index = match self.labels.iter().position(|l| l == label) {
            Some(index) => index,
            None => {
                self.labels.push(label.to_string());
                self.labels.len() - 1
            }
        };
        let label = u16::try_from(index).map_err(|_| "too many labels".to_string())?;
        let action = Action { kind, label };
        if !self.actions.contains(&action) {
            self.actions.push(action);
        }
        Ok(())
    }

    /// The class's name as spaCy's `get_class_name` spells it: "S", "D", "L-nsubj", "B-ROOT".
    pub fn name(&self, class: usize) -> String {
        let action = self.actions[class];
        let label = self.label(action);
        if label.is_empty() {
            action.kind.letter().to_string()
        } else {
            format!("{}-{}", action.kind.letter(), label)
        }
    }

    /// The label string of an action ("" for an index out of range).
    pub fn label(&self, action: Action) -> &str {
        label_str(&self.labels, action.label)
    }
}

/// A dependency arc as `StateC` stores it; `child == -1` marks a deleted entry.
#[derive(Clone, Copy, Debug)]
struct DepArc {
    head: i32,
    child: i32,
    label: u16,
}

/// The parser's state over a sentence of `n` tokens (token indices 0..n).
///
/// A port of spaCy's `StateC` for a doc without preset sentence starts or heads, parsed on
/// its own (offset 0).
pub struct State {
    length: usize,
    /// The head of each token, -1 while it has none.
    heads: Vec<i32>,
    /// The stack, top last.
    stack: Vec<i32>,
    /// Tokens put back on the buffer by `Reduce`, front of the buffer last.
    rebuffer: Vec<i32>,
    /// The first token of the buffer that has never been shifted.
    b_i: usize,
    /// Per head, its arcs to dependents on its left (`_left_arcs`), in order of attachment.
    left_arcs: Vec<Vec<DepArc>>,
    /// Per head, its arcs to dependents on its right (`_right_arcs`), in order of attachment.
    right_arcs: Vec<Vec<DepArc>>,
    /// Tokens `Reduce` put back on the buffer, which may not be shifted again (`_unshiftable`).
    unshiftable: Vec<bool>,
    /// Sentence starts set by `Break` (`_sent_starts`).
    sent_starts: Vec<bool>,
}

impl State {
    /// The initial state: every token in the buffer, the stack empty, no arcs.
    pub fn new(n: usize) -> State {
        State {
            length: n,
            heads: vec![-1; n],
            stack: Vec::new(),
            rebuffer: Vec::new(),
            b_i: 0,
            left_arcs: vec![Vec::new(); n],
            right_arcs: vec![Vec::new(); n],
            unshiftable: vec![false; n],
            sent_starts: vec![false; n],
        }
    }

    /// The 8 context tokens spaCy's `set_context_tokens(ids, 8)` gives: B0, B1, S0, S1, S2,
    /// L(B0,1), L(S0,1), R(S0,1); -1 where absent (no offset added: single sentence).
    pub fn context(&self) -> [i32; 8] {
        let b0 = self.b(0);
        let s0 = self.s(0);
        [
            b0,
            self.b(1),
            s0,
            self.s(1),
            self.s(2),
            self.l(b0, 1),
            self.l(s0, 1),
            self.r(s0, 1),
        ]
    }

    /// Whether parsing is over: the stack and the buffer are both empty.
    pub fn is_final(&self) -> bool {
        self.stack.is_empty() && self.buffer_length() == 0
    }

    /// Whether the move may be applied, as spaCy's `set_valid` decides for a class whose label
    /// is not "subtok" (see [`State::is_valid_class`] for that one).
    pub fn is_valid(&self, action: Action) -> bool {
        match action.kind {
            // `Shift`: always when the stack is empty; otherwise not for the last buffer token,
            // a sentence start, or a token `Reduce` put back.
            Move::Shift => {
                let b0 = self.b(0);
                let blocked = self.is_sent_start(b0) || self.is_unshiftable(b0);
                self.stack.is_empty() || (self.buffer_length() >= 2 && !blocked)
            }
            // `Reduce`: always when the buffer is empty; not with one token on the stack if B0
            // may not start a sentence.
            Move::Reduce => {
                let last = self.stack.len() == 1 && self.cannot_sent_start(self.b(0));
                !self.stack.is_empty() && (self.buffer_length() == 0 || !last)
            }
            Move::Left | Move::Right => {
                let both = !self.stack.is_empty() && self.buffer_length() != 0;
                both && !self.is_sent_start(self.b(0))
            }
            Move::Break => {
                self.buffer_length() >= 2
                    && self.b(1) == self.b(0) + 1
                    && !self.is_sent_start(self.b(1))
                    && !self.cannot_sent_start(self.b(1))
            }
        }
    }

    /// Validity of class `class` of `moves`, including spaCy's extra condition on the
    /// "subtok" label (its arcs only join adjacent tokens S0 = B0 - 1).
    pub fn is_valid_class(&self, moves: &Moves, class: usize) -> bool {
        let action = moves.actions[class];
        let subtok = moves.label(action) == SUBTOK_LABEL;
        if subtok && matches!(action.kind, Move::Left | Move::Right) {
            self.is_valid(action) && self.s(0) == self.b(0) - 1
        } else {
            self.is_valid(action)
        }
    }

    /// spaCy's `arg_max_if_valid`: the first valid class with the highest score, `None` when
    /// no class is valid. `scores` has one entry per class of `moves`.
    pub fn best_valid(&self, moves: &Moves, scores: &[f32]) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (class, &score) in scores.iter().enumerate().take(moves.actions.len()) {
            if self.is_valid_class(moves, class) && best.is_none_or(|b| score > scores[b]) {
                best = Some(class);
            }
        }
        best
    }

    /// Applies a valid action (an invalid one may panic or leave a state spaCy never reaches).
    pub fn apply(&mut self, action: Action) {
        debug_assert!(self.is_valid(action), "invalid action {action:?}");
        match action.kind {
            Move::Shift => self.push(),
            Move::Reduce => {
                if self.has_head(self.s(0)) || self.stack.len() == 1 {
                    self.stack.pop();
                } else {
                    self.unshift();
                }
            }
            Move::Left => {
                let (b0, s0) = (self.b(0), self.s(0));
                self.add_arc(b0, s0, action.label);
                // spaCy's `set_reshiftable(B0)`: changing the stack lifts B0's mark.
                set_flag(&mut self.unshiftable, b0, false);
                self.stack.pop();
            }
            Move::Right => {
                let (s0, b0) = (self.s(0), self.b(0));
                self.add_arc(s0, b0, action.label);
                self.push();
            }
            Move::Break => {
                let b1 = self.b(1);
                set_flag(&mut self.sent_starts, b1, true);
            }
        }
    }

    /// spaCy's `force_final`, applied when no class is valid: empties the stack and the
    /// never-shifted part of the buffer (like spaCy, not the rebuffered tokens). Without preset
    /// sentence starts some class is always valid, so this is never reached in practice.
    pub fn force_final(&mut self) {
        self.stack.clear();
        self.b_i = self.length;
    }

    /// After the last move, as spaCy finalises a doc: each token's head index (a root is its own
    /// head) and label string. The label is that of the token's arc, and [`ROOT_LABEL`]
    /// ("ROOT") for every token that is its own head, which includes tokens the moves left
    /// without head (spaCy's `set_annotations` leaves their head offset at 0).
    pub fn finish(self, moves: &Moves) -> Vec<(usize, String)> {
        let mut result: Vec<(usize, Option<u16>)> = (0..self.length).map(|i| (i, None)).collect();
        // `set_annotations` walks `_left_arcs` then `_right_arcs`; a token has at most one live
        // arc (see `del_arc`), so the order of heads within each map does not matter.
        for arcs in self.left_arcs.iter().chain(self.right_arcs.iter()) {
            for arc in arcs {
                let (Ok(head), Ok(child)) = (index(arc.head), index(arc.child)) else {
                    continue;
                };
                if child < self.length {
                    result[child] = (head, Some(arc.label));
                }
            }
        }
        result
            .into_iter()
            .enumerate()
            .map(|(i, (head, label))| match label {
                Some(label) if head != i => {
                    let label = label_str(&moves.labels, label);
                    (head, label.to_string())
                }
                _ => (i, ROOT_LABEL.to_string()),
            })
            .collect()
    }

    /// The number of tokens on the stack.
    pub fn stack_depth(&self) -> usize {
        self.stack.len()
    }

    /// The number of tokens in the buffer (rebuffered ones included).
    pub fn buffer_length(&self) -> usize {
        (self.length - self.b_i.min(self.length)) + self.rebuffer.len()
    }

    /// The head given to `token` so far, -1 for none.
    pub fn head(&self, token: usize) -> i32 {
        self.heads.get(token).copied().unwrap_or(-1)
    }

    /// `S(i)`: the i-th token from the top of the stack, -1 if none.
    fn s(&self, i: usize) -> i32 {
        if i >= self.stack.len() {
            -1
        } else {
            self.stack[self.stack.len() - 1 - i]
        }
    }

    /// `B(i)`: the i-th token of the buffer (rebuffered tokens first), -1 if none.
    fn b(&self, i: usize) -> i32 {
        if i < self.rebuffer.len() {
            self.rebuffer[self.rebuffer.len() - 1 - i]
        } else {
            let b_i = self.b_i + (i - self.rebuffer.len());
            if b_i >= self.length {
                -1
            } else {
                to_i32(b_i)
            }
        }
    }

    /// `nth_child`: the idx-th most recently attached live dependent of `head` in `arcs`.
    fn nth_child(arcs: &[Vec<DepArc>], head: i32, idx: usize) -> i32 {
        if idx < 1 {
            return -1;
        }
        let Some(list) = usize::try_from(head).ok().and_then(|h| arcs.get(h)) else {
            return -1;
        };
        list.iter()
            .rev()
            .filter(|arc| arc.child != -1)
            .nth(idx - 1)
            .map_or(-1, |arc| arc.child)
    }

    /// `L(head, idx)`.
    fn l(&self, head: i32, idx: usize) -> i32 {
        State::nth_child(&self.left_arcs, head, idx)
    }

    /// `R(head, idx)`.
    fn r(&self, head: i32, idx: usize) -> i32 {
        State::nth_child(&self.right_arcs, head, idx)
    }

    fn has_head(&self, token: i32) -> bool {
        usize::try_from(token)
            .ok()
            .and_then(|t| self.heads.get(t))
            .is_some_and(|&h| h >= 0)
    }

    /// `is_sent_start`: the doc's own `sent_start == 1` (spaCy's tokenizer sets it on token 0
    /// only) or a start set by `Break`.
    fn is_sent_start(&self, word: i32) -> bool {
        match usize::try_from(word) {
            Ok(w) if w < self.length => w == 0 || self.sent_starts[w],
            _ => false,
        }
    }

    /// `cannot_sent_start`: the doc's `sent_start == -1`, which a doc without preset sentence
    /// boundaries never has.
    fn cannot_sent_start(&self, _word: i32) -> bool {
        false
    }

    fn is_unshiftable(&self, token: i32) -> bool {
        usize::try_from(token)
            .ok()
            .and_then(|t| self.unshiftable.get(t))
            .is_some_and(|&u| u)
    }

    /// `push`: moves B0 onto the stack.
    fn push(&mut self) {
        let b0 = match self.rebuffer.pop() {
            Some(b0) => b0,
            None => {
                self.b_i += 1;
                to_i32(self.b_i - 1)
            }
        };
        self.stack.push(b0);
    }

    /// `unshift`: moves S0 back to the front of the buffer and marks it unshiftable.
    fn unshift(&mut self) {
        if let Some(s0) = self.stack.pop() {
            set_flag(&mut self.unshiftable, s0, true);
            self.rebuffer.push(s0);
        }
    }

    /// `add_arc`: replaces any previous arc to `child`.
    fn add_arc(&mut self, head: i32, child: i32, label: u16) {
        let (Ok(h), Ok(c)) = (usize::try_from(head), usize::try_from(child)) else {
            return;
        };
        if h >= self.length || c >= self.length {
            return;
        }
        if self.heads[c] >= 0 {
            self.del_arc(self.heads[c], child);
        }
        let arc = DepArc { head, child, label };
        if head > child {
            self.left_arcs[h].push(arc);
        } else {
            self.right_arcs[h].push(arc);
        }
        self.heads[c] = head;
    }

    /// `del_arc` / `map_del_arc`: drops the arc if it is the head's last one. spaCy's branch
    /// for an arc further back writes its `-1` marks into a copy of the arc, so it deletes
    /// nothing; it is never reached anyway, since only `Left` re-attaches a token, S0, and
    /// S0's arc is the last its head got.
    fn del_arc(&mut self, head: i32, child: i32) {
        let Ok(h) = usize::try_from(head) else {
            return;
        };
        let map = if head > child {
            &mut self.left_arcs
        } else {
            &mut self.right_arcs
        };
        if let Some(arcs) = map.get_mut(h) {
            if arcs
                .last()
                .is_some_and(|arc| arc.head == head && arc.child == child)
            {
                arcs.pop();
            }
        }
    }
}

/// Sets `flags[token]` if `token` is a valid index.
fn set_flag(flags: &mut [bool], token: i32, value: bool) {
    if let Some(flag) = index(token).ok().and_then(|t| flags.get_mut(t)) {
        *flag = value;
    }
}

/// A token index as `usize`, an error for spaCy's -1.
fn index(token: i32) -> Result<usize, std::num::TryFromIntError> {
    usize::try_from(token)
}

/// The label string of a label index ("" if out of range).
fn label_str(labels: &[String], label: u16) -> &str {
    labels.get(usize::from(label)).map_or("", String::as_str)
}

fn to_i32(index: usize) -> i32 {
    i32::try_from(index).unwrap_or(i32::MAX)
}

/// Greedy decoding as spaCy does it: while !state.is_final(), `score(&state.context(), &mut
/// scores)` fills the class scores; take the best-scoring valid class (same tie-breaking as
/// spaCy: first maximum), apply it.
///
/// As in spaCy's `c_transition_batch`, a state where no class is valid is forced final
/// (see [`State::force_final`]). `scores` is zeroed once before the first step
/// and not between steps. A doc of 0 tokens gives an empty parse without calling `score`.
pub fn parse_greedy(
    n: usize,
    moves: &Moves,
    mut score: impl FnMut(&[i32; 8], &mut [f32]),
) -> Vec<(usize, String)> {
    let mut state = State::new(n);
    let mut scores = vec![0.0f32; moves.actions.len()];
    while !state.is_final() {
        score(&state.context(), &mut scores);
        match state.best_valid(moves, &scores) {
            Some(class) => state.apply(moves.actions[class]),
            None => state.force_final(),
        }
    }
    state.finish(moves)
}

/// A parser for the one JSON shape of spaCy's `moves`: an object of objects of integers.
struct JsonParser<'a> {
    text: &'a [u8],
    pos: usize,
}

type LabelFreqs = Vec<(String, i64)>;

impl JsonParser<'_> {
    fn moves_object(&mut self) -> Result<Vec<(String, LabelFreqs)>, String> {
        let mut result: Vec<(String, LabelFreqs)> = Vec::new();
        self.expect(b'{')?;
        if !self.eat(b'}') {
            loop {
                let key = self.string()?;
                self.expect(b':')?;
                let inner = self.labels_object()?;
                // A repeated key replaces the earlier value, as in Python's json.
                match result.iter_mut().find(|(k, _)| *k == key) {
                    Some(entry) => entry.1 = inner,
                    None => result.push((key, inner)),
                }
                if self.eat(b'}') {
                    break;
                }
                self.expect(b',')?;
            }
        }
        self.skip_ws();
        if self.pos != self.text.len() {
            return Err(self.error("trailing characters"));
        }
        Ok(result)
    }

    fn labels_object(&mut self) -> Result<LabelFreqs, String> {
        let mut result: LabelFreqs = Vec::new();
        self.expect(b'{')?;
        if self.eat(b'}') {
            return Ok(result);
        }
        loop {
            let key = self.string()?;
            self.expect(b':')?;
            let value = self.integer()?;
            match result.iter_mut().find(|(k, _)| *k == key) {
                Some(entry) => entry.1 = value,
                None => result.push((key, value)),
            }
            if self.eat(b'}') {
                return Ok(result);
            }
            self.expect(b',')?;
        }
    }

    fn next_byte(&mut self, what: &str) -> Result<u8, String> {
        let byte = *self.text.get(self.pos).ok_or_else(|| self.error(what))?;
        self.pos += 1;
        Ok(byte)
    }

    fn error(&self, what: &str) -> String {
        format!("moves JSON: {what} at byte {}", self.pos)
    }

    fn skip_ws(&mut self) {
        while matches!(self.text.get(self.pos), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_ws();
        if self.text.get(self.pos) == Some(&byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.error(&format!("expected '{}'", char::from(byte))))
        }
    }

    fn integer(&mut self) -> Result<i64, String> {
        self.skip_ws();
        let start = self.pos;
        if self.text.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        while self.text.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        std::str::from_utf8(&self.text[start..self.pos])
            .ok()
            .and_then(|digits| digits.parse().ok())
            .ok_or_else(|| self.error("expected an integer"))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("short \\u"))?;
        let value = std::str::from_utf8(digits)
            .ok()
            .and_then(|d| u32::from_str_radix(d, 16).ok())
            .ok_or_else(|| self.error("bad \\u escape"))?;
        self.pos += 4;
        Ok(value)
    }

    fn string(&mut self) -> Result<String, String> {
        self.expect(b'"')?;
        let mut bytes: Vec<u8> = Vec::new();
        loop {
            let byte = self.next_byte("unterminated string")?;
            match byte {
                b'"' => break,
                b'\\' => {
                    let escape = self.next_byte("bad escape")?;
                    let ch = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let mut code = self.hex4()?;
                            if (0xD800..0xDC00).contains(&code)
                                && self.text.get(self.pos..self.pos + 2) == Some(b"\\u")
                            {
                                let save = self.pos;
                                self.pos += 2;
                                let low = self.hex4()?;
                                if (0xDC00..0xE000).contains(&low) {
                                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                                } else {
                                    self.pos = save;
                                }
                            }
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        }
                        _ => return Err(self.error("bad escape")),
                    };
                    let mut buf = [0u8; 4];
                    bytes.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                _ => bytes.push(byte),
            }
        }
        String::from_utf8(bytes).map_err(|_| self.error("string is not UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy_moves() -> Moves {
        let json = r#"{"0":{"":5},"1":{"":4},"2":{"det":3,"nsubj":3,"dep":0},
            "3":{"obj":7,"dep":-1},"4":{"ROOT":2}}"#;
        Moves::from_json(json).unwrap()
    }

    #[test]
    fn class_order_follows_spacy() {
        let moves = toy_moves();
        let names: Vec<String> = (0..moves.actions.len()).map(|c| moves.name(c)).collect();
        // Equal frequencies: labels in decreasing order; negative frequencies come last.
        assert_eq!(
            names,
            ["S", "D", "L-nsubj", "L-det", "L-dep", "R-obj", "B-ROOT", "R-dep"]
        );
        assert_eq!(moves.actions[0].label, 0);
        assert_eq!(moves.labels[0], "");
    }

    #[test]
    fn single_token_is_shift_then_reduce() {
        let moves = toy_moves();
        let mut steps = 0;
        let parse = parse_greedy(1, &moves, |_, scores| {
            steps += 1;
            scores.fill(0.0);
        });
        assert_eq!(steps, 2);
        assert_eq!(parse, [(0, ROOT_LABEL.to_string())]);
        assert!(parse_greedy(0, &moves, |_, _| panic!("no step")).is_empty());
    }

    #[test]
    fn reduce_rebuffers_a_headless_token() {
        let shift = Action {
            kind: Move::Shift,
            label: 0,
        };
        let reduce = Action {
            kind: Move::Reduce,
            label: 0,
        };
        let right = Action {
            kind: Move::Right,
            label: 1,
        };
        let brk = Action {
            kind: Move::Break,
            label: 0,
        };
        let mut state = State::new(4);
        state.apply(shift);
        state.apply(shift);
        state.apply(right);
        assert_eq!(state.context(), [3, -1, 2, 1, 0, -1, -1, -1]);
        state.apply(reduce);
        assert_eq!(state.context(), [3, -1, 1, 0, -1, -1, -1, 2]);
        state.apply(reduce);
        // Token 1 has no head: it goes back to the buffer front and may not be shifted again,
        // and B1 = 3 is not B0 + 1, so no Break.
        assert_eq!(state.context(), [1, 3, 0, -1, -1, -1, -1, -1]);
        assert!(!state.is_valid(shift));
        assert!(!state.is_valid(brk));
        assert_eq!(state.head(2), 1);
    }
}
