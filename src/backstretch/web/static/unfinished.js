// Every page: when today's session did not finish, a banner offers to carry it on where it
// stopped, as `backstretch start --resume` does (GET /api/sessions/unfinished says which).
"use strict";

// The installable, offline app: the service worker keeps what a session needs (sw.js).
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {}); // offline or not allowed: fine
}

(async () => {
  const banner = document.querySelector("[data-unfinished]");
  if (!banner) return;
  let found = [];
  try {
    const response = await fetch("/api/sessions/unfinished", { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    found = await response.json();
  } catch (error) {
    return; // the server is away: nothing to offer
  }
  const session = found[0];
  const here = document.querySelector("[data-session]");
  if (!session || (here && (here.dataset.sessionId || here.dataset.resume === session.id))) return;
  const started = new Date(session.started_at);
  const time = started.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  banner.querySelector("[data-unfinished-text]").textContent =
    `Today's ${session.routine_name} session from ${time} is unfinished: ` +
    `${session.holds_done} of ${session.holds_planned} holds done.`;
  banner.querySelector("[data-unfinished-link]").href = session.resume_url;
  banner.hidden = false;
})();
