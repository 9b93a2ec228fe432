/* The moderation screen, enhanced: keyboard shortcuts (WordPress's: j/k, a, u, s, t, r, e; and
 * z to undo) and the forms sent in place. Every action stays a plain form POST that works
 * without this file; here the same POST is sent with fetch and the parts of the page that
 * change (notice, counts, rows, side forms) are swapped from the page the server answers. */
(function () {
  "use strict";
  var current = -1;

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#the-comment-list tr.comment")); }

  function select(index, focus) {
    var list = rows();
    if (!list.length) { current = -1; return; }
    current = Math.max(0, Math.min(index, list.length - 1));
    list.forEach(function (tr, i) { tr.classList.toggle("current-row", i === current); });
    if (focus !== false) { list[current].focus({ preventScroll: false }); }
  }

  function currentRow() { var list = rows(); return current >= 0 ? list[current] : null; }

  function toggle(tr, kind, open) {
    var box = tr.querySelector("#" + kind + "-" + tr.getAttribute("data-id"));
    var button = tr.querySelector(".row-action." + (kind === "reply" ? "reply" : "quickedit"));
    if (!box) { return; }
    var show = open === undefined ? box.hidden : open;
    tr.querySelectorAll(".inline").forEach(function (b) { b.hidden = true; });
    tr.querySelectorAll("[aria-expanded]").forEach(function (b) { b.setAttribute("aria-expanded", "false"); });
    box.hidden = !show;
    if (button) { button.setAttribute("aria-expanded", String(show)); }
    if (show) { box.querySelector("textarea").focus(); } else if (button) { button.focus(); }
  }

  function swap(html, url) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    ["#moderation-notice", ".subsubsub", "#the-comment-list", ".tablenav.top", "h1"].forEach(function (sel) {
      var mine = document.querySelector(sel), theirs = doc.querySelector(sel);
      if (mine && theirs) { mine.innerHTML = theirs.innerHTML; }
    });
    document.querySelectorAll("form.side-form").forEach(function (f) { f.remove(); });
    var main = document.querySelector("main");
    doc.querySelectorAll("form.side-form").forEach(function (f) {
      main.insertBefore(document.importNode(f, true), document.querySelector(".shortcuts"));
    });
    if (url) { history.replaceState(null, "", url); }
    var all = document.getElementById("cb-select-all");
    if (all) { all.checked = false; }
    if (current >= 0) { select(current, true); }
  }

  function send(form, submitter) {
    var data = new FormData(form, submitter || undefined);
    document.body.setAttribute("aria-busy", "true");
    // form.action would be the <select name="action">: read the attribute.
    return fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin" })
      .then(function (r) { return r.text().then(function (html) { swap(html, r.redirected ? r.url : null); }); })
      .catch(function () { form.submit(); })
      .then(function () { document.body.removeAttribute("aria-busy"); });
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.matches("#comments-form, form.side-form, form.wpc-undo")) { return; }
    ev.preventDefault();
    var submitter = ev.submitter;
    if (submitter && submitter.closest("tr.comment")) {
      select(rows().indexOf(submitter.closest("tr.comment")), false);
    }
    send(form, submitter);
  });

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest("button");
    if (!button) { return; }
    var tr = button.closest("tr.comment");
    if (button.classList.contains("reply") && tr) { toggle(tr, "reply"); }
    else if (button.classList.contains("quickedit") && tr) { toggle(tr, "edit"); }
    else if (button.classList.contains("cancel") && tr) { toggle(tr, button.closest("[id^=reply-]") ? "reply" : "edit", false); }
  });

  document.addEventListener("change", function (ev) {
    if (ev.target.id === "cb-select-all") {
      document.querySelectorAll("#the-comment-list input[name='comment[]']").forEach(function (cb) { cb.checked = ev.target.checked; });
    }
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "textarea" || tag === "select" || (tag === "input" && ev.target.type !== "checkbox")) {
      if (ev.key === "Escape") { var tr0 = ev.target.closest("tr.comment"); if (tr0) { toggle(tr0, ev.target.closest("[id^=reply-]") ? "reply" : "edit", false); } }
      return;
    }
    var key = ev.key;
    if (key === "j") { select(current + 1); ev.preventDefault(); return; }
    if (key === "k") { select(current < 0 ? 0 : current - 1); ev.preventDefault(); return; }
    if (key === "z") { var undo = document.querySelector(".wpc-undo button"); if (undo) { undo.click(); ev.preventDefault(); } return; }
    var tr = currentRow();
    if (!tr) { return; }
    var map = { a: "approve", u: "unapprove", s: "spam", t: "trash" };
    if (map[key]) {
      var b = tr.querySelector(".row-action[data-action='" + map[key] + "']");
      if (b) { b.click(); ev.preventDefault(); }
    } else if (key === "r") { toggle(tr, "reply", true); ev.preventDefault(); }
    else if (key === "e") { toggle(tr, "edit", true); ev.preventDefault(); }
  });

  document.addEventListener("focusin", function (ev) {
    var tr = ev.target.closest && ev.target.closest("tr.comment");
    if (tr) { var i = rows().indexOf(tr); if (i !== current) { current = i; rows().forEach(function (r, k) { r.classList.toggle("current-row", k === i); }); } }
  });
})();
