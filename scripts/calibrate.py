#!/usr/bin/env python3
"""Calibrate trame's confidences: each rule's confidence is its measured
precision on annotated articles.

Usage:
  scripts/calibrate.py BIN DOCS GOLD [DOCS GOLD ...] [--write data/calibration.tsv]
  scripts/calibrate.py BIN DOCS GOLD --check [--calibration TSV] [--at 0.9] [--tolerance 0.08 [--min-facts 15]]

For each pair of folders (articles and their gold annotations), BIN ingests
the articles into a fresh store and exports N-Quads; every extracted
assertion (one fact as one sentence states it, with the rule that found it
and its confidence) is then judged right or wrong against the gold with the
evaluation's own scorer (`../shared/eval/score.py`: same name folding, same
entity matching, same inference), so that a rule's precision here is the
precision the scorer would count.

Without --check it prints, per rule, the assertions and how many were right,
the smoothed precision that becomes the rule's confidence, and the
reliability table (confidence band: assertions, stated confidence, observed
precision); --write writes the confidences to the file trame embeds.

Smoothing: a rule with few examples is pulled toward its predicate's
precision, and a predicate with few toward the precision of all facts, by a
Beta prior worth PRIOR_WEIGHT assertions: (right + k * prior) / (n + k).

With --check it reads the confidences trame stated and prints the same
table; it fails when the facts at confidence --at or more are right less
often than that, or when a band of at least --min-facts assertions has an
observed precision further than --tolerance from its mean stated
confidence: the tests that confidence means what it says.
"""
import argparse
import importlib.util
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

PRIOR_WEIGHT = 4.0
BANDS = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)]
T = "https://w3id.org/trame/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def load_scorer(here):
    path = (here / ".." / ".." / "shared" / "eval" / "score.py").resolve()
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assertions(score, export):
    """(graph, subject, predicate, object, rule, confidence) of every assertion."""
    quads, _ = score.parse_nquads(export)
    by_node = defaultdict(dict)
    for s, p, o, g in quads:
        p = p.strip("<>")
        if p in (RDF + "subject", RDF + "predicate", RDF + "object"):
            by_node[(g, s)][p[len(RDF):]] = o
        elif p == T + "rule":
            by_node[(g, s)]["rule"] = score.unescape(o)
        elif p == T + "confidence":
            by_node[(g, s)]["confidence"] = float(score.unescape(o))
    out = []
    for (g, _), a in by_node.items():
        if {"subject", "predicate", "object", "rule", "confidence"} <= a.keys():
            out.append((g, a["subject"], score.local_name(a["predicate"]), a["object"], a["rule"], a["confidence"]))
    return out


def judge(bin_, docs, gold_dir, score, table=None):
    """Every assertion of the articles in `docs`, with whether gold has it;
    `table` is a calibration for BIN to state its confidences with."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        calibration = ["--calibration", str(table)] if table else []
        subprocess.run([bin_, *calibration, "ingest", "--store", str(store), str(docs)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        export = Path(tmp) / "export.nq"
        with open(export, "w", encoding="utf-8") as out:
            subprocess.run([bin_, "export", "--store", str(store), "--format", "nquads"], check=True, stdout=out)
        system = score.System(export)
        found = assertions(score, export)
    aliases_file = Path(gold_dir) / "aliases.json"
    aliases = score.json.loads(aliases_file.read_text(encoding="utf-8")) if aliases_file.exists() else {}
    judged = []
    for path in sorted(Path(gold_dir).glob("*.json")):
        if path.name == "aliases.json":
            continue
        gold = score.Gold(path, aliases)
        graph = system.graph_of_doc.get(gold.doc)
        for g, s, p, o, rule, confidence in found:
            if g != graph or p not in score.PREDICATES:
                continue
            gs, go = gold.match(*system.names(s)), gold.match(*system.names(o))
            right = gs is not None and go is not None and any(
                score.fact_matches(fact, (gs, p, go)) for fact in gold.facts)
            judged.append((rule, p, confidence, right))
    return judged


def smoothed(right, n, prior):
    return (right + PRIOR_WEIGHT * prior) / (n + PRIOR_WEIGHT)


def table(judged, confidence_of):
    print(f"{'band':>11} {'facts':>6} {'stated':>7} {'observed':>9}")
    rows = []
    for lo, hi in BANDS:
        inside = [(confidence_of(j), j[3]) for j in judged if lo <= confidence_of(j) < hi]
        if not inside:
            continue
        stated = sum(c for c, _ in inside) / len(inside)
        observed = sum(1 for _, r in inside if r) / len(inside)
        rows.append((lo, hi, len(inside), stated, observed))
        print(f"{lo:4.2f}–{min(hi, 1.0):4.2f} {len(inside):6} {stated:7.3f} {observed:9.3f}")
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bin")
    ap.add_argument("sets", nargs="+", help="DOCS GOLD pairs")
    ap.add_argument("--write", help="write the confidences to this TSV file")
    ap.add_argument("--check", action="store_true", help="check the stated confidences instead")
    ap.add_argument("--calibration", help="with --check: the table BIN states its confidences with "
                    "(default: the one built in)")
    ap.add_argument("--tolerance", type=float, help="with --check: fail when a band of at least --min-facts "
                    "facts is further than this from its stated confidence")
    ap.add_argument("--at", type=float, help="with --check: fail when the facts at this confidence or more "
                    "are right less often than that")
    ap.add_argument("--min-facts", type=int, default=15)
    args = ap.parse_args()
    if len(args.sets) % 2:
        sys.exit("calibrate: give folders in pairs, DOCS GOLD")
    score = load_scorer(Path(__file__).resolve().parent)
    judged = []
    for docs, gold in zip(args.sets[::2], args.sets[1::2]):
        judged += judge(args.bin, docs, gold, score, args.calibration)
    if not judged:
        sys.exit("calibrate: no assertion to judge")

    if args.check:
        rows = table(judged, lambda j: j[2])
        failed = []
        if args.tolerance is not None:
            bad = [r for r in rows if r[2] >= args.min_facts and abs(r[3] - r[4]) > args.tolerance]
            for lo, hi, n, stated, observed in bad:
                failed.append(f"band {lo:.2f}–{min(hi, 1.0):.2f}: {n} facts stated {stated:.3f}, observed {observed:.3f}"
                              f" (tolerance {args.tolerance})")
        if args.at is not None:
            kept = [j[3] for j in judged if j[2] >= args.at]
            precision = sum(kept) / len(kept) if kept else 0.0
            print(f"confidence ≥ {args.at}: {len(kept)} facts, precision {precision:.3f}")
            if precision < args.at:
                failed.append(f"facts at confidence ≥ {args.at} have precision {precision:.3f}")
        for line in failed:
            print(line)
        sys.stdout.flush()
        if failed:
            sys.exit(f"calibrate: {len(failed)} check(s) failed")
        return

    overall = sum(1 for j in judged if j[3]) / len(judged)
    by_predicate = defaultdict(lambda: [0, 0])
    by_rule = defaultdict(lambda: [0, 0])
    predicate_of = {}
    for rule, p, _, right in judged:
        for tally in (by_predicate[p], by_rule[rule]):
            tally[0] += 1
            tally[1] += right
        predicate_of[rule] = p
    prior = {p: smoothed(r, n, overall) for p, (n, r) in by_predicate.items()}
    confidence = {rule: smoothed(r, n, prior[predicate_of[rule]]) for rule, (n, r) in by_rule.items()}

    print(f"{len(judged)} assertions, {overall:.3f} right")
    print(f"{'rule':40} {'facts':>6} {'right':>6} {'confidence':>10}")
    for rule in sorted(by_rule, key=lambda r: (-by_rule[r][0], r)):
        n, r = by_rule[rule]
        print(f"{rule:40} {n:6} {r:6} {confidence[rule]:10.3f}")
    print()
    print("reliability with these confidences (in-sample):")
    table(judged, lambda j: confidence[j[0]])
    print("reliability with the confidences trame stated:")
    table(judged, lambda j: j[2])

    if args.write:
        lines = [
            "# Each rule's confidence: its precision on the annotated articles, smoothed",
            "# toward its predicate's (rows `*`) for rules with few examples. Written by",
            "# scripts/calibrate.py; do not edit by hand, re-run it.",
            "# rule\tpredicate\tfacts\tright\tconfidence",
        ]
        for p in sorted(by_predicate):
            n, r = by_predicate[p]
            lines.append(f"*\t{p}\t{n}\t{r}\t{prior[p]:.3f}")
        for rule in sorted(by_rule):
            n, r = by_rule[rule]
            lines.append(f"{rule}\t{predicate_of[rule]}\t{n}\t{r}\t{confidence[rule]:.3f}")
        Path(args.write).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(by_rule)} rules and {len(by_predicate)} predicates to {args.write}")


if __name__ == "__main__":
    main()
