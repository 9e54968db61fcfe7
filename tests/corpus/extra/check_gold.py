#!/usr/bin/env python3
"""Sanity-check the gold labels of this folder (not a scorer).

    python3 tests/corpus/extra/check_gold.py

For each NAME.gold.json: JSON parses; `source` exists; the document decodes (BOM /
UTF-8 / GB18030 text, .docx paragraphs and table cells, .html text without tags);
every key, owner, co_owner and meta value occurs in the decoded text after NFKC and
white-space removal; keys are unique within a document and occur once in its text
(a repeat is reported as a warning); dates are valid ISO dates; fields are known.
"""
import datetime
import html
import json
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TASK_FIELDS = {"key", "list", "ordinal", "owners", "co_owners", "due", "recurrence"}
META = {"org", "doc_number", "title", "meeting_date", "issued_date", "place", "chair",
        "attendees", "observers", "recorder", "signer"}


def norm(s):
    return "".join(unicodedata.normalize("NFKC", s).split())


def decode(path):
    data = path.read_bytes()
    if path.suffix == ".docx":
        xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
        paras = re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)
        return "\n".join(html.unescape("".join(re.findall(r"<w:t[^>]*>(.*?)</w:t>", p, re.S)))
                         for p in paras)
    if path.suffix == ".html":
        m = re.search(rb'charset="?([\w-]+)', data[:2000])
        enc = m.group(1).decode() if m else "utf-8"
        enc = "gbk" if enc.lower() in ("gb2312", "gbk") else enc
        text = data.decode(enc)
        text = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", "", text)
        return html.unescape(re.sub(r"<[^>]+>", "\n", text))
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le")
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def main():
    errors = warnings = docs = 0
    counts = {"decisions": 0, "tasks": 0}
    for g in sorted(HERE.glob("*.gold.json")):
        docs += 1
        def err(msg):
            nonlocal errors
            errors += 1
            print(f"ERROR {g.name}: {msg}")
        def warn(msg):
            nonlocal warnings
            warnings += 1
            print(f"warn  {g.name}: {msg}")
        try:
            gold = json.loads(g.read_text("utf-8"))
        except Exception as e:  # noqa: BLE001
            err(f"bad JSON: {e}")
            continue
        src = HERE / gold.get("source", "")
        if not src.is_file():
            err(f"source {gold.get('source')} missing")
            continue
        if g.name != Path(gold["source"]).stem + ".gold.json":
            err("gold file name does not match source")
        text = norm(decode(src))
        if gold.get("kind") not in ("minutes", "report", "notice"):
            err(f"kind {gold.get('kind')}")
        if not isinstance(gold.get("sections"), int):
            err("sections missing")
        for k, v in gold.get("meta", {}).items():
            if k not in META:
                err(f"unknown meta field {k}")
            for x in (v if isinstance(v, list) else [v]):
                if k.endswith("_date"):
                    datetime.date.fromisoformat(x)
                elif norm(x) not in text:
                    err(f"meta {k}={x!r} not in text")
        keys = []
        for kind in ("decisions", "tasks"):
            for it in gold.get(kind, []):
                counts[kind] += 1
                key = norm(it["key"])
                keys.append(key)
                if kind == "decisions" and set(it) - {"key", "verdict"}:
                    err(f"decision fields {set(it)}")
                if kind == "tasks" and set(it) - TASK_FIELDS:
                    err(f"task fields {set(it) - TASK_FIELDS}")
                n = text.count(key)
                if n == 0:
                    err(f"key {it['key']!r} not in text")
                elif n > 1:
                    warn(f"key {it['key']!r} occurs {n} times in the text")
                if not 4 <= len(key) <= 16:
                    warn(f"key {it['key']!r} has {len(key)} chars")
                for f in ("owners", "co_owners"):
                    for o in it.get(f, []):
                        if norm(o) not in text:
                            err(f"{f} {o!r} not in text")
                if "due" in it:
                    datetime.date.fromisoformat(it["due"])
                if it.get("recurrence") not in (None, "weekly", "monthly", "quarterly", "yearly"):
                    err(f"recurrence {it['recurrence']}")
                if ("list" in it) != ("ordinal" in it):
                    err(f"list/ordinal of {it['key']}")
        for i, a in enumerate(keys):
            for j, b in enumerate(keys):
                if i != j and a in b:
                    err(f"key {a!r} is contained in key {b!r}")
    print(f"{docs} documents, {counts['decisions']} decisions, {counts['tasks']} tasks; "
          f"{errors} errors, {warnings} warnings")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
