/**
 * Holds back layout changes until a mouse or touch press is released. A field shows notes when it is
 * left ("Tidied: …", an error); if that happens between the press and the release of a click on a button
 * below it, the button moves away and the click is lost.
 */
let pressed = false;
window.addEventListener('pointerdown', () => (pressed = true), { capture: true });
for (const end of ['pointerup', 'pointercancel'] as const) {
  window.addEventListener(end, () => (pressed = false), { capture: true });
}

/** Runs `action` now, or just after the click that is under way (at most one second later). */
export function afterPointerRelease(action: () => void): void {
  if (!pressed) {
    action();
    return;
  }
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    action();
  };
  // After pointerup the browser dispatches click; a zero timeout runs once that click was handled.
  window.addEventListener('pointerup', () => setTimeout(run, 0), { capture: true, once: true });
  window.addEventListener('pointercancel', run, { capture: true, once: true });
  setTimeout(run, 1000);
}
