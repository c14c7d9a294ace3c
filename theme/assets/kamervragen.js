// Kamervragen: search in the header, the marked question and answer of a #vraag-N link, the link and
// citation controls, the list of a letter's questions, and a letter's start folded on a phone.
(function () {
  "use strict";

  function setUpSearch() {
    var box = document.getElementById("kv-zoeken");
    var bar = document.querySelector(".md-header__inner");
    if (!box || !bar || typeof PagefindUI === "undefined") {
      return;
    }
    var source = bar.querySelector(".md-header__source");
    bar.insertBefore(box, source);
    // absolute: on the home page the relative "pagefind/" is no valid module specifier
    var bundle = new URL(box.getAttribute("data-bundle"), location.href).href;
    // A large archive is indexed in parts (pagefind/, pagefind/1/, …), searched together.
    var merged = [];
    for (var part = 1; part < parseInt(box.getAttribute("data-parts") || "1", 10); part++) {
      merged.push({ bundlePath: bundle + part + "/" });
    }
    new PagefindUI({
      element: "#kv-zoeken",
      bundlePath: bundle,
      mergeIndex: merged,
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      translations: { placeholder: "Zoek in Kamervragen" },
    });
  }

  // The heading a #vraag-N points at: the element itself, or for a joint question ("Vragen 6 en 7")
  // the heading after the empty anchor that carries the further number.
  function questionHeading(id) {
    var target = document.getElementById(id);
    while (target && !/^H[1-6]$/.test(target.tagName)) {
      target = target.nextElementSibling || (target.parentElement && target.parentElement.nextElementSibling);
    }
    return target;
  }

  var BLOCK = "kv-vraag-en-antwoord";  // a question with its answer (writers/markdown.py)

  // Mark what a #vraag-N opens: the block of the question and its answer (a joint answer's block holds
  // all the questions it answers), and its heading; without a block, the question up to the next heading.
  function markTarget() {
    document.querySelectorAll(".kv-gemarkeerd").forEach(function (element) {
      element.classList.remove("kv-gemarkeerd");
    });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^(?:[a-z]+-(?:\d+-)?)?vraag-\d+(?:[a-z]|-\d+)?$/.test(id)) {  // vraag-3, vraag-2l, vraag-7-2, nader-2-vraag-3
      return;
    }
    var heading = questionHeading(id);
    if (!heading) {
      return;
    }
    heading.classList.add("kv-gemarkeerd");
    var block = heading.closest("." + BLOCK);
    if (block) {
      block.classList.add("kv-gemarkeerd");
      // a block's first question: its top, frame included; a later one of a joint answer: its heading
      (block.querySelector("h2, h3, h4") === heading ? block : heading).scrollIntoView({ block: "start" });
      return;
    }
    for (var next = heading.nextElementSibling; next && !/^H[1-6]$/.test(next.tagName); next = next.nextElementSibling) {
      if (!next.classList.contains("kv-link") && !next.classList.contains("kv-citaat")) {
        next.classList.add("kv-gemarkeerd");
      }
    }
    heading.scrollIntoView({ block: "start" });
  }

  function absoluteLink(id) {
    var url = new URL(location.href);
    url.hash = id;
    return url.href.replace(/#$/, "");
  }

  // Copy `text`; the button says so for a moment. Without a clipboard the text is offered to copy by hand.
  function copy(text, button, done) {
    var label = button.textContent;
    var confirm = function () {
      button.textContent = done;
      setTimeout(function () { button.textContent = label; }, 2500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(confirm, function () { window.prompt("Kopieer:", text); });
    } else {
      window.prompt("Kopieer:", text);
    }
  }

  function button(text, className, label) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = className + " md-button";
    element.textContent = text;
    // The accessible name starts with the visible text (WCAG 2.5.3) and says which question.
    element.setAttribute("aria-label", label);
    return element;
  }

  // The page's citation (askers, subject, Zaak, Aanhangsel, date of the answer), from the plugin.
  function pageCitation() {
    var holder = document.querySelector("[data-kv-citation]");
    return holder ? holder.getAttribute("data-kv-citation") : "";
  }

  // "Vragen 6 en 7" → "vragen 6 en 7": the question part of a citation.
  function questionName(heading) {
    var name = heading.textContent.replace("¶", "").trim();
    return name.charAt(0).toLowerCase() + name.slice(1);
  }

  // The citation shown under the question, selected, so it can also be copied by hand.
  function showCitation(text, after) {
    var shown = after.parentElement.querySelector(".kv-citaat[data-for='" + after.getAttribute("data-for") + "']");
    if (!shown) {
      shown = document.createElement("p");
      shown.className = "kv-citaat";
      shown.setAttribute("data-for", after.getAttribute("data-for"));
      shown.setAttribute("tabindex", "-1");
      after.insertAdjacentElement("afterend", shown);
    }
    shown.textContent = text;
    var selection = window.getSelection();
    if (selection) {
      selection.selectAllChildren(shown);
    }
  }

  function addControls() {
    var citation = pageCitation();
    document.querySelectorAll(".md-content h2[id^='vraag-']").forEach(function (heading) {
      var name = heading.textContent.replace("¶", "").trim();
      var url = absoluteLink(heading.id);
      var link = button("Link naar dit antwoord", "kv-link", "Link naar dit antwoord kopiëren: " + name);
      link.setAttribute("data-link", url);
      link.addEventListener("click", function () { copy(url, link, "Link gekopieerd"); });
      heading.insertAdjacentElement("afterend", link);
      if (!citation) {
        return;
      }
      var cite = button("Citeer", "kv-link kv-citeer", "Citeer " + name);
      var text = citation + ", " + questionName(heading) + ". " + url;
      cite.setAttribute("data-citation", text);
      cite.setAttribute("data-for", heading.id);
      cite.addEventListener("click", function () {
        showCitation(text, cite);
        copy(text, cite, "Citaat gekopieerd");
      });
      link.insertAdjacentElement("afterend", cite);
    });
    completePageCitation();
  }

  // The citation in the page's facts lacks its link when the site was built without its address.
  function completePageCitation() {
    document.querySelectorAll(".kv-kop li").forEach(function (item) {
      var label = item.querySelector("strong");
      if (label && label.textContent === "Citeren:" && item.textContent.indexOf("://") < 0) {
        item.appendChild(document.createTextNode(". " + absoluteLink("")));
      }
    });
  }

  // The letter's questions, as a list that stays at the top of the screen while the letter is read:
  // "Vragen in deze brief", and once a question is reached "Vraag 3 van 17" ("Vragen 6 en 7 van 17").
  function addQuestionList() {
    var body = document.querySelector("[data-pagefind-body]");
    var headings = body ? body.querySelectorAll("h2[id^='vraag-']") : [];
    if (!headings.length) {
      return;
    }
    var total = 0;
    var nav = document.createElement("nav");
    nav.className = "kv-vragenlijst";
    nav.setAttribute("aria-label", "Vragen in deze brief");
    nav.setAttribute("data-pagefind-ignore", "all");
    var details = document.createElement("details");
    var summary = document.createElement("summary");
    var list = document.createElement("ol");
    var entries = [];
    headings.forEach(function (heading) {
      var name = heading.textContent.replace("¶", "").trim();
      total += (name.match(/\d+/g) || []).length;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + heading.id;
      link.textContent = name;
      link.addEventListener("click", function () { details.open = false; });
      item.appendChild(link);
      list.appendChild(item);
      entries.push({ heading: heading, block: heading.closest("." + BLOCK) || heading, name: name, link: link });
    });
    var start = "Vragen in deze brief (" + total + ")";
    summary.textContent = start;
    details.appendChild(summary);
    details.appendChild(list);
    nav.appendChild(details);
    details.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && details.open) {
        details.open = false;
        summary.focus();
      }
    });
    body.parentElement.insertBefore(nav, body);

    // The question being read: the last whose block begins above the list's lower edge (or where an
    // opened #vraag-N puts it: its scroll margin).
    var pending = false;
    var margin = parseFloat(getComputedStyle(entries[0].block).scrollMarginTop) || 0;
    function showPlace() {
      pending = false;
      var edge = Math.max(nav.getBoundingClientRect().bottom, margin) + 8;
      var current = null;
      entries.forEach(function (entry) {
        if (entry.block.getBoundingClientRect().top <= edge) {
          current = entry;
        }
      });
      var text = current ? current.name + " van " + total : start;
      if (summary.textContent !== text) {
        summary.textContent = text;
      }
      entries.forEach(function (entry) {
        if (entry === current) {
          entry.link.setAttribute("aria-current", "location");
        } else {
          entry.link.removeAttribute("aria-current");
        }
      });
    }
    window.addEventListener("scroll", function () {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(showPlace);
      }
    }, { passive: true });
    showPlace();
  }

  // On a phone the first question comes within the first screen: the facts show their first rows and
  // the introduction (cover letter, heading of the questions) is folded, each with a button to show all.
  var PHONE = "(max-width: 44.9375em)";  // Material's own breakpoint for phones

  function foldButton(more, less, folded) {
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "kv-uitklap";
    toggle.setAttribute("aria-expanded", "false");
    toggle.textContent = more;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.textContent = open ? less : more;
      folded(!open);
    });
    return toggle;
  }

  function foldForPhone() {
    var body = document.querySelector("[data-pagefind-body]");
    var first = body ? body.querySelector(":scope > ." + BLOCK) : null;
    if (!first || !window.matchMedia || !window.matchMedia(PHONE).matches) {
      return;
    }
    var facts = body.querySelector(":scope > .kv-kop");
    var rows = facts ? facts.querySelectorAll(":scope > ul > li") : [];
    if (rows.length > 3) {
      var shown = 2;
      var setFacts = function (fold) {
        for (var i = shown; i < rows.length; i++) {
          rows[i].hidden = fold;
        }
      };
      setFacts(true);
      facts.appendChild(foldButton("Alle gegevens (" + (rows.length - shown) + " meer)", "Minder gegevens", setFacts));
    }
    var intro = [];
    for (var node = (facts || body.querySelector(":scope > h1")).nextElementSibling; node && node !== first; node = node.nextElementSibling) {
      intro.push(node);
    }
    if (!intro.length) {
      return;
    }
    var holder = document.createElement("div");
    holder.className = "kv-inleiding";
    holder.id = "kv-inleiding";
    first.parentElement.insertBefore(holder, intro[0]);
    intro.forEach(function (element) { holder.appendChild(element); });
    holder.hidden = true;
    var toggle = foldButton("Inleiding van de brief tonen", "Inleiding verbergen", function (fold) { holder.hidden = fold; });
    toggle.setAttribute("aria-controls", holder.id);
    holder.parentElement.insertBefore(toggle, holder);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpSearch();
    addControls();
    foldForPhone();
    addQuestionList();
    markTarget();
  });
  window.addEventListener("hashchange", markTarget);
})();
