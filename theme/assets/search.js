// Kamervragen: the search, loaded by kamervragen.js when a reader first uses the header's field.
// Pagefind's JS API with our own small result list, not Pagefind's UI: that UI shows meta only as
// English-cased "key: value" tags, has no place for a link when nothing is found and must be
// translated and restyled piece by piece. Here a hit shows the letter's date, askers, ministry and
// status, the filters and every message are Dutch, and everything from the index (titles, meta,
// excerpts: the letters' text) is set as text; only Pagefind's own <mark> becomes an element.
(function () {
  "use strict";

  var box = document.getElementById("kv-zoeken");
  var field = document.getElementById("kv-zoekveld");
  var panel = document.getElementById("kv-zoekresultaten");
  if (!box || !field || !panel) {
    return;
  }

  var PAGE = 10;  // hits shown at first, and added by "Meer resultaten tonen"
  var QUESTIONS = 3;  // questions shown under a hit
  var KAMER = "https://www.tweedekamer.nl/zoeken?qry=";  // the Kamer's own search: only linked
  var FILTERS = [
    { key: "ministerie", label: "Ministerie", all: "Alle ministeries" },
    { key: "partij", label: "Partij", all: "Alle partijen" },
    { key: "jaar", label: "Jaar", all: "Alle jaren" },
    { key: "status", label: "Status", all: "Elke status" },
  ];
  var STATUSES = ["beantwoord", "uitgesteld", "nog niet beantwoord"];  // site/archive.py Status
  var META = ["status", "datum", "vragenstellers", "ministerie"];  // in this order on a hit

  var shown = PAGE;
  var latest = 0;  // number of the latest search: the answer to an older one is dropped
  var last = null;  // the latest search shown: its term, Pagefind's answer and the hits' data

  function make(tag, className, text) {
    var element = document.createElement(tag);
    if (className) {
      element.className = className;
    }
    if (text) {
      element.textContent = text;
    }
    return element;
  }

  // --- Pagefind -----------------------------------------------------------------------------------

  // Loaded once: its module from the bundle (absolute: on the home page "pagefind/" is no valid module
  // specifier), the other parts of a large archive's index (pagefind/1/, …) merged in.
  var loading = null;

  function pagefind() {
    if (!loading) {
      var bundle = new URL(box.getAttribute("data-bundle"), location.href).href;
      loading = import(bundle + "pagefind.js").then(async function (module) {
        await module.options({ excerptLength: 24 });
        for (var part = 1; part < parseInt(box.getAttribute("data-parts") || "1", 10); part++) {
          await module.mergeIndex(bundle + part + "/");
        }
        await module.filters();  // loaded once, a search then counts its hits per filter value
        return module;
      });
    }
    return loading;
  }

  // The stylesheet kamervragen.js loads with this script: the panel shows once it is there.
  var styled = new Promise(function (resolve) {
    var link = document.getElementById("kv-zoekstijl");
    if (!link || link.sheet) {
      resolve();
      return;
    }
    link.addEventListener("load", resolve);
    link.addEventListener("error", resolve);
  });

  function chosenFilters() {
    var chosen = {};
    FILTERS.forEach(function (filter) {
      if (controls[filter.key].value) {
        chosen[filter.key] = controls[filter.key].value;
      }
    });
    return chosen;
  }

  async function search() {
    var term = field.value.trim();
    var number = ++latest;
    if (!term) {
      panel.hidden = true;
      return;
    }
    if (!last) {
      say("Zoeken…");  // the first search waits for Pagefind and its index
      open();
    }
    try {
      var module = await pagefind();
      var found = await module.debouncedSearch(term, { filters: chosenFilters() }, 200);
      if (found === null || number !== latest) {
        return;  // a later search replaced this one
      }
      var hits = await Promise.all(found.results.slice(0, shown).map(function (r) { return r.data(); }));
      if (number === latest) {
        last = { term: term, found: found, hits: hits };
        show(last);
        await open();
      }
    } catch (error) {
      say("De zoekfunctie kon niet worden geladen. Probeer het later opnieuw.");
      await open();
      console.error(error);
    }
  }

  // Shown for a term, unless the reader left the search while it ran (a panel already open stays:
  // a click on a button does not focus it in every browser).
  async function open() {
    await styled;
    panel.hidden = !field.value.trim() || (panel.hidden && !box.contains(document.activeElement));
  }

  // --- the panel: a message, the filters, the hits, a button for more --------------------------------

  var message = make("div", "kv-zoeken__melding");
  message.setAttribute("role", "status");
  var filterBar = make("div", "kv-zoeken__filters");
  filterBar.setAttribute("role", "group");
  filterBar.setAttribute("aria-label", "Zoekresultaten verfijnen");
  var list = make("ol", "kv-zoeken__treffers");
  list.setAttribute("aria-label", "Zoekresultaten");
  var more = make("button", "kv-zoeken__meer", "Meer resultaten tonen");
  more.type = "button";
  var controls = {};  // the filters' select elements, made once so that focus stays in one

  FILTERS.forEach(function (filter) {
    var label = make("label", "kv-zoeken__filter");
    var select = make("select");
    select.name = filter.key;
    select.addEventListener("change", function () {
      shown = PAGE;
      search();
    });
    label.append(make("span", "", filter.label), select);
    filterBar.append(label);
    controls[filter.key] = select;
  });
  more.addEventListener("click", async function () {
    var before = list.children.length;
    shown += PAGE;
    await search();
    var next = list.children[before] && list.children[before].querySelector("a");
    if (next) {
      next.focus();  // the button moved down: on to the first hit it added
    }
  });
  panel.append(message, filterBar, list, more);

  function say(text) {
    message.replaceChildren(text);
  }

  // ", met ministerie Defensie en jaar 2024": the filters chosen, for the message.
  function choice() {
    var chosen = chosenFilters();
    var parts = FILTERS.filter(function (filter) { return chosen[filter.key]; }).map(function (filter) {
      return filter.label.toLowerCase() + " " + chosen[filter.key];
    });
    return parts.length ? ", met " + parts.join(" en ") : "";
  }

  function show(result) {
    var count = result.found.results.length;
    var chosen = choice();
    if (count) {
      say(count + (count === 1 ? " Kamervraag" : " Kamervragen") + " gevonden voor: " + result.term + chosen);
    } else {
      nothingFound(result.term, chosen);
    }
    FILTERS.forEach(function (filter) {
      fillFilter(controls[filter.key], filter, result.found.totalFilters[filter.key] || {});
    });
    filterBar.hidden = !count && !chosen;
    list.replaceChildren.apply(list, result.hits.map(hit));
    more.hidden = count <= result.hits.length;
  }

  // No hits: how many Kamervragen the archive holds, and the Kamer's own search for the same words.
  function nothingFound(term, chosen) {
    var total = parseInt(box.getAttribute("data-count") || "0", 10);
    var kamer = make("a", "", "Zoek \u201c" + term + "\u201d op tweedekamer.nl");
    kamer.href = KAMER + encodeURIComponent(term);
    message.replaceChildren(
      make("p", "", "Geen Kamervragen gevonden voor: " + term + chosen + "."),
      make("p", "", "Dit archief bevat " + total + (total === 1 ? " Kamervraag" : " Kamervragen") +
        ". Alle Kamervragen staan op de site van de Tweede Kamer."),
      kamer
    );
  }

  // The values of a filter for this term, with their number of hits; the chosen value stays.
  function fillFilter(select, filter, counts) {
    var chosen = select.value;
    var values = Object.keys(counts).filter(function (value) { return counts[value] > 0 || value === chosen; });
    if (chosen && values.indexOf(chosen) < 0) {
      values.push(chosen);
    }
    values.sort(filter.key === "jaar" ? function (a, b) { return b.localeCompare(a); }
      : filter.key === "status" ? function (a, b) { return STATUSES.indexOf(a) - STATUSES.indexOf(b); }
      : function (a, b) { return a.localeCompare(b, "nl"); });
    var options = [new Option(filter.all, "")].concat(values.map(function (value) {
      return new Option(value + " (" + (counts[value] || 0) + ")", value);
    }));
    select.replaceChildren.apply(select, options);
    select.value = chosen;
    select.classList.toggle("kv-gekozen", Boolean(chosen));
  }

  // --- a hit ------------------------------------------------------------------------------------------

  // Only a page of this site is a link target, as a path: a merged part of the index (pagefind/1/, …)
  // gives its pages with the origin.
  function link(url, className, text) {
    var anchor = make("a", className, text);
    var target = new URL(url, location.href);
    if (target.origin === location.origin) {
      anchor.href = target.pathname + target.search + target.hash;
    }
    return anchor;
  }

  function hit(data) {
    var item = make("li", "kv-treffer");
    item.append(link(data.url, "kv-treffer__titel", data.meta.title || data.url));
    var facts = make("p", "kv-treffer__gegevens");
    META.forEach(function (key) {
      if (data.meta[key]) {
        facts.append(make("span", "kv-treffer__" + key, data.meta[key]));
      }
    });
    item.append(facts);
    var questions = questionsOf(data);
    if (!questions.length) {
      item.append(excerpt(data.excerpt, make("p", "kv-treffer__uittreksel")));
      return item;
    }
    var nested = make("ul", "kv-treffer__vragen");
    questions.forEach(function (question) {
      var entry = make("li");
      entry.append(link(question.url, "kv-treffer__vraag", question.title));
      entry.append(excerpt(question.excerpt, make("p", "kv-treffer__uittreksel")));
      nested.append(entry);
    });
    item.append(nested);
    return item;
  }

  // The parts of a hit a reader opens: its questions (#vraag-N) and later sections, the most matched
  // in the letter's order; never the page's title (#titel: the page itself) or its top.
  function questionsOf(data) {
    var parts = (data.sub_results || []).filter(function (sub) { return /#(?!titel$)./.test(sub.url); });
    var best = parts.slice().sort(function (a, b) {
      return (b.locations || []).length - (a.locations || []).length;
    }).slice(0, QUESTIONS);
    return parts.filter(function (part) { return best.indexOf(part) >= 0; });
  }

  // Pagefind's excerpt is the text with "<" and ">" escaped and the found words in <mark>: rebuilt as
  // text and <mark> elements, so no markup from a letter ever becomes an element.
  function excerpt(html, holder) {
    var marked = false;
    (html || "").split(/(<\/?mark>)/).forEach(function (piece) {
      if (piece === "<mark>" || piece === "</mark>") {
        marked = piece === "<mark>";
        return;
      }
      var text = piece.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      if (text) {
        holder.append(marked ? make("mark", "", text) : document.createTextNode(text));
      }
    });
    return holder;
  }

  // --- the field ----------------------------------------------------------------------------------------

  field.addEventListener("input", function () {
    shown = PAGE;
    search();
  });
  field.addEventListener("focus", function () {
    if (last && field.value.trim()) {
      panel.hidden = false;
    }
  });
  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) {
      field.focus();  // first: focusing the field opens the panel again
      panel.hidden = true;
    }
  });
  document.addEventListener("pointerdown", function (event) {
    if (!box.contains(event.target)) {
      panel.hidden = true;
    }
  });
  box.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !box.contains(event.relatedTarget)) {
      panel.hidden = true;  // tabbed out of the search (a click outside is handled above)
    }
  });
  panel.addEventListener("click", function (event) {
    if (event.target.closest("a")) {
      panel.hidden = true;  // a hit on this page only scrolls: the panel would cover it
    }
  });
  pagefind();  // on first use: the index starts loading while the reader types
  if (field.value.trim()) {
    search();  // typed before this script arrived
  }
})();
