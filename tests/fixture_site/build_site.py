#!/usr/bin/env python3
"""Rebuild the static fixture site from the plain-text seeds in ./seeds/.

    python tests/fixture_site/build_site.py

Writes sites/<host>/<url-path> (a path ending in "/" becomes index.html) and
MANIFEST.json, the ground truth of what a perfect cleaner extracts from each page.
Article and entry text comes only from the seeds; menus, footers, forms, banners and
widgets are invented chrome.  Stdlib only, deterministic: running it twice gives
byte-identical output.
"""
import calendar
import html
import json
import re
import shutil
import textwrap
import unicodedata
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE / "seeds"
OUT = HERE / "sites"

ITUC, SURVEY = "www.ituc-csi.org", "survey.ituc-csi.org"
SOLI, USOL, URANG = "www.solidaritycenter.org", "universitysolidarity.wordpress.com", "urangminang.com"
HOSTS = (ITUC, SURVEY, SOLI, USOL, URANG)

MONTHS = list(calendar.month_name)[1:]

# Glossary tooltips of the Rights Index (seed 002): tooltip title -> definition, verbatim.
GLOSSARY = {
    "International Labour Organization": "A tripartite United Nations (UN) agency established in 1919 to promote working and living conditions. The main international body charged with developing and overseeing international labour standards.",
    "international labour standards": "Principles and norms related to labour matters, primarily codified in the Conventions and the Recommendations of the International Labour Organization (ILO). Include core labour rights such as freedom of association and the right to organise, the right to collective bargaining and the right to strike, which are all covered by ILO Conventions 87 and 98.",
    "freedom of association": "The right to form and join the trade union of one’s choosing as well as the right of unions to operate freely and carry out their activities without undue interference.",
    "industrial action": "Any form of action taken by a group of workers, a union or an employer during an industrial dispute to gain concessions from the other party, e.g. a strike, go-slow or an overtime ban, or a lockout on the part of the employer.",
    "industrial union": "A union whose membership is composed of workers in a particular industry, regardless of their profession or skill level.",
    "recognition": "The designation by a government agency of a union as the bargaining agent for workers in a given bargaining unit, or acceptance by an employer that its employees can be collectively represented by a union.",
    "local union": "A local branch of a higher-level trade union such as a national union.",
    "organising": "The process of forming or joining a trade union, or inducing other workers to form or join one.",
    "strike": "The most common form of industrial action, a strike is a concerted stoppage of work by employees for a limited period of time. Can assume a wide variety of forms.",
}
# Seed-002 lines that end mid-sentence; the next line is the same paragraph (rendered with <br>).
JOIN_AFTER = ("called the Public", "earned her unwelcome attention", "“council” or “congress”")


# --------------------------------------------------------------------------- helpers
def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(prefix + "_*.txt")
    return path.read_text(encoding="utf-8")


t = partial(html.escape, quote=False)  # text node
q = partial(html.escape, quote=True)   # attribute value


def norm(s: str) -> str:
    return " ".join(s.split())


def slugify(s: str, limit: int = 200) -> str:
    s = unicodedata.normalize("NFKD", s.replace("’", "").replace("'", ""))
    s = re.sub(r"[^a-z0-9]+", "-", s.encode("ascii", "ignore").decode().lower()).strip("-")
    if len(s) > limit:  # cut on a word boundary, never ending on a small word
        s = re.sub(r"(-(the|of|and|to|in|a|at|for|while))+$", "", s[:limit].rsplit("-", 1)[0])
    return s


def long_date(iso: str) -> str:  # 2019-08-12 -> August 12, 2019
    y, m, d = iso.split("-")
    return f"{MONTHS[int(m) - 1]} {int(d)}, {y}"


def record(title, date, publisher, link, paragraphs) -> dict:
    return {"title": norm(title) if title else None, "date": date, "publisher": publisher,
            "link": link, "paragraphs": [norm(p) for p in paragraphs]}


def json_ld(headline, iso, url, publisher, kind="NewsArticle") -> str:
    data = {"@context": "https://schema.org", "@type": kind, "name" if kind == "WebPage" else "headline": norm(headline)}
    data.update({"datePublished": iso} if iso else {})
    data.update({"url": url, "publisher": {"@type": "Organization", "name": publisher}})
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def document(title: str, body: str, *, head: str = "", body_class: str = "", lang: str = "en") -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{t(title)}</title>\n'
            f'{head}\n</head>\n<body class="{body_class}">\n{body}\n</body>\n</html>\n')


PAGES: dict[tuple[str, str], str] = {}
MANIFEST: list[dict] = []


def add_page(host, path, kind, records, text):
    assert (host, path) not in PAGES, (host, path)
    PAGES[(host, path)] = text
    MANIFEST.append({"host": host, "path": path, "kind": kind, "records": records})


# --------------------------------------------------------------------------- ITUC news
ITUC_STYLE = """<style>
body{font-family:Arial,Helvetica,sans-serif;margin:0;color:#222}#accessibility-toolbar{background:#eee;font-size:11px;padding:2px 12px}.main-menu ul{list-style:none;display:flex;gap:18px}.news-list{list-style:none;padding:0}.news-item{border-bottom:1px solid #ddd;margin:0 0 1em}.news-teaser h3{display:none}.cookie-banner{position:fixed;bottom:0;background:#333;color:#fff}
</style>"""
ITUC_SCRIPT = """<script>
window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());gtag('config','UA-0000000-1');
document.addEventListener('DOMContentLoaded',function(){var b=document.querySelector('.cookie-banner button');if(b){b.onclick=function(){b.parentNode.style.display='none';};}});
</script>"""


def ituc_page(path, title, crumbs, main, *, body_class, extra_head="", footer_extra=""):
    crumb_html = "".join(f'<li><a href="{u}">{t(x)}</a></li>' if u else f"<li>{t(x)}</li>" for x, u in crumbs)
    menu = "".join(f'<li><a href="{u}">{x}</a></li>' for x, u in (
        ("Home", "/"), ("News", "/kazakhstan-news/"), ("Campaigns", "/campaigns.html"),
        ("About", "/about.html"), ("Contact", "/contact.html")))
    body = f"""<div id="accessibility-toolbar" class="no-print">
 <div class="acc-group"><span class="acc-label">Font size::</span>
  <button type="button" class="acc-font acc-small">A</button> <button type="button" class="acc-font acc-medium">A</button> <button type="button" class="acc-font acc-large">A</button></div>
 <div class="acc-group"><span class="acc-label">Colour:</span> <button type="button" class="acc-c1">C</button> <button type="button" class="acc-c2">C</button> <button type="button" class="acc-c3">C</button></div>
 <div class="acc-group"><span class="acc-label">Images</span> <button type="button" class="acc-img-on">On</button> <button type="button" class="acc-img-off">OFF</button></div>
 <div class="acc-group"><a class="acc-regular" href="{path}">Regular version</a></div>
</div>
<div id="page" class="container">
<header id="header" class="site-header">
 <div class="logo"><a href="/" title="ITUC - International Trade Union Confederation"><span class="logo-text">ITUC CSI IGB</span></a></div>
 <form class="search" action="https://www.google.com/search" method="get"><input type="search" name="q" placeholder="Search"><button type="submit">Go</button></form>
 <nav class="main-menu" aria-label="Main menu"><ul>{menu}</ul></nav>
</header>
<ol class="breadcrumb">{crumb_html}</ol>
<div id="content" class="content">
{main}
</div>
<footer id="footer" class="site-footer">
 <div class="footer-col"><p class="footer-org">ITUC - International Trade Union Confederation</p>
  <address>Boulevard du Jardin Botanique, 20<br>1210 Brussels, Belgium<br>Tel: +32 2 224 02 11</address></div>
 <div class="footer-col"><ul class="footer-links"><li><a href="/about.html">About us</a></li><li><a href="/contact.html">Contact</a></li>{footer_extra}</ul></div>
 <div class="footer-col social"><a href="https://www.facebook.com/ITUCCSI">Facebook</a> <a href="https://twitter.com/ituc">Twitter</a> <a href="https://www.youtube.com/user/ITUCCSI">YouTube</a></div>
 <p class="copyright">© ITUC-CSI-IGB. All rights reserved.</p>
</footer>
</div>
<div class="cookie-banner" role="dialog" aria-label="Cookies"><p>This website uses cookies to improve your browsing experience. By continuing to browse the site you agree to our use of cookies. <a href="/about.html">More information</a></p><button type="button">OK</button></div>
<noscript><p class="noscript-warning">JavaScript is disabled in your browser. Some features of this site will not work.</p></noscript>
{ITUC_SCRIPT}"""
    head = f'<meta property="og:site_name" content="ITUC">\n{ITUC_STYLE}\n{extra_head}'
    return document(f"{title} - ITUC", body, head=head, body_class=body_class)


def parse_ituc_news():
    """Seed 000: '17 April, 2023 / kazakhstan', title, title again, teaser paragraph(s)."""
    parts = re.split(r"^(\d{2}) (\w+), (\d{4}) / kazakhstan$", seed("000"), flags=re.M)
    items = []
    for d, month, y, chunk in zip(*[iter(parts[1:])] * 4):
        rest = [x for x in chunk.split("\n") if x.strip()]
        assert rest[0] == rest[1], rest[:2]
        items.append({"shown": f"{d} {month}, {y}", "date": f"{y}-{MONTHS.index(month) + 1:02d}-{d}",
                      "title": rest[0], "paras": rest[2:]})
    return items


# Items whose text is the ITUC's own get an article page here; the others link out.
ITUC_EXTERNAL = [
    "https://www.opendemocracy.net/en/odr/kazakhstan-anti-union-laws-workers-fight/",
    "https://kaztag.kz/en/news/government-apologized-to-well-known-journalists-seitkazy-and-aset-matayev",
    "https://www.rferl.org/a/kazakhstan-zhanaozen-rally-jobs/31693015.html",
    "https://www.ktr.su/en/news/communique-on-the-events-in-kazakhstan.html",
    "https://bureau.kz/en/news/statement-on-the-establishment-of-the-human-rights-alliance/",
    "https://fnpr.ru/en/news/lessons-of-kazakhstan-the-fnpr-assessed-the-events.html",
    "https://www.opendemocracy.net/en/odr/anger-injustice-politics-kazakhstan-protests/",
]
ITUC_OWN = ("Kazakhstan: stop corrupt practices", "Kazakhstan must respect democracy",
            "Kazakhstan: Fundamental change needed")


def build_ituc():
    items, external = parse_ituc_news(), iter(ITUC_EXTERNAL)
    assert len(items) == 10
    for it in items:
        it["own"] = it["title"].startswith(ITUC_OWN)
        it["href"] = f"/{slugify(it['title'])}.html" if it["own"] else next(external)
        it["abs"] = f"https://{ITUC}{it['href']}" if it["own"] else it["href"]
    pages = [("/kazakhstan-news/", items[0:4]), ("/kazakhstan-news/page-2.html", items[4:8]),
             ("/kazakhstan-news/page-3.html", items[8:10])]
    for n, (path, chunk) in enumerate(pages):
        lis = "\n".join(
            f'<li class="news-item"><p class="news-meta"><time datetime="{it["date"]}">{t(it["shown"])}</time> / '
            f'<a class="tag" href="/kazakhstan-news/">kazakhstan</a></p>'
            f'<h2 class="news-title"><a href="{q(it["href"])}">{t(it["title"])}</a></h2>'
            f'<div class="news-teaser"><h3>{t(it["title"])}</h3>'
            + "".join(f"<p>{t(p)}</p>" for p in it["paras"]) + "</div></li>" for it in chunk)
        nums = " ".join(f'<strong class="current">{k + 1}</strong>' if k == n else f'<a href="{p}">{k + 1}</a>'
                        for k, (p, _) in enumerate(pages))
        prev = f'<a class="prev" rel="prev" href="{pages[n - 1][0]}">‹ Previous</a> ' if n else ""
        nxt = f' <a class="next" rel="next" href="{pages[n + 1][0]}">Next ›</a>' if n + 1 < len(pages) else ""
        main = (f'<h1 class="page-title">News</h1>\n<ul class="news-list">\n{lis}\n</ul>\n'
                f'<nav class="pagination" aria-label="Pages">{prev}<span class="pages">{nums}</span>{nxt}</nav>')
        extra = '<li><a href="/private/secret.html">Staff intranet</a></li>' if n == 0 else ""
        html_text = ituc_page(path, "News - Kazakhstan", [("Home", "/"), ("News", "/kazakhstan-news/"),
                              ("Kazakhstan", None)], main, body_class="page_rubrique", footer_extra=extra)
        add_page(ITUC, path, "listing",
                 [record(it["title"], it["date"], "ITUC", it["abs"], it["paras"]) for it in chunk], html_text)

    own = [it for it in items if it["own"]]
    for it in own:
        related = "".join(f'<li><a href="{o["href"]}">{t(o["title"])}</a></li>' for o in own if o is not it)
        main = f"""<article class="article">
<h1 class="article-title">{t(it["title"])}</h1>
<p class="article-date"><time datetime="{it["date"]}">{t(it["shown"])}</time></p>
<div class="article-body">{"".join(f"<p>{t(p)}</p>" for p in it["paras"])}</div>
<div class="share-widget">Share this: <a href="https://www.facebook.com/sharer/sharer.php">Facebook</a> <a href="https://twitter.com/intent/tweet">Twitter</a> <a href="https://www.linkedin.com/shareArticle">LinkedIn</a> <a href="mailto:">Email</a></div>
</article>
<aside class="related"><h2>Related articles</h2><ul>{related}</ul></aside>
<form class="newsletter-signup" action="https://ituc-csi.us1.list-manage.com/subscribe/post" method="post">
<h2>Subscribe to our newsletter</h2><label for="nl-email">Email address</label> <input id="nl-email" type="email" name="EMAIL" required>
<label><input type="checkbox" name="gdpr" value="1"> I agree to receive emails from the ITUC</label> <button type="submit">Subscribe</button></form>"""
        html_text = ituc_page(it["href"], it["title"], [("Home", "/"), ("News", "/kazakhstan-news/"),
                              (it["title"], None)], main, body_class="page_article",
                              extra_head=json_ld(it["title"], it["date"], it["abs"], "ITUC"))
        add_page(ITUC, it["href"], "article", [record(it["title"], it["date"], "ITUC", None, it["paras"])], html_text)

    for path, title, main in (  # chrome-only pages that the menus and footers link to
            ("/", "ITUC", '<section class="home-block"><h2>Latest</h2><ul><li><a href="/kazakhstan-news/">Kazakhstan news</a></li></ul></section>'),
            ("/about.html", "About us", '<ul><li><a href="/campaigns.html">Campaigns</a></li><li><a href="/contact.html">Contact</a></li></ul>'),
            ("/campaigns.html", "Campaigns", '<ul class="campaign-list"><li>Global Rights Index</li><li>Decent work</li></ul>'),
            ("/contact.html", "Contact", '<address>Boulevard du Jardin Botanique, 20<br>1210 Brussels, Belgium</address>'),
            ("/private/secret.html", "Staff intranet", "<p>Restricted area. Authorised staff only.</p>")):
        head = '<meta name="robots" content="noindex, nofollow">' if path.startswith("/private/") else ""
        add_page(ITUC, path, "other", [], ituc_page(path, title, [("Home", "/"), (title, None)],
                 f'<h1 class="page-title">{title}</h1>\n{main}', body_class="page_sommaire", extra_head=head))


# --------------------------------------------------------------------------- Rights Index
def split_glossary(text: str):
    """Replace each flattened tooltip with a \\0<n>\\0 token; return (text, tooltips)."""
    tips = []
    for title in sorted(GLOSSARY, key=len, reverse=True):
        pat = re.compile(rf"(?i:({re.escape(title)})) {re.escape(title)} {re.escape(GLOSSARY[title])}"
                         r"(?:\n\nSee ([^\n]*)\n| ?)")

        def repl(m, title=title):
            tips.append((m.group(1), title, m.group(2).split(", ") if m.group(2) else []))
            nxt = m.string[m.end():m.end() + 1]
            return f"\0{len(tips) - 1}\0" + (" " if nxt.isalnum() or nxt == "\0" else "")
        text = pat.sub(repl, text)
    return text, tips


def tooltip_html(visible, title, see):
    see_html = ""
    if see:
        links = ", ".join(f'<a href="/glossary.html#{slugify(s)}">{t(s)}</a>' for s in see)
        see_html = f'<br><br><span class="see-also">See {links}</span>'
    return (f'<span class="glossary"><a class="glossary-term" href="/glossary.html#{slugify(title)}">{t(visible)}</a>'
            f'<span class="glossary-tooltip" role="tooltip"><span class="tooltip-title">{t(title)}</span> '
            f"{t(GLOSSARY[title])}{see_html}</span></span>")


def parse_rights_index():
    lines = seed("002").split("\n")
    title_re = re.compile(r"^(.*\S)( ?)(\d{2})-(\d{2})-(\d{4})$")
    entries, cur = [], None
    for line in lines:
        m = title_re.match(line)
        if m:
            cur = {"title": m.group(1) + m.group(2), "shown": f"{m.group(3)}-{m.group(4)}-{m.group(5)}",
                   "date": f"{m.group(5)}-{m.group(4)}-{m.group(3)}", "body": []}
            entries.append(cur)
        elif line.startswith("©"):
            cur = None
        elif cur is not None:
            cur["body"].append(line)
    for e in entries:
        text, tips = split_glossary("\n".join(e["body"]))
        paras = []  # each paragraph: list of lines joined by <br>
        for line in (x.strip() for x in text.split("\n")):
            if not line:
                continue
            if paras and paras[-1][-1].endswith(JOIN_AFTER):
                paras[-1].append(line)
            else:
                paras.append([line])
        tok = re.compile(r"\0(\d+)\0")
        e["html"] = "".join("<p>" + "<br>\n".join(
            tok.sub(lambda m: tooltip_html(*tips[int(m.group(1))]), t(x)) for x in p) + "</p>\n" for p in paras)
        e["paras"] = [norm(tok.sub(lambda m: tips[int(m.group(1))][0], " ".join(p))) for p in paras]
    return entries


SURVEY_STYLE = """<style>
body{font-family:'Open Sans',sans-serif;margin:0}.rating-5{background:#a50f15;color:#fff}.glossary{position:relative}.glossary-tooltip{display:none;position:absolute;width:280px;background:#fff;border:1px solid #999}.glossary:hover .glossary-tooltip{display:block}.violation-date{float:right;color:#777}
</style>"""


def survey_page(path, title, main):
    body = f"""<div id="wrapper">
<header id="header">
 <div class="top-bar"><a class="ituc-logo" href="https://www.ituc-csi.org/">ITUC CSI IGB</a>
  <ul class="lang-switch"><li class="active">EN</li><li>FR</li><li>ES</li></ul></div>
 <div class="rating rating-5"><span class="rating-number">5</span> – No guarantee of rights</div>
 <p class="index-name">The ITUC Global Rights Index</p>
</header>
<div id="country" class="country-page">
 <h1 class="country-name">Kazakhstan</h1>
 <ul class="tabs"><li class="tab active"><a href="/Kazakhstan.html">In practice</a></li></ul>
 <div class="browse-by"><span class="browse-label">Browse by:</span>
  <ul class="filter-menu"><li><button type="button" data-filter="year">Year</button></li><li><button type="button" data-filter="violation">Type of violation</button></li><li><button type="button" data-filter="all">All</button></li></ul></div>
{main}
</div>
<footer id="footer"><p>© ITUC-CSI-IGB 2013 | <a href="https://www.ituc-csi.org/">www.ituc-csi.org</a> | <a href="mailto:press@ituc-csi.org">Contact</a> Design by <a href="https://www.pixeleyes.be/">Pixeleyes.be</a> - maps: <a href="https://jvectormap.com/">jVectorMap</a></p></footer>
</div>
<noscript><div class="nojs">Please enable JavaScript to use the interactive map.</div></noscript>
<script>
(function(){{var b=document.querySelectorAll('.filter-menu button');for(var i=0;i<b.length;i++){{b[i].onclick=function(){{document.body.setAttribute('data-filter',this.getAttribute('data-filter'));}};}}}})();
</script>"""
    head = f'{SURVEY_STYLE}\n{json_ld(title, None, f"https://{SURVEY}{path}", "ITUC", "WebPage")}'
    return document(f"{title} | ITUC Global Rights Index", body, head=head, body_class="country kazakhstan")


def build_survey():
    entries = parse_rights_index()
    seen, per_date = set(), {}
    for e in entries:
        slug = base = "kazakhstan-" + slugify(e["title"], 70)
        k = 2
        while slug in seen:
            slug, k = f"{base}-{k}", k + 1
        seen.add(slug)
        per_date[e["date"]] = per_date.get(e["date"], 0) + 1
        e["id"] = f"v-{e['date'].replace('-', '')}-{per_date[e['date']]}"
        e["path"] = f"/{slug}.html"
    blocks = "\n".join(
        f'<div class="violation" id="{e["id"]}"><h3 class="violation-title"><a href="{e["path"]}">{t(e["title"])}</a>'
        f'<span class="violation-date">{e["shown"]}</span></h3>\n<div class="violation-body">\n{e["html"]}</div></div>'
        for e in entries)
    add_page(SURVEY, "/Kazakhstan.html", "index",
             [record(e["title"], e["date"], "ITUC", f"https://{SURVEY}{e['path']}", e["paras"]) for e in entries],
             survey_page("/Kazakhstan.html", "Kazakhstan", f'<div id="violations" class="violations-list">\n{blocks}\n</div>'))
    for e in entries:
        main = (f'<p class="back"><a href="/Kazakhstan.html">Back to Kazakhstan</a></p>\n'
                f'<div class="violation violation-single" id="{e["id"]}"><h1 class="violation-title">{t(e["title"])}</h1>'
                f'<p class="violation-date">{e["shown"]}</p>\n<div class="violation-body">\n{e["html"]}</div></div>\n'
                + json_ld(e["title"], e["date"], f"https://{SURVEY}{e['path']}", "ITUC"))
        add_page(SURVEY, e["path"], "entry", [record(e["title"], e["date"], "ITUC", None, e["paras"])],
                 survey_page(e["path"], e["title"], main))
    see_terms = sorted({s for e in entries for s in re.findall(r'glossary\.html#([a-z0-9-]+)">([^<]+)<', e["html"])})
    dl = "\n".join(f'<dt id="{slugify(x)}">{t(x)}</dt><dd>{t(GLOSSARY[x])}</dd>' for x in sorted(GLOSSARY, key=str.lower))
    extra = "\n".join(f'<dt id="{s}">{t(label)}</dt>' for s, label in see_terms
                      if s not in {slugify(x) for x in GLOSSARY})
    add_page(SURVEY, "/glossary.html", "other", [],
             survey_page("/glossary.html", "Glossary", f'<h2>Glossary</h2>\n<dl class="glossary-list">\n{dl}\n{extra}\n</dl>'))


# --------------------------------------------------------------------------- Solidarity Center
SOLI_ARTICLE = "/kazakhstan-union-leader-erlan-baltabay-pardoned/"
# (publisher, date, link, number of seed lines) for each teaser of seed 001, in seed order.
SOLI_TEASERS = [
    ("RFE/RL", "2022-01-27", "https://www.rferl.org/a/kazakhstan-zhanaozen-activists-prevented-rally/31674120.html", 1),
    ("Solidarity Center", "2019-08-12", SOLI_ARTICLE, 1),
    ("IndustriALL", "2019-07-18", "https://www.industriall-union.org/kazakh-union-leader-erlan-baltabay-sentenced-to-seven-years", 1),
    ("ITUC", "2019-07-18", "https://www.ituc-csi.org/kazakhstan-sentencing-of-erlan-baltabay", 1),
    ("RFE/RL", "2019-06-14", "https://www.rferl.org/a/kazakhstan-seeks-to-jail-trade-union-leader-ilo/29999812.html", 1),
    ("ITUC", "2019-06-10", "https://www.ituc-csi.org/IMG/pdf/kazakhstan_letter_president_c87.pdf", 1),
    ("Human Rights Watch", "2019-06-11", "https://www.hrw.org/news/2019/06/11/kazakhstan-ilo-scrutinizes-labor-rights-record", 2),
    ("RFE/RL", "2019-04-02", "https://www.rferl.org/a/kazakh-lawyer-zhuaspayeva-fights-disbarment-bid/29857164.html", 2),
    ("RFE/RL", "2019-03-27", "https://www.rferl.org/a/kazakh-court-jails-zhanaozen-protest-leader/29844731.html", 1),
    ("RFE/RL", "2019-03-28", "https://www.rferl.org/a/rfe-rl-correspondent-fined-in-zhanaozen/29846092.html", 1),
]
SOLI_STYLE = """<style>
body{font-family:Lato,Arial,sans-serif;margin:0}.site-header{background:#002e5d;color:#fff}.btn-donate{background:#e31837;color:#fff;padding:6px 14px}.teaser{border-top:1px solid #ccc;padding:12px 0}
</style>"""


def soli_page(path, title, main, body_class, extra_head=""):
    body = f"""<div class="site">
<header class="site-header" role="banner">
 <div class="site-branding"><a class="custom-logo-link" href="/" rel="home">Solidarity Center</a></div>
 <nav class="main-navigation" aria-label="Primary"><ul id="primary-menu" class="menu">
  <li class="menu-item"><a href="/about/">Who We Are</a></li>
  <li class="menu-item current-menu-ancestor"><a href="/where-we-work/asia/kazakhstan/">Where We Work</a></li>
  <li class="menu-item"><a href="https://www.facebook.com/SolidarityCenter">Follow us</a></li></ul></nav>
 <a class="btn-donate" href="/donate/">Donate</a>
</header>
<main id="main" class="site-main">
{main}
</main>
<section class="newsletter"><h2>Stay informed</h2>
<form class="mc-embedded-subscribe-form" action="https://solidaritycenter.us3.list-manage.com/subscribe/post" method="post">
<label for="mce-EMAIL">Email</label> <input type="email" id="mce-EMAIL" name="EMAIL"> <input type="submit" value="Sign up"></form></section>
<footer class="site-footer">
 <address>Solidarity Center<br>1130 Connecticut Ave. NW, Suite 800<br>Washington, DC 20036</address>
 <ul class="social-links"><li><a href="https://www.facebook.com/SolidarityCenter">Facebook</a></li><li><a href="https://twitter.com/SolidarityCntr">Twitter</a></li><li><a href="https://www.instagram.com/solidaritycenter/">Instagram</a></li><li><a href="https://www.youtube.com/user/SolidarityCenter">YouTube</a></li></ul>
 <p class="site-info">© Solidarity Center. All rights reserved.</p>
</footer>
</div>
<script>var sc_ajax={{"url":"https:\\/\\/{SOLI}\\/wp-admin\\/admin-ajax.php"}};</script>
<noscript><img height="1" width="1" style="display:none" alt="" src="https://www.facebook.com/tr"></noscript>"""
    return document(f"{title} - Solidarity Center", body, head=f"{SOLI_STYLE}\n{extra_head}", body_class=body_class)


def build_solidarity():
    lines = [x for x in seed("001").split("\n") if x.strip()]
    assert sum(n for *_, n in SOLI_TEASERS) == len(lines)
    teasers, i = [], 0
    for pub, iso, link, n in SOLI_TEASERS:
        teasers.append((pub, iso, link, lines[i:i + n]))
        i += n
    divs = "\n".join(
        f'<div class="teaser"><p class="teaser-meta"><span class="teaser-source">{t(pub)}</span> · '
        f'<time datetime="{iso}">{long_date(iso)}</time></p>' + "".join(f'<p class="teaser-text">{t(p)}</p>' for p in ps)
        + f'<a class="read-more" href="{q(link)}">Read more</a></div>' for pub, iso, link, ps in teasers)
    main = (f'<header class="page-header"><p class="breadcrumbs"><a href="/">Home</a> › '
            f'<a href="/where-we-work/asia/kazakhstan/">Where We Work</a> › <span>Asia</span> › <span>Kazakhstan</span></p>'
            f'<h1 class="page-title">Kazakhstan</h1></header>\n<section class="country-news"><h2>News</h2>\n{divs}\n</section>')
    absl = lambda u: f"https://{SOLI}{u}" if u.startswith("/") else u  # noqa: E731
    add_page(SOLI, "/where-we-work/asia/kazakhstan/", "aggregation",
             [record(None, iso, pub, absl(link), ps) for pub, iso, link, ps in teasers],
             soli_page("/where-we-work/asia/kazakhstan/", "Kazakhstan", main, "page-template-country"))

    pub, iso, _, paras = teasers[1]
    title = "Kazakhstan Union Leader Erlan Baltabay Pardoned"
    main = f"""<article class="post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{title}</h1>
<div class="entry-meta"><time class="entry-date published" datetime="{iso}">{long_date(iso)}</time></div></header>
<div class="entry-content">{"".join(f"<p>{t(p)}</p>" for p in paras)}</div>
<div class="share-bar"><span>Share:</span> <a href="https://www.facebook.com/sharer/sharer.php">Facebook</a> <a href="https://twitter.com/intent/tweet">Twitter</a> <a href="mailto:">Email</a></div>
</article>
<section class="related-posts"><h2>Related posts</h2><ul>
<li><a href="{teasers[2][2]}">IndustriALL: Free Erlan Baltabay</a></li>
<li><a href="{teasers[3][2]}">ITUC statement on the sentencing of Erlan Baltabay</a></li>
<li><a href="/where-we-work/asia/kazakhstan/">More from Kazakhstan</a></li></ul></section>"""
    add_page(SOLI, SOLI_ARTICLE, "article", [record(title, iso, pub, None, paras)],
             soli_page(SOLI_ARTICLE, title, main, "single single-post",
                       json_ld(title, iso, f"https://{SOLI}{SOLI_ARTICLE}", pub)))
    for path, title, main in (
            ("/", "Home", '<h1 class="page-title">Solidarity Center</h1><ul><li><a href="/where-we-work/asia/kazakhstan/">Kazakhstan</a></li></ul>'),
            ("/about/", "Who We Are", '<h1 class="page-title">Who We Are</h1><ul><li><a href="/donate/">Support our work</a></li></ul>'),
            ("/donate/", "Donate", '<h1 class="page-title">Donate</h1><form action="https://secure.actblue.com/donate/solidaritycenter" method="post"><input type="number" name="amount"> <button type="submit">Give now</button></form>')):
        add_page(SOLI, path, "other", [], soli_page(path, title, main, "page"))


# --------------------------------------------------------------------------- University Solidarity (WordPress.com)
USOL_POST = "/2016/12/13/stop-the-persecution-of-independent-trade-unions-in-kazakhstan/"
USOL_DT = "2016-12-13T09:00:00+00:00"
WP_STYLE = """<style id="twentysixteen-style-inline-css">
body{font-family:Merriweather,Georgia,serif}.screen-reader-text{clip:rect(1px,1px,1px,1px);position:absolute}.sd-title{font-size:.8em}#likes-other-gravatars{display:none}
</style>"""


def wp_page(path, title, main, post_title):
    body = f"""<div id="page" class="site"><a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header" role="banner">
 <p class="site-title"><a href="/" rel="home">University Solidarity</a></p>
 <p class="site-description">Trade union of university staff</p>
 <nav id="site-navigation" class="main-navigation"><ul class="primary-menu"><li><a href="/">Home</a></li><li><a href="/about/">About</a></li></ul></nav>
</header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
{main}
</main></div>
<aside id="secondary" class="sidebar widget-area">
 <section class="widget widget_search"><form role="search" method="get" class="search-form" action="/"><label><span class="screen-reader-text">Search for:</span><input type="search" class="search-field" name="s"></label><button type="submit" class="search-submit">Search</button></form></section>
 <section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul><li><a href="{USOL_POST}">{t(post_title)}</a></li></ul></section>
 <section class="widget widget_blog_subscription"><h2 class="widget-title">Follow Blog via Email</h2><form action="https://subscribe.wordpress.com/" method="post"><input type="email" name="email" placeholder="Email Address"> <input type="submit" value="Follow"></form></section>
</aside></div>
<footer id="colophon" class="site-footer"><div class="site-info"><a href="https://wordpress.com/">Blog at WordPress.com.</a></div></footer>
</div>
<div id="likes-other-gravatars"><div class="likes-text"><span>%d</span> bloggers like this:</div><ul class="wpl-avatars sd-like-gravatars"></ul></div>
<script>var actionbardata={{"siteID":"119804512","postID":"0","siteURL":"https:\\/\\/{USOL}"}};</script>
<noscript><p>Please enable JavaScript to view the comments.</p></noscript>"""
    return document(f"{title} | University Solidarity", body, head=WP_STYLE, body_class="wp-theme-twentysixteen")


def wp_comment_form():
    services = [("wordpress", "", "Gravatar"), ("googleplus", "Google", "Google photo"),
                ("twitter", "Twitter", "Twitter picture"), ("facebook", "Facebook", "Facebook photo")]
    blocks = "\n".join(
        f'<div class="comment-form-service" id="{sid}-comment-form"><div class="comment-form-avatar">'
        f'<img src="https://s0.wp.com/i/{sid}-avatar.png" alt="{alt}" width="25" height="25"></div>'
        f'<div class="comment-form-padder"><div class="comment-form-posting-as"><p><strong></strong>'
        f' You are commenting using your {name + " " if name else ""}account. <span class="comment-form-log-out">'
        f'<a href="javascript:HighlanderComments.doExternalLogout( \'{sid}\' );">Log&nbsp;Out</a>&nbsp;/&nbsp;'
        f' <a href="javascript:HighlanderComments.cancelExternalLogin();">Change</a>&nbsp;)</span></p></div></div></div>'
        for sid, name, alt in services)
    return f"""<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">
<div class="comment-form-field comment-textarea"><label for="comment">Enter your comment here...</label><textarea id="comment" name="comment"></textarea></div>
<div id="comment-form-identity"><div id="comment-form-nascar"><p>Fill in your details below or click an icon to log in: <img src="https://s0.wp.com/i/logo/wpcom-gray-white.png" alt="Logo" width="20" height="20"></p></div>
{blocks}
</div>
<div id="comment-form-load-service" style="display:none"><div class="comment-form-service-loading">Connecting to %s</div></div>
<p class="form-submit"><input name="submit" type="submit" id="comment-submit" class="submit" value="Post Comment"></p>
</form></div>"""


def build_wordpress():
    lines = [x for x in seed("003").split("\n") if x.strip()]
    title, shown = lines[0], lines[1]
    end = lines.index("Leave a Reply")
    paras = lines[2:end]
    excerpt = paras[0]
    link = f"https://{USOL}{USOL_POST}"
    meta = (f'<div class="entry-meta"><time class="entry-date published" datetime="{USOL_DT}">{t(shown)}</time>'
            f' <span class="byline">by <a href="/about/">universitysolidarity</a></span></div>')
    listing = f"""<article id="post-27" class="post type-post status-publish format-standard hentry">
<header class="entry-header"><h2 class="entry-title"><a href="{USOL_POST}" rel="bookmark">{t(title)}</a></h2>{meta}</header>
<div class="entry-summary"><p>{t(excerpt)}</p></div>
<a class="more-link" href="{USOL_POST}">Continue reading</a>
</article>"""
    add_page(USOL, "/", "listing", [record(title, "2016-12-13", "University Solidarity", link, [excerpt])],
             wp_page("/", "Home", listing, title))
    body_ps = []
    for k, p in enumerate(paras):
        if k in (1, 2):  # pasted from e-mail: hard-wrapped with <br>
            body_ps.append("<p>" + "<br>\n".join(t(x) for x in textwrap.wrap(p, 72, break_on_hyphens=False)) + "</p>")
        else:
            body_ps.append(f"<p>{t(p)}</p>")
    post = f"""<article id="post-27" class="post type-post status-publish format-standard hentry">
<header class="entry-header"><h1 class="entry-title">{t(title)}</h1>{meta}</header>
<div class="entry-content">
{chr(10).join(body_ps)}
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul><li class="share-twitter"><a class="share-twitter sd-button" href="https://twitter.com/intent/tweet"><span>Twitter</span></a></li><li class="share-facebook"><a class="share-facebook sd-button" href="https://www.facebook.com/sharer/sharer.php"><span>Facebook</span></a></li></ul></div></div></div>
<div id="jp-post-flair" class="sharedaddy sd-like-enabled"><div class="sharedaddy sd-block sd-like"><h3 class="sd-title">Like this:</h3><div class="likes-widget-placeholder post-likes-widget-placeholder"><span class="button"><span>Like</span></span> <span class="loading">Loading...</span></div></div></div>
</div>
</article>
<div id="comments" class="comments-area">
{wp_comment_form()}
</div>"""
    add_page(USOL, USOL_POST, "article", [record(title, "2016-12-13", "University Solidarity", None, paras)],
             wp_page(USOL_POST, title, post + "\n" + json_ld(title, USOL_DT, link, "University Solidarity"), title))
    add_page(USOL, "/about/", "other", [], wp_page("/about/", "About", '<article class="page"><header class="entry-header">'
             '<h1 class="entry-title">About</h1></header><div class="entry-content"><p><a href="/">Home</a></p></div></article>', title))


# --------------------------------------------------------------------------- urangminang.com
URANG_POST = "/kazakhstan-workers-unions-under-attack/"
URANG_BREAKS = ("In 2011, strikes by oil workers", "The new laws in Kazakhstan have created",
                "Trade union leaders in Kazakhstan face", "Trade unions are the only organizations")


def urang_page(path, title, main):
    body = f"""<div id="wrapper" class="fusion-wrapper">
<header class="fusion-header-wrapper"><div class="fusion-logo"><a href="/">Urang Minang</a></div>
<nav class="fusion-main-menu" aria-label="Main Menu"><ul><li><a href="/">Home</a></li><li><a href="/about/">About</a></li></ul></nav></header>
{main}
<footer class="fusion-footer"><div class="fusion-copyright-notice">Copyright © Urang Minang | All Rights Reserved</div>
<div class="fusion-social-links"><a href="https://www.facebook.com/">Facebook</a> <a href="https://twitter.com/">Twitter</a></div></footer>
</div>
<script>var fusionJSVars={{"header_sticky":"1","lightbox_behavior":"all"}};</script>
<noscript><style>.lazyload{{display:none}}</style></noscript>"""
    head = "<style>body{font-family:'PT Sans',sans-serif}.fusion-page-title-bar{background:#f6f6f6}</style>"
    return document(f"{title} – Urang Minang", body, head=head, body_class="post-template-default single")


def build_urang():
    lines = [x for x in seed("004").split("\n") if x.strip()]
    title, content = lines[0], lines[2]
    assert lines[1] == title
    author = next(x for x in lines if x.startswith("About the Author: ")).split(": ", 1)[1]
    comment = next(x.strip() for x in lines if x.strip().startswith("1. "))[3:]
    paras, rest = [], content
    for start in URANG_BREAKS:
        k = rest.index(" " + start)
        paras.append(rest[:k])
        rest = rest[k + 1:]
    paras.append(rest)
    link = f"https://{URANG}{URANG_POST}"
    body_ps = "\n".join(f"<p>{t(p)}</p>" for p in paras)
    main = f"""<div class="fusion-page-title-bar"><h2 class="fusion-page-title">{t(title)}</h2>
<div class="fusion-breadcrumbs"><a href="/">Home</a> / <span>News</span></div></div>
<main id="main" class="clearfix"><div id="content">
<article id="post-1562" class="post type-post status-publish">
<h1 class="entry-title fusion-post-title">{t(title)}</h1>
<div class="fusion-meta-info">By <a href="/about/">{t(author)}</a> | <time class="entry-date" datetime="2017-01-20">January 20th, 2017</time> | Categories: <span>Human Rights</span></div>
<div class="entry-content">
{body_ps}
</div>
</article>
<div class="related-posts single-related-posts" data-widget="zergnet"><h3>You May Also Like</h3><ul>
<li><a href="https://www.eurasianet.org/kyrgyzstan-parliament-debates-new-trade-union-law">Kyrgyzstan: Parliament Debates New Trade Union Law</a></li>
<li><a href="https://www.thediplomat.com/2016/12/oil-price-slump-hits-central-asian-economies/">Oil Price Slump Hits Central Asian Economies</a></li>
<li><a href="https://www.aljazeera.com/news/2017/1/10/indonesia-labour-groups-rally-in-jakarta">Indonesia: Labour Groups Rally in Jakarta</a></li></ul></div>
<div class="about-author author-box"><h3>About the Author: {t(author)}</h3></div>
<div id="comments" class="comments-container"><h3>One Comment</h3>
<ol class="comment-list"><li class="comment even thread-even depth-1" id="comment-2204"><article class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Shahriar Hasan</b> <span class="says">says:</span></div>
<div class="comment-metadata"><time datetime="2017-09-14T06:42:00+00:00">September 14, 2017 at 6:42 am</time></div></footer>
<div class="comment-content"><p>{t(comment)}</p></div>
<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#respond">Reply</a></div></article></li></ol></div>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">
<p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> Required fields are marked <span class="required">*</span></p>
<p class="comment-form-comment"><label for="comment">Comment</label><textarea id="comment" name="comment" required></textarea></p>
<p class="comment-form-author"><label for="author">Name *</label><input id="author" name="author" type="text" required></p>
<p class="comment-form-email"><label for="email">Email *</label><input id="email" name="email" type="email" required></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment"></p></form></div>
</div></main>
{json_ld(title, "2017-01-20", link, "Urang Minang")}"""
    add_page(URANG, URANG_POST, "article", [record(title, "2017-01-20", "Urang Minang", None, paras)],
             urang_page(URANG_POST, title, main))
    for path, title2 in (("/", "Home"), ("/about/", "About")):
        main = (f'<main id="main"><h1 class="entry-title">{title2}</h1><section class="widget recent-posts">'
                f'<h4 class="widget-title">Recent Posts</h4><ul><li><a href="{URANG_POST}">{t(title)}</a></li></ul></section></main>')
        add_page(URANG, path, "other", [], urang_page(path, title2, main))


# --------------------------------------------------------------------------- output
ROBOTS = "User-agent: *\nDisallow: /private/\nDisallow: /wp-admin/\n"


def main():
    build_ituc()
    build_survey()
    build_solidarity()
    build_wordpress()
    build_urang()
    if OUT.exists():
        shutil.rmtree(OUT)
    files = {(h, "/robots.txt"): ROBOTS for h in HOSTS}
    files.update(PAGES)
    for (host, path), text in sorted(files.items()):
        target = OUT / host / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    manifest = sorted(MANIFEST, key=lambda p: (p["host"], p["path"]))
    (HERE / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8", newline="\n")
    print(f"wrote {len(files)} files for {len(HOSTS)} hosts, {len(manifest)} pages in MANIFEST.json")


if __name__ == "__main__":
    main()
