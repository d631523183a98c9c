// A test-only stand-in for /static/formjudge.js (contract 4), injected by
// tests/web/test_browser_camera.py when the real judge is not on this branch, and in the gate
// tests, where the test itself says the verdict (window.__verdict). Never served by backstretch.
// Without a verdict from the test it judges one thing only: a floor stretch needs the trunk
// (shoulders to hips) closer to level than upright, so a standing person is "not yet".
"use strict";

window.BackstretchForm = {
  makeJudge(rules, side) {
    return {
      observe(t, landmarks, aspect) {
        window.__observed = (window.__observed || 0) + 1;
        if (window.__verdict) return window.__verdict;
        if (!landmarks || landmarks.length !== 33) {
          return { verdict: "cant_see", say: "Place the camera at floor level, about 2 m away.", check: null };
        }
        const mid = (a, b) => [(landmarks[a][0] + landmarks[b][0]) / 2, (landmarks[a][1] + landmarks[b][1]) / 2];
        const [sx, sy] = mid(11, 12);
        const [hx, hy] = mid(23, 24);
        const upright = Math.abs(hy - sy) > Math.abs((hx - sx) * aspect);
        return upright
          ? { verdict: "not_yet", say: "Lie down on the mat.", check: "trunk" }
          : { verdict: "in_position", say: null, check: null };
      },
    };
  },
};
