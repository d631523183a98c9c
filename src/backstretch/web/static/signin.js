// The sign-in and invitation forms: send them as JSON, show the server's words when refused.
"use strict";

(() => {
  const form = document.querySelector("[data-sign-in], [data-invitation]");
  if (!form) return;
  const error = form.querySelector("[data-form-error]");
  const button = form.querySelector("button[type=submit]");

  function show(message) {
    error.textContent = message.charAt(0).toUpperCase() + message.slice(1) + ".";
    button.disabled = false;
  }

  function request() {
    const password = form.elements.password.value;
    if (form.dataset.invitation === undefined) {
      const body = { username: form.elements.username.value, password: password };
      return { url: "/api/login", body: body, next: form.dataset.next || "/" };
    }
    if (password !== form.elements.repeated.value) return { problem: "the two passwords differ: type the same one twice" };
    return { url: "/api/invitation", body: { token: form.dataset.token, password: password }, next: "/" };
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = request();
    if (chosen.problem) return show(chosen.problem);
    button.disabled = true;
    error.textContent = "";
    try {
      const response = await fetch(chosen.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(chosen.body),
        credentials: "same-origin",
      });
      if (response.ok) return window.location.assign(chosen.next);
      const data = await response.json().catch(() => ({}));
      show(data.error || `the server answered ${response.status}`);
    } catch (failure) {
      show("the server cannot be reached: check the connection and try again");
    }
  });
})();
