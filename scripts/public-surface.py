#!/usr/bin/env python3
"""Counts the public declarations of each module from its symbol graph (`make surface` writes the graphs).

A declaration counts when its effective access is public or open; members the compiler synthesises (==, hash,
Codable's defaults) do not. The C modules and the test targets are left out.
"""
import glob
import json
import os
import sys

folder = sys.argv[1] if len(sys.argv) > 1 else ".build/x86_64-unknown-linux-gnu/symbolgraph"
counts = {}
for path in sorted(glob.glob(os.path.join(folder, "*.symbols.json"))):
    module = os.path.basename(path).split(".")[0].split("@")[0]
    if module.endswith("Tests") or (module.startswith("C") and module not in ("CellGraph", "CommandLineSupport")):
        continue
    with open(path) as f:
        graph = json.load(f)
    public = [s for s in graph["symbols"]
              if s.get("accessLevel") in ("public", "open") and "::SYNTHESIZED::" not in s["identifier"]["precise"]]
    counts[module] = counts.get(module, 0) + len(public)
if not counts:
    sys.exit(f"no symbol graphs in {folder}: run `swift package dump-symbol-graph --minimum-access-level public`")
for module, count in sorted(counts.items()):
    if count:
        print(f"{module:20s} {count:5d}")
print(f"{'total':20s} {sum(counts.values()):5d}")
