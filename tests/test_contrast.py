"""Contrast beyond what axe checks: every text of every interactive element (links, buttons, summaries,
fields and their placeholders, header, footer, navigation, footnote links, the list of questions with its
current entry) in every state, the copy buttons as they confirm ("Citaat gekopieerd"), every text of a
marked question block and every other text of the page, as Chromium computes the colours: in the light
and the dark scheme, on a wide screen and a phone. Each text must reach 4.5:1 against what lies below
it (semi-transparent backgrounds and opacities composited up to the canvas; a background image or
gradient under text fails), and a keyboard focus must show (an outline ≥ 3:1, or a shadow).

The states are forced through the Chrome DevTools Protocol (CSS.forcePseudoState), on the element and,
as a real pointer or focus does, on all its ancestors; Material's focus-visible polyfill class is set
with :focus-visible. A :visited colour, which getComputedStyle hides for privacy, is read with
CSS.getComputedStyleForNode (test_the_probe_sees_… proves that it sees one). Transitions are switched
off, so a colour read is the final one. Elements styled alike (the same tags, classes and attributes up
to the root) are forced once, for all of them, and elements not inside one another are forced together,
unless a stylesheet could carry one element's state over to another (a state before `+`/`~`, or in
`:has()`); that elements styled alike show the same colours is checked in their normal state.

The search's panel shows only once a query is typed into the header's field: it is opened for a query
with a few hits, for one with many and a filter chosen (the chosen filter's style, "Meer resultaten
tonen") and for one with none (the message, its link to tweedekamer.nl), and everything inside the
search box is checked so, with every text outside its links and buttons also under the pointer (an
excerpt, its <mark> on the mark's colour, the status badge, the facts). A <select> shows its chosen
option's text, and its options (in the list it opens) are measured too. That these runs can fail is
shown by test_the_search_panel_check_reports_bad_colours.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, CDPSession, Page

from .site_build import serve

MINIMUM = 4.5  # WCAG 1.4.3 for every text, large or small, as the project asks
FOCUS_MINIMUM = 3.0  # WCAG 1.4.11: a focus indicator against what it is drawn on

PAGES = {
    "letter": "2025Z04271/",
    "marked": "2025Z04271/#vraag-16",
    "joint": "ah-tk-20242025-564/#vraag-7",
    "home": "",
    "ministries": "ministeries/",
    "statistics": "statistieken/",
    "over-time": "statistieken/over-termijn/",
    "not-found": "404.html",
}
SCHEMES = {"light": "default", "dark": "slate"}  # the browser's preference → Material's scheme
VIEWPORTS = {"wide": (1280, 900), "phone": (390, 844)}


@dataclass(frozen=True)
class State:
    """Pseudo-classes forced on the element and on its ancestors (as a real pointer or focus sets
    them on the whole chain), and whether Material's focus-visible polyfill class is set."""

    own: tuple[str, ...] = ()
    ancestors: tuple[str, ...] = ()
    focus_class: bool = False
    links_only: bool = False


STATES = {
    "normal": State(),
    "hover": State(("hover",), ("hover",)),
    "hover-around": State((), ("hover",)),  # the pointer on its heading or paragraph (Material's ¶ shows)
    "focus": State(("focus",), ("focus-within",)),  # focused by a click or tap
    "focus-visible": State(("focus", "focus-visible"), ("focus-within",), focus_class=True),  # by the keyboard
    "active": State(("active", "hover", "focus"), ("active", "hover", "focus-within")),  # pressed
    "visited": State(("visited",), links_only=True),
}
CONFIRMATION_STATES = ("clicked", "hover", "focus-visible", "active")  # "clicked": no forcing, the real state

# Marks what is checked and measures it. An element's colours are returned as the chain of its
# ancestors' backgrounds (root first, the ones that paint nothing left out): composited in Python.
PROBE = r"""
(() => {
  const INTERACTIVE = "a[href], button, summary, input:not([type=hidden]), select, textarea, label[for],"
    + " label:has(input:not([type=hidden]), select, textarea), [tabindex]:not([tabindex='-1']), [role=button]";
  const FOCUSABLE = "a[href], button, summary, input, select, textarea, [tabindex]:not([tabindex='-1'])";
  const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TITLE", "HEAD"]);
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 1 && r.height > 1; };
  // a <select>'s options, which Chromium lays out nowhere in the page, show in its list when it opens
  const displayed = (el) => shown(el instanceof HTMLOptionElement && el.closest("select") || el);
  const isField = (el) => el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;
  // a field's value or placeholder; a closed <select> shows its chosen option's text, in its own colour
  const ownText = (el) => isField(el) ? (el.value || el.placeholder || "").trim()
    : el instanceof HTMLSelectElement ? (el.selectedOptions.length ? el.selectedOptions[0].text.trim() : "")
    : [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.data).join("").replace(/\s+/g, " ").trim();
  const holders = (root) => [root, ...root.querySelectorAll("*")].filter(
    (el) => !SKIP.has(el.tagName) && !el.closest("svg") && ownText(el) && displayed(el));
  const describe = (el) => {
    const classes = [...el.classList].filter((c) => c !== "focus-visible").slice(0, 3).map((c) => "." + c).join("");
    const current = el.hasAttribute("aria-current") ? "[aria-current]" : "";
    return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes + current;
  };
  // What styles an element, as far as a selector can see it: for the element and each ancestor its tag,
  // classes and attributes (values that only name or address something left out), whether it is the
  // :target; for a link whether it points into the page, elsewhere on the site or away from it.
  const NAMES_ONLY = new Set(["id", "title", "aria-label", "aria-labelledby", "aria-describedby", "data-link",
    "data-citation", "data-for", "for", "name", "src", "alt", "datetime", "content", "aria-controls"]);
  const step = (el) => {
    const attributes = [...el.attributes].filter((a) => !a.name.startsWith("data-kv-")).map((a) =>
      a.name === "href" ? "href=" + (a.value.startsWith("#") ? "#" : new URL(a.value, location.href).origin
        === location.origin ? "site" : "away")
      : a.name === "class" ? "class=" + [...el.classList].filter((c) => c !== "focus-visible").sort().join(".")
      : NAMES_ONLY.has(a.name) ? a.name : a.name + "=" + a.value).sort();
    return el.tagName + "[" + attributes.join(" ") + "]" + (el.matches(":target") ? ":target" : "");
  };
  const signature = (el) => {
    const path = [];
    for (let x = el; x; x = x.parentElement) { path.push(step(x)); }
    const inside = holders(el).filter((h) => h !== el).map((h) => {
      const rel = [];
      for (let x = h; x !== el; x = x.parentElement) { rel.push(step(x)); }
      return rel.reverse().join(">");
    });
    return path.reverse().join(">") + " | " + inside.join(" ; ");
  };
  const texts = [];
  const owners = [];
  const mark = (el) => {
    if (!el.hasAttribute("data-kv-t")) { el.setAttribute("data-kv-t", texts.length); texts.push(el); }
    return Number(el.getAttribute("data-kv-t"));
  };
  const chain = (el) => {
    const layers = [];
    for (let x = el; x; x = x.parentElement) {
      const s = getComputedStyle(x);
      const t = x.getAttribute("data-kv-t");
      const i = x.getAttribute("data-kv-i");
      if (s.backgroundColor !== "rgba(0, 0, 0, 0)" || s.backgroundImage !== "none" || s.opacity !== "1"
          || t !== null || i !== null) {
        layers.push({ background: s.backgroundColor, image: s.backgroundImage, opacity: Number(s.opacity),
                      t: t === null ? null : Number(t), i: i === null ? null : Number(i), label: describe(x) });
      }
    }
    return layers.reverse();
  };
  const visible = (el) => getComputedStyle(el).visibility === "visible" && displayed(el);
  const measureText = (t) => {
    const el = texts[t];
    const s = getComputedStyle(el);
    const out = [{ t, label: describe(el), text: ownText(el).slice(0, 40), color: s.color, layers: chain(el),
                   visible: visible(el) }];
    if (isField(el) && el.placeholder) {
      out.push({ ...out[0], label: out[0].label + "::placeholder", text: el.placeholder.slice(0, 40),
                 color: getComputedStyle(el, "::placeholder").color });
    }
    return out;
  };
  window.__kv = {
    // Everything on the page, or only what lies inside `scope` (a selector).
    collect(scope) {
      const root = scope ? document.querySelector(scope) : document.body;
      const interactive = [...root.querySelectorAll(INTERACTIVE)].filter(shown).map((el) => {
        el.setAttribute("data-kv-i", owners.length);
        owners.push(el);
        return { i: owners.length - 1, label: describe(el), texts: holders(el).map(mark),
                 link: el.matches("a[href]"), focusable: el.matches(FOCUSABLE), signature: signature(el) };
      });
      const marked = [...root.querySelectorAll(".kv-gemarkeerd")].flatMap(holders).map(mark);
      const all = holders(root).map(mark);
      return { interactive, marked: [...new Set(marked)], all };
    },
    mark(selector) { return [...document.querySelectorAll(selector)].flatMap(holders).map(mark); },
    markFirst(selector) { return holders(document.querySelector(selector)).map(mark); },
    // The texts inside `scope` that are not inside an interactive element, each made an owner, so that
    // the pointer can rest on it (with it and its descendants measured).
    pointable(scope) {
      const interactive = [...document.querySelectorAll("[data-kv-i]")];
      return holders(document.querySelector(scope))
        .filter((el) => !interactive.some((owner) => owner.contains(el)))
        .map((el) => {
          el.setAttribute("data-kv-i", owners.length);
          owners.push(el);
          return { i: owners.length - 1, label: describe(el), texts: holders(el).map(mark) };
        });
    },
    owner(selector) { return Number(document.querySelector(selector).getAttribute("data-kv-i")); },
    // Measured together, forced together: the owners' focus-visible classes set at once.
    measureMany(pairs, focusClass) {
      const classed = focusClass ? pairs.map(([, i]) => owners[i]).filter((o) => o) : [];
      classed.forEach((owner) => owner.classList.add("focus-visible"));
      try {
        return pairs.map(([ts, i]) => {
          const owner = i === null ? null : owners[i];
          let focus = null;
          if (owner) {
            const s = getComputedStyle(owner);
            focus = { style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0, color: s.outlineColor,
                      shadow: s.boxShadow, opacity: Number(s.opacity),
                      layers: owner.parentElement ? chain(owner.parentElement) : [] };
          }
          return { texts: ts.flatMap(measureText), focus };
        });
      } finally {
        classed.forEach((owner) => owner.classList.remove("focus-visible"));
      }
    },
    // Selectors through which one element's state could style another that is not its descendant:
    // a state before a sibling combinator, or inside :has(). With none, elements are forced together.
    crossSelectors() {
      const found = [];
      const STATE = /:(?:hover|active|focus|focus-visible|focus-within|visited)/;
      const walk = (rules) => {
        for (const rule of rules) {
          if (rule.selectorText) {
            for (const selector of rule.selectorText.split(",")) {
              if (/:(?:hover|active|focus|focus-visible|focus-within|visited)[^\s>]*\s*[+~]/.test(selector)
                  || (/:has\(/.test(selector) && STATE.test(selector.slice(selector.indexOf(":has("))))) {
                found.push(selector.trim());
              }
            }
          }
          if (rule.cssRules) { walk(rule.cssRules); }
        }
      };
      for (const sheet of document.styleSheets) {
        try { walk(sheet.cssRules); } catch (error) { found.push("unreadable: " + sheet.href); }
      }
      return found;
    },
  };
})();
"""
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"

RGB = tuple[float, float, float]
RGBA = tuple[float, float, float, float]
WHITE: RGB = (255.0, 255.0, 255.0)


def parse_color(value: str) -> RGBA:
    """A computed colour: rgb(), rgba() or color(srgb …); anything else fails loudly."""
    text = value.strip()
    if text.startswith(("rgb(", "rgba(")):
        parts = text[text.index("(") + 1 : -1].replace(",", " ").replace("/", " ").split()
        r, g, b = (float(p) for p in parts[:3])
        return (r, g, b, float(parts[3]) if len(parts) > 3 else 1.0)
    if text.startswith("color(srgb "):
        parts = text[len("color(srgb ") : -1].replace("/", " ").split()
        r, g, b = (float(p) * 255 for p in parts[:3])
        return (r, g, b, float(parts[3]) if len(parts) > 3 else 1.0)
    raise ValueError(f"a colour this test cannot read: {value!r}")


def over(top: RGBA, below: RGB) -> RGB:
    r, g, b, a = top
    return (r * a + below[0] * (1 - a), g * a + below[1] * (1 - a), b * a + below[2] * (1 - a))


def mix(inner: RGB, under: RGB, opacity: float) -> RGB:
    return over((*inner, opacity), under)


def luminance(color: RGB) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def hex_color(color: RGB) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in color)


@dataclass
class Seen:
    """A colour as it reaches the screen: over the backgrounds below it, through every opacity."""

    foreground: RGB
    background: RGB
    opacity: float  # of the whole chain: 0 is not seen at all
    image: str | None  # the element whose background image or gradient lies under the text


def composite(layers: Sequence[dict[str, Any]], foreground: RGBA) -> Seen:
    backdrop = WHITE  # Chromium's canvas
    groups: list[tuple[float, RGB]] = []
    opaque = 0
    for index, layer in enumerate(layers):
        background = parse_color(layer["background"])
        if background[3] >= 1 and layer["opacity"] >= 1:
            opaque = index  # what lies below is covered
        if layer["opacity"] < 1:
            groups.append((layer["opacity"], backdrop))
        backdrop = over(background, backdrop)
    text = over(foreground, backdrop)
    for opacity, under in reversed(groups):
        text, backdrop = mix(text, under, opacity), mix(backdrop, under, opacity)
    total = 1.0
    for layer in layers:
        total *= layer["opacity"]
    image = next((layer["label"] for layer in layers[opaque:] if layer["image"] != "none"), None)
    return Seen(text, backdrop, total, image)


@dataclass
class Probe:
    """A page under the protocol: forces states, measures texts and focus indicators."""

    page: Page
    cdp: CDPSession
    parent: dict[int, int] = field(default_factory=dict)
    text_nodes: dict[int, int] = field(default_factory=dict)
    owner_nodes: dict[int, int] = field(default_factory=dict)
    forced: dict[int, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def open(cls, page: Page) -> Probe:
        page.add_style_tag(content=NO_TRANSITIONS)  # the final colour at once, not one on its way
        page.evaluate(PROBE)
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        return cls(page, cdp)

    def collect(self, scope: str | None = None) -> dict[str, Any]:
        found: dict[str, Any] = self.page.evaluate("s => __kv.collect(s)", scope)
        self.map_nodes()
        return found

    def mark(self, selector: str, *, first: bool = False) -> list[int]:
        marked: list[int] = self.page.evaluate("([s, f]) => f ? __kv.markFirst(s) : __kv.mark(s)", [selector, first])
        self.map_nodes()
        return marked

    def pointable(self, scope: str) -> list[dict[str, Any]]:
        """The texts inside `scope` outside every interactive element, made owners (see __kv.pointable)."""
        self.force([], STATES["normal"])
        found: list[dict[str, Any]] = self.page.evaluate("s => __kv.pointable(s)", scope)
        self.map_nodes()
        return found

    def map_nodes(self) -> None:
        """The protocol's node ids of the marked elements, and every element's parent."""
        self.parent.clear()
        self.forced.clear()
        root = self.cdp.send("DOM.getDocument", {"depth": -1})["root"]
        stack: list[dict[str, Any]] = [root]
        while stack:
            node = stack.pop()
            attributes = node.get("attributes", [])
            pairs = dict(zip(attributes[::2], attributes[1::2], strict=True))
            if "data-kv-t" in pairs:
                self.text_nodes[int(pairs["data-kv-t"])] = node["nodeId"]
            if "data-kv-i" in pairs:
                self.owner_nodes[int(pairs["data-kv-i"])] = node["nodeId"]
            for child in node.get("children", []):
                if child.get("nodeType") == 1:
                    if node.get("nodeType") == 1:
                        self.parent[child["nodeId"]] = node["nodeId"]
                    stack.append(child)

    def force(self, owners: Sequence[int], state: State) -> None:
        """The state on `owners`, and its ancestors' part on all their ancestors (a pointer hovers the
        whole chain, focus is within every ancestor); what was forced before and is not now, cleared."""
        desired: dict[int, tuple[str, ...]] = {}
        if state.own or state.ancestors:
            for owner in owners:
                ancestor = self.parent.get(self.owner_nodes[owner])
                while ancestor is not None and state.ancestors:
                    desired[ancestor] = state.ancestors
                    ancestor = self.parent.get(ancestor)
            for owner in owners:
                if state.own:
                    desired[self.owner_nodes[owner]] = state.own
                else:
                    desired.pop(self.owner_nodes[owner], None)
        for node in set(self.forced) | set(desired):
            if self.forced.get(node, ()) != desired.get(node, ()):
                classes = list(desired.get(node, ()))
                self.cdp.send("CSS.forcePseudoState", {"nodeId": node, "forcedPseudoClasses": classes})
        self.forced = desired

    def computed(self, node: int) -> dict[str, str]:
        styles = self.cdp.send("CSS.getComputedStyleForNode", {"nodeId": node})["computedStyle"]
        return {style["name"]: style["value"] for style in styles if style["name"] in ("color", "background-color")}

    def measure(self, texts: list[int], owner: int | None, state: State) -> dict[str, Any]:
        return self.measure_many([(texts, owner)], state)[0]

    def measure_many(self, pairs: Sequence[tuple[list[int], int | None]], state: State) -> list[dict[str, Any]]:
        """Texts (`data-kv-t` numbers) with the element they belong to, all in `state` at once."""
        self.force([owner for _, owner in pairs if owner is not None], state)
        measured: list[dict[str, Any]] = self.page.evaluate(
            "([p, f]) => __kv.measureMany(p, f)", [list(pairs), state.focus_class]
        )
        if "visited" in state.own:  # getComputedStyle answers as if unvisited: ask the protocol
            for (_, owner), one in zip(pairs, measured, strict=True):
                assert owner is not None
                self.read_visited(one, owner)
        return measured

    def read_visited(self, measured: dict[str, Any], owner: int) -> None:
        own = self.computed(self.owner_nodes[owner])
        for text in measured["texts"]:
            if not text["label"].endswith("::placeholder"):
                text["color"] = self.computed(self.text_nodes[text["t"]])["color"]
            for layer in text["layers"]:
                if layer["i"] == owner:
                    layer["background"] = own["background-color"]
                elif layer["t"] is not None and layer["t"] in self.text_nodes:
                    layer["background"] = self.computed(self.text_nodes[layer["t"]])["background-color"]

    def batches(self, owners: Sequence[int]) -> list[list[int]]:
        """Owners that can be forced together: none inside another; one by one if a stylesheet could
        carry one's state over to another (see crossSelectors)."""
        if self.page.evaluate("__kv.crossSelectors()"):
            return [[owner] for owner in owners]
        batches: list[list[int]] = []
        chains: list[set[int]] = []  # per batch: its owners and all their ancestors
        for owner in owners:
            node = self.owner_nodes[owner]
            line = {node}
            ancestor = self.parent.get(node)
            while ancestor is not None:
                line.add(ancestor)
                ancestor = self.parent.get(ancestor)
            for batch, nodes in zip(batches, chains, strict=True):
                if node not in nodes and not any(self.owner_nodes[o] in line for o in batch):
                    batch.append(owner)
                    nodes.update(line)
                    break
            else:
                batches.append([owner])
                chains.append(line)
        return batches


def shown_texts(measured: dict[str, Any]) -> Iterator[tuple[dict[str, Any], Seen]]:
    """The texts seen in this state, as they reach the screen."""
    for text in measured["texts"]:
        seen = composite(text["layers"], parse_color(text["color"]))
        if text["visible"] and seen.opacity >= 0.05:
            yield text, seen  # the others are not seen in this state (Material's ¶ until its heading is hovered)


def text_failures(measured: dict[str, Any], where: str) -> tuple[int, list[str]]:
    """How many texts were seen, and those below the minimum (or on an image)."""
    checked = 0
    failures = []
    for text, seen in shown_texts(measured):
        checked += 1
        ratio = contrast(seen.foreground, seen.background)
        name = f"{where}: {text['label']} {text['text']!r}"
        if seen.image:
            failures.append(f"{name}: a background image or gradient under the text, on {seen.image}")
        elif ratio < MINIMUM:
            failures.append(
                f"{name}: {hex_color(seen.foreground)} on {hex_color(seen.background)} = {ratio:.2f}:1"
                f" (computed {text['color']})"
            )
    return checked, failures


def focus_failures(measured: dict[str, Any], where: str) -> list[str]:
    """A keyboard focus must show: an outline or a shadow, the outline ≥ 3:1 against its surround."""
    focus = measured["focus"]
    if focus is None or focus["opacity"] < 0.05:
        return []
    seen = composite(focus["layers"], parse_color(focus["color"]))
    if seen.opacity < 0.05:
        return []  # in a panel not shown (the contents inside Material's drawer on a phone)
    outline = focus["style"] != "none" and focus["width"] > 0 and parse_color(focus["color"])[3] > 0
    if not outline and focus["shadow"] == "none":
        return [f"{where}: no focus indicator (outline-style {focus['style']}, no box-shadow)"]
    if outline:
        ratio = contrast(seen.foreground, seen.background)
        if ratio < FOCUS_MINIMUM:
            return [
                f"{where}: focus outline {hex_color(seen.foreground)} on {hex_color(seen.background)} = {ratio:.2f}:1"
            ]
    return []


@dataclass
class Report:
    checked: int = 0
    focus_checked: int = 0
    marked: int = 0
    elements: int = 0
    groups: int = 0
    failures: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # the labels of the texts checked (tag, id, classes)
    worst: float = float("inf")  # the lowest ratio of a text seen

    def add(self, measured: dict[str, Any], where: str, *, focus: bool = False, weight: int = 1) -> None:
        """`weight`: how many elements alike this one stands for."""
        for text, seen in shown_texts(measured):
            self.seen.add(text["label"])
            self.worst = min(self.worst, contrast(seen.foreground, seen.background))
        checked, failures = text_failures(measured, where)
        self.checked += checked * weight
        self.failures += failures
        if focus:
            self.focus_checked += weight
            self.failures += focus_failures(measured, where)


def seen_colours(measured: dict[str, Any]) -> list[tuple[str, str, float]]:
    colours = []
    for text in measured["texts"]:
        seen = composite(text["layers"], parse_color(text["color"]))
        colours.append((hex_color(seen.foreground), hex_color(seen.background), round(seen.opacity, 2)))
    return colours


def check_page(probe: Probe, where: str, *, copy_buttons: bool, scope: str | None = None) -> Report:
    """Every text on the page, or inside `scope` (a selector), in every state."""
    report = Report()
    found = probe.collect(scope)
    elements = found["interactive"]
    # Elements styled alike (the same signature: tags, classes and attributes up to the root) are
    # forced into their states once, as one: a letter's forty footnote links are one element. That
    # they are alike is checked here, in their normal state, where every element is measured.
    groups: dict[str, list[dict[str, Any]]] = {}
    for element in elements:
        groups.setdefault(element["signature"], []).append(element)
    normal = probe.measure_many([(e["texts"], e["i"]) for e in elements], STATES["normal"])
    measured_by_index = {element["i"]: measured for element, measured in zip(elements, normal, strict=True)}
    for group in groups.values():
        first = seen_colours(measured_by_index[group[0]["i"]])
        for element in group[1:]:
            assert seen_colours(measured_by_index[element["i"]]) == first, (
                f"{element['label']} is styled unlike {group[0]['label']}, with the same signature"
                f" {element['signature']}"
            )
    for element in elements:
        report.add(measured_by_index[element["i"]], f"{where} normal: {element['label']}")
    report.elements = len(elements)
    report.groups = len(groups)
    representatives = [group[0] for group in groups.values()]
    by_owner = {element["i"]: element for element in representatives}
    alike = {group[0]["i"]: len(group) for group in groups.values()}
    for name, state in STATES.items():
        if name == "normal":
            continue
        chosen = [e["i"] for e in representatives if e["link"] or not state.links_only]
        for batch in probe.batches(chosen):
            measured = probe.measure_many([(by_owner[i]["texts"], i) for i in batch], state)
            for owner, one in zip(batch, measured, strict=True):
                element = by_owner[owner]
                more = f" (and {alike[owner] - 1} alike)" if alike[owner] > 1 else ""
                focus = name == "focus-visible" and element["focusable"]
                report.add(one, f"{where} {name}: {element['label']}{more}", focus=focus, weight=alike[owner])
    probe.force([], STATES["normal"])
    marked = set(found["marked"])
    report.add(probe.measure([t for t in found["all"] if t not in marked], None, STATES["normal"]), f"{where} text")
    if marked:
        before = report.checked
        report.add(probe.measure(sorted(marked), None, STATES["normal"]), f"{where} marked block")
        report.marked = report.checked - before
    if copy_buttons:
        check_copy_confirmation(probe, where, report)
    return report


def check_copy_confirmation(probe: Probe, where: str, report: Report) -> None:
    """The copy buttons as they confirm ("Link gekopieerd", "Citaat gekopieerd"): clicked, so hovered and
    focused for real, then also pressed and focused by the keyboard; and the citation they show."""
    scope = ".kv-gemarkeerd " if probe.page.locator(".kv-gemarkeerd .kv-link").count() else ""
    for selector, done in ((".kv-link:not(.kv-citeer)", "Link gekopieerd"), (".kv-citeer", "Citaat gekopieerd")):
        button = probe.page.locator(scope + selector).first
        button.click()
        probe.page.wait_for_function(
            "([s, d]) => document.querySelector(s).textContent === d", arg=[scope + selector, done], timeout=2000
        )
        owner: int = probe.page.evaluate("s => __kv.owner(s)", scope + selector)
        texts = probe.mark(scope + selector, first=True)
        for name in CONFIRMATION_STATES:
            state = STATES.get(name, State())
            measured = probe.measure(texts, owner, state)
            assert [text["text"] for text in measured["texts"]] == [done]  # still confirming
            checked_before = report.checked
            report.add(measured, f"{where} {name} {done!r}", focus=name == "focus-visible")
            assert report.checked > checked_before
        probe.force([], STATES["normal"])
    citation = probe.mark(".kv-citaat")
    assert citation, "Citeer showed no citation"
    report.add(probe.measure(citation, None, STATES["normal"]), f"{where} citation")


@pytest.fixture(scope="module")
def base(project: Path) -> Iterator[str]:
    with serve(project / "site") as url:
        yield url.rstrip("/")


def open_context(browser: Browser, base: str, scheme: str, viewport: tuple[int, int]) -> BrowserContext:
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)  # type: ignore[arg-type]
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    return context


def open_page(page: Page, base: str, name: str, scheme: str) -> bool:
    """The page as a reader finds it, with what is shown only at times shown; whether it is a letter."""
    page.goto(f"{base}/{PAGES[name]}")
    page.wait_for_load_state("load")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == SCHEMES[scheme]
    if "#vraag-" in PAGES[name]:
        page.wait_for_selector(".kv-vraag-en-antwoord.kv-gemarkeerd")
        page.wait_for_selector(".kv-vragenlijst a[aria-current]", state="attached")
    # the list of questions open, so that its links (and the current one) are measured; the button
    # back to the top shown, as it is once the reader scrolls back up
    page.evaluate(
        """() => {
          document.querySelectorAll('.kv-vragenlijst details').forEach((d) => { d.open = true; });
          document.querySelectorAll('.md-top[hidden]').forEach((e) => { e.hidden = false; });
        }"""
    )
    return page.locator(".kv-link").count() > 0


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGES)
def test_every_text_in_every_state_has_enough_contrast(
    browser: Browser, base: str, name: str, scheme: str, viewport: str
) -> None:
    context = open_context(browser, base, scheme, VIEWPORTS[viewport])
    try:
        page = context.new_page()
        letter = open_page(page, base, name, scheme)
        probe = Probe.open(page)
        report = check_page(probe, f"{name} {scheme} {viewport}", copy_buttons=letter)
    finally:
        context.close()
    assert report.checked > 20
    if "#vraag-" in PAGES[name]:
        assert report.marked >= 5  # the marked block was found and measured
    print(
        f"\n{name} {scheme} {viewport}: {report.elements} interactive elements in {report.groups} kinds,"
        f" {report.checked} texts in their states, {report.focus_checked} focus indicators,"
        f" {len(report.failures)} failures"
    )
    assert report.failures == [], f"{len(report.failures)} below the minimum:\n" + "\n".join(report.failures)


SELF_CHECK = """
<!doctype html><html><head><style>
  body { margin: 0; background: rgb(255, 255, 255); }
  a { color: rgb(0, 0, 238); }
  a:visited { color: rgb(255, 0, 0); }
  #bad:hover { color: rgb(250, 250, 250); }
  #veil { background: rgba(0, 0, 0, 0.5); }
  #veil span { color: rgb(255, 255, 255); }
  #picture { background-image: linear-gradient(red, blue); }
  #unfocused:focus-visible { outline: none; }
  p:hover + p { letter-spacing: 0; }
</style></head><body>
  <p><a id="link" href="https://kamervragen.test/elders">visited or not</a></p>
  <p><a id="bad" href="#x">bad on hover</a></p>
  <div id="veil"><span>on a half black veil</span></div>
  <div id="picture"><span>on a gradient</span></div>
  <p><button id="unfocused">no focus ring</button></p>
</body></html>
"""


def test_the_probe_sees_forced_states_visited_colours_and_veils(browser: Browser) -> None:
    """The measurement itself: a visited colour it really reads (getComputedStyle would not), a hover
    that fails, a semi-transparent background composited, a gradient under text and a missing focus
    ring reported."""
    page = browser.new_page()
    try:
        page.set_content(SELF_CHECK)
        probe = Probe.open(page)
        found = probe.collect()
        owners = {element["label"]: element for element in found["interactive"]}
        link = owners["a#link"]
        normal = probe.measure(link["texts"], link["i"], STATES["normal"])
        visited = probe.measure(link["texts"], link["i"], STATES["visited"])
        assert normal["texts"][0]["color"] == "rgb(0, 0, 238)"
        assert visited["texts"][0]["color"] == "rgb(255, 0, 0)"
        assert page.evaluate("getComputedStyle(document.getElementById('link')).color") == "rgb(0, 0, 238)"
        probe.force([], STATES["normal"])

        bad = owners["a#bad"]
        assert text_failures(probe.measure(bad["texts"], bad["i"], STATES["normal"]), "bad")[1] == []
        checked, failures = text_failures(probe.measure(bad["texts"], bad["i"], STATES["hover"]), "bad")
        assert checked == 1
        assert failures == ["bad: a#bad 'bad on hover': #fafafa on #ffffff = 1.04:1 (computed rgb(250, 250, 250))"]
        probe.force([], STATES["normal"])

        texts = probe.mark("#veil span, #picture span")
        measured = probe.measure(texts, None, STATES["normal"])
        veil = composite(measured["texts"][0]["layers"], parse_color(measured["texts"][0]["color"]))
        assert hex_color(veil.background) == "#808080"  # white under 50% black
        assert text_failures(measured, "self")[1] == [
            "self: span 'on a half black veil': #ffffff on #808080 = 3.98:1 (computed rgb(255, 255, 255))",
            "self: span 'on a gradient': a background image or gradient under the text, on div#picture",
        ]

        button = owners["button#unfocused"]
        focused = probe.measure(button["texts"], button["i"], STATES["focus-visible"])
        assert focus_failures(focused, "self") == ["self: no focus indicator (outline-style none, no box-shadow)"]
        link_focus = probe.measure(link["texts"], link["i"], STATES["focus-visible"])
        assert focus_failures(link_focus, "self") == []  # Chromium's own ring

        # one element's state could reach another's through `p:hover + p`: they are forced one by one
        assert page.evaluate("__kv.crossSelectors()") == ["p:hover + p"]
        assert probe.batches([link["i"], bad["i"]]) == [[link["i"]], [bad["i"]]]
    finally:
        page.close()


# The search's panel, shown only once a query is typed into the header's field: its summary, the four
# filters, the hits (title link, status badge, facts, question links with excerpts and Pagefind's
# <mark>), the button for more, and with no hits the message with its link to tweedekamer.nl.
SEARCH_BOX = "#kv-zoeken"  # the field (with the query in it) and the panel
FIELD = "#kv-zoekveld"
PANEL = "#kv-zoekresultaten"


@dataclass(frozen=True)
class Search:
    term: str
    chosen: tuple[str, str] | None  # a filter chosen: its name and value
    expected: frozenset[str]  # texts that must have been checked (the probe's labels)


SEARCH_FIELD = frozenset({"input#kv-zoekveld.kv-zoeken__veld", "input#kv-zoekveld.kv-zoeken__veld::placeholder"})
HITS = frozenset(
    {
        "div.kv-zoeken__melding",  # the summary
        "span",  # a filter's name
        "select",
        "option",
        "a.kv-treffer__titel",
        "span.kv-treffer__status",  # the badge
        "span.kv-treffer__datum",  # the facts
        "a.kv-treffer__vraag",
        "p.kv-treffer__uittreksel",
        "mark",
    }
)
MORE = frozenset({"select.kv-gekozen", "button.kv-zoeken__meer"})
SEARCHES = {
    "hits": Search("afhankelijkheden", None, SEARCH_FIELD | HITS),
    # many hits, with a filter chosen (so styled as chosen), and still more than a page: the button shows
    "filtered": Search("de", ("status", "beantwoord"), SEARCH_FIELD | HITS | MORE),
    "none": Search("qwzxv", None, SEARCH_FIELD | {"p", "a"}),
}


def open_search(page: Page, base: str, name: str, scheme: str) -> None:
    """The home page with the search's panel open for a query typed as a reader types it, its filter
    chosen; the focus back in the field, where it is as the reader reads the hits."""
    search = SEARCHES[name]
    page.goto(f"{base}/")
    page.wait_for_load_state("load")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == SCHEMES[scheme]
    page.locator(FIELD).click()
    page.keyboard.type(search.term)
    answered = "t => (document.querySelector('.kv-zoeken__melding') || {}).textContent?.includes(t)"
    page.wait_for_function(answered, arg=f"voor: {search.term}", timeout=10_000)
    if search.chosen:
        key, value = search.chosen
        page.locator(f".kv-zoeken__filter select[name='{key}']").select_option(value)
        page.wait_for_function(answered, arg=f"voor: {search.term}, met {key} {value}", timeout=10_000)
        page.locator(FIELD).focus()
    page.locator(PANEL).wait_for(state="visible")
    if search.chosen:
        page.locator(".kv-zoeken__meer").wait_for(state="visible")
        assert page.locator(".kv-zoeken__filter select.kv-gekozen").count() == 1


def check_pointer_on_texts(probe: Probe, scope: str, where: str, report: Report) -> None:
    """The pointer on each text outside the interactive elements (an excerpt, its <mark>, a fact, the
    badge, the message): hovered, with its ancestors, all its texts measured."""
    texts = probe.pointable(scope)
    by_owner = {text["i"]: text for text in texts}
    for batch in probe.batches(list(by_owner)):
        measured = probe.measure_many([(by_owner[i]["texts"], i) for i in batch], STATES["hover"])
        for owner, one in zip(batch, measured, strict=True):
            report.add(one, f"{where} pointer on: {by_owner[owner]['label']}")
    probe.force([], STATES["normal"])


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", SEARCHES)
def test_every_text_of_the_search_panel_in_every_state_has_enough_contrast(
    browser: Browser, base: str, name: str, scheme: str, viewport: str
) -> None:
    context = open_context(browser, base, scheme, VIEWPORTS[viewport])
    try:
        page = context.new_page()
        open_search(page, base, name, scheme)
        probe = Probe.open(page)
        where = f"search {name} {scheme} {viewport}"
        report = check_page(probe, where, copy_buttons=False, scope=SEARCH_BOX)
        interactive = report.checked
        check_pointer_on_texts(probe, SEARCH_BOX, where, report)
        assert page.locator(PANEL).is_visible()  # still open: forced states fire no events
    finally:
        context.close()
    assert report.checked > interactive
    missing = SEARCHES[name].expected - report.seen
    assert not missing, f"not checked: {sorted(missing)} (checked: {sorted(report.seen)})"
    print(
        f"\n{where}: {report.elements} interactive elements in {report.groups} kinds,"
        f" {report.checked} texts in their states, {report.focus_checked} focus indicators,"
        f" worst {report.worst:.2f}:1, {len(report.failures)} failures"
    )
    assert report.failures == [], f"{len(report.failures)} below the minimum:\n" + "\n".join(report.failures)


@dataclass(frozen=True)
class Bad:
    """A deliberately bad colour on the panel: the rule; how a report of it starts; the states it may
    be reported in (any, if none) and the texts it may be reported for."""

    rule: str
    start: str
    states: tuple[str, ...]
    texts: tuple[str, ...]


BAD_SEARCH_CSS = [
    Bad(".kv-treffer__uittreksel mark { background: #5c5c00; }", "text: mark ", (), ("mark",)),  # a dark mark
    Bad(".kv-treffer__status { color: #a0a0a0; }", "text: span.kv-treffer__status ", (), ("span.kv-treffer__status",)),
    Bad(  # its options inherit the colour
        ".kv-zoeken__filter select.kv-gekozen { color: #9a9a9a; }",
        "normal: select.kv-gekozen",
        (),
        ("select.kv-gekozen", "option"),
    ),
    Bad(
        ".kv-zoeken__meer:hover { color: #c0c0ff; }",
        "hover: button.kv-zoeken__meer",
        (" hover: ", " active: "),
        ("button.kv-zoeken__meer",),
    ),
    Bad(
        ".kv-zoeken__paneel a.kv-treffer__titel:visited { color: #d0d0ff; }",
        "visited: a.kv-treffer__titel",
        (" visited: ",),
        ("a.kv-treffer__titel",),
    ),
    Bad(
        ".kv-treffer__vraag:focus-visible { outline: 2px solid #eeeeee; }",
        "focus-visible: a.kv-treffer__vraag",
        (" focus-visible: ",),
        ("focus outline",),
    ),
    Bad(
        ".kv-treffer__uittreksel:hover { color: #b0b0b0; }",
        "pointer on: p.kv-treffer__uittreksel",
        (" pointer on: ",),
        ("p.kv-treffer__uittreksel",),
    ),
]


def test_the_search_panel_check_reports_bad_colours(browser: Browser, base: str) -> None:
    """The panel's runs can fail: bad colours added to search.css's, each is found, and only they."""
    context = open_context(browser, base, "light", VIEWPORTS["wide"])
    try:
        page = context.new_page()
        open_search(page, base, "filtered", "light")
        page.add_style_tag(content="\n".join(bad.rule for bad in BAD_SEARCH_CSS))
        probe = Probe.open(page)
        report = check_page(probe, "bad", copy_buttons=False, scope=SEARCH_BOX)
        check_pointer_on_texts(probe, SEARCH_BOX, "bad", report)
    finally:
        context.close()
    failures = "\n".join(report.failures)
    assert [bad.start for bad in BAD_SEARCH_CSS if f"bad {bad.start}" not in failures] == [], failures

    def caused(failure: str) -> bool:
        return any(
            (not bad.states or any(state in failure for state in bad.states))
            and any(f": {text} " in failure for text in bad.texts)
            for bad in BAD_SEARCH_CSS
        )

    assert [failure for failure in report.failures if not caused(failure)] == []
