// Kamervragen: search in the header, the marked question of a #vraag-N link, and the copy control.
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
    if (!/^(?:[a-z]+-(?:\d+-)?)?vraag-\d+$/.test(id)) {  // vraag-3, ingediend-vraag-3, nader-2-vraag-3
      return;
    }
    var heading = questionHeading(id);
    if (!heading) {
      return;
    }
    heading.classList.add("kv-gemarkeerd");
    // The question itself: everything up to the answer's heading.
    for (var next = heading.nextElementSibling; next && !/^H[1-6]$/.test(next.tagName); next = next.nextElementSibling) {
      if (!next.classList.contains("kv-link")) {
        next.classList.add("kv-gemarkeerd");
      }
    }
    heading.scrollIntoView({ block: "start" });
  }

  function absoluteLink(id) {
    var url = new URL(location.href);
    url.hash = id;
    return url.href;
  }

  function copy(text, button) {
    var done = function () {
      button.textContent = "Link gekopieerd";
      setTimeout(function () { button.textContent = "Link naar dit antwoord"; }, 2500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { window.prompt("Kopieer deze link:", text); });
    } else {
      window.prompt("Kopieer deze link:", text);
    }
  }

  function addLinkControls() {
    document.querySelectorAll(".md-content h2[id^='vraag-']").forEach(function (heading) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kv-link md-button";
      button.textContent = "Link naar dit antwoord";
      button.setAttribute("data-link", absoluteLink(heading.id));
      // The accessible name starts with the visible text (WCAG 2.5.3) and says which question.
      button.setAttribute("aria-label", "Link naar dit antwoord kopiëren: " + heading.textContent.replace("¶", "").trim());
      button.addEventListener("click", function () { copy(button.getAttribute("data-link"), button); });
      heading.insertAdjacentElement("afterend", button);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpSearch();
    addLinkControls();
    markTarget();
  });
  window.addEventListener("hashchange", markTarget);
})();
