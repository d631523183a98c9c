// Nothing lost: what a session records waits here, in order, in the browser's own storage
// (localStorage), and is sent as soon as the server answers, from whichever page is open. Every
// record is idempotent on the server (a hold by its number, a session by the id the page chose),
// so sending one twice stores it once. A new version of the app keeps this storage.
"use strict";

window.backstretchQueue = (() => {
  const KEY = "backstretch.pending";
  const listeners = new Set();
  let queue = load();
  let flushing = null;
  let retryDelay = 1000;
  let retryTimer = null;

  function load() {
    try {
      const saved = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(saved) ? saved : [];
    } catch (error) {
      return [];
    }
  }

  function save() {
    try {
      localStorage.setItem(KEY, JSON.stringify(queue));
    } catch (error) {
      // storage full or blocked: the queue still lives in memory
    }
    tell(false);
  }

  function tell(trouble) {
    listeners.forEach((listener) => listener(queue.length, trouble));
  }

  function send(url, body) {
    queue.push({ url: url, body: body });
    save();
    flush();
  }

  // Send what waits, in order; one sending at a time, and every caller can wait for it.
  function flush() {
    if (!flushing) flushing = drain().finally(() => (flushing = null));
    return flushing;
  }

  async function drain() {
    clearTimeout(retryTimer);
    retryTimer = null;
    while (queue.length) {
      let response;
      try {
        response = await post(queue[0].url, queue[0].body);
      } catch (error) {
        return retryLater();
      }
      // 401: the sign-in ended (accounts on); kept until the person signs in again
      if (response.status >= 500 || [401, 408, 429].includes(response.status)) {
        return retryLater();
      }
      queue.shift();
      save();
      retryDelay = 1000;
    }
    tell(false);
  }

  function retryLater() {
    tell(true);
    retryTimer = setTimeout(flush, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15000);
  }

  function post(url, body, keepalive = false) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      keepalive: keepalive,
    });
  }

  window.addEventListener("online", flush);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") flush();
  });
  window.addEventListener("pagehide", () => {
    // One last try for anything not yet saved; it also stays queued for the next visit.
    queue.forEach((item) => post(item.url, item.body, true).catch(() => {}));
  });
  flush(); // anything left from a page that closed while the server was away

  return {
    send: send,
    flush: flush,
    post: post,
    pending: () => queue.length,
    // listener(pending, trouble): told after every change, and when the server cannot be reached
    onChange: (listener) => listeners.add(listener),
  };
})();
