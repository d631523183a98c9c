// The camera check, loaded only when the person turns it on (session.js loads this file, its
// style and the judge, formjudge.js). Everything happens in this page: the camera's frames go to
// BlazePose (files backstretch serves itself at /static/pose/, copied from @mediapipe/pose at
// set-up), its 33 landmarks go to the judge, and only the verdict leaves this file, to the
// session's clock in the same page. No frame and no landmark is ever sent anywhere: the only
// request this file makes is for the routine's form rules (GET, no body).
"use strict";

window.BackstretchCamera = (() => {
  const POSE = "/static/pose/";
  // BlazePose's bones, by landmark number (core/form.py LANDMARKS gives the names)
  const BONES = [[11, 12], [11, 13], [13, 15], [12, 14], [14, 16], [11, 23], [12, 24], [23, 24],
    [23, 25], [25, 27], [27, 29], [29, 31], [27, 31], [24, 26], [26, 28], [28, 30], [30, 32],
    [28, 32], [7, 0], [0, 8]];
  const SEEN = 0.5; // a landmark drawn only when at least this visible

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(src));
      document.head.append(script);
    });
  }

  // `hooks`: panel (the element to fill), routine (its id), step() (the step under way, or null),
  // verdict(v) (the judge's verdict for that step, or null when it is not judged).
  async function start(hooks) {
    const panel = hooks.panel;
    const status = panel.querySelector("[data-camera-status]");
    const advice = panel.querySelector("[data-camera-advice]");
    const canvas = panel.querySelector("[data-camera-view]");
    const tell = (text) => {
      status.textContent = text;
      panel.dataset.state = text ? "message" : "watching";
    };
    let stopped = false;
    let stream = null;
    let pose = null;
    let loop = null;
    const judges = new Map(); // one judge per stretch, phase and side: each smooths on its own

    const controller = {
      stop() {
        stopped = true;
        clearTimeout(loop);
        if (stream) stream.getTracks().forEach((track) => track.stop());
        if (pose) pose.close().catch(() => {});
        hooks.verdict(null);
        const context = canvas.getContext("2d");
        context.clearRect(0, 0, canvas.width, canvas.height);
      },
      judges(step) {
        return Boolean(rulesFor(step));
      },
    };

    tell("Starting the camera…");
    let rules = null;
    try {
      if (!window.BackstretchForm) throw new Error("judge");
      await loadScript(`${POSE}pose.js`);
    } catch (error) {
      tell(error.message === "judge"
        ? "The camera check's judge did not load: reload the page and try again."
        : "The camera check's pose files are not installed on this server: run scripts/setup there (it copies them), then reload this page.");
      return null;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "user", width: { ideal: 640 }, height: { ideal: 480 } },
        audio: false,
      });
    } catch (error) {
      const refused = error && error.name === "NotAllowedError";
      tell(refused
        ? "The camera was not allowed. Allow it in the browser's site settings to use the camera check; the session runs without it."
        : "No camera could be opened. The session runs without the camera check.");
      return null;
    }
    try {
      const response = await fetch(`/api/routines/${encodeURIComponent(hooks.routine)}/form`, {
        headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(String(response.status));
      rules = await response.json();
    } catch (error) {
      controller.stop();
      tell("The form rules of this routine could not be read, so the camera check is off.");
      return null;
    }
    if (stopped) return null;

    const video = document.createElement("video");
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    await video.play();

    pose = new window.Pose({ locateFile: (file) => POSE + file });
    pose.setOptions({ modelComplexity: 1, smoothLandmarks: true, enableSegmentation: false,
      minDetectionConfidence: 0.5, minTrackingConfidence: 0.5 });
    pose.onResults((results) => seen(results));
    tell("Loading the pose model on this device…");
    panel.dataset.frames = "0";

    function rulesFor(step) {
      if (!rules || !step || step.kind !== "hold" || !step.exercise) return null;
      const exercise = rules.exercises[step.exercise];
      if (!exercise) return null;
      return (exercise.phases && exercise.phases[step.phase]) || exercise.rules || null;
    }

    function adviceFor(step) {
      if (!rules || !step || !step.exercise) return "";
      const exercise = rules.exercises[step.exercise];
      return exercise ? exercise.camera : "";
    }

    function judgeFor(step) {
      const found = rulesFor(step);
      if (!found) return null;
      const key = `${step.exercise}|${step.phase}|${step.side || ""}`;
      if (!judges.has(key)) judges.set(key, window.BackstretchForm.makeJudge(found, step.side || null));
      return judges.get(key);
    }

    function seen(results) {
      if (stopped) return;
      const aspect = video.videoWidth / video.videoHeight || 4 / 3;
      const marks = results.poseLandmarks
        ? results.poseLandmarks.map((m) => [m.x, m.y, m.z, m.visibility ?? 0])
        : null;
      draw(results.image, marks);
      panel.dataset.frames = String(Number(panel.dataset.frames) + 1);
      if (status.textContent.startsWith("Loading")) tell("");
      const step = hooks.step();
      advice.textContent = adviceFor(step);
      const judge = judgeFor(step);
      if (!judge) {
        hooks.verdict(null);
        return;
      }
      const verdict = judge.observe(performance.now() / 1000, marks, aspect);
      panel.dataset.verdict = verdict.verdict;
      hooks.verdict(verdict);
    }

    // A small mirrored picture (as a mirror shows you) with the skeleton over it.
    function draw(image, marks) {
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
      loop = setTimeout(next, 30);
    }
    next();
    return controller;
  }

  return { start: start };
})();
