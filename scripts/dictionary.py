#!/usr/bin/env python3
"""Writes crates/core/data/dictionary.txt, the segmentation dictionary Fengqiao loads.

  python3 scripts/dictionary.py [path/to/jieba/dict.txt]

jieba's full dictionary has 349,046 words and costs the server 33 MB of memory; 212,000 of
those words have a frequency under 5 (historical persons' names, rare idioms, numerals like
五十万两匹). This keeps every word of frequency 5 and over, and every rarer word that occurs in
the project's own text (its pages, messages, catalogues and documentation under crates/ and
docs/), so the governance vocabulary (人民调解, 法律援助, 群防群治, 渭滨区) stays whole.
The second column is the frequency; part-of-speech tags are dropped (Fengqiao never tags).

Without an argument, the dictionary of the jieba-rs crate in cargo's registry is read.
Run it again when the project's vocabulary grows; the server re-indexes its search words
when the file changes (fengqiao_core::text::DICTIONARY_VERSION is its hash).
"""
import glob
import os
import re
import sys

MIN_FREQ = 5
# Words the project matches whole that jieba's dictionary lacks: threat words of
# fengqiao_core::mediation::warning (a test there checks every one is a word).
EXTRA = {"泼硫酸": 10, "杀了": 10}
MAX_WORD = 8
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

if len(sys.argv) > 1:
    source = sys.argv[1]
else:
    found = sorted(glob.glob(os.path.expanduser(
        "~/.cargo/registry/src/*/jieba-rs-*/src/data/dict.txt")))
    if not found:
        sys.exit("jieba-rs's dict.txt not found: pass its path")
    source = found[-1]

# Every run of Chinese characters in the project's own text, as substrings up to MAX_WORD.
han = re.compile(r"[\u3400-\u9fff]+")
seen = set()
for top in ("crates", "docs"):
    for dirpath, _, files in os.walk(os.path.join(ROOT, top)):
        for name in files:
            if name == "dictionary.txt" or not name.endswith(
                    (".rs", ".sql", ".json", ".toml", ".html", ".md", ".csv", ".txt")):
                continue
            with open(os.path.join(dirpath, name), encoding="utf-8", errors="ignore") as f:
                for run in han.findall(f.read()):
                    for i in range(len(run)):
                        for j in range(i + 2, min(len(run), i + MAX_WORD) + 1):
                            seen.add(run[i:j])

kept = []
total = 0
with open(source, encoding="utf-8") as f:
    for line in f:
        parts = line.split()
        if len(parts) < 2:
            continue
        total += 1
        word, freq = parts[0], int(parts[1])
        if freq >= MIN_FREQ or word in seen:
            kept.append(f"{word} {freq}\n")
        EXTRA.pop(word, None)
kept.extend(f"{word} {freq}\n" for word, freq in EXTRA.items())

out = os.path.join(ROOT, "crates", "core", "data", "dictionary.txt")
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, "w", encoding="utf-8") as f:
    f.writelines(kept)
print(f"{len(kept)} of {total} words kept in {os.path.relpath(out, ROOT)}")
