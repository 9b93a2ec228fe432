/*! wpcompat comments widget — GPL-2.0-or-later. No dependencies.
 *
 * <div id="comments"></div>
 * <script src="https://blog.example/embed/comments.js" data-post="42" async></script>
 *
 * Options (data- attributes on the script tag): data-post (required), data-target (id of the
 * element to fill; default: a new element just before the script), data-lang ("fr" or "en";
 * default: the site's language, else the browser's), data-theme ("auto" follows the reader's
 * dark mode; default "light").
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) { return; }
  var BASE = new URL(script.src, location.href).origin;
  var POST_ID = parseInt(script.getAttribute("data-post") || "0", 10);
  if (!POST_ID) { return; }

  /* ---------------------------------------------------------------- text, in two languages */
  var TEXT = {
    en: {
      comments_0: "No comments yet", comments_1: "One comment", comments_n: "{n} comments",
      leave: "Leave a comment", reply_to: "Reply to {name}", cancel_reply: "Cancel reply",
      prompt: "Enter your details below or click an icon to log in:",
      login_with: "Log in with {provider}", comment: "Comment", email: "Email",
      email_hint: "required, never published", email_optional: "never published", name: "Name",
      required: "required", website: "Website", post: "Post comment", posting: "Posting…",
      logged_in: "Logged in as", via: "with your {provider} account",
      logout: "Log out", change: "Change", reply: "Reply", awaiting: "Your comment is awaiting moderation.",
      posted: "Your comment is published.", says: "says:",
      login_ok: "You are logged in. Your comment will be posted with your {provider} account.",
      login_cancelled: "Login cancelled. You can try again, or comment with your name and email.",
      login_failed: "Login failed. Please try again, or comment with your name and email.",
      login_expired: "That login took too long. Please try again.",
      err_generic: "Your comment could not be posted. Please try again.",
      err_network: "The site could not be reached. Check your connection and try again.",
      err_duplicate: "You have already posted this comment.",
      err_flood: "You are posting comments too quickly. Please wait a moment.",
      err_author: "Please give your name and a valid email address.",
      err_content: "Please write a comment.",
      err_closed: "Comments are closed on this post.",
      err_nonce: "Your login has expired. Please log in again.",
      err_load: "The comments could not be loaded.",
      loading: "Loading comments…", closed: "Comments are closed.",
      your_data: "Your data", export: "Download my data", erase: "Erase my data",
      erase_confirm: "Erase your login and the personal details of your comments on this site? This cannot be undone.",
      erased: "Your data has been erased.",
      edit: "Edit", delete_own: "Delete", save: "Save", cancel: "Cancel", edit_label: "Edit your comment",
      edited: "Your comment is updated.", deleted: "Your comment is deleted.",
      edit_over: "The time to edit this comment is over.", delete_confirm: "Delete your comment?"
    },
    fr: {
      comments_0: "Aucun commentaire", comments_1: "Un commentaire", comments_n: "{n} commentaires",
      leave: "Laisser un commentaire", reply_to: "Répondre à {name}", cancel_reply: "Annuler la réponse",
      prompt: "Entrez vos coordonnées ci-dessous ou cliquez sur une icône pour vous connecter :",
      login_with: "Se connecter avec {provider}", comment: "Commentaire", email: "E-mail",
      email_hint: "obligatoire, jamais publié", email_optional: "jamais publié", name: "Nom",
      required: "obligatoire", website: "Site web", post: "Publier le commentaire", posting: "Publication…",
      logged_in: "Connecté en tant que", via: "avec votre compte {provider}",
      logout: "Déconnexion", change: "Changer", reply: "Répondre",
      awaiting: "Votre commentaire est en attente de modération.",
      posted: "Votre commentaire est publié.", says: "dit :",
      login_ok: "Vous êtes connecté. Votre commentaire sera publié avec votre compte {provider}.",
      login_cancelled: "Connexion annulée. Vous pouvez réessayer, ou commenter avec votre nom et votre e-mail.",
      login_failed: "La connexion a échoué. Réessayez, ou commentez avec votre nom et votre e-mail.",
      login_expired: "La connexion a pris trop de temps. Veuillez réessayer.",
      err_generic: "Votre commentaire n’a pas pu être publié. Veuillez réessayer.",
      err_network: "Le site est injoignable. Vérifiez votre connexion et réessayez.",
      err_duplicate: "Vous avez déjà publié ce commentaire.",
      err_flood: "Vous publiez des commentaires trop vite. Patientez un instant.",
      err_author: "Indiquez votre nom et une adresse e-mail valide.",
      err_content: "Veuillez écrire un commentaire.",
      err_closed: "Les commentaires sont fermés pour cet article.",
      err_nonce: "Votre connexion a expiré. Veuillez vous reconnecter.",
      err_load: "Les commentaires n’ont pas pu être chargés.",
      loading: "Chargement des commentaires…", closed: "Les commentaires sont fermés.",
      your_data: "Vos données", export: "Télécharger mes données", erase: "Effacer mes données",
      erase_confirm: "Effacer votre connexion et les données personnelles de vos commentaires sur ce site ? C’est définitif.",
      erased: "Vos données ont été effacées.",
      edit: "Modifier", delete_own: "Supprimer", save: "Enregistrer", cancel: "Annuler",
      edit_label: "Modifier votre commentaire", edited: "Votre commentaire est modifié.",
      deleted: "Votre commentaire est supprimé.", edit_over: "Le délai pour modifier ce commentaire est passé.",
      delete_confirm: "Supprimer votre commentaire ?"
    }
  };
  var ERRORS = {
    comment_duplicate: "err_duplicate", comment_flood: "err_flood",
    rest_comment_author_data_required: "err_author", rest_invalid_param: "err_author",
    rest_comment_content_invalid: "err_content", rest_comment_closed: "err_closed",
    rest_cookie_invalid_nonce: "err_nonce"
  };
  var lang = "en";
  function pickLang(siteLocale) {
    var wanted = script.getAttribute("data-lang") || siteLocale ||
      (navigator.languages && navigator.languages[0]) || navigator.language || "en";
    lang = /^fr/i.test(wanted) ? "fr" : "en";
  }
  function t(key, vars) {
    var s = (TEXT[lang] && TEXT[lang][key]) || TEXT.en[key] || key;
    return s.replace(/\{(\w+)\}/g, function (_, k) { return vars && vars[k] != null ? vars[k] : ""; });
  }

  /* ---------------------------------------------------------------- icons, drawn for this widget */
  var ICONS = {
    wordpress: '<svg viewBox="0 0 32 32" aria-hidden="true" focusable="false"><circle cx="16" cy="16" r="14" fill="none" stroke="currentColor" stroke-width="2.2"/><path d="M7.5 11h5.2M19.3 11h5.2M9.6 11l4.3 12.4 2.6-7.6M14.6 11l4.3 12.4 3.8-12.4" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>',
    google: '<svg viewBox="0 0 32 32" aria-hidden="true" focusable="false"><path d="M26 16.3c0-.8-.1-1.5-.2-2.2H16v4.2h5.6a4.9 4.9 0 0 1-2.1 3.1v2.6h3.4c2-1.8 3.1-4.5 3.1-7.7z" fill="#4285f4"/><path d="M16 26.5c2.8 0 5.2-.9 6.9-2.5l-3.4-2.6c-.9.6-2.1 1-3.5 1a6.1 6.1 0 0 1-5.7-4.2H6.8v2.7a10.5 10.5 0 0 0 9.2 5.6z" fill="#34a853"/><path d="M10.3 18.2a6.3 6.3 0 0 1 0-4V11.5H6.8a10.5 10.5 0 0 0 0 9.4z" fill="#fbbc05"/><path d="M16 9.7c1.5 0 2.9.5 4 1.5l3-3A10.2 10.2 0 0 0 16 5.5a10.5 10.5 0 0 0-9.2 6l3.5 2.7A6.1 6.1 0 0 1 16 9.7z" fill="#ea4335"/></svg>',
    twitter: '<svg viewBox="0 0 32 32" aria-hidden="true" focusable="false"><path d="M7 6.5h5.4l12.6 19H19.6z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/><path d="M24.4 6.5 17.6 14.2M14.4 17.8 7.6 25.5" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/></svg>',
    facebook: '<svg viewBox="0 0 32 32" aria-hidden="true" focusable="false"><circle cx="16" cy="16" r="14" fill="#1877f2"/><path d="M17.6 30V19.4h3.5l.6-4.1h-4.1v-2.6c0-1.2.4-2 2.1-2h2.2V7.1a29 29 0 0 0-3.2-.2c-3.2 0-5.3 1.9-5.3 5.4v3h-3.5v4.1h3.5V30z" fill="#fff"/></svg>'
  };

  /* ---------------------------------------------------------------- small helpers */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v == null || v === false) { return; }
        if (k === "text") { node.textContent = v; } else if (k === "html") { node.innerHTML = v; }
        else if (k.slice(0, 2) === "on") { node.addEventListener(k.slice(2), v); }
        else { node.setAttribute(k, v === true ? "" : v); }
      });
    }
    (children || []).forEach(function (c) { if (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
    return node;
  }
  function avatarImg(url, name) {
    var initial = el("span", { class: "wpc-avatar wpc-avatar--initial", "aria-hidden": "true",
      text: (String(name || "?").trim()[0] || "?").toUpperCase() });
    if (!safeUrl(url)) { return initial; }
    var img = el("img", { class: "wpc-avatar", src: url, alt: "", width: "40", height: "40", loading: "lazy",
      referrerpolicy: "no-referrer" });
    // Provider pictures expire (Facebook) or may be blocked: show the initial instead.
    img.addEventListener("error", function () { if (img.parentNode) { img.parentNode.replaceChild(initial, img); } });
    return img;
  }
  function safeUrl(u) { return /^https?:\/\//i.test(u || "") ? u : null; }
  function plain(html) { return new DOMParser().parseFromString(String(html || ""), "text/html").body.textContent || ""; }
  var config = null;
  function restUrl(route, params) {
    var root = config.rest_url, query = new URLSearchParams(params || {}).toString();
    if (root.indexOf("rest_route=") !== -1) {
      return root.replace(/rest_route=[^&]*/, "rest_route=" + encodeURIComponent(route)) + (query ? "&" + query : "");
    }
    return root.replace(/\/$/, "") + route + (query ? "?" + query : "");
  }
  function formatDate(iso) {
    try {
      return new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", { dateStyle: "long", timeStyle: "short" })
        .format(new Date(iso));
    } catch (e) { return iso; }
  }

  /* ---------------------------------------------------------------- another origin (issue 15)
   * On a front end at another address, the site's cookie is third-party (often blocked): the
   * widget signs in through a popup on the site's origin, which hands back a credential bound
   * to this page's origin (postMessage to this exact origin); requests carry it as
   * Authorization: Bearer, never cookies. */
  var CROSS = BASE !== location.origin;
  var TOKEN_KEY = "wpc-token-" + BASE;
  var originToken = null;
  try { originToken = sessionStorage.getItem(TOKEN_KEY); } catch (e) { /* storage blocked */ }
  function setToken(value) {
    originToken = value || null;
    try { if (value) { sessionStorage.setItem(TOKEN_KEY, value); } else { sessionStorage.removeItem(TOKEN_KEY); } } catch (e) { /* */ }
  }
  function withCredentials(options, headers) {
    options = options || {};
    options.headers = headers || options.headers || {};
    if (CROSS) {
      options.credentials = "omit";
      if (originToken) { options.headers.Authorization = "Bearer " + originToken; }
    } else {
      options.credentials = "include";
    }
    return options;
  }
  function popupLogin(p) {
    var w = window.open(p.popup_url, "wpc-login", "popup,width=520,height=680");
    if (!w) { location.href = p.login_url; }
  }
  window.addEventListener("message", function (ev) {
    if (ev.origin !== BASE || !ev.data || ev.data.type !== "wpc-login") { return; }
    if (ev.data.token) { setToken(ev.data.token); }
    fetchMe().then(function () {
      choosing = false;
      renderIdentity();
      var key = { ok: "login_ok", cancelled: "login_cancelled", failed: "login_failed" }[ev.data.status] || "login_failed";
      var ok = ev.data.status === "ok" && me && me.logged_in;
      notice(t(ok ? "login_ok" : key === "login_ok" ? "login_failed" : key,
        { provider: me && me.commenter ? providerLabel(me.commenter.provider) : "" }), ok ? "success" : "error");
      form.elements.comment.focus();
    });
  });
  function fetchMe() {
    var page = location.href.replace(/([?&])wpc_login=[^&#]*&?/, "$1").replace(/[?&](#|$)/, "$1");
    return fetch(BASE + "/auth/me?" + new URLSearchParams({ redirect_to: page, post: POST_ID }), withCredentials())
      .then(function (r) { return r.json(); })
      .then(function (data) {
        me = data;
        if (config) { config.providers = data.providers; config.logout_url = data.logout_url; }
        if (CROSS && originToken && !data.logged_in) { setToken(null); }
        return data;
      });
  }

  /* ---------------------------------------------------------------- editing one's own comment (issue 15)
   * The response to a new comment carries an edit token and the end of the edit window; this
   * browser keeps them (localStorage) and offers Edit/Delete on that comment until then. */
  var EDIT_KEY = "wpc-edits-" + BASE;
  function ownEdits() {
    try { return JSON.parse(localStorage.getItem(EDIT_KEY) || "{}"); } catch (e) { return {}; }
  }
  function saveOwnEdits(all) {
    var now = Date.now() / 1000;
    Object.keys(all).forEach(function (k) { if (all[k].u < now) { delete all[k]; } });
    try { localStorage.setItem(EDIT_KEY, JSON.stringify(all)); } catch (e) { /* */ }
  }
  function rememberOwn(id, response) {
    var token = response.headers.get("X-WPC-Edit-Token"), until = parseInt(response.headers.get("X-WPC-Edit-Until") || "0", 10);
    if (!token || !until) { return; }
    var all = ownEdits();
    all[id] = { t: token, u: until };
    saveOwnEdits(all);
  }
  function ownEntry(id) {
    var e = ownEdits()[id];
    return e && e.u * 1000 > Date.now() ? e : null;
  }
  function forgetOwn(id) { var all = ownEdits(); delete all[id]; saveOwnEdits(all); }
  function ownRequest(c, method, body) {
    var entry = ownEntry(c.id);
    var headers = { "Content-Type": "application/json" };
    if (entry) { headers["X-WPC-Edit-Token"] = entry.t; }
    if (!CROSS && me && me.nonce) { headers["X-WP-Nonce"] = me.nonce; }
    return fetch(restUrl("/wp/v2/comments/" + c.id), withCredentials({ method: method, body: body ? JSON.stringify(body) : undefined }, headers))
      .then(function (r) { return r.json().then(function (d) { return { ok: r.ok, status: r.status, data: d, r: r }; }, function () { return { ok: false, status: r.status, data: {} }; }); });
  }
  function ownActions(item, c) {
    if (!ownEntry(c.id)) { return; }
    var body = item.querySelector(".wpc-body");
    var bar = el("footer", { class: "wpc-actions wpc-own" }, [
      el("button", { type: "button", class: "wpc-linkish wpc-edit", text: t("edit"), onclick: function () { startEdit(item, c); } }),
      " · ",
      el("button", { type: "button", class: "wpc-linkish wpc-delete", text: t("delete_own"), onclick: function () { deleteOwn(c); } })
    ]);
    body.appendChild(bar);
  }
  function overtime() { notice(t("edit_over"), "error"); }
  function startEdit(item, c) {
    var content = item.querySelector(".wpc-content");
    var id = "wpc-edit-" + c.id;
    var area = el("textarea", { id: id, rows: "4", class: "wpc-edit-text" });
    area.value = plain(c.content && c.content.rendered).trim();
    var box = el("div", { class: "wpc-edit-box" }, [
      el("label", { for: id, class: "wpc-visually-hidden", text: t("edit_label") }), area,
      el("p", {}, [
        el("button", { type: "button", class: "wpc-submit wpc-save", text: t("save"), onclick: function () {
          ownRequest(c, "POST", { content: area.value }).then(function (res) {
            if (!res.ok) { if (res.status === 401 || res.status === 403) { forgetOwn(c.id); overtime(); renderList(); } else { notice(plain(res.data.message) || t("err_generic"), "error"); } return; }
            var held = res.r.headers.get("X-WPC-Comment-Status") === "hold";
            c.content = res.data.content || c.content;
            if (held) { c.status = "hold"; rememberHeld(c); }
            renderList();
            notice(held ? t("awaiting") : t("edited"), held ? "info" : "success");
          }, function () { notice(t("err_network"), "error"); });
        } }), " ",
        el("button", { type: "button", class: "wpc-linkish", text: t("cancel"), onclick: function () { renderList(); } })
      ])
    ]);
    content.replaceWith(box);
    area.focus();
  }
  function deleteOwn(c) {
    if (!window.confirm(t("delete_confirm"))) { return; }
    ownRequest(c, "DELETE").then(function (res) {
      if (!res.ok) { forgetOwn(c.id); overtime(); renderList(); return; }
      forgetOwn(c.id);
      comments = comments.filter(function (x) { return x.id !== c.id; });
      renderList();
      notice(t("deleted"), "success");
    }, function () { notice(t("err_network"), "error"); });
  }

  /* ---------------------------------------------------------------- state */
  var root, listEl, titleEl, form, noticeEl, respondEl, replyTitle, parentInput, identityBox, guestBox;
  var comments = [], me = null, replyTo = 0, choosing = false;
  var HELD_KEY = "wpc-held-" + BASE + "-" + POST_ID;

  function heldComments() {
    try { return JSON.parse(sessionStorage.getItem(HELD_KEY) || "[]"); } catch (e) { return []; }
  }
  function rememberHeld(c) {
    try { var h = heldComments(); h.push(c); sessionStorage.setItem(HELD_KEY, JSON.stringify(h)); } catch (e) { /* private mode */ }
  }

  function notice(text, kind) {
    noticeEl.textContent = text || "";
    noticeEl.className = "wpc-notice" + (kind ? " wpc-notice--" + kind : "");
    noticeEl.hidden = !text;
  }

  /* ---------------------------------------------------------------- the thread */
  function renderComment(c, depth) {
    var avatar = c.author_avatar_urls && (c.author_avatar_urls["96"] || c.author_avatar_urls["48"]);
    var url = safeUrl(c.author_url);
    var name = url ? el("a", { href: url, rel: "external nofollow ugc", class: "wpc-author", text: c.author_name })
      : el("span", { class: "wpc-author", text: c.author_name });
    var held = c.status === "hold";
    var item = el("li", { class: "wpc-comment" + (held ? " wpc-comment--held" : ""), id: "comment-" + c.id }, [
      el("article", { class: "wpc-body", "aria-labelledby": "wpc-by-" + c.id }, [
        el("header", { class: "wpc-meta" }, [
          config.show_avatars === false ? null : avatarImg(avatar, c.author_name),
          el("div", { class: "wpc-who", id: "wpc-by-" + c.id }, [
            name, el("span", { class: "wpc-says", text: " " + t("says") }),
            el("a", { class: "wpc-date", href: "#comment-" + c.id }, [el("time", { datetime: c.date, text: formatDate(c.date) })])
          ])
        ]),
        held ? el("p", { class: "wpc-held", text: t("awaiting") }) : null,
        el("div", { class: "wpc-content", html: (c.content && c.content.rendered) || "" }),
        config.open && depth < config.thread_depth && !held ? el("footer", { class: "wpc-actions" }, [
          el("button", { type: "button", class: "wpc-reply", "aria-label": t("reply_to", { name: c.author_name }),
            text: t("reply"), onclick: function () { startReply(c); } })
        ]) : null
      ])
    ]);
    ownActions(item, c);
    addCommentLikes(item, c);
    var children = comments.filter(function (x) { return x.parent === c.id; });
    if (children.length) {
      var ol = el("ol", { class: "wpc-children" });
      children.forEach(function (x) { ol.appendChild(renderComment(x, depth + 1)); });
      item.appendChild(ol);
    }
    return item;
  }

  function renderList() {
    var visible = comments.filter(function (c) { return c.status !== "hold"; }).length;
    titleEl.textContent = visible === 0 ? t("comments_0") : visible === 1 ? t("comments_1") : t("comments_n", { n: visible });
    // The form may sit under a comment (a reply): take it out before the list is rebuilt.
    if (respondEl && listEl.contains(respondEl)) { cancelReply(null, true); }
    listEl.textContent = "";
    var ids = {};
    comments.forEach(function (c) { ids[c.id] = true; });
    comments.filter(function (c) { return !c.parent || !ids[c.parent]; })
      .forEach(function (c) { listEl.appendChild(renderComment(c, 1)); });
  }

  function loadComments() {
    var all = [];
    function page(n) {
      var url = restUrl("/wp/v2/comments", {
        post: POST_ID, per_page: 100, page: n, order: "asc", orderby: "date_gmt",
        _fields: "id,parent,author_name,author_url,date,content,author_avatar_urls,status," + LIKES_FIELD
      });
      return fetch(url, { credentials: "omit" }).then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        var pages = parseInt(r.headers.get("X-WP-TotalPages") || "1", 10);
        return r.json().then(function (data) {
          all = all.concat(data);
          return n < pages && n < 20 ? page(n + 1) : all;
        });
      });
    }
    return page(1).then(function (list) {
      var known = {};
      list.forEach(function (c) { known[c.id] = true; });
      // Comments held for moderation are not public: show this reader their own, from this tab.
      comments = list.concat(heldComments().filter(function (c) { return !known[c.id]; }));
      renderList();
      loadCommentLikes();
    }, function () {
      titleEl.textContent = "";
      listEl.textContent = "";
      listEl.appendChild(el("li", { class: "wpc-error", text: t("err_load") }));
    });
  }

  /* ---------------------------------------------------------------- replying */
  function startReply(c) {
    replyTo = c.id;
    parentInput.value = String(c.id);
    replyTitle.textContent = t("reply_to", { name: c.author_name });
    cancelReplyBtn.hidden = false;
    var li = document.getElementById("comment-" + c.id);
    li.querySelector(".wpc-body").after(respondEl);
    form.elements.comment.focus();
  }
  var cancelReplyBtn;
  function cancelReply(ev, quiet) {
    replyTo = 0;
    parentInput.value = "0";
    replyTitle.textContent = t("leave");
    cancelReplyBtn.hidden = true;
    root.appendChild(respondEl);
    if (!quiet) { form.elements.comment.focus(); }
  }

  /* ---------------------------------------------------------------- who is commenting */
  function providerLabel(name) {
    var p = (config.providers || []).filter(function (x) { return x.name === name; })[0];
    return p ? p.label : name;
  }

  function renderIdentity() {
    identityBox.textContent = "";
    var loggedIn = me && me.logged_in && !choosing;
    guestBox.hidden = !!loggedIn;
    Array.prototype.forEach.call(guestBox.querySelectorAll("input"), function (i) { i.disabled = !!loggedIn; });
    if (loggedIn) {
      var c = me.commenter;
      var avatar = safeUrl(c.avatar_url);
      var name = safeUrl(c.profile_url) ? el("a", { href: c.profile_url, rel: "external nofollow", text: c.name }) : el("strong", { text: c.name });
      identityBox.appendChild(el("div", { class: "wpc-me" }, [
        avatarImg(avatar, c.name),
        el("p", {}, [
          el("span", { class: "wpc-provider-badge wpc-" + c.provider, html: ICONS[c.provider] || "" }),
          document.createTextNode(t("logged_in") + " "), name,
          c.provider === "site" ? " " : el("span", { class: "wpc-via", text: " " + t("via", { provider: providerLabel(c.provider) }) + " " }),
          el("span", { class: "wpc-me-actions" }, [
            "(", el("button", { type: "button", class: "wpc-linkish", text: t("logout"), onclick: logout }), " / ",
            el("button", { type: "button", class: "wpc-linkish", text: t("change"), onclick: change }), ")"
          ]),
          c.provider === "site" || CROSS ? null : el("details", { class: "wpc-data" }, [
            el("summary", { text: t("your_data") }),
            el("a", { href: BASE + "/auth/me/export", download: "", text: t("export") }), " · ",
            el("button", { type: "button", class: "wpc-linkish", text: t("erase"), onclick: erase })
          ])
        ])
      ]));
      return;
    }
    if (!config.providers || !config.providers.length) { return; }
    identityBox.appendChild(el("p", { class: "wpc-prompt", text: t("prompt") }));
    var ul = el("ul", { class: "wpc-providers" });
    config.providers.forEach(function (p) {
      ul.appendChild(el("li", {}, [el("a", {
        class: "wpc-provider wpc-" + p.name, href: p.login_url, title: t("login_with", { provider: p.label }),
        "aria-label": t("login_with", { provider: p.label }), html: ICONS[p.name] || p.label,
        onclick: CROSS && p.popup_url ? function (ev) { ev.preventDefault(); popupLogin(p); } : null
      })]));
    });
    identityBox.appendChild(ul);
  }

  function change() {
    choosing = true;
    renderIdentity();
    var first = identityBox.querySelector(".wpc-provider");
    if (first) { first.focus(); }
  }

  function erase() {
    if (!window.confirm(t("erase_confirm"))) { return; }
    fetch(BASE + "/auth/me/erase", { method: "POST", credentials: "include" }).then(function (r) {
      if (!r.ok) { notice(t("err_generic"), "error"); return; }
      me = { logged_in: false };
      choosing = false;
      renderIdentity();
      notice(t("erased"), "success");
      return loadComments();
    }, function () { notice(t("err_network"), "error"); });
  }

  function logout() {
    fetch(config.logout_url, withCredentials({ method: "POST" })).then(function () {
      if (CROSS) { setToken(null); }
      me = { logged_in: false };
      choosing = false;
      renderIdentity();
      guestBox.querySelector("input").focus();
    });
  }

  /* ---------------------------------------------------------------- posting */
  function submit(ev) {
    ev.preventDefault();
    var f = form.elements, button = form.querySelector(".wpc-submit");
    var loggedIn = me && me.logged_in && !choosing;
    var body = { post: POST_ID, parent: replyTo, content: f.comment.value };
    if (!body.content.trim()) { notice(t("err_content"), "error"); f.comment.focus(); return; }
    if (!loggedIn) {
      body.author_name = f.author.value;
      body.author_email = f.email.value;
      if (f.url.value) { body.author_url = f.url.value; }
      try { localStorage.setItem("wpc-guest", JSON.stringify({ n: f.author.value, e: f.email.value, u: f.url.value })); } catch (e) { /* */ }
    }
    var headers = { "Content-Type": "application/json" };
    if (loggedIn && me.nonce && !CROSS) { headers["X-WP-Nonce"] = me.nonce; }
    button.disabled = true;
    button.textContent = t("posting");
    notice("");
    fetch(restUrl("/wp/v2/comments"), withCredentials({ method: "POST", body: JSON.stringify(body) }, headers))
      .then(function (r) {
        return r.json().then(function (data) { if (r.ok) { rememberOwn(data.id, r); } return { ok: r.ok, data: data }; }, function () { return { ok: false, data: {} }; });
      })
      .then(function (res) {
        if (!res.ok) {
          var key = ERRORS[res.data.code];
          notice(key ? t(key) : plain(res.data.message) || t("err_generic"), "error");
          return;
        }
        var c = res.data;
        if (c.status === "hold") { rememberHeld(c); }
        subscribeAfterComment(loggedIn ? (me.commenter && me.commenter.email) : body.author_email);
        comments.push(c);
        f.comment.value = "";
        if (replyTo) { cancelReply(null, true); }
        renderList();
        notice(c.status === "hold" ? t("awaiting") : t("posted"), c.status === "hold" ? "info" : "success");
        var mine = document.getElementById("comment-" + c.id);
        if (mine) { mine.scrollIntoView({ block: "nearest" }); }
      }, function () { notice(t("err_network"), "error"); })
      .then(function () { button.disabled = false; button.textContent = t("post"); });
  }

  /* ---------------------------------------------------------------- likes and e-mail subscriptions
   * Likes: /wpcompat/v1/{posts|comments}/<id>/likes (docs/likes.md). Counts come with the comments
   * (`_fields=…,wpcompat_likes`); the likers and "do I like it" are read per liked object.
   * Subscriptions: /wpcompat/v1/subscriptions after a comment is accepted (double opt-in by mail). */
  var LIKES_FIELD = "wpcompat_likes";
  var LIKE_TEXT = {
    en: {
      like: "Like", you_like: "You like this", unlike: "Unlike", liked_1: "Liked by 1 person",
      liked_n: "Liked by {n} people", like_login: "Log in (or comment with your details) to like.",
      like_login_only: "Log in with one of the icons below to like.",
      err_like: "Your like could not be saved. Please try again.",
      err_like_rate: "Too many likes from your connection. Please try again later.",
      sub_comments: "Notify me of new comments by email.", sub_posts: "Notify me of new posts by email.",
      sub_check: "Check your inbox to confirm your subscription.", sub_done: "You are already subscribed.",
      sub_failed: "Your subscription could not be recorded."
    },
    fr: {
      like: "J’aime", you_like: "Vous aimez ceci", unlike: "Je n’aime plus", liked_1: "Aimé par 1 personne",
      liked_n: "Aimé par {n} personnes", like_login: "Connectez-vous pour aimer.",
      like_login_only: "Connectez-vous avec l’une des icônes ci-dessous pour aimer.",
      err_like: "Votre « J’aime » n’a pas pu être enregistré. Réessayez.",
      err_like_rate: "Trop de « J’aime » depuis votre connexion. Réessayez plus tard.",
      sub_comments: "Prévenez-moi de tous les nouveaux commentaires par e-mail.",
      sub_posts: "Prévenez-moi de tous les nouveaux articles par e-mail.",
      sub_check: "Consultez votre boîte mail pour confirmer votre abonnement.", sub_done: "Vous êtes déjà abonné.",
      sub_failed: "Votre abonnement n’a pas pu être enregistré."
    }
  };
  Object.keys(LIKE_TEXT).forEach(function (l) { Object.keys(LIKE_TEXT[l]).forEach(function (k) { TEXT[l][k] = LIKE_TEXT[l][k]; }); });
  var STAR = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 2.8l2.8 5.8 6.3.9-4.6 4.4 1.1 6.3L12 17.2l-5.6 3 1.1-6.3L2.9 9.5l6.3-.9z" fill="currentColor"/></svg>';
  var likeState = {};  // "post:42" / "comment:7" → {count, mine, likes}

  // Same origin: the session cookie with its nonce (a guest's like cookie rides along);
  // another origin: the Bearer credential of issue 15's sign-in (withCredentials), no cookies.
  function likeFetch(url, options, headers) {
    headers = headers || {};
    if (!CROSS && me && me.logged_in && !choosing && me.nonce) { headers["X-WP-Nonce"] = me.nonce; }
    return fetch(url, withCredentials(options || {}, headers));
  }
  function likeRoute(type, id, action) { return restUrl("/wpcompat/v1/" + type + "s/" + id + "/likes" + (action || "")); }
  function likedText(n) { return n === 1 ? t("liked_1") : t("liked_n", { n: n }); }

  function likeWidget(type, id) {
    var key = type + ":" + id;
    var box = el("div", { class: "wpc-likes wpc-likes--" + type, "data-like": key });
    drawLikes(box, key);
    return box;
  }
  function drawLikes(box, key) {
    var st = likeState[key] || { count: 0, mine: false, likes: [] };
    box.textContent = "";
    var button = el("button", { type: "button", class: "wpc-like" + (st.mine ? " wpc-like--mine" : ""),
      "aria-pressed": st.mine ? "true" : "false", title: st.mine ? t("unlike") : t("like"),
      onclick: function () { toggleLike(box, key); } });
    button.innerHTML = STAR;
    button.appendChild(el("span", { class: "wpc-like-label", text: st.mine ? t("you_like") : t("like") }));
    box.appendChild(button);
    if (st.likes && st.likes.length) {
      var pile = el("ul", { class: "wpc-facepile", "aria-label": likedText(st.count) });
      st.likes.slice(0, 12).forEach(function (p) {
        // The picture may fail and become an initial (avatarImg): the name sits on the <li>.
        var face = avatarImg(p.avatar_URL, p.name || "?");
        pile.appendChild(el("li", { class: "wpc-face", title: p.name || "" },
          [safeUrl(p.profile_URL) ? el("a", { href: p.profile_URL, rel: "external nofollow" }, [face]) : face]));
      });
      box.appendChild(pile);
    }
    if (st.count > 0) { box.appendChild(el("span", { class: "wpc-liked-by", text: likedText(st.count) })); }
  }
  function redrawLikes(key) {
    Array.prototype.forEach.call(root.querySelectorAll('[data-like="' + key + '"]'), function (b) { drawLikes(b, key); });
  }
  function fetchLikes(type, id) {
    return likeFetch(likeRoute(type, id))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d) { return; }
        likeState[type + ":" + id] = { count: d.like_count, mine: d.i_like, likes: d.likes };
        redrawLikes(type + ":" + id);
      }, function () { /* the counts already shown stay */ });
  }
  function toggleLike(box, key) {
    var loggedIn = me && me.logged_in && !choosing;
    if (!loggedIn && !config.likes_guests) {
      notice(config.providers && config.providers.length ? t("like_login_only") : t("like_login"), "info");
      if (identityBox.querySelector(".wpc-provider")) { identityBox.querySelector(".wpc-provider").focus(); }
      return;
    }
    var parts = key.split(":"), st = likeState[key] || { count: 0, mine: false, likes: [] };
    box.querySelector(".wpc-like").disabled = true;
    likeFetch(likeRoute(parts[0], parts[1], st.mine ? "/mine/delete" : "/new"), { method: "POST" })
      .then(function (r) { return r.json().then(function (d) { return { ok: r.ok, data: d }; }); })
      .then(function (res) {
        if (!res.ok) { notice(res.data.code === "rest_like_rate_limited" ? t("err_like_rate") : t("err_like"), "error"); redrawLikes(key); return; }
        return fetchLikes(parts[0], parts[1]);
      }, function () { notice(t("err_network"), "error"); redrawLikes(key); });
  }

  function postLikesBar() { return likeWidget("post", POST_ID); }
  function loadPostLikes() { return fetchLikes("post", POST_ID); }
  function addCommentLikes(item, c) {
    if (c.status === "hold") { return; }
    var key = "comment:" + c.id;
    if (!likeState[key]) { likeState[key] = { count: (c[LIKES_FIELD] && c[LIKES_FIELD].count) || 0, mine: false, likes: [] }; }
    item.querySelector(".wpc-body").appendChild(likeWidget("comment", c.id));
  }
  function loadCommentLikes() {
    comments.forEach(function (c) {
      var st = likeState["comment:" + c.id];
      if (st && st.count > 0) { fetchLikes("comment", c.id); }
    });
  }

  function subscribeBoxes() {
    if (!config.open) { return null; }
    function box(name, label) {
      var id = "wpc-" + name + "-" + POST_ID;
      return el("p", { class: "wpc-check" }, [el("input", { type: "checkbox", id: id, name: name }), " ", el("label", { for: id, text: label })]);
    }
    return el("div", { class: "wpc-subscribe" }, [box("subscribe_comments", t("sub_comments")), box("subscribe_blog", t("sub_posts"))]);
  }
  function subscribeAfterComment(email) {
    var f = form.elements, kinds = [];
    if (f.subscribe_comments && f.subscribe_comments.checked) { kinds.push("comments"); }
    if (f.subscribe_blog && f.subscribe_blog.checked) { kinds.push("posts"); }
    if (!kinds.length || !email) { return; }
    Promise.all(kinds.map(function (kind) {
      return likeFetch(restUrl("/wpcompat/v1/subscriptions"), { method: "POST",
        body: JSON.stringify({ email: email, kind: kind, post: POST_ID, lang: lang }) }, { "Content-Type": "application/json" })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); });
    })).then(function (answers) {
      var sent = answers.some(function (x) { return x.confirmation_sent; });
      subscribeNote(sent ? t("sub_check") : t("sub_done"), "info");
      f.subscribe_comments.checked = false;
      f.subscribe_blog.checked = false;
    }, function () { subscribeNote(t("sub_failed"), "error"); });
  }
  function subscribeNote(text, kind) {
    var note = root.querySelector(".wpc-subscribe-note") || el("p", { class: "wpc-subscribe-note", role: "status" });
    note.textContent = text;
    note.className = "wpc-subscribe-note wpc-notice wpc-notice--" + kind;
    form.appendChild(note);
  }

  /* ---------------------------------------------------------------- building the widget */
  function field(name, label, type, hint, required, autocomplete) {
    var id = "wpc-" + name + "-" + POST_ID;
    return el("p", { class: "wpc-field" }, [
      el("label", { for: id }, [label, hint ? el("span", { class: "wpc-hint", text: " (" + hint + ")" }) : null]),
      el("input", { id: id, name: name, type: type, required: required, autocomplete: autocomplete,
        maxlength: name === "email" ? "100" : name === "url" ? "200" : "245" })
    ]);
  }

  function build() {
    var target = script.getAttribute("data-target") && document.getElementById(script.getAttribute("data-target"));
    if (!target) { target = el("div"); script.parentNode.insertBefore(target, script); }
    var link = el("link", { rel: "stylesheet", href: BASE + "/embed/comments.css" });
    document.head.appendChild(link);
    root = el("section", { class: "wpc-comments", lang: lang, "aria-labelledby": "wpc-title-" + POST_ID,
      "data-theme": script.getAttribute("data-theme") || "light" });
    titleEl = el("h2", { class: "wpc-title", id: "wpc-title-" + POST_ID, text: t("loading") });
    listEl = el("ol", { class: "wpc-list" });
    noticeEl = el("p", { class: "wpc-notice", role: "status", "aria-live": "polite", hidden: true });
    replyTitle = el("h3", { class: "wpc-respond-title", text: t("leave") });
    cancelReplyBtn = el("button", { type: "button", class: "wpc-linkish wpc-cancel-reply", text: t("cancel_reply"), hidden: true, onclick: cancelReply });
    parentInput = el("input", { type: "hidden", name: "parent", value: "0" });
    identityBox = el("div", { class: "wpc-identity" });
    var req = config.require_name_email;
    guestBox = el("div", { class: "wpc-guest" }, [
      field("email", t("email"), "email", req ? t("email_hint") : t("email_optional"), req, "email"),
      field("author", t("name"), "text", req ? t("required") : null, req, "name"),
      field("url", t("website"), "url", null, false, "url")
    ]);
    var textId = "wpc-comment-" + POST_ID;
    form = el("form", { class: "wpc-form", novalidate: true, onsubmit: submit }, [
      el("p", { class: "wpc-field" }, [
        el("label", { for: textId, class: "wpc-visually-hidden", text: t("comment") }),
        el("textarea", { id: textId, name: "comment", rows: "5", required: true, maxlength: "65525", placeholder: t("comment") + "…" })
      ]),
      identityBox, guestBox, subscribeBoxes(), parentInput,
      el("p", { class: "wpc-submit-row" }, [el("button", { type: "submit", class: "wpc-submit", text: t("post") })]),
      noticeEl
    ]);
    respondEl = el("div", { class: "wpc-respond", id: "respond" }, [
      el("div", { class: "wpc-respond-head" }, [replyTitle, cancelReplyBtn]), form
    ]);
    root.appendChild(postLikesBar());
    root.appendChild(titleEl);
    root.appendChild(listEl);
    if (config.open) { root.appendChild(respondEl); } else { root.appendChild(el("p", { class: "wpc-closed", text: t("closed") })); }
    target.appendChild(root);
    try {
      var saved = JSON.parse(localStorage.getItem("wpc-guest") || "null");
      if (saved) { form.elements.author.value = saved.n || ""; form.elements.email.value = saved.e || ""; form.elements.url.value = saved.u || ""; }
    } catch (e) { /* storage blocked */ }
  }

  /* ---------------------------------------------------------------- back from a login */
  function loginOutcome() {
    var params = new URLSearchParams(location.search);
    var outcome = params.get("wpc_login");
    if (!outcome) { return; }
    params.delete("wpc_login");
    var q = params.toString();
    history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
    var key = { ok: "login_ok", cancelled: "login_cancelled", failed: "login_failed", expired: "login_expired" }[outcome];
    if (!key) { return; }
    var provider = me && me.commenter ? providerLabel(me.commenter.provider) : "";
    notice(t(key, { provider: provider }), outcome === "ok" ? "success" : "error");
    respondEl.scrollIntoView({ block: "center" });
    form.elements.comment.focus({ preventScroll: true });
  }

  function start() {
    fetchMe()
      .then(function (data) {
        config = data.site;
        config.providers = data.providers;
        config.logout_url = data.logout_url;
        pickLang(config.locale);
        build();
        renderIdentity();
        loginOutcome();
        loadPostLikes();
        return loadComments();
      })
      .catch(function () {
        pickLang("");
        var box = el("p", { class: "wpc-error", text: t("err_load") });
        script.parentNode.insertBefore(box, script);
      });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
