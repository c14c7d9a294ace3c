// Kamervragen: search in the header, the marked question of a #vraag-N link, the link and citation controls.
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
    // The question itself: everything up to the answer's heading.
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

  document.addEventListener("DOMContentLoaded", function () {
    setUpSearch();
    addControls();
    markTarget();
  });
  window.addEventListener("hashchange", markTarget);
})();
