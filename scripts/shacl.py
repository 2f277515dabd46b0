#!/usr/bin/env python3
"""Validates an N-Quads export with pySHACL, one named graph at a time (the
way `trame validate` does), and prints one finding per line:
severity, graph, focus node and constraint component, tab-separated and
sorted. Exit status 1 when a graph has a violation (warnings pass).

Usage: scripts/shacl.py SHAPES.ttl EXPORT.nq
"""
import sys

import pyshacl
import rdflib

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
ONTOLOGY_GRAPH = "https://w3id.org/trame/graph/ontology"


def main(shapes_path, data_path):
    shapes = rdflib.Graph().parse(shapes_path, format="turtle")
    dataset = rdflib.Dataset().parse(data_path, format="nquads")
    findings = set()
    for graph in dataset.graphs():
        name = str(graph.identifier)
        if name == ONTOLOGY_GRAPH or len(graph) == 0:
            continue
        data = rdflib.Graph()
        for t in graph:
            data.add(t)
        _, results, _ = pyshacl.validate(data, shacl_graph=shapes, allow_warnings=True)
        for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
            severity = str(results.value(r, SH.resultSeverity)).split("#")[1].lower()
            component = str(results.value(r, SH.sourceConstraintComponent)).split("#")[1]
            findings.add((severity, name, str(results.value(r, SH.focusNode)), component))
    for f in sorted(findings):
        print("\t".join(f))
    return 1 if any(f[0] == "violation" for f in findings) else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
