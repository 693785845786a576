#!/usr/bin/env python3
"""Sanity checks for the fixture site built by build_site.py (stdlib only).

    python tests/fixture_site/check_site.py [--rebuild]

Checks: every page parses with balanced tags and declares utf-8; every root-relative link
(and img/script src) resolves to a file under sites/<host>/; glossary definitions appear only
inside glossary-tooltip spans; MANIFEST.json lists exactly the pages on disk and each record's
title/paragraphs are visible on its page; every content line of every seed is covered by the
manifest, and no manifest paragraph contains text absent from the seeds.  --rebuild also
runs the generator twice and checks the output is byte-identical.
Prints each problem and exits 1 if there is any.
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITES = HERE / "sites"
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # keep the fixture folder clean
from build_site import GLOSSARY  # noqa: E402  (definitions only; the checks below are independent)

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
KINDS = {"index", "listing", "aggregation", "article", "entry", "other"}
problems: list[str] = []


def norm(s: str) -> str:
    return " ".join(s.split())


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.links, self.errors = [], [], []
        self.skip = 0           # inside <script>/<style>
        self.tip_depth = None   # stack depth at which a glossary-tooltip span opened
        self.text, self.tip_text = [], []
        self.charset = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("charset") or "").lower() == "utf-8":
            self.charset = True
        for key in ("href", "src"):
            if a.get(key) and tag in ("a", "link", "img", "script", "iframe"):
                self.links.append(a[key])
        if tag == "img" and a.get("alt") and self.tip_depth is None:
            self.text.append(f" {a['alt']} ")
        if tag == "br":
            (self.tip_text if self.tip_depth is not None else self.text).append(" ")
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag in ("script", "style"):
            self.skip += 1
        if tag == "span" and "glossary-tooltip" in (a.get("class") or "").split() and self.tip_depth is None:
            self.tip_depth = len(self.stack)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            return
        if self.tip_depth == len(self.stack):
            self.tip_depth = None
        self.stack.pop()
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.skip:
            return
        (self.tip_text if self.tip_depth is not None else self.text).append(data)


def file_for(host: str, path: str) -> Path:
    return SITES / host / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


def strip_glossary(text: str) -> str:
    """Seed text with the flattened tooltip text removed (term kept once)."""
    for title, definition in GLOSSARY.items():
        pat = re.compile(" " + re.escape(title) + " " + re.escape(definition) + r"(?:\n\nSee [^\n]*\n| ?)")
        text = pat.sub(lambda m: " " if m.string[m.end():m.end() + 1].isalnum() else "", text)
    return text


def main() -> int:
    manifest = json.loads((HERE / "MANIFEST.json").read_text(encoding="utf-8"))
    hosts = sorted({p["host"] for p in manifest})
    on_disk = {f for f in SITES.rglob("*") if f.is_file()}
    listed = {file_for(p["host"], p["path"]) for p in manifest}
    for f in sorted(on_disk - listed):
        if f.name != "robots.txt":
            problems.append(f"file not in MANIFEST: {f.relative_to(HERE)}")
    for f in sorted(listed - on_disk):
        problems.append(f"MANIFEST page missing on disk: {f.relative_to(HERE)}")
    for h in hosts:
        robots = SITES / h / "robots.txt"
        if not robots.is_file() or "Disallow: /private/" not in robots.read_text():
            problems.append(f"{h}: robots.txt missing or incomplete")

    pages, notes = {}, []
    for p in manifest:
        f = file_for(p["host"], p["path"])
        if not f.is_file():
            continue
        raw = f.read_text(encoding="utf-8")
        pg = Page()
        pg.feed(raw)
        pg.close()
        where = f"{p['host']}{p['path']}"
        if not raw.startswith("<!DOCTYPE html>") or not pg.charset:
            problems.append(f"{where}: missing doctype or <meta charset=utf-8>")
        problems.extend(f"{where}: {e}" for e in pg.errors)
        if pg.stack:
            problems.append(f"{where}: unclosed tags {pg.stack}")
        text, tips = norm("".join(pg.text)), norm("".join(pg.tip_text))
        pages[(p["host"], p["path"])] = text
        for link in pg.links:
            if "?" in link:
                problems.append(f"{where}: query string in link {link}")
            if link.startswith(f"https://{p['host']}/") or link.startswith(f"http://{p['host']}/"):
                problems.append(f"{where}: same-host link is not root-relative: {link}")
            if link.startswith("/") and not link.startswith("//"):
                target = link.split("#")[0]
                if not file_for(p["host"], target).is_file() and target != "/glossary.html":
                    problems.append(f"{where}: broken link {link}")
            m = re.match(r"https://([^/]+)(/[^#]*)", link)
            if m and m.group(1) in hosts and not file_for(m.group(1), m.group(2)).is_file():
                notes.append(f"{where}: cross-host link to a fixture host, page not in fixture: {link}")
        if p["path"] != "/glossary.html":
            for definition in GLOSSARY.values():
                if definition[:40] in text:
                    problems.append(f"{where}: glossary text outside tooltip: {definition[:40]}...")
            if "See general strike" in text:
                problems.append(f"{where}: 'See ...' glossary line outside tooltip")
        if p["kind"] not in KINDS:
            problems.append(f"{where}: bad kind {p['kind']}")
        if p["kind"] in ("article", "entry") and len(p["records"]) != 1:
            problems.append(f"{where}: {p['kind']} page must have exactly one record")
        for r in p["records"]:
            if r["date"] is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"]):
                problems.append(f"{where}: bad date {r['date']}")
            if r["date"] and r["date"] not in raw and "-".join(reversed(r["date"].split("-"))) not in text:
                problems.append(f"{where}: date {r['date']} not on page")
            if r["title"] and r["title"] not in text:
                problems.append(f"{where}: title not visible: {r['title'][:60]}")
            for para in r["paragraphs"]:
                if para not in text:
                    problems.append(f"{where}: paragraph not visible (outside tooltips): {para[:70]}...")
            link = r["link"]
            if link:
                m = re.match(r"https://([^/]+)(/.*)", link)
                if not m:
                    problems.append(f"{where}: record link not absolute: {link}")
                elif m.group(1) in hosts and not file_for(m.group(1), m.group(2)).is_file():
                    notes.append(f"{where}: record link to fixture host but no such page: {link}")
        if tips and "The most common form of industrial action" in raw and "The most common form" not in tips:
            problems.append(f"{where}: tooltip text not captured")

    check_seeds(manifest, pages)
    if "--rebuild" in sys.argv:
        check_determinism()
    for n in sorted(set(notes)):
        print("note:", n)
    for prob in problems:
        print("PROBLEM:", prob)
    n_rec = sum(len(p["records"]) for p in manifest)
    print(f"{len(manifest)} pages, {n_rec} records, {len(problems)} problem(s)")
    return 1 if problems else 0


# Seed lines that are page chrome (shown on the page but not part of any record).
CHROME = {
    "000": {"Font size::", "A A A", "Colour: C C C", "Images On OFF", "Regular version", "News"},
    "002": {"5 – No guarantee of rights", "The ITUC Global Rights Index", "Kazakhstan", "In practice", "Browse by:",
            "© ITUC-CSI-IGB 2013 | www.ituc-csi.org | Contact Design by Pixeleyes.be - maps: jVectorMap"},
    "003": {"13 Dec", "Leave a Reply", "Fill in your details below or click an icon to log in: Logo", "Google photo",
            "Twitter picture", "Facebook photo", "Connecting to %s", "%d bloggers like this:"} | {
            f"You are commenting using your {s}account. Log Out / Change )" for s in ("", "Google ", "Twitter ", "Facebook ")},
    "004": {"You May Also Like", "About the Author: Oren Garnes", "Leave a Reply",
            "Your email address will not be published. Required fields are marked *"},
}
# Seed text that is on a page but deliberately in no record: an unrelated reader comment.
EXCLUDED = {"004": ["The Myanmar government is using it's military for ethnic cleansing of Rohingya people."]}
# The pages each seed was dumped from (first one carries the seed's chrome); their records must cover the seed.
SEED_PAGES = {
    "000": [("www.ituc-csi.org", "/kazakhstan-news/"), ("www.ituc-csi.org", "/kazakhstan-news/page-2.html"),
            ("www.ituc-csi.org", "/kazakhstan-news/page-3.html")],
    "001": [("www.solidaritycenter.org", "/where-we-work/asia/kazakhstan/")],
    "002": [("survey.ituc-csi.org", "/Kazakhstan.html")],
    "003": [("universitysolidarity.wordpress.com", "/2016/12/13/stop-the-persecution-of-independent-trade-unions-in-kazakhstan/")],
    "004": [("urangminang.com", "/kazakhstan-workers-unions-under-attack/")],
}
RECONSTRUCTED_TITLES = {"Kazakhstan Union Leader Erlan Baltabay Pardoned"}  # seed 001 has no titles


def check_seeds(manifest, pages):
    by_page = {(p["host"], p["path"]): p["records"] for p in manifest}
    seed_text = ""
    for prefix in sorted(SEED_PAGES):
        (path,) = (HERE / "seeds").glob(prefix + "_*.txt")
        raw = path.read_text(encoding="utf-8")
        seed_text += " " + norm(strip_glossary(raw))
        page_text = pages.get(SEED_PAGES[prefix][0], "")
        records = [r for key in SEED_PAGES[prefix] for r in by_page.get(key, [])]
        corpus = " ".join(" ".join(r["paragraphs"]) for r in records)
        titles = {r["title"] for r in records if r["title"]}
        lines = [norm(x) for x in strip_glossary(raw).split("\n") if x.strip()]
        for line in lines:
            if line in CHROME.get(prefix, ()):
                if line not in page_text:
                    problems.append(f"seed {prefix}: chrome line not reproduced on page: {line}")
                continue
            if re.fullmatch(r"\d{2} \w+, \d{4} / kazakhstan", line):
                continue
            m = re.fullmatch(r"(.*?) ?\d{2}-\d{2}-\d{4}", line)
            title = m.group(1) if prefix == "002" and m else line
            if title in titles:
                continue
            if m and prefix == "002" or prefix in ("003", "004") and line == lines[0]:
                problems.append(f"seed {prefix}: title not in MANIFEST: {line}")
                continue
            line = re.sub(r"^1\. ", "", line)
            if any(line.startswith(x) for x in EXCLUDED.get(prefix, ())):
                if line not in page_text:
                    problems.append(f"seed {prefix}: excluded text not on page: {line[:60]}")
                continue
            if line not in corpus:
                problems.append(f"seed {prefix}: content line not covered by MANIFEST: {line[:90]}")
    for p in manifest:
        for r in p["records"]:
            for para in r["paragraphs"]:
                if para not in seed_text:
                    problems.append(f"{p['host']}{p['path']}: paragraph not from seeds: {para[:70]}")
            if r["title"] and r["title"] not in seed_text and r["title"] not in RECONSTRUCTED_TITLES:
                problems.append(f"{p['host']}{p['path']}: title not from seeds: {r['title']}")


def digest() -> str:
    h = hashlib.sha256()
    for f in sorted(SITES.rglob("*")):
        if f.is_file():
            h.update(str(f.relative_to(HERE)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest() + hashlib.sha256((HERE / "MANIFEST.json").read_bytes()).hexdigest()


def check_determinism():
    digests = []
    for _ in range(2):
        subprocess.run([sys.executable, str(HERE / "build_site.py")], check=True, stdout=subprocess.DEVNULL)
        digests.append(digest())
    if digests[0] != digests[1]:
        problems.append("build_site.py is not deterministic")
    else:
        print("determinism: two rebuilds are byte-identical")


if __name__ == "__main__":
    sys.exit(main())
