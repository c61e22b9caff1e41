// Light or dark: the system's setting (CSS prefers-color-scheme) unless the reader chose one with
// the header's toggle, kept in this browser only. Pages are shared between readers and cached
// whole (forum/core/pagecache.py), so the choice is applied here, in the browser, never by the
// server. This script is loaded without defer in <head> so the choice is on <html> before the
// first paint (no flash of the other scheme). Without JavaScript the toggle stays hidden and the
// system's setting applies.
(function () {
  "use strict";
  var KEY = "theme";
  var root = document.documentElement;
  var system = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)");

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value === "dark" || value === "light" ? value : null;
    } catch (e) {
      return null; // storage refused (privacy settings): the system's setting it is
    }
  }

  function current() {
    return root.getAttribute("data-theme") || (system && system.matches ? "dark" : "light");
  }

  var chosen = stored();
  if (chosen) root.setAttribute("data-theme", chosen);
  root.classList.add("theme-js"); // shows the toggle (forum.css)

  function show(button) {
    button.setAttribute("aria-pressed", String(current() === "dark"));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) return;
    show(button);
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try {
        window.localStorage.setItem(KEY, next);
      } catch (e) { /* remembered for this page only */ }
      show(button);
    });
    if (system && system.addEventListener) system.addEventListener("change", function () { show(button); });
  });
  // Another tab's choice applies here too.
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY) return;
    var value = stored();
    if (value) root.setAttribute("data-theme", value); else root.removeAttribute("data-theme");
    var button = document.querySelector("[data-theme-toggle]");
    if (button) show(button);
  });
})();
