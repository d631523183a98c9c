// The camera judge in the page: from the landmarks of each frame, in position, not yet (with the
// one correction that matters most) or can't see you (with how to place the camera). A faithful
// port of backstretch.core.form_check: the same rules (GET /api/routines/{id}/form), the same
// constants, the same verdicts; tests/web/test_formjudge_parity.py runs both on the same frames.
// A change there is a change here. It runs on the device; it sends nothing anywhere.
"use strict";

(function (root) {
  const LANDMARKS = [
    "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye",
    "right_eye_outer", "left_ear", "right_ear", "mouth_left", "mouth_right", "left_shoulder",
    "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_pinky",
    "right_pinky", "left_index", "right_index", "left_thumb", "right_thumb", "left_hip",
    "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle", "left_heel",
    "right_heel", "left_foot_index", "right_foot_index",
  ];
  const IN_POSITION = "in_position";
  const NOT_YET = "not_yet";
  const CANT_SEE = "cant_see";
  const VISIBLE = 0.5;
  const FRONT_WIDTH = 0.3;
  const SMOOTHING_SECONDS = 0.15;
  const RESTART_SECONDS = 1.0;
  const ENTER_SECONDS = 0.5;
  const LEAVE_SECONDS = 0.7;
  const CHANGE_SECONDS = 0.5;
  const HOLD_STILL = "Hold still.";
  const TURN_CAMERA = {
    side: "Turn so the camera sees you from the side. ",
    front: "Move the camera so that it faces you. ",
  };

  function verdict(kind, say, check) {
    return { verdict: kind, say: say === undefined ? null : say, check: check || null };
  }

  function same(a, b) {
    return !!a && !!b && a.verdict === b.verdict && a.say === b.say && a.check === b.check;
  }

  function resolve(name, side) {
    if (LANDMARKS.includes(name)) return [name];
    if (name.startsWith("mid_")) {
      const part = name.slice(4);
      return ["left_" + part, "right_" + part];
    }
    const worked = side === "right" ? "right" : "left";
    const other = worked === "right" ? "left" : "right";
    if (name.startsWith("worked_")) return [worked + "_" + name.slice(7)];
    return [other + "_" + name.slice(6)];
  }

  function landmarksNeeded(rules, side) {
    const names = ["mid_shoulder", "mid_hip"];
    for (const check of rules.checks) {
      for (const name of check.landmarks) if (!names.includes(name)) names.push(name);
    }
    return names.map((name) => resolve(name, side));
  }

  function position(points, names) {
    let x = 0;
    let y = 0;
    for (const name of names) {
      x += points[name][0];
      y += points[name][1];
    }
    return [x / names.length, y / names.length];
  }

  function middle(points, part) {
    return position(points, ["left_" + part, "right_" + part]);
  }

  function distance(a, b) {
    return Math.hypot(b[0] - a[0], b[1] - a[1]);
  }

  function beyond(point, past, start) {
    const length = distance(start, past);
    if (length === 0) return 0;
    const along = (point[0] - past[0]) * (past[0] - start[0]) +
      (point[1] - past[1]) * (past[1] - start[1]);
    return along / length;
  }

  function angleAt(vertex, a, b) {
    const first = [a[0] - vertex[0], a[1] - vertex[1]];
    const second = [b[0] - vertex[0], b[1] - vertex[1]];
    const lengths = Math.hypot(first[0], first[1]) * Math.hypot(second[0], second[1]);
    if (lengths === 0) return 0;
    const cosine = (first[0] * second[0] + first[1] * second[1]) / lengths;
    return (Math.acos(Math.max(-1, Math.min(1, cosine))) * 180) / Math.PI;
  }

  function passes(check, points, torso, side) {
    const at = check.landmarks.map((name) => position(points, resolve(name, side)));
    if (check.kind === "angle") {
      const angle = angleAt(at[1], at[0], at[2]);
      return check.low - check.tolerance <= angle && angle <= check.high + check.tolerance;
    }
    const landmark = at[0];
    const reference = at[1];
    if (check.kind === "near") return distance(landmark, reference) <= check.margin * torso;
    if (check.kind === "below") return landmark[1] - reference[1] >= check.margin * torso;
    if (check.kind === "above") return reference[1] - landmark[1] >= check.margin * torso;
    return beyond(landmark, reference, at[2]) >= check.margin * torso;
  }

  function seenFrom(points, torso) {
    const widths = ["shoulder", "hip"].map((part) =>
      distance(position(points, ["left_" + part]), position(points, ["right_" + part])));
    return (widths[0] + widths[1]) / 2 >= FRONT_WIDTH * torso ? "front" : "side";
  }

  function makeJudge(rules, side) {
    let smoothed = null;
    let lastTime = null;
    let current = null;
    let candidate = null;
    let candidateSince = 0;
    let outSince = null;
    let inSince = null;

    function smooth(t, landmarks, aspect) {
      const gap = lastTime === null ? Infinity : t - lastTime;
      lastTime = t;
      if (!landmarks || landmarks.length !== LANDMARKS.length) {
        smoothed = null;
        return null;
      }
      const frame = landmarks.map((p) => [Number(p[0]) * aspect, Number(p[1]), Number(p[3])]);
      if (smoothed === null || !(gap >= 0 && gap < RESTART_SECONDS)) {
        smoothed = frame;
        return frame;
      }
      const weight = 1 - Math.exp(-gap / SMOOTHING_SECONDS);
      smoothed = smoothed.map((before, i) => [
        before[0] + weight * (frame[i][0] - before[0]),
        before[1] + weight * (frame[i][1] - before[1]),
        before[2] + weight * (frame[i][2] - before[2]),
      ]);
      return smoothed;
    }

    function judgeFrame(frame) {
      const cantSee = verdict(CANT_SEE, rules.camera);
      if (frame === null) return cantSee;
      const points = {};
      LANDMARKS.forEach((name, i) => { points[name] = frame[i]; });
      const needed = landmarksNeeded(rules, side);
      if (needed.some((group) => group.every((name) => points[name][2] < VISIBLE))) {
        return cantSee;
      }
      const torso = distance(middle(points, "shoulder"), middle(points, "hip"));
      if (torso <= 0) return cantSee;
      if (seenFrom(points, torso) !== rules.view) {
        return verdict(CANT_SEE, TURN_CAMERA[rules.view] + rules.camera);
      }
      let first = null;
      for (const check of rules.checks) {
        if (passes(check, points, torso, side)) continue;
        if (first === null || check.priority < first.priority) first = check;
      }
      return first === null ? verdict(IN_POSITION) : verdict(NOT_YET, first.say, first.id);
    }

    function nextVerdict(t, raw) {
      if (raw.verdict === IN_POSITION) {
        if (t - inSince >= ENTER_SECONDS) return raw;
        return current || verdict(NOT_YET, HOLD_STILL);
      }
      if (current === null) return raw;
      if (current.verdict === IN_POSITION) {
        return t - outSince >= LEAVE_SECONDS ? raw : current;
      }
      if (same(raw, current) || t - candidateSince >= CHANGE_SECONDS) return raw;
      return current;
    }

    function observe(t, landmarks, aspect) {
      const raw = judgeFrame(smooth(t, landmarks, aspect));
      if (raw.verdict === IN_POSITION) {
        outSince = null;
        if (inSince === null) inSince = t;
      } else {
        inSince = null;
        if (outSince === null) outSince = t;
      }
      if (!same(raw, candidate)) {
        candidate = raw;
        candidateSince = t;
      }
      current = nextVerdict(t, raw);
      return { verdict: current.verdict, say: current.say, check: current.check };
    }

    return { observe };
  }

  root.BackstretchForm = { makeJudge };
})(typeof window !== "undefined" ? window : globalThis);
