// Page through a site's posts the way a real client does: node-wpapi 1.x (npm "wpapi").
//
// Usage: node wpapi_paging.mjs SITE_ROOT_URL [PER_PAGE]
//
// 1. WPAPI.discover(SITE_ROOT_URL): a HEAD on the site root, read
//    `Link: <…/wp-json/>; rel="https://api.w.org/"`, then GET that API root and build the
//    route methods from its "routes".
// 2. posts().perPage(N).get(), then follow `_paging.next` until there is none.
//
// It prints one JSON object on stdout (tests/test_node_wpapi.py asserts on it) and exits 0,
// or prints {"error": ...} and exits 1. It never decides what is right: the Python test does.
import WPAPI from "wpapi";

const [root, perPageArg] = process.argv.slice(2);
if (!root) {
  console.error("usage: node wpapi_paging.mjs SITE_ROOT_URL [PER_PAGE]");
  process.exit(2);
}
const perPage = Number(perPageArg || 5);
// A safety stop: a server whose "next" link never ends must not hang the test suite.
const MAX_PAGES = 50;

// WPAPI.discover() swallows a failed API-root GET: it logs the error, warns "proceeding
// despite error" and binds to the default routes. Record that, so the test can fail on it
// instead of passing by luck.
const warnings = [];
for (const level of ["error", "warn"]) {
  console[level] = (...args) => warnings.push(args.map(String).join(" "));
}

async function main() {
  const out = { root, per_page: perPage, warnings };
  const site = await WPAPI.discover(root);
  out.endpoint = site._options.endpoint;
  // With discovered routes the instance has a handler per namespace route; after the silent
  // fallback it only has the defaults bundled with the library.
  out.discover_fallback = warnings.some((w) => w.includes("proceeding despite error"));

  out.pages = [];
  let request = site.posts().perPage(perPage);
  while (request && out.pages.length < MAX_PAGES) {
    const posts = await request.get();
    const paging = posts._paging || null;
    out.pages.push({
      url: request.toString(),
      ids: posts.map((p) => p.id),
      statuses: [...new Set(posts.map((p) => p.status))],
      total: paging ? paging.total : null,
      total_pages: paging ? paging.totalPages : null,
      next: paging && paging.links.next ? paging.links.next : null,
      prev: paging && paging.links.prev ? paging.links.prev : null,
    });
    request = paging && paging.next ? paging.next : null;
  }
  out.hit_max_pages = Boolean(request);
  out.ids = out.pages.flatMap((p) => p.ids);
  return out;
}

main().then(
  (out) => {
    process.stdout.write(JSON.stringify(out, null, 1) + "\n");
  },
  (err) => {
    process.stdout.write(JSON.stringify({ root, error: String(err && err.stack ? err.stack : err), warnings }) + "\n");
    process.exit(1);
  },
);
