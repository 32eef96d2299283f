"""Writes training/manifest.json: every data file the training reads, with its sha256 (run once per data change)."""

import hashlib
import json
import os
import sys

FILES = [
    "corpus/system-prompts.jsonl",
    "tau-bench/retail/policy.md",
    "tau-bench/retail/rules.json",
    "tau-bench/airline/policy.md",
    "tau-bench/airline/rules.json",
    "classification/sst2/train.jsonl",
    "classification/sst5/train.jsonl",
    "classification/mrpc/train.jsonl",
]

here = os.path.dirname(os.path.abspath(__file__))
data_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "data")
entries = []
for path in FILES:
    with open(os.path.join(data_dir, path), "rb") as handle:
        content = handle.read()
    entries.append({"path": path, "bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()})
with open(os.path.join(here, "manifest.json"), "w", encoding="utf-8") as handle:
    json.dump({"dataDir": "../shared/data", "files": entries}, handle, indent=2)
    handle.write("\n")
