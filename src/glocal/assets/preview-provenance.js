/* glocal serve --provenance only (never in a built site): each block of the page gets, as its
   hover title, where it comes from (what `glocal explain` prints). The provenance is fetched from
   the preview's own server; blocks are matched to the page's elements in order, by their text.
   Every text goes in as an attribute value or textContent, never as HTML. */
(function () {
  "use strict";
  function norm(text) { return (text || "").replace(/\s+/g, " ").trim(); }
  var path = decodeURIComponent(location.pathname).replace(/^\/+/, "");
  if (path === "" || /\/$/.test(path)) path += "index.html";
  fetch("/glocal-preview-provenance.json", { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      var blocks = data && data.pages && data.pages[path];
      var article = document.querySelector("article") || document.body;
      if (!blocks || !article) return;
      var style = document.createElement("style");
      style.textContent = ".glocal-provenance:hover{outline:1px dashed #7b61ff;outline-offset:2px;cursor:help}";
      document.head.appendChild(style);
      var elements = Array.prototype.filter.call(
        article.querySelectorAll("h1,h2,h3,h4,h5,h6,p,li,td,th,summary,img[alt],pre"),
        function (el) { return !(el.tagName === "LI" && el.querySelector("p")); });
      var texts = elements.map(function (el) {
        return norm(el.tagName === "IMG" ? el.getAttribute("alt") : el.textContent);
      });
      var cursor = 0;
      blocks.forEach(function (block) {
        var want = norm(block.text);
        if (!want) return;
        var head = want.slice(0, 40);
        for (var i = cursor; i < elements.length; i++) {
          var text = texts[i];
          if (text && (text.indexOf(head) === 0 || (text.length >= 8 && want.indexOf(text) === 0))) {
            var el = elements[i];
            el.title = (el.title ? el.title + "\n" : "") + block.facts.join("\n");
            el.classList.add("glocal-provenance");
            el.setAttribute("data-glocal-provenance", block.facts[0]);
            cursor = i + 1;
            return;
          }
        }
      });
    })
    .catch(function () { /* no provenance: nothing to show */ });
})();
