// The questionnaires page: each form posts its answers to /api/outcomes/{questionnaire}, which
// scores and stores them; the answer (score, group, meaning) or the error is shown under it.
"use strict";

for (const form of document.querySelectorAll("form[data-questionnaire]")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = form.querySelector("[data-result]");
    const items = form.querySelectorAll("fieldset.item");
    const answers = [];
    for (const item of items) {
      const checked = item.querySelector("input:checked");
      if (!checked) {
        result.textContent = `Please answer: ${item.querySelector("legend").textContent}`;
        return;
      }
      answers.push(Number(checked.value));
    }
    result.textContent = "Saving…";
    try {
      const response = await fetch(`/api/outcomes/${form.dataset.questionnaire}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ answers: answers }),
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(data.error || `the server answered ${response.status}`);
      const group = data.risk ? `, ${data.risk} risk` : "";
      const outOf = data.risk ? 9 : 10;
      result.textContent = `Saved. Score ${data.score_text} of ${outOf}${group}. ${data.meaning}`;
    } catch (error) {
      result.textContent = `Not saved: ${error.message}`;
    }
  });
}
