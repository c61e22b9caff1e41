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

  // Dates on this page in the reader's zone already, the first page included (the server only
  // learns the zone from the cookie above, on the next request). {% forum_time %} names the zone
  // it wrote in its title: "2017-11-09T18:29:00+00:00 (America/Los_Angeles)".
  function inZone(date, zone) {
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone, year: "numeric", month: "short", day: "numeric", hour: "numeric",
      minute: "2-digit", hour12: true, timeZoneName: "short"
    }).formatToParts(date).forEach(function (part) { parts[part.type] = part.value; });
    return parts.year + " " + parts.month + " " + parts.day + ", " + parts.hour + ":" + parts.minute +
      (parts.dayPeriod || "").toLowerCase() + " " + parts.timeZoneName;
  }
  try {
    var readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    document.querySelectorAll("time[datetime][title$=')']").forEach(function (time) {
      var written = /\(([^()]+)\)$/.exec(time.title);
      var date = new Date(time.getAttribute("datetime"));
      if (!readerZone || !written || written[1] === readerZone || isNaN(date)) return;
      time.textContent = inZone(date, readerZone);
      time.title = time.getAttribute("datetime") + " (" + readerZone + ")";
    });
  } catch (e) { /* an old browser: the server's zone, which the date names */ }

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

  // ---- Instant actions -------------------------------------------------------------------------
  // Like, watch, follow, ignore, flag and a new comment: the same POST forms, sent with fetch() so
  // the page changes in place. The server answers JSON when asked (forum/core/instant.py). Forms
  // are known by where they post (the templates need no marking), so a page cached for everyone
  // works from its markup alone. Whatever else comes back (the login page, a ban page, a stale
  // token) is shown as the plain form would have shown it.
  var INSTANT = [
    [/^\/vote\/(post|comment)\/\d+$/, showVotes],
    [/^\/post\/\d+\/watch\/toggle$/, showToggle],
    [/^\/user\/[^/]+\/(follow|ignore)$/, showToggle],
    [/^\/comment\/\d+\/flag$/, showFlagged],
    [/^\/post\/\d+\/comments\/new$/, showComment]
  ];

  function instantView(form) {
    if (!window.fetch || !window.FormData || form.method.toLowerCase() !== "post") return null;
    var path = new URL(form.action, window.location.href).pathname;
    for (var i = 0; i < INSTANT.length; i++) if (INSTANT[i][0].test(path)) return INSTANT[i][1];
    return null;
  }

  // Where what happened is said: the flash messages' list when the page has one (seen and read
  // out), else a status region of its own, read out only, so that the page does not shift.
  var status = document.querySelector("[role=status] > .messages");
  if (!status && document.querySelector("form[method=post], a.flag")) {
    status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    document.body.appendChild(status);
  }
  function announce(text) {
    if (!status || !text) return;
    if (status.tagName !== "UL") {
      status.textContent = text;
      return;
    }
    var item = document.createElement("li");
    item.className = "message";
    item.textContent = text;
    status.replaceChildren(item);
  }

  function commentBox(form) {
    return form.querySelector("textarea");
  }

  // A refusal beside the control, the text typed kept: in a form with a text box, above the box;
  // beside a button, just after its form.
  function showError(form, text) {
    clearError(form);
    var box = commentBox(form);
    var error = document.createElement(box ? "div" : "span");
    error.className = "errors instant-error";
    error.setAttribute("role", "alert");
    error.textContent = text || "That did not work. Please try again.";
    if (box) {
      error.id = box.id ? box.id.replace(/-body$/, "") + "-errors" : "instant-errors";
      box.before(error);
      box.setAttribute("aria-invalid", "true");
      box.setAttribute("aria-describedby", error.id);
      box.focus();
    } else {
      var place = form.querySelector(".actions");
      if (place) place.before(error); else form.after(error);
    }
  }
  function clearError(form) {
    var scope = form.parentNode || form;
    scope.querySelectorAll(".errors").forEach(function (error) {
      if (form.contains(error) || error.previousElementSibling === form) error.remove();
    });
    var box = commentBox(form);
    if (box) { box.removeAttribute("aria-invalid"); box.removeAttribute("aria-describedby"); }
  }

  // The form as the browser would send it, without the script: the pressed button's value too.
  function sendPlainly(form, button) {
    if (button && button.name) {
      var pressed = document.createElement("input");
      pressed.type = "hidden";
      pressed.name = button.name;
      pressed.value = button.value;
      form.appendChild(pressed);
    }
    HTMLFormElement.prototype.submit.call(form);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var show = instantView(form);
    if (!show) return;
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") return; // a second press while the first is on its way
    var button = event.submitter;
    var body = new FormData(form);
    if (button && button.name) body.append(button.name, button.value);
    form.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "fetch" }
    }).then(function (response) {
      if ((response.headers.get("Content-Type") || "").indexOf("application/json") !== 0) {
        // Not an answer for the script. A page reached by redirect (logging in first): go there.
        // Anything else (a ban page, a stale token, a server error): the plain form shows it.
        if (response.ok) window.location.href = response.url;
        else sendPlainly(form, button);
        return;
      }
      return response.json().then(function (answer) {
        form.removeAttribute("aria-busy");
        if (!response.ok) return showError(form, answer.error);
        clearError(form);
        try {
          show(form, answer, button);
        } catch (error) {
          window.location.reload(); // done on the server, but the page could not show it: read it again
          return;
        }
        announce(answer.message);
      }, function () {
        window.location.reload(); // an answer that could not be read: the page as it is now
      });
    }).catch(function () {
      form.removeAttribute("aria-busy");
      sendPlainly(form, button);
    });
  });

  function showVotes(form, answer) {
    form.querySelectorAll("button[name=vote]").forEach(function (button) {
      var vote = button.value;
      button.setAttribute("aria-pressed", String(answer.pressed === vote));
      button.textContent = button.textContent.replace(/\(\d+\)/, "(" + answer[vote + "s"] + ")");
    });
  }

  function showToggle(form, answer) {
    var button = form.querySelector("button");
    Array.prototype.slice.call(form.childNodes).forEach(function (node) {
      if (node.nodeType === 3 && node.data.trim()) node.remove(); // the byline's "following"
    });
    button.title = answer.title;
    if (button.hasAttribute("aria-pressed")) button.setAttribute("aria-pressed", String(answer.pressed));
    if (form.closest(".post-byline") && /\/follow$/.test(form.action) && answer.pressed) {
      // The byline reads "following x", the x unfollowing, as on the original site.
      button.before("following ");
      button.textContent = "x";
      button.setAttribute("aria-label", answer.title);
    } else {
      button.textContent = answer.label;
      button.removeAttribute("aria-label");
    }
  }

  function showFlagged(form, answer) {
    var note = document.createElement("p");
    note.className = "notice";
    note.textContent = answer.message;
    var comment = form.closest(".comment");
    var link = comment && comment.querySelector("a.flag");
    if (link) {
      var done = document.createElement("span");
      done.className = "action";
      done.textContent = "flagged";
      link.replaceWith(done);
    } else {
      var back = document.createElement("a");
      back.href = answer.url;
      back.textContent = "Back to the comment";
      note.append(" ", back);
    }
    (form.closest(".instant-flag") || form).replaceWith(note);
  }

  // Flag: the flag page's form opened under the comment, one at a time (its fields have ids).
  document.addEventListener("click", function (event) {
    var cancel = event.target.closest(".instant-flag .actions a");
    if (cancel) {
      event.preventDefault();
      closeFlagForms();
      return;
    }
    var link = event.target.closest(".comment a.flag");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (!window.fetch || !window.DOMParser) return;
    event.preventDefault();
    var comment = link.closest(".comment");
    var open = comment.querySelector(".instant-flag");
    closeFlagForms();
    if (open) return;
    fetch(link.href, { credentials: "same-origin", headers: { Accept: "text/html" } }).then(function (response) {
      if (!response.ok || response.redirected) throw new Error("not the flag form");
      return response.text();
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var form = page.querySelector(".flag-form");
      var refusal = page.querySelector(".flag-refusal");
      if (refusal) {
        var error = document.createElement("span");
        error.className = "errors instant-error";
        error.setAttribute("role", "alert");
        error.textContent = refusal.textContent;
        link.after(error);
        return;
      }
      if (!form) throw new Error("not the flag form");
      var holder = document.createElement("div");
      holder.className = "instant-flag";
      holder.appendChild(document.adoptNode(form));
      comment.querySelector(".byline").after(holder);
      link.setAttribute("aria-expanded", "true");
      holder.querySelector("input[type=radio], button").focus();
    }).catch(function () {
      window.location.href = link.href;
    });
  });

  function closeFlagForms() {
    document.querySelectorAll(".instant-flag").forEach(function (holder) {
      var link = holder.closest(".comment").querySelector("a.flag");
      if (link) link.setAttribute("aria-expanded", "false");
      holder.remove();
    });
    document.querySelectorAll(".comment .byline .instant-error").forEach(function (error) { error.remove(); });
  }

  // A new comment goes where a page load would show it: after the comment before it on its page
  // (the server names it), or, when it starts a page, on that page.
  function showComment(form, answer) {
    var list = document.querySelector("section.comments");
    var before = answer.after ? document.getElementById(answer.after) : null;
    var none = list && list.querySelector(".no-comments");
    var lastPage = list && !list.querySelector(".comment-pager a[rel=next]");
    var here = lastPage && (answer.after ? before : none || answer.number === null || answer.number === 1);
    if (!here) {
      window.location.href = answer.url;
      return;
    }
    var made = document.createElement("template");
    made.innerHTML = answer.html.trim();
    var comment = made.content.firstElementChild;
    var shown = list.querySelectorAll(".comment");
    if (none) none.replaceWith(comment);
    else if (answer.number === null) (shown.length ? shown[shown.length - 1] : list.lastElementChild).after(comment);
    else if (before) before.after(comment);
    else if (shown.length) shown[0].before(comment);
    else list.append(comment);
    commentBox(form).value = "";
    document.querySelectorAll('.post-byline a[href="#comments-heading"]').forEach(function (count) {
      count.textContent = answer.count_text;
    });
    window.history.replaceState(null, "", "#" + comment.id);
    comment.tabIndex = -1;
    comment.focus({ preventScroll: true });
    comment.scrollIntoView({ block: "nearest" });
  }

  // ---- Keyboard shortcuts for long threads (templates/help/shortcuts.html lists them) ---------
  // j / k: next / previous comment; c: the comment box; n: the next unread comment; ?: the list.
  // Never while typing, nor with Ctrl, Alt or Meta (the browser's and the system's own keys).
  var HELP_PAGE = "/help/keys";

  function comments() {
    return Array.prototype.slice.call(document.querySelectorAll("section.comments .comment"));
  }

  function currentIndex(list) {
    for (var i = 0; i < list.length; i++) if (list[i].contains(document.activeElement)) return i;
    return -1;
  }

  function goTo(comment) {
    if (!comment.hasAttribute("tabindex")) comment.tabIndex = -1;
    comment.focus({ preventScroll: true });
    comment.scrollIntoView({ block: "start" });
  }

  function step(direction) {
    var list = comments();
    if (!list.length) return false;
    var at = currentIndex(list);
    if (at === -1) {
      // Nothing chosen yet: from what is on screen, the first comment below its top edge, or above it.
      var below = list.findIndex(function (comment) { return comment.getBoundingClientRect().top > 1; });
      if (below === -1) below = list.length;
      at = direction > 0 ? below - 1 : below;
    }
    goTo(list[Math.max(0, Math.min(list.length - 1, at + direction))]);
  }

  // Unread: comments marked data-unread, or numbered past the section's data-seen (the number the
  // reader had seen before this visit, when the page gives it).
  function isUnread(comment, seen) {
    if (comment.hasAttribute("data-unread")) return true;
    var number = comment.querySelector(".number");
    return seen !== null && !!number && parseInt(number.textContent.replace("#", ""), 10) > seen;
  }

  function nextUnread() {
    var list = comments();
    var section = document.querySelector("section.comments");
    if (!section) return false;
    var seen = section.hasAttribute("data-seen") ? parseInt(section.getAttribute("data-seen"), 10) : null;
    var at = currentIndex(list);
    for (var i = at + 1; i < list.length; i++) {
      if (isUnread(list[i], seen)) return goTo(list[i]);
    }
    var nextPage = section.querySelector(".comment-pager a[rel=next]");
    if (seen !== null && nextPage) window.location.href = nextPage.href;
    else announce("No unread comments after this one.");
  }

  function toCommentBox() {
    var box = document.getElementById("comment-body");
    if (!box) return false;
    box.focus({ preventScroll: true });
    box.scrollIntoView({ block: "center" });
  }

  var KEYS = {
    j: function () { return step(1); },
    k: function () { return step(-1); },
    c: toCommentBox,
    n: nextUnread,
    "?": function () {
      var help = document.querySelector("a[rel~=help]");
      window.location.href = help ? help.href : HELP_PAGE;
    }
  };

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented || event.isComposing) return;
    var target = event.target;
    if (target.isContentEditable || (target.closest && target.closest("input, textarea, select"))) return;
    var action = Object.prototype.hasOwnProperty.call(KEYS, event.key) && KEYS[event.key];
    if (action && action() !== false) event.preventDefault();
  });
})();
