"""Browser tests of the built website: every page of _toc.yml, loaded in Chromium.

The site (`make book`, or the folder in SEQLAB_SITE_DIR) is served from 127.0.0.1. The
CDN files the pages load (MathJax, requirejs, the widget embedder; pinned in _config.yml)
are answered from the npm packages that `make site-assets` unpacks into .cache/site-assets,
and every other request that leaves 127.0.0.1 is aborted, so the tests run offline.
Without Chromium, the built site or those packages the tests skip and say how to get
them; with SEQLAB_REQUIRE_BROWSER=1 (as in CI) they fail instead. Each page is loaded
once per session and leaves a full-page screenshot in _build/screenshots/ for review.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import NoReturn
from urllib.parse import unquote, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SITE_DIR = Path(os.environ.get("SEQLAB_SITE_DIR", ROOT / "_build" / "html"))
ASSETS_DIR = ROOT / ".cache" / "site-assets"
SCREENSHOT_DIR = ROOT / "_build" / "screenshots"
CHROMIUM = Path(os.environ.get("SEQLAB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REQUIRE_BROWSER = os.environ.get("SEQLAB_REQUIRE_BROWSER") == "1"
CDN = "https://cdn.jsdelivr.net/npm/"
CDN_PACKAGE = re.compile(r"https://cdn\.jsdelivr\.net/npm/((?:@[\w.-]+/)?[\w.-]+@[\w.-]+)/")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

# Errors that upstream code logs on our pages; nothing else may reach the console.
# Each entry: (pattern for the message, pattern for the script it comes from or None).
KNOWN_UPSTREAM_ERRORS = [
    # sphinx-thebe 0.3.1 (executablebooks/sphinx-thebe): init_thebe_core's inline
    # `const THEBE_JS_URL = ...` config script lands twice on every Jupyter Book 1 page.
    (r"^Identifier 'THEBE_JS_URL' has already been declared$", None),
    # sphinx-book-theme's head script sets data-mode to "" when localStorage is empty;
    # pydata-sphinx-theme then logs this and falls back to auto (pydata-sphinx-theme#1635).
    (r"^Got invalid theme mode: \. Resetting to auto\.$", r"/pydata-sphinx-theme\.js"),
    # @jupyter-widgets/html-manager 1.0.x typesets widget labels with MathJax 2's
    # MathJax.Hub.Queue, which MathJax 3 does not have (jupyter-widgets/ipywidgets#3849).
    (r"^Cannot read properties of undefined \(reading 'Queue'\)$", r"/html-manager@[\d.]+/"),
    # ... and its icon fonts are looked up relative to the page, where they are not
    # (jupyter-widgets/ipywidgets#3658; window.__jupyter_widgets_assets_path__ comes too late).
    (
        r"^Failed to load resource: the server responded with a status of 404",
        r"^http://127\.0\.0\.1:\d+/.*@jupyter-widgets/html-manager/dist/"
        r"[0-9a-f]{20}\.(woff2?|ttf|eot|svg)$",
    ),
]

# Markup that MyST should have turned into something else: a role or directive shown
# verbatim, a {{ substitution }} or $$ math left in the text outside code.
RAW_MYST = re.compile(
    r"\{[a-z][\w:-]*\}`[^`]*`|^\s*(?:```|:::)\s*\{[\w:-]+\}|\{\{[^}]*\}\}|\$\$", re.M
)


def toc_pages() -> list[str]:
    """The root page and every `file` of _toc.yml (parts, chapters, sections), in order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]

    def walk(entries: list[dict] | None) -> None:
        for entry in entries or []:
            if "file" in entry:
                pages.append(re.sub(r"\.(md|ipynb|rst)$", "", entry["file"]))
            walk(entry.get("sections"))

    for part in toc.get("parts") or [toc]:
        walk(part.get("chapters"))
    return pages


PAGES = toc_pages()
CHAPTERS = [p for p in PAGES if p.startswith("notebooks/") or (ROOT / f"{p}.ipynb").is_file()]


def unavailable(reason: str) -> NoReturn:
    """Skip, or fail where the environment says the browser tests must run."""
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason} (required: SEQLAB_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


def colab_url(page: str) -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    repository = config["repository"]
    owner_repo = urlsplit(repository["url"]).path.strip("/")
    book = repository.get("path_to_book", "").strip("/")
    path = f"{book}/{page}.ipynb" if book else f"{page}.ipynb"
    return (
        f"https://colab.research.google.com/github/{owner_repo}/blob/{repository['branch']}/{path}"
    )


def book_pdf_name() -> str:
    """The file name of the book's PDF (latex.latex_documents.targetname in _config.yml)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    return Path(config["latex"]["latex_documents"]["targetname"]).with_suffix(".pdf").name


def notebook_has_widgets(page: str) -> bool:
    """Whether the stored notebook (the site's copy, else the repository's) shows widgets."""
    for path in (SITE_DIR / "_sources" / f"{page}.ipynb", ROOT / f"{page}.ipynb"):
        if path.is_file():
            cells = json.loads(path.read_text())["cells"]
            return any(
                WIDGET_VIEW in output.get("data", {})
                for cell in cells
                for output in cell.get("outputs", [])
            )
    return False


def notebook_explorers(page: str) -> int:
    """How many precomputed explorers (seqlab.widgets) the stored notebook shows."""
    for path in (SITE_DIR / "_sources" / f"{page}.ipynb", ROOT / f"{page}.ipynb"):
        if path.is_file():
            cells = json.loads(path.read_text())["cells"]
            return sum(
                "seqlab-explorer" in "".join(output.get("data", {}).get("text/html", ""))
                for cell in cells
                for output in cell.get("outputs", [])
            )
    return 0


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(markup: str) -> str:
    """The text of an HTML fragment as a browser's textContent gives it, spaces collapsed."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return " ".join("".join(parser.parts).split())


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (tag == "a" and name == "name")):
                self.ids.add(value)


@functools.cache
def ids_in(path: Path) -> frozenset[str]:
    collector = _IdCollector()
    collector.feed(path.read_text(errors="replace"))
    return frozenset(collector.ids)


def cdn_file(url: str) -> Path | None:
    """The local copy of a jsDelivr npm URL, if .cache/site-assets holds it."""
    if not url.startswith(CDN):
        return None
    root = ASSETS_DIR.resolve()
    path = (root / unquote(urlsplit(url).path)[len("/npm/") :]).resolve()
    return path if root in path.parents and path.is_file() else None


# --- session fixtures: site, server, assets, browser ---------------------------------


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE_DIR / f"{PAGES[0]}.html").is_file():
        unavailable(f"no built site in {SITE_DIR}: run `make book` (or set SEQLAB_SITE_DIR)")
    return SITE_DIR.resolve()


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def site_assets(site_dir: Path) -> None:
    """Every CDN package the built pages name must be unpacked in .cache/site-assets."""
    wanted = set()
    for page in PAGES:
        html = site_dir / f"{page}.html"
        if html.is_file():
            wanted.update(CDN_PACKAGE.findall(html.read_text(errors="replace")))
    missing = sorted(spec for spec in wanted if not (ASSETS_DIR / spec).is_dir())
    if missing:
        unavailable(
            f"CDN packages {missing} are not in {ASSETS_DIR}: run `make site-assets` "
            "(its NPM_ASSETS must list every package that _config.yml loads)"
        )


@pytest.fixture(scope="session")
def browser(site_assets: None):
    if not CHROMIUM.is_file():
        unavailable(f"{CHROMIUM} not found: `apt-get install -y chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed: `pip install -e '.[test]'`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Network:
    """Every request that left 127.0.0.1: answered from a local copy, or aborted."""

    served: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def network() -> Network:
    return Network()


@pytest.fixture(scope="session")
def context(browser, base_url: str, network: Network):
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def answer_or_abort(route) -> None:
        url = route.request.url
        local = cdn_file(url)
        if local is None:
            network.aborted.append(url)
            route.abort("blockedbyclient")
        else:
            network.served.append(url)
            route.fulfill(path=local, headers={"Access-Control-Allow-Origin": "*"})

    context.route(lambda url: not url.startswith(base_url), answer_or_abort)
    yield context
    context.close()


# --- loading a page once -----------------------------------------------------------

WIDGETS_RENDERED = f"""() => [...document.querySelectorAll('script[type="{WIDGET_VIEW}"]')]
    .every(s => s.previousElementSibling?.classList.contains('widget-subarea')
                && s.previousElementSibling.querySelector('.jupyter-widgets'))"""

EXTRACT = rf"""() => {{
  const shown = (el) => {{
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  }};
  const maths = [...document.querySelectorAll('span.math, div.math')];
  const UNDEFINED_MACRO = new RegExp('<mtext[^>]*mathcolor="red"[^>]*>(\\\\[^<]*)</mtext>', 'g');
  const prose = (document.querySelector('article') || document.body).cloneNode(true);
  prose.querySelectorAll('pre, code, script, style, .math, mjx-container')
       .forEach(e => e.remove());
  return {{
    maths: maths.length,
    unrendered: maths.filter(e => !e.querySelector('mjx-container'))
                     .map(e => e.textContent.trim().slice(0, 80)),
    mjx: document.querySelectorAll('mjx-container').length,
    merrors: [...document.querySelectorAll('mjx-merror')]
               .map(e => e.getAttribute('data-mjx-error') || e.textContent),
    // MathJax's noundefined package shows an unknown macro as red text, not an merror
    undefinedMacros: [...(window.MathJax?.startup?.document?.math || [])]
      .map(item => MathJax.startup.toMML(item.root))
      .flatMap(mml => [...mml.matchAll(UNDEFINED_MACRO)].map(m => m[1])),
    images: [...document.images].map(img => ({{
      src: img.getAttribute('src') || '', alt: (img.getAttribute('alt') || '').trim(),
      width: img.naturalWidth,
      caption: (img.closest('figure')?.querySelector('figcaption')?.textContent || '').trim(),
    }})),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    colab: [...document.querySelectorAll('a[href*="colab.research.google.com"]')]
             .map(a => a.href),
    cdnScripts: [...document.querySelectorAll('script[src^="{CDN}"]')].map(s => s.src),
    widgetViews: document.querySelectorAll('script[type="{WIDGET_VIEW}"]').length,
    widgetState: document.querySelector('script[type="{WIDGET_STATE}"]') !== null,
    widgetsShown: [...document.querySelectorAll('.widget-subarea')]
                    .filter(area => [...area.querySelectorAll('.jupyter-widgets')].some(shown))
                    .length,
    explorers: document.querySelectorAll('.seqlab-explorer').length,
    explorersShown: [...document.querySelectorAll('.seqlab-explorer')].filter(shown).length,
    text: prose.textContent,
    pageWidth: document.documentElement.scrollWidth,
    windowWidth: window.innerWidth,
  }};
}}"""


@dataclass
class Visit:
    page: str
    status: int
    errors: list[str]  # console and page errors not in KNOWN_UPSTREAM_ERRORS
    aborted: list[str]  # requests to outside hosts that had no local copy
    served: list[str]  # CDN requests answered from .cache/site-assets
    problems: list[str]  # waits that timed out
    dom: dict
    colab_shown: bool
    screenshot: Path


def is_known_upstream(message: str, source: str) -> bool:
    return any(
        re.search(pattern, message) and (where is None or re.search(where, source))
        for pattern, where in KNOWN_UPSTREAM_ERRORS
    )


def load(context, network: Network, base_url: str, page: str) -> Visit:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    tab = context.new_page()
    logged: list[tuple[str, str]] = []  # (message, source)
    tab.on(
        "console",
        lambda m: m.type == "error" and logged.append((m.text, m.location.get("url", ""))),
    )
    tab.on("pageerror", lambda e: logged.append((e.message, e.stack or "")))
    first_aborted, first_served = len(network.aborted), len(network.served)
    problems = []
    try:
        response = tab.goto(f"{base_url}{page}.html", wait_until="load")
        status = response.status if response else 0
        if tab.locator("script[src*='mathjax']").count():
            try:
                tab.wait_for_function("() => window.MathJax?.startup?.promise", timeout=15_000)
                tab.evaluate("() => MathJax.startup.promise")
            except PlaywrightTimeout:
                problems.append("MathJax did not start within 15 s")
        if tab.locator(f"script[type='{WIDGET_VIEW}']").count():
            try:
                tab.wait_for_function(WIDGETS_RENDERED, timeout=15_000)
            except PlaywrightTimeout:
                problems.append("the widget views were not rendered within 15 s")
        tab.wait_for_load_state("networkidle")
        dom = tab.evaluate(EXTRACT)
        screenshot = SCREENSHOT_DIR / f"{page}.png"
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(screenshot), full_page=True)
        colab_shown = False
        launch = tab.locator(".dropdown-launch-buttons button")
        if page in CHAPTERS and launch.count():
            launch.first.click()
            colab = tab.locator(".dropdown-launch-buttons a[href*='colab.research.google.com']")
            colab_shown = colab.count() == 1 and colab.first.is_visible()
    finally:
        tab.close()
    return Visit(
        page=page,
        status=status,
        errors=[
            f"{m} [{s.splitlines()[0] if s else ''}]"
            for m, s in logged
            if not is_known_upstream(m, s)
        ],
        aborted=network.aborted[first_aborted:],
        served=network.served[first_served:],
        problems=problems,
        dom=dom,
        colab_shown=colab_shown,
        screenshot=screenshot,
    )


@pytest.fixture(scope="session")
def visit(context, network: Network, base_url: str):
    visits: dict[str, Visit] = {}

    def get(page: str) -> Visit:
        if page not in visits:
            visits[page] = load(context, network, base_url, page)
        return visits[page]

    return get


# --- the tests -----------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_offline_without_console_errors(visit, page):
    seen = visit(page)
    assert seen.status == 200, f"{page}.html: HTTP {seen.status} (is it in the build?)"
    assert not seen.errors, f"{page}: console/page errors:\n" + "\n".join(seen.errors)
    assert not seen.aborted, (
        f"{page} requested outside files with no local copy (blocked): {seen.aborted}; "
        "a CDN package missing from NPM_ASSETS in the Makefile?"
    )
    unserved = set(seen.dom["cdnScripts"]) - set(seen.served)
    assert not unserved, f"{page}: CDN scripts not answered from .cache/site-assets: {unserved}"
    assert not seen.problems, f"{page}: {seen.problems}"


@pytest.mark.parametrize("page", PAGES)
def test_math_is_typeset_without_errors(visit, page):
    dom = visit(page).dom
    assert not dom["merrors"], f"{page}: MathJax errors: {dom['merrors']}"
    assert not dom["undefinedMacros"], f"{page}: undefined TeX macros: {dom['undefinedMacros']}"
    assert not dom["unrendered"], f"{page}: formulas MathJax did not render: {dom['unrendered']}"
    if dom["maths"]:
        assert dom["mjx"] >= dom["maths"] > 0


@pytest.mark.parametrize("page", PAGES)
def test_images_load_and_are_described(visit, page):
    bad = []
    for image in visit(page).dom["images"]:
        name = image["src"].rsplit("/", 1)[-1]
        if image["width"] == 0:
            bad.append(f"{image['src']}: did not load")
        # Sphinx uses the image's path as a placeholder alt: that describes nothing.
        described = image["alt"] and image["alt"] not in (image["src"], name)
        if not (described or image["caption"]):
            bad.append(
                f"{image['src']}: no alt text and no figure caption (for a notebook figure "
                'set cell metadata "mystnb": {"image": {"alt": ...}} or {"figure": '
                '{"caption": ...}}, or use {glue:figure} with a caption)'
            )
    assert not bad, f"{page}:\n" + "\n".join(bad)


@pytest.mark.parametrize("page", PAGES)
def test_links_within_the_site_resolve(visit, base_url, site_dir, page):
    origin = urlsplit(base_url).netloc
    broken = []
    for href in sorted(set(visit(page).dom["links"])):
        parts = urlsplit(href)
        if parts.scheme not in ("http", "https") or parts.netloc != origin:
            continue  # external: not checked offline
        target = site_dir / unquote(parts.path).lstrip("/")
        if parts.path.endswith("/"):
            target /= "index.html"
        shown = href.removeprefix(base_url)
        if not target.is_file():
            if target == site_dir / book_pdf_name():
                continue  # `make pdf` builds it and copies it into the site (CI, Pages)
            broken.append(f"{shown}: no such file in the site")
        elif parts.fragment and target.suffix == ".html":
            if unquote(parts.fragment) not in ids_in(target):
                broken.append(f"{shown}: no id {unquote(parts.fragment)!r} on that page")
    assert not broken, f"{page}: broken links:\n" + "\n".join(broken)


@pytest.mark.parametrize("page", PAGES)
def test_no_raw_myst_markup_and_no_sideways_scroll(visit, page):
    dom = visit(page).dom
    raw = sorted({m.group(0).strip() for m in RAW_MYST.finditer(dom["text"])})
    assert not raw, f"{page}: MyST markup shown verbatim: {raw}"
    assert dom["pageWidth"] <= dom["windowWidth"], (
        f"{page}: the page is {dom['pageWidth']} px wide in a {dom['windowWidth']} px window"
    )


@pytest.mark.parametrize("page", PAGES)
def test_widget_views_and_explorers_are_shown(visit, page):
    seen = visit(page)
    dom = seen.dom
    # An explorer's output holds a widget view and its precomputed text/html: the page
    # shows the latter (nb_mime_priority_overrides in _config.yml).
    expected = notebook_explorers(page)
    assert dom["explorersShown"] == dom["explorers"] == expected, (
        f"{page}: the notebook shows {expected} explorers, the page has {dom['explorers']}, "
        f"{dom['explorersShown']} of them visible"
    )
    if notebook_has_widgets(page) and not expected:
        assert dom["widgetViews"] and dom["widgetState"], (
            f"{page}: the notebook shows widgets but the page has no saved widget state "
            "(execute it with nbclient, e.g. execute_notebooks: cache)"
        )
    if dom["widgetViews"]:
        assert dom["widgetState"], f"{page}: widget views without a widget-state script"
        assert dom["widgetsShown"] == dom["widgetViews"], (
            f"{page}: {dom['widgetsShown']} of {dom['widgetViews']} widget views rendered "
            f"and visible {seen.problems}"
        )


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_has_colab_launch_link(visit, page):
    seen = visit(page)
    expected = colab_url(page)
    assert seen.dom["colab"] == [expected], f"{page}: Colab links {seen.dom['colab']}"
    assert seen.colab_shown, f"{page}: the launch menu does not show the Colab link"


@pytest.mark.parametrize("page", PAGES)
def test_screenshot_is_written(visit, page):
    screenshot = visit(page).screenshot
    assert screenshot.is_file() and screenshot.stat().st_size > 0


def test_requests_to_outside_hosts_are_aborted(context, network, base_url, site_dir):
    tab = context.new_page()
    try:
        tab.goto(f"{base_url}{PAGES[0]}.html", wait_until="load")
        outcome = tab.evaluate(
            "() => fetch('https://example.com/offline-probe').then(() => 'loaded', () => 'failed')"
        )
    finally:
        tab.close()
    assert outcome == "failed"
    assert "https://example.com/offline-probe" in network.aborted


# --- the explorers: every control moved, every view checked -------------------------

EXPLORER_STATE = """(root) => ({
  keys: [...root.querySelectorAll('.seqlab-view')].filter(v => !v.hidden
          && v.getBoundingClientRect().height > 0).map(v => v.dataset.key),
  text: [...root.querySelectorAll('.seqlab-view')].filter(v => !v.hidden)
          .map(v => v.textContent).join(''),
  indices: [...root.querySelectorAll('[data-axis]')].map(c => c.value),
  shownLabels: [...root.querySelectorAll('[data-axis]')].map(c => c.tagName === 'SELECT'
          ? c.options[c.selectedIndex].textContent
          : c.parentNode.querySelector('output').textContent),
})"""

EXPLORER_SETUP = """(root) => ({
  name: root.dataset.explorer,
  states: Number(root.dataset.states),
  constants: JSON.parse(root.dataset.constants || '{}'),
  axes: [...root.querySelectorAll('[data-axis]')].map(c => ({
    slider: c.tagName === 'INPUT', values: JSON.parse(c.dataset.values),
    labels: c.tagName === 'SELECT' ? [...c.options].map(o => o.textContent)
                                   : JSON.parse(c.dataset.labels),
    description: c.getAttribute('aria-label')})),
})"""


def expected_view(name: str, values: dict[str, object], constants: dict) -> str | None:
    """The view seqlab's render function draws for these values, for the explorers
    that need no trained model; None for those that do (checked by markers instead)."""
    from seqlab.text import tokenize
    from seqlab.widgets import (
        compare_bags,
        render_comparison,
        render_parameter_counts,
        render_window,
    )

    if name == "bow":
        sentence_a, sentence_b = values["A / B"]
        return render_comparison(compare_bags(sentence_a, sentence_b, values["count"][0]))
    if name == "conv":
        try:
            return render_window(tokenize(values["sentence"][0]), values["position t"][0],
                                 values["width k"][0])
        except ValueError as error:  # a window past the end: the page shows the message
            from seqlab.widgets._wiring import error_html

            return error_html(error)
    if name == "params":
        return render_parameter_counts(values["T"][0], values["D"][0], values["H"][0],
                                       constants["V"], constants["C"])
    return None


def markers(name: str, values: dict[str, object]) -> list[str]:
    """Text that the view of a model-driven explorer must show for these values."""
    if name == "unroll":
        return [f"t = {values['t'][0]} of "]
    if name == "reversal":
        letters = values["letters"][0]
        return [f"input{''.join(letters)}", f"reversal{''.join(reversed(letters))}"]
    if name == "pairs":
        return [f"A fresh {values['family'][0]} pair with gap {values['gap'][0]},"]
    if name == "temperature":
        prompt, temperature, seed = values["prompt"][0], values["temperature"][0], values["seed"][0]
        return [f"p at τ = {temperature:g}", f"(seed {seed})", f"text.{prompt}"]
    raise AssertionError(f"no check for the explorer {name!r}: add it to expected_view or markers")


def tried_indices(count: int, start: int) -> list[int]:
    """Several choices of a control: the last, the first, one in the middle, the start."""
    return list(dict.fromkeys([count - 1, 0, count // 2, start]))


def check_view(name: str, state: dict, axes: list[dict], constants: dict) -> str | None:
    """What is wrong with the visible view of one explorer state, or None."""
    values = {a["description"]: a["values"][int(i)]
              for a, i in zip(axes, state["indices"], strict=True)}
    shown = " ".join(state["text"].split())
    expected = expected_view(name, values, constants)
    if expected is not None:
        if shown != visible_text(expected):
            return f"shows {shown[:160]!r}, the render gives {visible_text(expected)[:160]!r}"
        return None
    missing = [m for m in markers(name, values) if " ".join(m.split()) not in shown]
    return f"the view lacks {missing}: {shown[:160]!r}" if missing else None


def drive_explorer(root) -> tuple[int, list[str]]:
    """Move every control of one explorer through several choices; check each view."""
    setup = root.evaluate(EXPLORER_SETUP)
    name, axes = setup["name"], setup["axes"]
    start = [int(i) for i in root.evaluate(EXPLORER_STATE)["indices"]]
    wrong, moves = [], 0
    for axis, spec in enumerate(axes):
        control = root.locator(f"[data-axis='{axis}']")
        for index in tried_indices(len(spec["values"]), start[axis]):
            if spec["slider"]:
                control.fill(str(index))
            else:
                control.select_option(str(index))
            moves += 1
            state = root.evaluate(EXPLORER_STATE)
            indices = [int(i) for i in state["indices"]]
            where = f"{name} explorer, {spec['description']} -> {spec['labels'][index]}"
            if indices[axis] != index or state["keys"] != ["-".join(state["indices"])]:
                wrong.append(f"{where}: visible views {state['keys']} for {indices}")
                continue
            labels = [a["labels"][i] for a, i in zip(axes, indices, strict=True)]
            if state["shownLabels"] != labels:
                wrong.append(f"{where}: controls read {state['shownLabels']}")
            problem = check_view(name, state, axes, setup["constants"])
            if problem:
                wrong.append(f"{where}: {problem}")
    return moves, wrong


@pytest.mark.parametrize("page", CHAPTERS)
def test_explorers_show_the_view_the_render_gives_for_every_control(
    visit, context, base_url, page
):
    if not notebook_explorers(page):
        pytest.skip(f"{page} has no explorer")
    visit(page)  # the page loads cleanly (tested above) before it is driven
    tab = context.new_page()
    logged: list[tuple[str, str]] = []
    tab.on(
        "console",
        lambda m: m.type == "error" and logged.append((m.text, m.location.get("url", ""))),
    )
    tab.on("pageerror", lambda e: logged.append((e.message, e.stack or "")))
    wrong, moves = [], 0
    try:
        tab.goto(f"{base_url}{page}.html", wait_until="load")
        roots = tab.locator(".seqlab-explorer")
        for number in range(roots.count()):
            root = roots.nth(number)
            root.scroll_into_view_if_needed()
            moved, problems = drive_explorer(root)
            moves += moved
            wrong += problems
    finally:
        tab.close()
    errors = [f"{m} [{s.splitlines()[0] if s else ''}]" for m, s in logged
              if not is_known_upstream(m, s)]
    assert moves, f"{page}: no control was moved"
    assert not wrong, f"{page}:\n" + "\n".join(wrong)
    assert not errors, f"{page}: console errors while moving controls:\n" + "\n".join(errors)
