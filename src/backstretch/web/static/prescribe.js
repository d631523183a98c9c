// The clinician's prescribing form: builds the routine (the fields of the routine file format)
// from the form, PUTs it to /api/people/{username}/routines/{id} and shows the answer under the
// form: the validator's messages when it is refused, else the version, the planned time and
// what changed.
"use strict";

const form = document.querySelector("form[data-prescribe]");

function numberOrText(input) {
  const text = input.value.trim();
  const value = Number(text);
  return text === "" || Number.isNaN(value) ? text : value;
}

function duration(seconds) {
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  if (minutes === 0) return `${rest} s`;
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}

function exerciseOf(fieldset) {
  const exercise = JSON.parse(fieldset.dataset.document);
  for (const input of fieldset.querySelectorAll("[data-field]")) {
    exercise[input.dataset.field] =
      input.tagName === "SELECT" ? input.value : numberOrText(input);
  }
  for (const input of fieldset.querySelectorAll("[data-phase]")) {
    const phase = exercise.phases.find((each) => each.name === input.dataset.phase);
    phase.hold_seconds = numberOrText(input);
  }
  return exercise;
}

function routineOf() {
  const routine = JSON.parse(form.querySelector("[data-routine]").dataset.document);
  routine.id = form.elements.id.value.trim();
  routine.name = form.elements.name.value.trim();
  routine.timing = {};
  for (const name of ["get_ready_seconds", "release_seconds", "switch_sides_seconds"]) {
    routine.timing[name] = numberOrText(form.elements[name]);
  }
  routine.exercises = [...form.querySelectorAll("[data-exercise]")].map(exerciseOf);
  return routine;
}

function show(heading, lines) {
  const result = form.querySelector("[data-result]");
  result.replaceChildren();
  const title = document.createElement("p");
  title.textContent = heading;
  result.append(title);
  if (lines.length) {
    const list = document.createElement("ul");
    for (const line of lines) {
      const item = document.createElement("li");
      item.textContent = line;
      list.append(item);
    }
    result.append(list);
  }
  result.classList.toggle("form-error", heading.startsWith("Not saved"));
}

form.addEventListener("click", (event) => {
  const remove = event.target.closest("[data-remove]");
  if (remove) remove.closest("[data-exercise]").remove();
  if (!event.target.closest("[data-add]")) return;
  const chosen = form.querySelector("[data-library]").value;
  const taken = [...form.querySelectorAll("[data-exercise]")].map(
    (each) => JSON.parse(each.dataset.document).id,
  );
  if (taken.includes(chosen)) {
    show(`${chosen} is already in the routine`, []);
    return;
  }
  const template = form.querySelector(`template[data-template="${CSS.escape(chosen)}"]`);
  form.querySelector("[data-stretches]").append(template.content.cloneNode(true));
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const routine = routineOf();
  const username = encodeURIComponent(form.dataset.username);
  show("Saving…", []);
  try {
    const response = await fetch(
      `/api/people/${username}/routines/${encodeURIComponent(routine.id)}`,
      {
        method: "PUT",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(routine),
      },
    );
    const data = await response.json().catch(() => ({}));
    if (response.status === 422) {
      show("Not saved: the routine has problems", data.problems || [data.error]);
      return;
    }
    if (!response.ok) throw new Error(data.error || `the server answered ${response.status}`);
    const changes = data.changes.length ? data.changes : ["no changes from the version before"];
    show(`Saved as version ${data.version}; planned time ${duration(data.total_seconds)}.`, changes);
  } catch (error) {
    show(`Not saved: ${error.message}`, []);
  }
});
