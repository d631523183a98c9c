// The camera check, loaded by session.js only when the person turns it on, with its style and
// the judge (formjudge.js). Everything happens in this page: the camera's frames go to BlazePose
// (files backstretch serves itself at /static/pose/, copied from @mediapipe/pose at set-up), its
// 33 landmarks go to the judge, and only the verdict leaves this file, to the session's clock in
// the same page. No frame and no landmark is ever sent anywhere: the only request this file
// makes besides loading files is for the routine's form rules (a GET, no body).
//
// The gate: during a hold the routine has rules for, session time runs only while the judge
// says "in position"; otherwise the clock stands still (`gate.since`, which session.js honours),
// the page says "Get into position" and the correction (or "I can't see you" and where to put
// the camera), and the voice says it, not more often than every 6 s. A hold's record carries
// the seconds counted while the camera judged it: with the gate, the seconds held in position.
"use strict";

(() => {
  const coach = window.backstretchCoach;
  const root = document.querySelector("[data-session]");
  const POSE = "/static/pose/";
  // BlazePose's bones, by landmark number (core/form.py LANDMARKS names them)
  const BONES = [[11, 12], [11, 13], [13, 15], [12, 14], [14, 16], [11, 23], [12, 24], [23, 24],
    [23, 25], [25, 27], [27, 29], [29, 31], [27, 31], [24, 26], [26, 28], [28, 30], [30, 32],
    [28, 32], [7, 0], [0, 8]];
  const SEEN = 0.5; // a landmark is drawn only when at least this visible
  const CORRECTION_MS = 6000; // the voice says a correction at most this often

  // What the page shows only with the camera on is made here, so the session page stays small.
  const panel = document.createElement("div");
  panel.className = "camera";
  panel.dataset.cameraPanel = "";
  panel.innerHTML = `<canvas width="240" height="180" data-camera-view
    aria-label="Camera preview, mirrored, with your skeleton"></canvas>
    <p role="status" data-camera-status></p><p data-camera-advice></p>
    <p>Frames and landmarks stay on this device: no picture and no landmark is sent anywhere.</p>`;
  root.querySelector(".toggles").after(panel); // moved into the coach's details once it runs
  const status = panel.querySelector("[data-camera-status]");
  const advice = panel.querySelector("[data-camera-advice]");
  const canvas = panel.querySelector("[data-camera-view]");
  const line = document.createElement("p");
  line.className = "gate";
  line.setAttribute("role", "status");
  line.dataset.field = "gate";
  line.hidden = true;
  root.querySelector(".coach-head").append(line);
  const label = document.createElement("label");
  label.innerHTML = "<input type=\"checkbox\" data-camera> Camera check";
  root.querySelector(".toggles-inline").append(label);
  const boxes = root.querySelectorAll("[data-camera]");
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "/static/camera.css";
  document.head.append(style);

  let camera = null; // the running camera, once its files, rules and model are ready
  let rules = null; // GET /api/routines/{id}/form
  let turns = 0; // which turning on or off is the latest
  let corrected = -Infinity; // performance.now() when the voice last said a correction
  const gate = { since: null, verdict: null, watch: null, enter, credit, off: () => turn(false) };
  coach.set(gate);

  const waiting = () => gate.verdict !== null && gate.verdict.verdict !== "in_position";

  // -- the gate --------------------------------------------------------------------------------
  // The step under way changed at `when`: a hold the camera judges starts held, until the judge
  // first says "in position".
  function enter(when) {
    gate.verdict = null;
    gate.since = null;
    gate.watch = null;
    const step = coach.step();
    const details = root.querySelector(".coach-details"); // never over the coach's buttons
    if (panel.parentElement !== details) details.prepend(panel);
    if (camera && rulesFor(step)) {
      gate.verdict = { verdict: "not_yet", say: null, check: null };
      gate.watch = { hold: step.hold_number, seconds: 0, since: 0 };
      gate.since = when;
    }
    show();
  }

  // The judge's verdict on the latest frame; null: this step is not judged, or the camera is off.
  function judged(found) {
    const step = coach.step();
    if (!step) return;
    coach.stand(performance.now()); // the time so far, under the last verdict
    const next = found && step.kind === "hold" ? found : null;
    if (next && (!gate.watch || gate.watch.hold !== step.hold_number)) {
      gate.watch = { hold: step.hold_number, seconds: 0, since: null };
    }
    const watch = gate.watch;
    if (next && watch.since === null) watch.since = coach.held();
    if (!next && watch && watch.since !== null) {
      watch.seconds += coach.held() - watch.since;
      watch.since = null;
    }
    gate.verdict = next;
    gate.since = waiting() ? gate.since ?? performance.now() : null;
    show();
    coach.tick();
  }

  // The hold's record gets the seconds counted while the camera judged it.
  function credit(step, held, body) {
    const watch = gate.watch;
    if (!watch || watch.hold !== step.hold_number) return;
    const open = watch.since === null ? 0 : Math.max(0, held - watch.since);
    body.in_position_seconds = Math.round(Math.min(held, watch.seconds + open) * 1000) / 1000;
  }

  function show() {
    root.querySelector("[data-coach]").dataset.gate = waiting() ? gate.verdict.verdict : "";
    if (!waiting()) {
      line.hidden = true;
      line.textContent = "";
      return;
    }
    const blind = gate.verdict.verdict === "cant_see";
    const say = gate.verdict.say;
    const text = `${blind ? "I can't see you." : "Get into position."} ${say || ""}`.trim();
    line.hidden = false;
    if (line.textContent === text) return;
    line.textContent = text;
    if (say && performance.now() - corrected >= CORRECTION_MS) {
      corrected = performance.now();
      coach.say("", blind ? text : say); // the line itself is a status, read out as it changes
    }
  }

  // -- turning on and off ----------------------------------------------------------------------
  async function turn(on) {
    const asked = ++turns;
    boxes.forEach((box) => (box.checked = on));
    if (camera) camera.stop();
    camera = null;
    panel.hidden = !on;
    if (!on) return;
    const started = await start();
    if (asked !== turns) {
      if (started) started.stop();
      return;
    }
    camera = started;
    if (!camera) boxes.forEach((box) => (box.checked = false));
  }

  function rulesFor(step) {
    if (!rules || !step || step.kind !== "hold" || !step.exercise) return null;
    const exercise = rules.exercises[step.exercise];
    if (!exercise) return null;
    return (exercise.phases && exercise.phases[step.phase]) || exercise.rules || null;
  }

  function load(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(src));
      document.head.append(script);
    });
  }

  function tell(text) {
    status.textContent = text;
  }

  // The files, the camera, the rules and the model, in that order; null (and why, on screen)
  // when one of them is missing.
  async function start() {
    tell("Starting the camera…");
    try {
      if (!window.BackstretchForm) await load("/static/formjudge.js");
    } catch (error) {
      tell("The camera check's judge could not be loaded: check the connection to backstretch, then try again.");
      return null;
    }
    try {
      if (!window.Pose) await load(`${POSE}pose.js`);
    } catch (error) {
      tell("The camera check's pose files are not installed on this server: run scripts/setup there (it copies them), then reload this page.");
      return null;
    }
    let stream = null;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "user", width: { ideal: 640 }, height: { ideal: 480 } },
        audio: false,
      });
    } catch (error) {
      tell(error && error.name === "NotAllowedError"
        ? "The camera was not allowed. Allow it in the browser's site settings to use the camera check; the session runs without it."
        : "No camera could be opened. The session runs without the camera check.");
      return null;
    }
    const stopStream = () => stream.getTracks().forEach((track) => track.stop());
    try {
      const response = await fetch(`/api/routines/${encodeURIComponent(root.dataset.routine)}/form`, {
        headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(String(response.status));
      rules = await response.json();
    } catch (error) {
      stopStream();
      tell("The form rules of this routine could not be read, so the camera check is off.");
      return null;
    }
    return watching(stream, stopStream);
  }

  async function watching(stream, stopStream) {
    const video = document.createElement("video");
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    await video.play();
    const judges = new Map(); // one judge per stretch, phase and side: each smooths on its own
    let stopped = false;
    let timer = null;
    const pose = new window.Pose({ locateFile: (file) => POSE + file });
    pose.setOptions({ modelComplexity: 1, smoothLandmarks: true, enableSegmentation: false,
      minDetectionConfidence: 0.5, minTrackingConfidence: 0.5 });
    const controller = {
      stop() {
        if (stopped) return;
        stopped = true;
        clearTimeout(timer);
        stopStream();
        pose.close().catch(() => {});
        judged(null);
        canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
      },
    };
    pose.onResults((results) => {
      if (stopped || camera !== controller) return;
      const marks = results.poseLandmarks
        ? results.poseLandmarks.map((m) => [m.x, m.y, m.z, m.visibility ?? 0])
        : null;
      draw(results.image, marks, video);
      panel.dataset.frames = String(Number(panel.dataset.frames || 0) + 1);
      tell("");
      const step = coach.step();
      // before the start, where to put the camera for the first stretch (a new session's)
      const first = root.dataset.resume ? undefined : Object.values(rules.exercises)[0];
      const exercise = step ? rules.exercises[step.exercise] : first;
      advice.textContent = exercise ? exercise.camera : "";
      const found = rulesFor(step);
      if (!found) {
        judged(null);
        return;
      }
      const key = `${step.exercise}|${step.phase}|${step.side || ""}`;
      if (!judges.has(key)) judges.set(key, window.BackstretchForm.makeJudge(found, step.side || null));
      const aspect = video.videoWidth / video.videoHeight || 4 / 3;
      const verdict = judges.get(key).observe(performance.now() / 1000, marks, aspect);
      panel.dataset.verdict = verdict.verdict;
      judged(verdict);
    });
    tell("Loading the pose model on this device…");

    // One frame at a time: the next is sent when BlazePose has answered the last.
    async function next() {
      if (stopped) return;
      try {
        if (video.readyState >= 2) await pose.send({ image: video });
      } catch (error) {
        controller.stop();
        tell("The pose model could not run in this browser, so the camera check is off.");
        return;
      }
      timer = setTimeout(next, 30);
    }
    next();
    return controller;
  }

  // A small mirrored picture (as a mirror shows you) with the skeleton over it.
  function draw(image, marks, video) {
    const width = canvas.width;
    const height = Math.round((width * video.videoHeight) / video.videoWidth) || canvas.height;
    if (canvas.height !== height) canvas.height = height;
    const context = canvas.getContext("2d");
    context.save();
    context.translate(width, 0);
    context.scale(-1, 1);
    context.drawImage(image, 0, 0, width, height);
    if (marks) {
      context.lineWidth = 3;
      context.strokeStyle = "#3ddc97";
      context.fillStyle = "#fff";
      const at = (m) => [m[0] * width, m[1] * height];
      BONES.forEach(([a, b]) => {
        if (marks[a][3] < SEEN || marks[b][3] < SEEN) return;
        context.beginPath();
        context.moveTo(...at(marks[a]));
        context.lineTo(...at(marks[b]));
        context.stroke();
      });
      marks.forEach((m) => {
        if (m[3] < SEEN) return;
        context.beginPath();
        context.arc(...at(m), 3, 0, 2 * Math.PI);
        context.fill();
      });
    }
    context.restore();
  }

  boxes.forEach((box) => box.addEventListener("change", () => turn(box.checked)));
  turn(boxes[0].checked);
})();
