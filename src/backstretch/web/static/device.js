// The first-run check: a test tone and a test phrase, started from the person's own tap as
// mobile browsers require; whether the screen can be kept awake (Wake Lock needs HTTPS or this
// machine); and whether the browser keeps this site's storage (the records waiting to be sent).
"use strict";

(() => {
  const root = document.querySelector("[data-device-check]");
  if (!root) return;
  const result = (name, text, ok) => {
    const item = root.querySelector(`[data-check="${name}"]`);
    item.querySelector("span").textContent = text;
    item.dataset.ok = ok ? "yes" : "no";
  };

  function tone() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return result("tone", "this browser cannot play sounds; the words stay on screen.", false);
    try {
      const audio = new Context();
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start();
      oscillator.stop(audio.currentTime + 0.4);
      result("tone", "played. If you heard nothing, turn the sound up or switch off silent mode.", true);
    } catch (error) {
      result("tone", "could not play; the words stay on screen.", false);
    }
  }

  function phrase() {
    if (!("speechSynthesis" in window)) {
      return result("voice", "this browser cannot speak; read the words on screen, or use the terminal coach with --voice.", false);
    }
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(new SpeechSynthesisUtterance("This is your coach. Left side, 3 of 10."));
    result("voice", "spoken. If you heard nothing, check the volume and the device's text-to-speech voice.", true);
  }

  async function awake() {
    if (!("wakeLock" in navigator)) {
      return result("awake", "not here: keep the screen on yourself (serve over HTTPS, or open it on this machine).", false);
    }
    try {
      const lock = await navigator.wakeLock.request("screen");
      await lock.release();
      result("awake", "yes: during a session the screen stays on.", true);
    } catch (error) {
      result("awake", "refused (battery saver?): keep the screen on yourself during a session.", false);
    }
  }

  async function storage() {
    if (!navigator.storage || !navigator.storage.persist) {
      return result("storage", "this browser may clear them when space runs low; open the app again soon after a session offline.", false);
    }
    const kept = (await navigator.storage.persisted()) || (await navigator.storage.persist());
    result(
      "storage",
      kept
        ? "yes: what waits to be sent is not cleared to free space."
        : "not guaranteed: the browser may clear them when space runs low; install the app, or reconnect soon after a session offline.",
      kept,
    );
  }

  // The button works once this script is ready: until then it is disabled, so an early tap on a
  // slow phone is never silently lost.
  const run = root.querySelector("[data-device-run]");
  run.addEventListener("click", async () => {
    tone();
    phrase();
    await awake();
    await storage();
  });
  run.disabled = false;
})();
