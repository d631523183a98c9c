// The coach in the browser. The server plans the session (the same planner and the same words
// as the terminal); this script runs it. Deadlines are absolute, measured from one base on
// performance.now(), like core/engine.py: no drift builds up, and after the tab was in the
// background the session catches up at once. Each hold is sent to the server the moment it
// completes, through a queue kept in localStorage and retried until the server answers.
"use strict";

(() => {
  const root = document.querySelector("[data-session]");
  if (!root) return;
  const routineId = root.dataset.routine;
  const speed = readSpeed();
  const unit = 1000 / speed; // wall milliseconds per session second
  const QUEUE_KEY = "backstretch.pending";
  const OPTIONS_KEY = "backstretch.options";

  const field = (name) => root.querySelector(`[data-field="${name}"]`);
  const stages = {};
  root.querySelectorAll("[data-stage]").forEach((el) => (stages[el.dataset.stage] = el));
  const announcer = root.querySelector("[data-announcer]");
  const painDialog = root.querySelector("[data-pain-dialog]");
  const saveStatus = root.querySelector("[data-save-status]");

  let timeline = null;
  let steps = [];
  let sessionId = null;
  let painBefore = null;
  let state = "before"; // before, running, paused, after, done
  let index = 0;
  let base = 0; // performance.now() at which session second 0 falls (moved by pause and jumps)
  let pausedAt = null;
  let timer = null;
  let shown = null; // the whole seconds shown, to beep and announce only when they change
  let status = "completed";
  let audio = null;
  let wakeLock = null;
  let pain = null; // the "this hurts" questions under way
  let noticeExercise = null; // the stretch whose advice stays on screen
  const completed = new Set();
  const skipped = new Set();
  const options = loadOptions();

  // -- time ----------------------------------------------------------------------------------
  function readSpeed() {
    const value = parseFloat(new URLSearchParams(location.search).get("speed") || "1");
    return Number.isFinite(value) ? Math.min(1000, Math.max(0.01, value)) : 1;
  }
  const startOf = (i) => base + steps[i].start * unit;
  const deadlineOf = (i) => base + (steps[i].start + steps[i].duration) * unit;
  const nowOrPaused = () => (pausedAt === null ? performance.now() : pausedAt);

  function schedule() {
    clearTimeout(timer);
    timer = null;
    if (state !== "running") return;
    const now = performance.now();
    const left = deadlineOf(index) - now;
    const whole = Math.ceil(left / unit - 1e-9);
    const nextChange = left - (whole - 1) * unit; // when the shown second next changes
    timer = setTimeout(tick, Math.max(0, Math.min(left, Math.max(nextChange, 20))));
  }

  function tick() {
    timer = null;
    if (state !== "running") return;
    catchUp(performance.now());
    if (state === "running") {
      render();
      schedule();
    }
  }

  // Fire every step whose deadline has passed, in order; only the step now under way speaks.
  function catchUp(now) {
    let moved = false;
    while (state === "running" && now >= deadlineOf(index)) {
      finishStep(steps[index]);
      index += 1;
      moved = true;
      if (steps[index].kind === "end") return end("completed");
    }
    if (moved) enterStep();
  }

  function finishStep(step) {
    if (step.kind !== "hold") return;
    completed.add(step.hold_number);
    skipped.delete(step.hold_number);
    send(`/api/sessions/${sessionId}/holds`, {
      hold_number: step.hold_number,
      completed: true,
      held_seconds: step.duration,
    });
  }

  function jump(target) {
    const now = nowOrPaused();
    base = now - steps[target].start * unit;
    index = target;
    if (steps[index].kind === "end") return end("completed");
    enterStep();
    render();
    schedule();
  }

  // -- actions -------------------------------------------------------------------------------
  function togglePause() {
    if (state === "running") {
      if (!pause()) return;
      say("Paused. Press space or Resume to carry on.", "Paused.");
    } else if (state === "paused") {
      resume();
      say("Resumed.", "Go on.");
    }
    render();
  }

  function pause() {
    catchUp(performance.now());
    if (state !== "running") return false;
    pausedAt = performance.now();
    state = "paused";
    clearTimeout(timer);
    return true;
  }

  function resume() {
    if (state !== "paused") return;
    base += performance.now() - pausedAt;
    pausedAt = null;
    state = "running";
    schedule();
  }

  // The first step after the stretch under way (the end when it is the last stretch).
  function nextStretch(from) {
    let i = from;
    while (i < steps.length - 1 && steps[i].exercise_index === steps[from].exercise_index) i += 1;
    return i;
  }

  function heldSoFar(i) {
    return Math.max(0, Math.min(steps[i].duration, (nowOrPaused() - startOf(i)) / unit));
  }

  // Skip the rest of the stretch under way: every hold of it not done yet is recorded as skipped.
  function skipStretch() {
    if (!active()) return;
    const current = steps[index];
    if (current.exercise_index === null) return;
    const target = nextStretch(index);
    for (let i = index; i < target; i += 1) {
      const step = steps[i];
      if (step.kind !== "hold" || completed.has(step.hold_number)) continue;
      skipped.add(step.hold_number);
      send(`/api/sessions/${sessionId}/holds`, {
        hold_number: step.hold_number,
        completed: false,
        held_seconds: i === index ? Math.round(heldSoFar(i) * 1000) / 1000 : 0,
      });
    }
    jump(target);
  }

  // -- "this hurts": pause, ask how much and what kind, and act as the terminal does ---------
  function hurt() {
    if (pain || !active()) return;
    const step = steps[index];
    if (step.exercise_index === null || !step.exercise) return;
    const running = state === "running";
    if (running && !pause()) return;
    pain = { exercise: step.exercise, exerciseIndex: step.exercise_index, resumeAfter: running };
    if (step.kind === "hold" && !completed.has(step.hold_number)) {
      pain.holdNumber = step.hold_number;
      pain.held = Math.round(heldSoFar(index) * 1000) / 1000;
    }
    render();
    painStep("level");
    painDialog.querySelector("[data-hurt-status]").textContent = "";
    painDialog.showModal();
    painDialog.querySelector("[data-hurt-level]").focus();
    say("This hurts: how much, from 0 to 10?", "How much does it hurt, from 0 to 10?");
  }

  function painStep(name) {
    painDialog.querySelectorAll("[data-hurt-step]").forEach((el) => {
      el.hidden = el.dataset.hurtStep !== name;
    });
  }

  function chooseLevel(level) {
    if (!pain) return;
    pain.level = level;
    const heading = painDialog.querySelector('[data-field="hurt-kind-heading"]');
    heading.textContent = `Pain ${level}/10. What kind of pain?`;
    painStep("kind");
    painDialog.querySelector("[data-hurt-kind]").focus();
    say(heading.textContent, "What kind of pain?");
  }

  async function chooseKind(kind) {
    if (!pain || pain.level === undefined || pain.sending) return;
    const status = painDialog.querySelector("[data-hurt-status]");
    const body = { exercise: pain.exercise, level: pain.level, kind: kind };
    if (pain.holdNumber !== undefined) {
      body.hold_number = pain.holdNumber;
      body.held_seconds = pain.held;
    }
    pain.sending = true;
    status.textContent = "Saving…";
    let answer;
    try {
      answer = await postJSON(`/api/sessions/${sessionId}/pain-report`, body);
    } catch (error) {
      pain.sending = false;
      status.textContent =
        `Not saved: ${error.message}. Choose again in a moment. If the pain is above 5, sharp, ` +
        "or you feel tingling, go back and skip the rest of this stretch.";
      return;
    }
    const asked = pain;
    closePain();
    if (answer.action === "stop") {
      answer.skipped_holds.forEach((number) => {
        if (!completed.has(number)) skipped.add(number); // a completion still queued wins
      });
      const target = nextStretch(steps.findIndex((s) => s.exercise_index === asked.exerciseIndex));
      noticeExercise = steps[target].exercise_index;
      showNotice(`${answer.advice} You reported pain ${asked.level}/10, ${kindWords(kind)}.`);
      jump(target);
      if (state === "after") return;
    } else {
      noticeExercise = asked.exerciseIndex;
      showNotice(answer.advice);
    }
    say(answer.advice, answer.advice);
    if (asked.resumeAfter) resume();
    render();
  }

  function kindWords(kind) {
    if (kind === "sharp") return "sharp, shooting or electric";
    if (kind === "tingling") return "tingling or numbness in a leg";
    return "neither sharp nor tingling";
  }

  function cancelPain() {
    if (!pain) return;
    const asked = pain;
    closePain();
    if (asked.resumeAfter) resume();
    say("Back to the stretch.", null);
    render();
  }

  function closePain() {
    pain = null;
    if (painDialog.open) painDialog.close();
    root.querySelector('[data-action="hurt"]').focus();
  }

  function showNotice(text) {
    const notice = field("notice");
    notice.textContent = text;
    notice.hidden = !text;
  }

  function skip() {
    if (!active()) return;
    const step = steps[index];
    if (step.kind === "hold" && !completed.has(step.hold_number)) {
      const held = Math.max(0, Math.min(step.duration, (nowOrPaused() - startOf(index)) / unit));
      skipped.add(step.hold_number);
      send(`/api/sessions/${sessionId}/holds`, {
        hold_number: step.hold_number,
        completed: false,
        held_seconds: Math.round(held * 1000) / 1000,
      });
    }
    jump(index + 1);
  }

  function back() {
    if (!active()) return;
    let target = index;
    for (let i = index - 1; i >= 0; i -= 1) {
      if (steps[i].kind === "hold") {
        target = i;
        break;
      }
    }
    jump(target);
  }

  function stop() {
    if (!active()) return;
    end("partial");
  }

  function active() {
    if (state === "running") catchUp(performance.now());
    return state === "running" || state === "paused";
  }

  // -- stages --------------------------------------------------------------------------------
  function show(stage) {
    Object.entries(stages).forEach(([name, el]) => (el.hidden = name !== stage));
  }

  async function start() {
    const button = root.querySelector('[data-action="start"]');
    const message = root.querySelector("[data-start-status]");
    button.disabled = true;
    message.textContent = "Starting…";
    try {
      if (!timeline) timeline = await getJSON(`/api/routines/${encodeURIComponent(routineId)}/timeline`);
      steps = timeline.steps;
      const answer = await postJSON("/api/sessions", {
        routine: routineId,
        pain_before: painBefore,
        speed: speed,
      });
      sessionId = answer.id;
    } catch (error) {
      message.textContent = `Could not start: ${error.message}. Check that backstretch serve is running, then try again.`;
      button.disabled = false;
      return;
    }
    message.textContent = "";
    root.dataset.sessionId = sessionId;
    unlockAudio();
    keepAwake();
    show("coach");
    state = "running";
    index = 0;
    pausedAt = null;
    base = performance.now();
    say(timeline.opening_line, null);
    enterStep();
    render();
    schedule();
    root.querySelector('[data-action="pause"]').focus();
  }

  function end(how) {
    clearTimeout(timer);
    timer = null;
    status = how;
    state = "after";
    pausedAt = null;
    releaseWakeLock();
    const total = timeline.holds_total;
    const verb = how === "completed" ? "Well done, routine complete" : "Session stopped";
    const summary = `${verb}: ${completed.size} of ${total} holds done, ${skipped.size} skipped.`;
    field("summary").textContent = summary;
    say(summary, how === "completed" ? "Well done. That is the whole routine." : "Session stopped.");
    if (how === "completed") chime();
    show("after");
    root.querySelector("#after-heading").focus();
  }

  function finish(painAfter) {
    if (state !== "after") return;
    state = "done";
    send(`/api/sessions/${sessionId}/finish`, { status: status, pain_after: painAfter });
    const after = painAfter === null ? "" : ` Pain after: ${painAfter}/10.`;
    field("done-summary").textContent = `${field("summary").textContent}${after}`;
    show("done");
    root.querySelector("#done-heading").focus();
  }

  // -- what the person sees and hears ---------------------------------------------------------
  function enterStep() {
    const step = steps[index];
    shown = null;
    if (noticeExercise !== null && step.exercise_index !== noticeExercise) {
      noticeExercise = null; // advice about one stretch ends with it
      showNotice("");
    }
    say(step.line, step.speech);
    if (step.kind === "hold") beep(880, 0.12);
    else if (step.kind === "switch_sides") beep(660, 0.12);
  }

  function render() {
    if (!steps.length) return;
    const step = steps[index];
    const now = nowOrPaused();
    const left = Math.max(0, (deadlineOf(index) - now) / unit);
    const whole = Math.ceil(left - 1e-9);
    field("exercise").textContent = step.exercise_name || timeline.routine.name;
    const side = step.side ? ` · ${step.side} side` : "";
    const phase = step.kind === "hold" && step.phase && step.phase !== "hold" ? ` · ${step.phase}` : "";
    field("label").textContent = `${state === "paused" ? "Paused · " : ""}${step.label}${phase}${side}`;
    field("countdown").textContent = String(whole);
    field("progress").value = Math.min(timeline.total_seconds, step.start + step.duration - left);
    field("counter").textContent = counterText(step);
    field("line").textContent = step.line;
    field("next").textContent = nextText();
    showFigure(step.figure);
    root.querySelector('[data-action="pause"]').textContent = state === "paused" ? "Resume" : "Pause";
    root.classList.toggle("is-paused", state === "paused");
    if (whole !== shown) countdownCue(step, whole);
    shown = whole;
  }

  function countdownCue(step, whole) {
    if (shown === null || state !== "running") return;
    if (step.kind === "hold" && whole >= 1 && whole <= 3) beep(440, 0.08);
    if (whole === 5 && step.duration >= 10) announce(`${whole} seconds left.`);
  }

  function counterText(step) {
    const total = timeline.holds_total;
    if (step.kind === "hold") {
      return `Hold ${step.hold_number} of ${total} · rep ${step.rep} of ${step.reps}`;
    }
    const upcoming = steps.slice(index).find((s) => s.kind === "hold");
    return upcoming ? `Hold ${upcoming.hold_number} of ${total} next` : `${total} holds`;
  }

  function nextText() {
    const following = steps[index + 1];
    if (!following || following.kind === "end") return "Next: the end of the routine.";
    const current = steps[index];
    const name = following.exercise_name !== current.exercise_name ? `${following.exercise_name}, ` : "";
    const side = following.side ? `, ${following.side} side` : "";
    const phase = following.kind === "hold" && following.phase !== "hold" ? ` (${following.phase})` : "";
    return `Next: ${name}${following.label.toLowerCase()}${phase}${side}.`;
  }

  function showFigure(url) {
    const img = field("figure");
    if (!url) {
      img.hidden = true;
      return;
    }
    if (img.getAttribute("src") !== url) {
      img.src = url;
      img.alt = steps[index].exercise_name || "";
    }
    img.hidden = false;
  }

  function say(text, spoken) {
    if (text) announce(text);
    if (!spoken || !options.voice || !("speechSynthesis" in window)) return;
    try {
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(new SpeechSynthesisUtterance(spoken));
    } catch (error) {
      // no voice on this device: the words are on screen
    }
  }

  function announce(text) {
    announcer.textContent = text;
  }

  function unlockAudio() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!audio && Context) {
      try {
        audio = new Context();
      } catch (error) {
        audio = null;
      }
    }
  }

  function beep(frequency, seconds, delay = 0) {
    if (!options.beeps || !audio) return;
    try {
      const at = audio.currentTime + delay;
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.2, at);
      gain.gain.exponentialRampToValueAtTime(0.001, at + seconds);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(at);
      oscillator.stop(at + seconds);
    } catch (error) {
      // sound is a help, never a requirement
    }
  }

  function chime() {
    [523, 659, 784].forEach((frequency, i) => beep(frequency, 0.3, i * 0.18));
  }

  async function keepAwake() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    try {
      wakeLock = await navigator.wakeLock.request("screen");
    } catch (error) {
      wakeLock = null; // refused (battery saver, permissions): the session still runs
    }
  }

  function releaseWakeLock() {
    if (wakeLock) wakeLock.release().catch(() => {});
    wakeLock = null;
  }

  // -- nothing lost: the queue of things to tell the server ----------------------------------
  let queue = loadQueue();
  let flushing = false;
  let retryDelay = 1000;
  let retryTimer = null;

  function loadQueue() {
    try {
      const saved = JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
      return Array.isArray(saved) ? saved : [];
    } catch (error) {
      return [];
    }
  }

  function saveQueue() {
    // How many records wait to be saved, kept where tests and styles can see it; the words
    // change only at the end or on trouble, so screen readers are not told after every hold.
    saveStatus.dataset.pending = String(queue.length);
    try {
      localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
    } catch (error) {
      // storage full or blocked: the queue still lives in memory
    }
  }

  function send(url, body) {
    queue.push({ url: url, body: body });
    saveQueue();
    flush();
  }

  async function flush() {
    if (flushing) return;
    flushing = true;
    clearTimeout(retryTimer);
    retryTimer = null;
    try {
      while (queue.length) {
        const item = queue[0];
        let response;
        try {
          response = await post(item.url, item.body);
        } catch (error) {
          return retryLater();
        }
        if (response.status >= 500 || response.status === 408 || response.status === 429) {
          return retryLater();
        }
        queue.shift();
        saveQueue();
        retryDelay = 1000;
      }
      saveStatus.textContent = sessionId ? "All saved." : "";
    } finally {
      flushing = false;
    }
  }

  function retryLater() {
    const waiting = queue.length;
    saveStatus.textContent = `Cannot reach the server: ${waiting} waiting to be saved; retrying.`;
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

  async function postJSON(url, body) {
    const response = await post(url, body);
    return answerOf(response);
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    return answerOf(response);
  }

  async function answerOf(response) {
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error || `the server answered ${response.status}`);
    return data;
  }

  // -- options -------------------------------------------------------------------------------
  function loadOptions() {
    try {
      return { voice: true, beeps: true, ...JSON.parse(localStorage.getItem(OPTIONS_KEY) || "{}") };
    } catch (error) {
      return { voice: true, beeps: true };
    }
  }

  function setOption(name, value) {
    options[name] = value;
    root.querySelectorAll(`[data-option="${name}"]`).forEach((box) => (box.checked = value));
    if (name === "voice" && !value && "speechSynthesis" in window) window.speechSynthesis.cancel();
    try {
      localStorage.setItem(OPTIONS_KEY, JSON.stringify(options));
    } catch (error) {
      // not kept for next time; fine
    }
  }

  // -- wiring --------------------------------------------------------------------------------
  root.querySelectorAll("[data-option]").forEach((box) => {
    box.checked = Boolean(options[box.dataset.option]);
    box.addEventListener("change", () => setOption(box.dataset.option, box.checked));
  });
  root.querySelectorAll('[data-pain="before"] .pain-button').forEach((button) => {
    button.addEventListener("click", () => {
      const level = Number(button.dataset.level);
      painBefore = painBefore === level ? null : level;
      root.querySelectorAll('[data-pain="before"] .pain-button').forEach((other) => {
        other.setAttribute("aria-pressed", String(Number(other.dataset.level) === painBefore));
      });
    });
  });
  root.querySelectorAll('[data-pain="after"] .pain-button').forEach((button) => {
    button.addEventListener("click", () => finish(Number(button.dataset.level)));
  });
  const actions = {
    start: start,
    pause: togglePause,
    skip: skip,
    back: back,
    stop: stop,
    "skip-stretch": skipStretch,
    hurt: hurt,
    "hurt-cancel": cancelPain,
    "skip-pain": () => finish(null),
  };
  root.querySelectorAll("[data-action]").forEach((button) => {
    button.addEventListener("click", () => actions[button.dataset.action]());
  });

  painDialog.querySelectorAll("[data-hurt-level]").forEach((button) => {
    button.addEventListener("click", () => chooseLevel(Number(button.dataset.hurtLevel)));
  });
  painDialog.querySelectorAll("[data-hurt-kind]").forEach((button) => {
    button.addEventListener("click", () => chooseKind(button.dataset.hurtKind));
  });
  painDialog.addEventListener("cancel", (event) => {
    event.preventDefault(); // Esc goes back to the stretch, as the terminal's Esc does
    cancelPain();
  });

  const keys = {
    " ": togglePause,
    ArrowRight: skip,
    ArrowLeft: back,
    Escape: stop,
    s: skipStretch,
    "!": hurt,
    x: hurt,
  };
  document.addEventListener("keydown", (event) => {
    if (state !== "running" && state !== "paused") return;
    if (pain) return; // the "this hurts" dialog has the keys
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.matches && event.target.matches("input")) return;
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    if (!event.repeat) action();
  });
  document.addEventListener("keyup", (event) => {
    if (event.key === " " && (state === "running" || state === "paused")) event.preventDefault();
  });

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") return;
    if (state === "running") {
      tick(); // timers were slowed in the background: catch up now
      keepAwake();
    }
    flush();
  });
  window.addEventListener("online", flush);
  window.addEventListener("pagehide", () => {
    // One last try for anything not yet saved; it also stays queued for the next visit.
    queue.forEach((item) => post(item.url, item.body, true).catch(() => {}));
  });

  flush(); // anything left over from a tab that closed while the server was away
})();
