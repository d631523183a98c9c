// The coach in the browser is a player. The server publishes the session as a table
// (web/coaching.py over core/playbook.py, which the terminal's engine follows too): every step
// with the coach's words, where skip, back and "skip the rest of this stretch" lead from it and
// when its count beeps; the stretches passed over today; the gap after which to pause; and the
// words of pausing, resuming and each way a session ends. This script keeps time and looks the
// rest up. Deadlines are absolute, measured from one base on performance.now() as core/engine.py
// does on the monotonic clock, so no drift builds up. Each hold is sent to the server the moment
// it is settled, through a queue kept in localStorage and retried until the server answers.
"use strict";

(() => {
  const root = document.querySelector("[data-session]");
  if (!root) return;
  const routineId = root.dataset.routine;
  const resumeId = root.dataset.resume || null;
  const speed = readSpeed();
  const unit = 1000 / speed; // wall milliseconds per session second
  const OPTIONS_KEY = "backstretch.options";

  const field = (name) => root.querySelector(`[data-field="${name}"]`);
  const stages = {};
  root.querySelectorAll("[data-stage]").forEach((el) => (stages[el.dataset.stage] = el));
  const announcer = root.querySelector("[data-announcer]");
  const painDialog = root.querySelector("[data-pain-dialog]");
  const stopDialog = root.querySelector("[data-stop-dialog]");
  const saveStatus = root.querySelector("[data-save-status]");
  const coach = root.querySelector("[data-coach]");
  const SETTLE_MS = 400; // a tap this soon after a dialog changes was meant for what was there

  let table = null; // what /api/routines/{id}/timeline (or a resume) answered
  let steps = [];
  let sessionId = null;
  let painBefore = null;
  let state = "before"; // before, running, paused, after, done
  let index = 0;
  let base = 0; // performance.now() at which session second 0 falls (moved by pauses and moves)
  let pausedAt = null;
  let lastSeen = 0; // performance.now() of the last look at the clock: where a gap begins
  let timer = null;
  let shown = null; // the whole seconds shown, to beep and announce only when they change
  let status = null;
  let audio = null;
  let wakeLock = null;
  let pain = null; // the "this hurts" questions under way
  let stopping = null; // the "stop the session?" question under way
  let noticeExercise = null; // the stretch whose advice stays on screen
  let gapNotice = false;
  let settledAt = 0; // performance.now() before which taps in a dialog are ignored
  let startedAt = null; // performance.now() when this page began the session
  let spent = 0; // wall milliseconds from start to end, pauses included
  const done = new Set(); // hold numbers completed
  const skipped = new Set(); // hold numbers skipped (and not completed since)
  const stopped = new Map(); // exercise index -> why it is passed over today
  const options = loadOptions();
  let gate = null; // camera.js's: the clock stands at gate.since while it waits

  // -- time ----------------------------------------------------------------------------------
  function readSpeed() {
    const value = parseFloat(new URLSearchParams(location.search).get("speed") || "1");
    return Number.isFinite(value) ? Math.min(1000, Math.max(0.01, value)) : 1;
  }
  const at = (seconds) => base + seconds * unit; // when a session second falls
  const endOf = (i) => steps[i].start + steps[i].duration;
  const deadlineOf = (i) => at(endOf(i));
  const nowOrPaused = () => pausedAt ?? gate?.since ?? performance.now();
  const millis = (seconds) => Math.round(seconds * 1000) / 1000;
  // Seconds held in step `i`: session time spent in it, which pauses do not move.
  const secondsHeld = (i) =>
    Math.max(0, Math.min(steps[i].duration, (nowOrPaused() - at(steps[i].start)) / unit));

  // The next moment something is due in the step under way (a counted second or its end):
  // a look at the clock later than that by more than the table's gap_seconds is a gap.
  function nextCue(after) {
    const end = endOf(index);
    const times = [...steps[index].countdown.map((left) => at(end - left)), at(end)];
    return times.find((time) => time > after) ?? at(end);
  }

  function schedule() {
    clearTimeout(timer);
    timer = null;
    if (state !== "running") return;
    const left = deadlineOf(index) - performance.now();
    const whole = Math.ceil(left / unit - 1e-9);
    const nextChange = left - (whole - 1) * unit; // when the shown second next changes
    timer = setTimeout(tick, Math.max(0, Math.min(left, Math.max(nextChange, 20))));
  }

  function tick() {
    timer = null;
    if (state !== "running") return;
    poll(performance.now());
    if (state === "running") {
      render();
      schedule();
    }
  }

  // Everything due by now happens, in order; after a gap no one could have stretched through
  // (a sleeping computer, a frozen tab) the session pauses where it was last seen instead.
  function poll(now) {
    if (state !== "running") return;
    const seen = lastSeen;
    lastSeen = Math.max(lastSeen, now);
    if (now - Math.max(seen, nextCue(seen)) > table.gap_seconds * 1000) {
      pauseAfterGap(seen, now);
      return;
    }
    stand(now);
    let moved = false;
    while (state === "running" && now >= deadlineOf(index)) {
      const due = deadlineOf(index);
      const step = steps[index];
      if (step.kind === "hold") record(step, true, step.duration);
      arrive(index + 1, due);
      stand(now);
      moved = true;
    }
    if (moved && state === "running") enterStep(); // only the step now under way speaks
  }

  function pauseAfterGap(seen, now) {
    clearTimeout(timer);
    timer = null;
    stand(seen);
    pausedAt = seen;
    state = "paused";
    const words = table.words.gap;
    const text = fill(words.line, { gap: duration((now - seen) / 1000) });
    showNotice(text);
    gapNotice = true;
    say(text, words.speech);
    render();
  }

  // Step `target` starts at `when`. A stretch stopped for today is passed over, its holds
  // recorded as skipped, to where "skip the rest" leads from it; the end ends the session.
  function arrive(target, when) {
    const passed = [];
    let i = target;
    while (stopped.has(steps[i].exercise_index)) {
      passOver(steps[i].exercise_index);
      if (table.stopped_lines[steps[i].exercise]) passed.push(table.stopped_lines[steps[i].exercise]);
      i = steps[i].skip_rest_to;
    }
    index = i;
    base = when - steps[i].start * unit;
    gate?.enter(when);
    if (passed.length) {
      noticeExercise = steps[i].exercise_index;
      showNotice(passed.join(" "));
    }
    if (steps[i].kind === "end") end("reached");
  }

  function passOver(exerciseIndex) {
    steps.forEach((step) => {
      if (step.kind !== "hold" || step.exercise_index !== exerciseIndex) return;
      if (!done.has(step.hold_number) && !skipped.has(step.hold_number)) record(step, false, 0);
    });
  }

  // Where a stretch stopped for today leaves a player who reaches step `i`.
  function landing(i) {
    let j = i;
    while (stopped.has(steps[j].exercise_index)) j = steps[j].skip_rest_to;
    return j;
  }

  // Store a hold as the terminal's recorder does; a completed hold is never undone.
  function record(step, completed, held) {
    const number = step.hold_number;
    if (completed) {
      done.add(number);
      skipped.delete(number);
    } else if (!done.has(number)) {
      skipped.add(number);
    }
    const body = { hold_number: number, completed, held_seconds: millis(held) };
    gate?.credit(step, held, body);
    send(`/api/sessions/${sessionId}/holds`, body);
  }

  // Make step `target` start now; while paused it starts, and stays paused, at once.
  function jump(target) {
    arrive(target, nowOrPaused());
    if (state !== "running" && state !== "paused") return;
    enterStep();
    render();
    schedule();
  }

  // -- the person's moves: each leads where the table says ------------------------------------
  function active() {
    poll(performance.now()); // what is already due happens before the move
    return state === "running" || state === "paused";
  }

  function togglePause() {
    if (state === "running") {
      if (pause()) say(table.words.pause.line, table.words.pause.speech);
    } else if (state === "paused") {
      resume();
      say(table.words.resume.line, table.words.resume.speech);
    }
    render();
  }

  function pause() {
    poll(performance.now());
    if (state !== "running") return false;
    pausedAt = performance.now();
    stand(pausedAt);
    state = "paused";
    clearTimeout(timer);
    return true;
  }

  function resume() {
    if (state !== "paused") return;
    const now = performance.now();
    base += now - pausedAt;
    pausedAt = null;
    lastSeen = now;
    state = "running";
    if (gate?.since != null) gate.since = now;
    if (gapNotice) showNotice("");
    schedule();
  }

  function skip() {
    if (!active()) return;
    const step = steps[index];
    if (step.kind === "hold" && !done.has(step.hold_number)) record(step, false, secondsHeld(index));
    jump(step.skip_to);
  }

  // Skip the rest of the stretch under way: its holds not done are recorded as skipped.
  function skipRest() {
    if (!active()) return;
    const target = steps[index].skip_rest_to;
    if (target === null) return;
    for (let i = index; i < target; i += 1) {
      const step = steps[i];
      if (step.kind !== "hold" || done.has(step.hold_number)) continue;
      record(step, false, i === index ? secondsHeld(i) : 0);
    }
    jump(target);
  }

  // Back to the last hold done: walk the table's back_to past holds not done and the
  // stretches stopped for today; with none, the step under way starts again.
  function back() {
    if (!active()) return;
    let target = steps[index].back_to;
    while (target !== null && !counts(steps[target])) target = steps[target].back_to;
    jump(target === null ? index : target);
  }

  const counts = (step) => done.has(step.hold_number) && !stopped.has(step.exercise_index);

  // -- "stop": asked first, as the terminal asks -----------------------------------------------
  function askStop() {
    if (pain || stopping || !active()) return;
    const resumeAfter = state === "running" && pause();
    if (state !== "paused") return;
    stopping = { resumeAfter: resumeAfter };
    render();
    stopDialog.showModal();
    unsettle();
    stopDialog.querySelector('[data-action="stop-confirm"]').focus();
    say("Stop the session? What you did is kept.", "Stop the session?");
  }

  function confirmStop() {
    if (!stopping) return;
    closeStop();
    end("stopped");
  }

  function cancelStop() {
    if (!stopping) return;
    const asked = stopping;
    closeStop();
    if (asked.resumeAfter) {
      resume();
      say(table.words.resume.line, table.words.resume.speech);
    }
    render();
    coach.focus({ preventScroll: true });
  }

  function closeStop() {
    stopping = null;
    if (stopDialog.open) stopDialog.close();
  }

  // -- "this hurts": pause, ask how much and what kind, and act as the terminal does ---------
  function hurt() {
    if (pain || stopping || !active()) return;
    const step = steps[index];
    if (step.exercise_index === null || !step.exercise) return;
    const resumeAfter = state === "running" && pause();
    if (state !== "paused") return;
    pain = { exercise: step.exercise, exerciseIndex: step.exercise_index, resumeAfter: resumeAfter };
    if (step.kind === "hold" && !done.has(step.hold_number)) {
      pain.holdNumber = step.hold_number;
      pain.held = millis(secondsHeld(index));
    }
    render();
    painStep("level");
    painDialog.showModal();
    unsettle();
    painDialog.querySelector("[data-hurt-level]").focus();
    say("This hurts: how much, from 0 to 10?", "How much does it hurt, from 0 to 10?");
  }

  function painStep(name) {
    painDialog.querySelectorAll("[data-hurt-step]").forEach((el) => {
      el.hidden = el.dataset.hurtStep !== name;
    });
    unsettle();
  }

  // A dialog just opened or changed step: what is under the finger now is not what was tapped.
  function unsettle() {
    settledAt = performance.now() + SETTLE_MS;
  }

  // A tap (a pointer's click; keys are deliberate) that lands before the dialog settled.
  const tooSoon = (event) => event.detail > 0 && performance.now() < settledAt;

  // "What kind" goes back to "how much".
  function levelAgain() {
    if (!pain) return;
    delete pain.level;
    painStep("level");
    painDialog.querySelector("[data-hurt-level]").focus();
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

  // The table's pain rule decides, as the server's does, so "this hurts" works with the server
  // away; the report waits in the record queue behind the holds settled before it, with an id
  // of the page's choosing (stored once however often it is sent), and the server records the
  // holds of a stopped stretch as skipped when it gets it.
  function chooseKind(kind) {
    if (!pain || pain.level === undefined) return;
    const rule = table.pain;
    const action = rule.actions[kind][pain.level];
    const advice = rule.advice[action];
    const body = { id: newId(), exercise: pain.exercise, level: pain.level, kind: kind };
    if (pain.holdNumber !== undefined) {
      body.hold_number = pain.holdNumber;
      body.held_seconds = pain.held;
    }
    send(`/api/sessions/${sessionId}/pain-report`, body);
    const asked = pain;
    closePain();
    if (action === "stop") {
      steps.forEach((step) => {
        if (step.kind !== "hold" || step.exercise_index !== asked.exerciseIndex) return;
        if (!done.has(step.hold_number)) skipped.add(step.hold_number);
      });
      stopped.set(asked.exerciseIndex, "stopped for pain earlier in this session");
      const target = steps[index].skip_rest_to;
      noticeExercise = steps[landing(target)].exercise_index;
      showNotice(`${advice} You reported pain ${asked.level}/10, ${rule.kinds[kind]}.`);
      jump(target);
      if (state === "after") return;
    } else {
      noticeExercise = asked.exerciseIndex;
      showNotice(advice);
    }
    say(advice, advice);
    if (asked.resumeAfter) resume();
    render();
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
    coach.focus({ preventScroll: true });
  }

  function showNotice(text) {
    const notice = field("notice");
    notice.textContent = text;
    notice.hidden = !text;
    gapNotice = false;
  }

  function stand(now) {
    if (state !== "running" || gate?.since == null) return;
    base += now - gate.since;
    gate.since = now;
  }

  // the camera check (camera.js), loaded only if asked
  const box = root.querySelector("[data-camera]");
  box.onchange = function load() {
    box.onchange = null;
    window.backstretchCoach = { stand, say, set: (g) => (gate = g), held: () => secondsHeld(index),
      step: () => (/^(running|paused)$/.test(state) ? steps[index] : null),
      tick: () => (clearTimeout(timer), tick()) };
    const onerror = () => (box.checked = !(box.onchange = load));
    document.head.append(Object.assign(document.createElement("script"), { src: "/static/camera.js", onerror }));
  };

  // -- stages --------------------------------------------------------------------------------
  // While the coach runs the page is only the coach: no site header, navigation or footer.
  function show(stage) {
    Object.entries(stages).forEach(([name, el]) => (el.hidden = name !== stage));
    document.body.classList.toggle("on-mat", stage === "coach");
    window.scrollTo(0, 0); // each stage starts at its top, wherever the last was scrolled to
  }

  async function start() {
    const button = root.querySelector('[data-action="start"]');
    const message = root.querySelector("[data-start-status]");
    button.disabled = true;
    message.textContent = "Starting…";
    let first = 0;
    try {
      if (resumeId) {
        const answer = await postJSON(`/api/sessions/${encodeURIComponent(resumeId)}/resume`, {});
        table = answer.timeline;
        sessionId = answer.id;
        first = answer.resume_step;
        answer.done_holds.forEach((number) => done.add(number));
      } else {
        if (!table) table = await getJSON(`/api/routines/${encodeURIComponent(routineId)}/timeline`);
        await begin();
      }
    } catch (error) {
      message.textContent = resumeId
        ? `Could not carry on: ${error.message}. A new session starts from the Today page.`
        : `Could not start: ${error.message}. Check that backstretch serve is running, then try again.`;
      button.disabled = false;
      return;
    }
    steps = table.steps;
    table.exercises.forEach((exercise, i) => {
      if (exercise.id in table.stopped) stopped.set(i, table.stopped[exercise.id]);
    });
    message.textContent = "";
    root.dataset.sessionId = sessionId;
    const banner = document.querySelector("[data-unfinished]");
    if (banner) banner.hidden = true; // this page carries the session now
    unlockAudio();
    keepAwake();
    show("coach");
    state = "running";
    pausedAt = null;
    lastSeen = performance.now();
    startedAt = lastSeen;
    if (resumeId) say(fill(table.words.carry_on, { done: done.size }), null);
    else say(table.opening_line, null);
    arrive(first, lastSeen);
    if (state !== "running") return;
    enterStep();
    render();
    schedule();
    coach.focus({ preventScroll: true });
  }

  // The session is over: reached the end (completed, or with no hold done) or stopped.
  function end(how) {
    clearTimeout(timer);
    timer = null;
    const kind = how === "stopped" ? "stopped" : done.size ? "completed" : "nothing";
    const words = table.words.end[kind];
    status = words.status;
    state = "after";
    gate?.off();
    pausedAt = null;
    spent = startedAt === null ? 0 : performance.now() - startedAt;
    releaseWakeLock();
    const summary = fill(words.line, { done: done.size, skipped: skipped.size });
    field("summary").textContent = summary;
    say(summary, fill(words.speech, { done: done.size, skipped: skipped.size }));
    if (kind === "completed") chime();
    show("after");
    root.querySelector("#after-heading").focus();
  }

  function finish(painAfter) {
    if (state !== "after") return;
    state = "done";
    send(`/api/sessions/${sessionId}/finish`, { status: status, pain_after: painAfter });
    const after = painAfter === null ? "" : ` Pain after: ${painAfter}/10.`;
    field("done-summary").textContent = `${field("summary").textContent}${after}`;
    celebrate(painAfter);
    show("done");
    root.querySelector("#done-heading").focus();
  }

  // The end screen: pain before and after, time spent, and the streak once the server has it.
  async function celebrate(painAfter) {
    const known = (level) => (level === null ? "not given" : `${level}/10`);
    achievement("pain", painBefore === null && painAfter === null ? null : `${known(painBefore)} → ${known(painAfter)}`);
    achievement("time", duration(spent / 1000));
    await flush(); // the finish is stored first, so today counts
    if (records.pending()) return;
    try {
      const stats = await getJSON("/api/stats");
      const days = stats.streak.current;
      achievement("streak", days ? `${days} day${days === 1 ? "" : "s"} in a row` : null);
    } catch (error) {
      // the streak is a bonus; the session is saved
    }
  }

  function achievement(name, text) {
    root.querySelector(`[data-achievement="${name}"]`).hidden = text === null;
    if (text !== null) field(`done-${name}`).textContent = text;
  }

  // The table's words with the numbers known only as the session runs.
  // `{done}` is the number; `{done|hold|holds}` the number and its noun (core/units.py, counted).
  function fill(text, values) {
    return text.replace(/\{(\w+)(?:\|([^|}]*)\|([^}]*))?\}/g, (whole, name, one, many) => {
      if (!(name in values)) return whole;
      const count = values[name];
      return one === undefined ? String(count) : `${count} ${count === 1 ? one : many}`;
    });
  }

  // Seconds as core/units.py writes them: 45 s, 5 min, 10 min 56 s, 1 h 0 min.
  function duration(seconds) {
    const whole = Math.round(seconds);
    const hours = Math.floor(whole / 3600);
    const minutes = Math.floor((whole % 3600) / 60);
    const rest = whole % 60;
    if (hours) return `${hours} h ${minutes} min`;
    if (minutes) return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
    return `${rest} s`;
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
    if (!steps.length || state === "after" || state === "done") return;
    const step = steps[index];
    const left = Math.max(0, (deadlineOf(index) - nowOrPaused()) / unit);
    const whole = Math.ceil(left - 1e-9);
    field("exercise").textContent = step.exercise_name || table.routine.name;
    field("side").textContent = step.side ? `${step.side} side` : "";
    field("side").hidden = !step.side;
    coach.dataset.side = step.side || "";
    coach.dataset.phase = step.kind;
    const side = step.side ? ` · ${step.side} side` : "";
    const phase = step.kind === "hold" && step.phase && step.phase !== "hold" ? ` · ${step.phase}` : "";
    field("label").textContent = `${state === "paused" ? "Paused · " : ""}${step.label}${phase}${side}`;
    field("countdown").textContent = String(whole);
    field("progress").value = Math.min(table.total_seconds, endOf(index) - left);
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
    if (!step.countdown.includes(whole)) return;
    beep(440, 0.08);
    speak(table.words.countdown[whole], true); // heard, not announced: one announcement a step
  }

  function counterText(step) {
    const total = table.holds_total;
    if (step.kind === "hold") {
      return `Hold ${step.hold_number} of ${total} · rep ${step.rep} of ${step.reps}`;
    }
    const upcoming = steps.slice(index).find((s) => s.kind === "hold");
    return upcoming ? `Hold ${upcoming.hold_number} of ${total} next` : `${total} holds`;
  }

  function nextText() {
    const following = steps[landing(index + 1)];
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

  // The coach's words: the line goes to the live region, the phrase to the voice. One phrase
  // at a time, as the terminal's voice does (cli/sound.py): a phrase never cuts or talks over
  // another, only the newest waits (an older step's words are out of date), and a counted
  // second (`droppable`) is dropped when the voice is busy, as a late "3" is a wrong count.
  let speaking = false;
  let waitingSpeech = null;

  function say(text, spoken) {
    if (text) announce(text);
    speak(spoken, false);
  }

  function speak(spoken, droppable) {
    if (!spoken || !options.voice || !("speechSynthesis" in window)) return;
    const synth = window.speechSynthesis;
    // a browser that never reports the end of a phrase must not silence the coach for good
    const busy = speaking && (synth.speaking || synth.pending);
    if (busy) {
      if (!droppable) waitingSpeech = spoken;
      return;
    }
    waitingSpeech = null;
    utter(spoken);
  }

  function utter(spoken) {
    speaking = true;
    try {
      const utterance = new SpeechSynthesisUtterance(spoken);
      utterance.onend = utterance.onerror = () => {
        speaking = false;
        const next = waitingSpeech;
        waitingSpeech = null;
        if (next !== null && options.voice) utter(next);
      };
      window.speechSynthesis.speak(utterance);
    } catch (error) {
      speaking = false; // no voice on this device: the words are on screen
    }
  }

  function hush() {
    waitingSpeech = null;
    speaking = false;
    if ("speechSynthesis" in window) window.speechSynthesis.cancel();
  }

  // One announcement per step: lines said together (the opening and the first step, a move and
  // the step it leads to) reach the live region as one, so none is cut off by the next.
  let announcing = null;

  function announce(text) {
    if (announcing !== null) {
      announcing = `${announcing} ${text}`;
      return;
    }
    announcing = text;
    queueMicrotask(() => {
      announcer.textContent = announcing;
      announcing = null;
    });
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
      const when = audio.currentTime + delay;
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.2, when);
      gain.gain.exponentialRampToValueAtTime(0.001, when + seconds);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(when);
      oscillator.stop(when + seconds);
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

  // -- nothing lost: the records wait in queue.js until the server has them -----------------
  const records = window.backstretchQueue;
  const send = records.send;
  const flush = records.flush;
  const post = records.post;
  records.onChange((pending, trouble) => {
    // How many records wait, kept where tests and styles can see it; the words change only at
    // the end or on trouble, so screen readers are not told after every hold.
    saveStatus.dataset.pending = String(pending);
    if (trouble) {
      saveStatus.textContent = `Cannot reach the server: ${pending} waiting to be saved; retrying.`;
    } else if (pending === 0) {
      saveStatus.textContent = sessionId ? "All saved." : "";
    }
  });

  // The page chooses the session's id, so that with the server away the session still runs:
  // its begin then waits first in the queue, before its holds, and is stored once however often
  // it is sent. With the server there, its answer brings the session's own table (today's doses).
  async function begin() {
    const body = { id: newId(), routine: routineId, pain_before: painBefore, speed: speed };
    sessionId = body.id;
    // ask that what waits to be sent is never cleared to free space
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
    let response = null;
    try {
      response = await post("/api/sessions", body);
    } catch (error) {
      send("/api/sessions", body); // unreachable: played from the kept table, sent later
      return;
    }
    table = (await answerOf(response)).timeline;
  }

  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
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
      return { voice: true, beeps: true, keys: true, ...JSON.parse(localStorage.getItem(OPTIONS_KEY) || "{}") };
    } catch (error) {
      return { voice: true, beeps: true, keys: true };
    }
  }

  function setOption(name, value) {
    options[name] = value;
    root.querySelectorAll(`[data-option="${name}"]`).forEach((box) => (box.checked = value));
    if (name === "voice" && !value) hush();
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
    stop: askStop,
    "stop-confirm": confirmStop,
    "stop-cancel": cancelStop,
    "skip-stretch": skipRest,
    hurt: hurt,
    "hurt-cancel": cancelPain,
    "hurt-level-again": levelAgain,
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
  [painDialog, stopDialog].forEach((dialog) => {
    dialog.addEventListener(
      "click",
      (event) => {
        if (tooSoon(event)) event.stopImmediatePropagation(); // never reaches the button
      },
      true,
    );
  });
  painDialog.addEventListener("cancel", (event) => {
    event.preventDefault(); // Esc goes back to the stretch, as the terminal's Esc does
    cancelPain();
  });
  stopDialog.addEventListener("cancel", (event) => {
    event.preventDefault(); // Esc carries on
    cancelStop();
  });
  stopDialog.addEventListener("keydown", (event) => {
    const answer = { y: confirmStop, n: cancelStop }[event.key.toLowerCase()];
    if (!answer || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    answer();
  });

  const keys = {
    " ": togglePause,
    ArrowRight: skip,
    ArrowLeft: back,
    Escape: askStop,
    s: skipRest,
    "!": hurt,
    x: hurt,
  };
  document.addEventListener("keydown", (event) => {
    if (state !== "running" && state !== "paused") return;
    if (pain || stopping) return; // the dialog has the keys
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const action = keys[event.key];
    if (!action || !keyActs(event)) return;
    event.preventDefault();
    if (!event.repeat) action();
  });
  document.addEventListener("keyup", (event) => {
    if (event.key !== " " || (state !== "running" && state !== "paused")) return;
    if (keyActs(event)) event.preventDefault();
  });

  // Whether a key is the coach's: typing in a field is not; Space on a button or link presses
  // that; a single-character key (WCAG 2.1.4) only with the coach itself focused, and only while
  // single-key shortcuts are on.
  function keyActs(event) {
    const target = event.target instanceof Element ? event.target : null;
    if (target && target.closest("input, select, textarea")) return false;
    if (event.key === " ") return !(target && target.closest("button, a, summary"));
    if (event.key.length === 1) return options.keys && target === coach;
    return true;
  }

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") return;
    if (state === "running") {
      tick(); // timers were slowed in the background: catch up now, or pause after a gap
      keepAwake();
    }
  });
  window.addEventListener("beforeunload", (event) => {
    if (state !== "running" && state !== "paused") return;
    event.preventDefault(); // leaving mid-session: the browser asks first
    event.returnValue = "";
  });
  saveStatus.dataset.pending = String(records.pending());
})();
