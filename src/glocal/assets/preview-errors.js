/* glocal serve only (never in a built site): show the last rebuild's errors over the page.
   The list is fetched from the preview's own server; every text goes in as textContent, so a
   message quoting hostile source text cannot run script. */
(function () {
  "use strict";
  fetch("/glocal-preview-errors.json", { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data || !data.errors || !data.errors.length) return;
      var box = document.createElement("section");
      box.id = "glocal-preview-errors";
      box.setAttribute("role", "alert");
      box.setAttribute("lang", "en");
      box.setAttribute("dir", "ltr");
      box.style.cssText = "position:fixed;z-index:10000;left:1rem;right:1rem;bottom:1rem;max-height:60vh;" +
        "overflow:auto;background:#fff5f5;color:#5f1111;border:2px solid #c62828;border-radius:6px;" +
        "padding:1rem 1.25rem;font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
        "box-shadow:0 4px 18px rgba(0,0,0,.25)";
      var title = document.createElement("strong");
      title.textContent = "glocal serve: " + data.errors.length + " error(s). " +
        (data.ok ? "This page is built, but the site would be blocked."
                 : "The site could not be rebuilt: you are looking at the last good build.");
      box.appendChild(title);
      var list = document.createElement("ul");
      list.style.cssText = "margin:.5rem 0 0;padding-left:1.2rem";
      data.errors.forEach(function (error) {
        var item = document.createElement("li");
        var place = error.path + (error.line ? ":" + error.line + ":" + (error.col || 1) : "");
        var where = document.createElement("code");
        where.textContent = place;
        item.appendChild(where);
        item.appendChild(document.createTextNode(" " + error.code + " " + error.message +
          (error.hint ? " (hint: " + error.hint + ")" : "")));
        item.className = "glocal-preview-error";
        list.appendChild(item);
      });
      box.appendChild(list);
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "×";
      close.setAttribute("aria-label", "Hide until the next rebuild");
      close.style.cssText = "position:absolute;top:.25rem;right:.5rem;border:0;background:none;font-size:20px;cursor:pointer";
      close.onclick = function () { box.remove(); };
      box.appendChild(close);
      document.body.appendChild(box);
    })
    .catch(function () { /* no list: nothing to show */ });
})();
