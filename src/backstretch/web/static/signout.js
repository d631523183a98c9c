// Signing out: what this browser kept of the person goes with them. Records still waiting to
// be sent are sent first; if some cannot be, the person is asked before they are dropped. Then
// the sign-in ends and the offline app's copies of pages and timelines are deleted.
"use strict";

(() => {
  const button = document.querySelector("[data-sign-out]");
  if (!button) return;
  const queue = window.backstretchQueue;

  async function waiting() {
    if (!queue || !queue.pending()) return 0;
    await Promise.race([queue.flush(), new Promise((done) => setTimeout(done, 3000))]);
    return queue.pending();
  }

  button.addEventListener("click", async () => {
    button.disabled = true;
    const left = await waiting();
    const lost = `${left} record${left === 1 ? "" : "s"} of your session ${left === 1 ? "is" : "are"} not sent yet ` +
      "(the server cannot be reached) and will be lost if you sign out now. Sign out anyway?";
    if (left && !window.confirm(lost)) {
      button.disabled = false;
      return;
    }
    try {
      await fetch("/api/logout", { method: "POST", headers: { "Content-Type": "application/json" }, credentials: "same-origin" });
    } catch (error) {
      // offline: the copies below still go; the server forgets the sign-in after 30 days unused
    }
    localStorage.removeItem("backstretch.pending");
    if (window.caches) await Promise.all((await caches.keys()).map((name) => caches.delete(name)));
    window.location.assign("/login");
  });
})();
