// Progressive enhancement only: every control here also works as a plain link or form.
(function () {
  "use strict";

  // Tell the server the reader's timezone, so dates show in local time from the next page on.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("tz=" + zone) === -1) {
      document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (e) { /* no Intl: the site's timezone it is */ }

  var QUOTE_MAX = 1000;

  function quoteMarkdown(name, url, text) {
    text = text.trim();
    if (text.length > QUOTE_MAX) {
      text = text.slice(0, QUOTE_MAX).replace(/\s+\S*$/, "") + " …";
    }
    var quoted = text.split("\n").map(function (line) {
      return line.trim() ? "> " + line : ">";
    }).join("\n");
    return "[" + name + " says](" + url + "):\n\n" + quoted + "\n\n";
  }

  function selectedTextWithin(element) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return "";
    var range = selection.getRangeAt(0);
    return element.contains(range.commonAncestorContainer) ? selection.toString() : "";
  }

  // Quote: the selected text of that comment or post, or all of it, into the comment box.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-quote]");
    if (!link) return;
    var source = document.querySelector(link.getAttribute("data-quote-from"));
    var box = document.getElementById("comment-body");
    if (!source || !box) return;
    event.preventDefault();
    var text = selectedTextWithin(source) || source.innerText;
    var quote = quoteMarkdown(link.getAttribute("data-quote-name"), link.getAttribute("data-quote-url"), text);
    box.value = box.value && !/\n\n$/.test(box.value) ? box.value.replace(/\n*$/, "\n\n") + quote : box.value + quote;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    box.scrollIntoView({ block: "center" });
  });

  // Share: copy the link, or the device's own share sheet where the browser has one.
  document.querySelectorAll("[data-share-copy]").forEach(function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-share-copy")).then(function () {
        button.textContent = "link copied";
      });
    });
  });
  document.querySelectorAll("[data-share-native]").forEach(function (button) {
    if (!navigator.share) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({ title: button.getAttribute("data-share-title"), url: button.getAttribute("data-share-native") })
        .catch(function () { /* the reader closed the sheet */ });
    });
  });
})();
