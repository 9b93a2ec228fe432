// @wordpress/api-fetch, unchanged, as the block editor uses it in a page left open: its nonce
// has expired, the first request is refused with rest_cookie_invalid_nonce, api-fetch fetches a
// fresh nonce from admin-ajax.php?action=rest-nonce and retries. Node has no cookie jar, so the
// browser's is played by a fetch wrapper that sends the session cookie to the site's origin.
// Usage: node apifetch_nonce.mjs SITE_URL COOKIE STALE_NONCE  -> prints a JSON report
import apiFetch from "@wordpress/api-fetch";

const [site, cookie, staleNonce] = process.argv.slice(2);
const origin = new URL(site).origin;
const requests = [];
const browserFetch = globalThis.fetch;
globalThis.fetch = (input, init = {}) => {
  const url = new URL(typeof input === "string" ? input : input.url, site);
  const headers = new Headers(init.headers || {});
  if (url.origin === origin && (init.credentials ?? "same-origin") !== "omit") headers.set("Cookie", cookie);
  requests.push({ method: init.method || "GET", url: url.pathname + url.search, nonce: headers.get("X-WP-Nonce") });
  return browserFetch(url, { ...init, headers });
};

apiFetch.use(apiFetch.createRootURLMiddleware(site + "/wp-json/"));
apiFetch.nonceMiddleware = apiFetch.createNonceMiddleware(staleNonce);
apiFetch.use(apiFetch.nonceMiddleware);
apiFetch.nonceEndpoint = site + "/wp-admin/admin-ajax.php?action=rest-nonce";

const report = { requests };
try {
  const me = await apiFetch({ path: "/wp/v2/users/me?context=edit" });
  report.me = { id: me.id, roles: me.roles };
  report.nonce = apiFetch.nonceMiddleware.nonce;
  const post = await apiFetch({ path: "/wp/v2/posts", method: "POST", data: { title: "Via api-fetch", status: "draft" } });
  report.post = { id: post.id, status: post.status, title: post.title.raw };
} catch (error) {
  report.error = { code: error.code, message: error.message };
}
console.log(JSON.stringify(report));
