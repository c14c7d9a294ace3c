// Kamervragen: the search field in the header, the marked question and answer of a #vraag-N link, the link and
// citation controls, the list of a letter's questions, and a letter's start folded on a phone (the last
// two made by the site in the page's HTML, brought to life here).
(function () {
  "use strict";

  // The search field in the header bar. The search itself (assets/search.js and .css, with Pagefind)
  // is loaded when a reader first uses the field: a page load fetches none of it. The field stays the
  // same element, so what was typed meanwhile and the focus stay where they are.
  var FIRST_USE = ["focus", "pointerdown", "input"];

  function setUpSearch() {
    var box = document.getElementById("kv-zoeken");
    var bar = document.querySelector(".md-header__inner");
    var field = box && box.querySelector("input");
    if (!field || !bar) {
      return;
    }
    if (!bar.contains(box)) {  // the template puts it in the header bar (main.html); an engine's may not
      bar.insertBefore(box, bar.querySelector(".md-header__source"));
    }
    var load = function () {
      FIRST_USE.forEach(function (type) { field.removeEventListener(type, load); });
      var style = document.createElement("link");
      style.rel = "stylesheet";
      style.id = "kv-zoekstijl";  // search.js waits for it before it shows its panel
      style.href = box.getAttribute("data-style");
      document.head.appendChild(style);
      var script = document.createElement("script");
      script.src = box.getAttribute("data-script");
      document.head.appendChild(script);
    };
    FIRST_USE.forEach(function (type) { field.addEventListener(type, load); });
    if (document.activeElement === field || field.value) {  // used before this deferred script ran
      load();
    }
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

  // The copy controls after each question's heading: in the page (site/pagehtml.py), or made here
  // where an engine's pages lack them. Each copies the question's link, or its citation.
  function addControls() {
    var citation = pageCitation();
    document.querySelectorAll(".md-content h2[id^='vraag-']").forEach(function (heading) {
      var name = heading.textContent.replace("¶", "").trim();
      var url = absoluteLink(heading.id);
      var link = control(heading, "kv-link", "Link naar dit antwoord", "Link naar dit antwoord kopiëren: " + name);
      link.setAttribute("data-link", url);
      link.addEventListener("click", function () { copy(url, link, "Link gekopieerd"); });
      if (!citation) {  // nothing to cite: the page's Citeer button goes, not left to do nothing
        var made = link.nextElementSibling;
        if (made && made.classList.contains("kv-citeer")) {
          made.remove();
        }
        return;
      }
      var cite = control(link, "kv-link kv-citeer", "Citeer", "Citeer " + name);
      var text = citation + ", " + questionName(heading) + ". " + url;
      cite.setAttribute("data-citation", text);
      cite.setAttribute("data-for", heading.id);
      cite.addEventListener("click", function () {
        showCitation(text, cite);
        copy(text, cite, "Citaat gekopieerd");
      });
    });
    completePageCitation();
  }

  // The button with `className` right after `before`, made there when the page has none.
  function control(before, className, text, label) {
    var next = before.nextElementSibling;
    if (next && next.tagName === "BUTTON" && next.className === className + " md-button") {
      return next;
    }
    var made = button(text, className, label);
    before.insertAdjacentElement("afterend", made);
    return made;
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
  // The page has the list (site/pagehtml.py); this keeps its first line at the question being read.
  function addQuestionList() {
    var nav = document.querySelector("nav.kv-vragenlijst");
    var details = nav && nav.querySelector("details");
    var summary = nav && nav.querySelector("summary");
    if (!details || !summary) {
      return;
    }
    var start = summary.textContent;
    var total = (start.match(/\((\d+)\)/) || [0, 0])[1];
    var entries = [];
    nav.querySelectorAll("ol a").forEach(function (link) {
      var heading = document.getElementById(link.getAttribute("href").slice(1));
      if (heading) {
        link.addEventListener("click", function () { details.open = false; });
        entries.push({ heading: heading, block: heading.closest("." + BLOCK) || heading, name: link.textContent, link: link });
      }
    });
    if (!entries.length) {
      return;
    }
    details.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && details.open) {
        details.open = false;
        summary.focus();
      }
    });

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
  // the introduction is folded, each behind a button the page has (site/pagehtml.py), folded by the CSS
  // and opened by the page's own inline script (theme/main.html), which runs even where this file cannot.

  // On paper a link is its address. Every link to another page or file (the letter's source file, its
  // data.json, another page of the site) carries its absolute address in data-kv-adres, which print.css
  // prints after it: resolved against the page's canonical address when the site has one, so a printout
  // names the published site, wherever the page was opened. Links within the page (#vraag-3, footnotes)
  // get none; a link whose text already is its address gets an empty one (nothing printed twice).
  function addPrintAddresses() {
    var here = new URL(location.href);
    var canonical = document.querySelector("link[rel='canonical']");
    var base = canonical ? new URL(canonical.getAttribute("href"), here) : here;
    var bare = function (address) { return address.replace(/^[a-z]+:\/\//i, "").replace(/\/$/, ""); };
    document.querySelectorAll(".md-content a[href]").forEach(function (link) {
      var href = link.getAttribute("href");
      var target;
      try {
        target = new URL(href, here);
      } catch (error) {
        return;  // no address at all: nothing to print
      }
      if (!/^https?:$/.test(target.protocol)) {
        return;  // mailto: and the like
      }
      if (target.origin === here.origin && target.pathname === here.pathname && target.search === here.search) {
        return;  // within the page
      }
      var address = new URL(href, base).href;
      link.setAttribute("data-kv-adres", bare(link.textContent.trim()) === bare(address) ? "" : address);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpSearch();
    addQuestionList();
    addControls();
    markTarget();
    setTimeout(addPrintAddresses, 0);  // for paper only: not in the task that makes the page usable
  });
  window.addEventListener("hashchange", markTarget);
})();
