// The service worker: once the app has been opened, its pages, scripts, pictures and the
// routine's timeline come from this cache when the server cannot be reached, so a whole session
// runs offline. What a session records waits in the page's own storage (localStorage) and is
// sent when the server answers again, so a new version of this worker loses nothing queued.
"use strict";

const VERSION = "__VERSION__"; // replaced by the server with a digest of the app's files
const CACHE = `backstretch-${VERSION}`;
const START = ["/", "/session/daily-back", "/api/routines/daily-back/timeline",
  "/manifest.webmanifest", "/static/app.css", "/static/session.js", "/static/unfinished.js",
  "/static/pain.js", "/static/queue.js", "/static/device.js", "/static/icon.svg"];

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(START);
    const timeline = await (await cache.match("/api/routines/daily-back/timeline")).json();
    const figures = new Set(timeline.steps.map((step) => step.figure).filter(Boolean));
    await cache.addAll([...figures]);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

// Pages and timelines: the network first (they change), the copy kept when it is away.
// Scripts, styles and pictures: the copy first (they change only with a new version).
self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  const page = request.mode === "navigate" && (url.pathname === "/" || url.pathname.startsWith("/session/"));
  if (page || /^\/api\/routines\/[^/]+\/timeline$/.test(url.pathname)) {
    event.respondWith(networkFirst(request, page));
  } else if (/^\/(static\/(?!pose\/)|figures\/)/.test(url.pathname)) { // pose/: 22 MB, not here
    event.respondWith(cacheFirst(request));
  }
});

async function networkFirst(request, page) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    // a redirected answer is the sign-in page (accounts on), never a copy of the page asked for
    if (response.ok && !response.redirected) await cache.put(page ? new URL(request.url).pathname : request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(page ? new URL(request.url).pathname : request);
    if (kept) return kept;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}
