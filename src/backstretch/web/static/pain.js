// The home page's "How is your back right now?": one press records a rating (context usual).
"use strict";

(() => {
  const section = document.querySelector("[data-pain-now]");
  if (!section) return;
  const status = section.querySelector("[data-pain-status]");
  section.querySelectorAll(".pain-button").forEach((button) => {
    button.addEventListener("click", async () => {
      const level = Number(button.dataset.level);
      status.textContent = "Saving…";
      try {
        const response = await fetch("/api/pain", {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify({ level: level, context: "usual" }),
        });
        const data = await response.json().catch(() => ({}));
        if (!response.ok) throw new Error(data.error || `the server answered ${response.status}`);
        status.textContent = `Recorded pain ${level}/10.`;
      } catch (error) {
        status.textContent = `Not saved: ${error.message}. Try again in a moment.`;
      }
    });
  });
})();
