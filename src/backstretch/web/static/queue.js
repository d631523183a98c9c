// Nothing lost: what a session records waits here, in order, in the browser's own storage
// (localStorage), and is sent as soon as the server answers, from whichever page is open. Every
// record is idempotent on the server (a hold by its number, a session by the id the page chose),
// so sending one twice stores it once. A new version of the app keeps this storage.
//
// On a shared server (accounts on) a page names who is signed in (<body data-account>), and
// every record is kept under that name: a page sends only its own account's records, each one
// saying whose it is (the X-Backstretch-Account header), which the server refuses (401, kept
// here) unless that account is the one signed in. So one person's records wait, on a shared
// browser, until they sign in again, and are never stored as another's.
"use strict";

window.backstretchQueue = (() => {
  const KEY = "backstretch.pending";
  const ACCOUNT = document.body.dataset.account || ""; // "" in personal mode
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

  function pending() {
    return queue.filter(mine).length;
  }

  function tell(trouble) {
    listeners.forEach((listener) => listener(pending(), trouble));
  }

  function mine(item) {
    return (item.account || "") === ACCOUNT;
  }

  function send(url, body) {
    queue.push({ url: url, body: body, account: ACCOUNT });
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
    for (let item = queue.find(mine); item; item = queue.find(mine)) {
      let response;
      try {
        response = await post(item.url, item.body);
      } catch (error) {
        return retryLater();
      }
      // 401: the sign-in ended (accounts on); kept until the person signs in again
      if (response.status >= 500 || [401, 408, 429].includes(response.status)) {
        return retryLater();
      }
      queue.splice(queue.indexOf(item), 1);
      save();
      retryDelay = 1000;
    }
    tell(false);
  }

  // Drop this account's records (signing out, deleting the account); others' stay.
  function forget() {
    queue = queue.filter((item) => !mine(item));
    save();
  }

  function retryLater() {
    tell(true);
    retryTimer = setTimeout(flush, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15000);
  }

  function post(url, body, keepalive = false) {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (ACCOUNT) headers["X-Backstretch-Account"] = ACCOUNT;
    return fetch(url, {
      method: "POST",
      headers: headers,
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
    queue.filter(mine).forEach((item) => post(item.url, item.body, true).catch(() => {}));
  });
  flush(); // anything left from a page that closed while the server was away

  return {
    send: send,
    flush: flush,
    post: post,
    forget: forget,
    pending: pending,
    // listener(pending, trouble): told after every change, and when the server cannot be reached
    onChange: (listener) => listeners.add(listener),
  };
})();
