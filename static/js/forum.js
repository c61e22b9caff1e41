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

  function selectedTextWithin(element) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return "";
    var range = selection.getRangeAt(0);
    return element.contains(range.commonAncestorContainer) ? selection.toString() : "";
  }

  function appendToBox(box, quote) {
    box.value = box.value && !/\n\n$/.test(box.value) ? box.value.replace(/\n*$/, "\n\n") + quote : box.value + quote;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    box.scrollIntoView({ block: "center" });
  }

  // Quote: the selected text of that comment or post, or all of it, into the comment box. The
  // server writes the quote (forum/comments/quoting.py), so there is one quoting rule; should the
  // request fail, the link's own no-JavaScript address does the same for the whole text.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-quote]");
    if (!link) return;
    var source = document.querySelector(link.getAttribute("data-quote-from"));
    var box = document.getElementById("comment-body");
    var form = box && box.form;
    if (!source || !form || !window.fetch) return;
    event.preventDefault();
    var body = new FormData();
    body.append("selection", selectedTextWithin(source));
    fetch(link.getAttribute("data-quote"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": form.elements.csrfmiddlewaretoken.value }
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (quote) {
      appendToBox(box, quote);
    }).catch(function () {
      window.location.href = link.href;
    });
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
