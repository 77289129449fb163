// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Search suggestions: districts and crafts as you type, from a small JSON endpoint.
  var input = document.getElementById("site-search");
  if (!input || !input.dataset.suggestUrl || !window.fetch) return;
  var list = document.createElement("ul");
  list.className = "suggestions";
  list.id = "site-search-suggestions";
  list.hidden = true;
  // aria-expanded is only allowed on a combobox: a plain search box with it is an error
  // to screen readers (axe: aria-allowed-attr). The list follows the input, so Tab
  // reaches the suggested links.
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  input.parentNode.appendChild(list);
  var timer = null;
  var lastQuery = "";

  function hide() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }

  function show(items) {
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.label;
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
  }

  input.addEventListener("input", function () {
    var q = input.value.trim();
    clearTimeout(timer);
    if (q.length < 2) return hide();
    timer = setTimeout(function () {
      if (q === lastQuery) return;
      lastQuery = q;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q), {
        headers: { Accept: "application/json" },
      })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { show(data.results || []); })
        .catch(hide);
    }, 200);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide();
  });
  document.addEventListener("click", function (e) {
    if (!list.contains(e.target) && e.target !== input) hide();
  });
})();

// Forms on publicly cached pages carry no CSRF token (it would be one visitor's token in
// everybody's copy): fetch this visitor's own when such a form is sent. Without this
// script the server offers to send the form again (odop_market/http_cache.py).
(function () {
  "use strict";
  if (!window.fetch) return;
  var pending = null;
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var input = form.querySelector('input[name="csrfmiddlewaretoken"]');
    if (!input || input.value) return;
    e.preventDefault();
    pending = pending || fetch("/csrf/", {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (r) { return r.ok ? r.json() : {}; });
    pending
      .then(function (data) {
        document.querySelectorAll('input[name="csrfmiddlewaretoken"]').forEach(function (i) {
          if (!i.value) i.value = data.token || "";
        });
      })
      .catch(function () {})
      .then(function () { form.submit(); });
  });
})();
