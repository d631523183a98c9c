// Sharing (share with a clinician, stop sharing) and the account page (delete the account):
// each sends JSON to the API and shows the server's words when it refuses.
"use strict";

(() => {
  function show(form, message) {
    form.querySelector("[data-form-error]").textContent = message.charAt(0).toUpperCase() + message.slice(1) + ".";
    form.querySelector("button[type=submit]").disabled = false;
  }

  async function send(method, url, body) {
    const options = { method: method, headers: { "Content-Type": "application/json", Accept: "application/json" }, credentials: "same-origin" };
    if (body !== undefined) options.body = JSON.stringify(body);
    const response = await fetch(url, options);
    if (response.ok) return null;
    const data = await response.json().catch(() => ({}));
    return data.error || `the server answered ${response.status}`;
  }

  function submitting(form, act) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      form.querySelector("button[type=submit]").disabled = true;
      form.querySelector("[data-form-error]").textContent = "";
      try {
        const problem = await act();
        if (problem) show(form, problem);
      } catch (failure) {
        show(form, "the server cannot be reached: check the connection and try again");
      }
    });
  }

  const share = document.querySelector("[data-share]");
  if (share) {
    submitting(share, async () => {
      const problem = await send("POST", "/api/sharing", { clinician: share.elements.clinician.value });
      if (!problem) window.location.reload();
      return problem;
    });
  }

  for (const button of document.querySelectorAll("[data-revoke]")) {
    button.addEventListener("click", async () => {
      button.disabled = true;
      const problem = await send("DELETE", `/api/sharing/${encodeURIComponent(button.dataset.revoke)}`).catch(() => "the server cannot be reached");
      if (problem) {
        button.disabled = false;
        window.alert(problem);
        return;
      }
      window.location.reload();
    });
  }

  const start = document.querySelector("[data-delete-start]");
  const erase = document.querySelector("[data-delete-account]");
  if (start && erase) {
    start.addEventListener("click", () => {
      erase.hidden = false;
      start.hidden = true;
      erase.elements.password.focus();
    });
    submitting(erase, async () => {
      const last = "Last question: delete your account and every record of yours on this server, for good?";
      if (!window.confirm(last)) return "nothing was deleted";
      const problem = await send("DELETE", "/api/account", { password: erase.elements.password.value });
      if (problem) return problem;
      // what this browser kept of the person goes too: the record queue, the offline copies
      localStorage.clear();
      if (window.caches) await Promise.all((await caches.keys()).map((name) => caches.delete(name)));
      if (navigator.serviceWorker) {
        for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
      }
      window.location.assign("/login");
      return null;
    });
  }
})();
