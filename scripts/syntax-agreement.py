#!/usr/bin/env python3
"""How far trame's syntax stage agrees with a spaCy pipeline on the same words.

Runs `trame parse` on the given articles (CoNLL-U), gives spaCy the very
words trame cut, and compares word by word: part of speech, morphology,
lemma, head (UAS), head and label (LAS), and the arguments the extraction
rules read: subjects, objects and passive agents of the words that trigger
a rule of data/rules/ (same head and label). Prints a table, or JSON with
--json; with --min X exits 1 when POS or LAS agreement is below X.

Usage: scripts/syntax-agreement.py TRAME_BIN MODEL PATH... [--json] [--min X]
  MODEL: a spaCy pipeline's name or folder. The one trame runs should agree
         at 1.0; another (sm against md) measures how far the parses differ.
"""
import json
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ARGUMENTS = {"nsubj", "nsubj:pass", "obj", "obl:agent", "obl:arg"}


def conllu(text):
    sents, cur = [], []
    for line in text.splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
        elif not line.startswith("#"):
            cur.append(line.split("\t"))
    if cur:
        sents.append(cur)
    return sents


def main():
    args = sys.argv[1:]
    as_json = "--json" in args
    minimum = None
    if "--min" in args:
        i = args.index("--min")
        minimum = float(args[i + 1])
        del args[i : i + 2]
    args = [a for a in args if a != "--json"]
    binary, model, paths = args[0], args[1], args[2:]
    root = Path(__file__).resolve().parent.parent
    triggers = set()
    for f in sorted((root / "data" / "rules").glob("*.toml")):
        for rule in tomllib.loads(f.read_text()).get("rule", []):
            triggers.update(rule["lemmas"])
    start = time.perf_counter()
    out = subprocess.run([binary, "parse", *paths], capture_output=True, text=True, check=True).stdout
    trame_seconds = time.perf_counter() - start
    sents = conllu(out)
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.load(model, exclude=["ner"])
    docs = []
    for s in sents:
        words = [w[1] for w in s]
        spans = [tuple(map(int, w[9].removeprefix("Span=").split("-"))) for w in s]
        spaces = [a[1] < b[0] for a, b in zip(spans, spans[1:])] + [False]
        docs.append(Doc(nlp.vocab, words=words, spaces=spaces))
    counts = dict.fromkeys(["words", "pos", "morph", "lemma", "uas", "las", "args", "args_same"], 0)
    for s, doc in zip(sents, nlp.pipe(docs, batch_size=64)):
        for w, t in zip(s, doc):
            head = int(w[6]) - 1
            head = int(w[0]) - 1 if head < 0 else head
            counts["words"] += 1
            counts["pos"] += w[3] == t.pos_
            counts["morph"] += (w[5] if w[5] != "_" else "") == str(t.morph)
            counts["lemma"] += w[2] == t.lemma_
            counts["uas"] += head == t.head.i
            counts["las"] += head == t.head.i and w[7] == t.dep_
        # Arguments of trigger words, in either parse.
        for i, (w, t) in enumerate(zip(s, doc)):
            ours = w[7] in ARGUMENTS and int(w[6]) > 0 and s[int(w[6]) - 1][2] in triggers
            theirs = t.dep_ in ARGUMENTS and t.head.lemma_ in triggers and t.head.i != t.i
            if ours or theirs:
                counts["args"] += 1
                counts["args_same"] += int(w[6]) - 1 == t.head.i and w[7] == t.dep_
    n = counts["words"]
    result = {
        "model": model,
        "sentences": len(sents),
        "words": n,
        "pos": counts["pos"] / n,
        "morph": counts["morph"] / n,
        "lemma": counts["lemma"] / n,
        "uas": counts["uas"] / n,
        "las": counts["las"] / n,
        "trigger_arguments": counts["args"],
        "trigger_arguments_agree": counts["args_same"] / max(counts["args"], 1),
        "trame_parse_seconds": round(trame_seconds, 3),
    }
    if as_json:
        print(json.dumps(result))
    else:
        print(f"against {model}: {len(sents)} sentences, {n} words")
        for k in ["pos", "morph", "lemma", "uas", "las"]:
            print(f"  {k:<6} {result[k]:.4f}")
        print(f"  subjects, objects and agents of rule triggers: {counts['args']}, "
              f"same head and label {result['trigger_arguments_agree']:.4f}")
    if minimum is not None and min(result["pos"], result["las"]) < minimum:
        sys.exit(f"agreement below {minimum}")


if __name__ == "__main__":
    main()
