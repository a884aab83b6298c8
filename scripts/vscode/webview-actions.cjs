'use strict';
// Serves `webview` requests: a person's clicks, drags and keys inside the webview that shows a text, then what
// some of its elements say. The extension host can post messages to a webview but cannot touch its DOM, so a test
// that checks what a click in the view does asks the driver to click.
//
// Request: {kind:'webview', waitFor, steps:[...], read:[{selector, attribute?}], timeoutMs}. Steps, in order:
//   {click: selector, nth?}          a click on the nth match (default the first)
//   {dblclick: selector, at?: [fx, fy]}
//   {drag: selector, from: [fx, fy], to: [fx, fy]}   fractions of the element's box
//   {press: key}                     a key, to whatever has the focus (Playwright key names)
//   {select: selector, value}        picks an option of a <select>
//   {settle: ms}                     waits (frames to be drawn)
// Answer: {values: [...]}, for each `read`, the first match's attribute (or its innerText), null when none.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function boxPoint(locator, [fx, fy]) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('the element has no box (hidden?)');
  return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

async function step(page, frame, s) {
  if (s.click)
    return frame
      .locator(s.click)
      .nth(s.nth ?? 0)
      .click({ timeout: 10000 });
  if (s.dblclick) {
    const p = await boxPoint(frame.locator(s.dblclick).first(), s.at ?? [0.5, 0.5]);
    return page.mouse.dblclick(p.x, p.y);
  }
  if (s.drag) {
    const el = frame.locator(s.drag).first();
    const a = await boxPoint(el, s.from);
    const b = await boxPoint(el, s.to);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
    await page.mouse.move(b.x, b.y, { steps: 4 });
    return page.mouse.up();
  }
  if (s.press) return page.keyboard.press(s.press);
  if (s.select) return frame.locator(s.select).first().selectOption(String(s.value));
  if (s.settle !== undefined) return sleep(s.settle);
  throw new Error(`unknown webview step ${JSON.stringify(s)}`);
}

async function read(frame, r) {
  const el = frame.locator(r.selector).first();
  if ((await el.count()) === 0) return null;
  return r.attribute ? el.getAttribute(r.attribute) : el.innerText();
}

/** Runs a webview request; `frameWithText` finds the frame of the webview that shows `req.waitFor`. */
async function webviewActions(page, req, frameWithText) {
  const frame = await frameWithText(page, req.waitFor, req.timeoutMs || 30000);
  for (const s of req.steps || []) {
    await step(page, frame, s);
    await sleep(60); // a frame for the view to draw what the step changed
  }
  const values = [];
  for (const r of req.read || []) values.push(await read(frame, r));
  return { values };
}

module.exports = { webviewActions };
