'use strict';
// Serves the requests that extension-host tests cannot do themselves because they need the browser:
// screenshots of webviews and typing into the command palette. Protocol: see the top of ./code.
// Files rather than console lines, so request text needs no escaping and does not depend on how
// VS Code formats forwarded log lines.
const fs = require('node:fs');
const path = require('node:path');
const { webviewActions } = require('./webview-actions.cjs');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const safeName = (s) => String(s).replace(/[^A-Za-z0-9._-]/g, '_');

async function frameWithText(page, text, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const body = await frame.evaluate(() => (document.body ? document.body.innerText : '')).catch(() => '');
      if (body.includes(text)) return frame;
    }
    await sleep(200);
  }
  throw new Error(`no webview frame shows ${JSON.stringify(text)} after ${timeoutMs} ms`);
}

async function screenshot(page, req, shotDir) {
  const name = safeName(req.name);
  const files = [];
  if (req.waitFor) {
    let frame = await frameWithText(page, req.waitFor, req.timeoutMs || 30000);
    // A webview is iframe.webview (VS Code's host page) holding iframe#active-frame (the content);
    // the element worth capturing is the outermost one, in the workbench page.
    while (frame.parentFrame() && frame.parentFrame() !== page.mainFrame()) frame = frame.parentFrame();
    const el = await frame.frameElement();
    await sleep(req.settleMs ?? 300); // let fonts and layout settle after the text appears
    const file = path.join(shotDir, `${name}.png`);
    await el.screenshot({ path: file });
    files.push(file);
  }
  const whole = path.join(shotDir, req.waitFor ? `${name}-workbench.png` : `${name}.png`);
  await page.screenshot({ path: whole });
  files.push(whole);
  return { files };
}

// The browser window's size: the workbench lays itself out again, as when a person resizes the window.
async function viewport(page, req) {
  await page.setViewportSize({ width: req.width, height: req.height });
  await sleep(req.settleMs ?? 400);
  return {};
}

async function paletteCommand(page, req) {
  await page.waitForSelector('.monaco-workbench', { timeout: 30000 });
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(`>${req.title}`);
  // Fuzzy ranking can put a longer title first ("File: Compare New Untitled Text Files"), so pick
  // the row whose label starts with the exact title rather than trusting the focused one.
  const want = req.title.toLowerCase();
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const deadline = Date.now() + (req.timeoutMs || 10000);
  let labels = [];
  while (Date.now() < deadline) {
    labels = (await rows.allTextContents().catch(() => [])).map((t) => t.trim().toLowerCase());
    const i = labels.findIndex((t) => t.startsWith(want));
    if (i >= 0) {
      await rows.nth(i).click();
      return {};
    }
    await sleep(100);
  }
  await page.keyboard.press('Escape');
  throw new Error(
    `palette has no command titled ${JSON.stringify(req.title)} (rows: ${JSON.stringify(labels.slice(0, 5))})`,
  );
}

// A notification toast whose message contains req.waitFor: answers its message and button labels, and clicks
// the button labelled req.click if given (the extension host sees notifications only as a pending promise).
async function notification(page, req) {
  const deadline = Date.now() + (req.timeoutMs || 10000);
  const toasts = page.locator('.notification-toast .notification-list-item');
  while (Date.now() < deadline) {
    for (let i = 0, n = await toasts.count().catch(() => 0); i < n; i++) {
      const item = toasts.nth(i);
      const message = (
        (await item
          .locator('.notification-list-item-message')
          .textContent()
          .catch(() => '')) || ''
      ).trim();
      if (!message.includes(req.waitFor)) continue;
      const buttonEls = item.locator('.notification-list-item-buttons-container .monaco-button');
      const buttons = (await buttonEls.allTextContents().catch(() => [])).map((t) => t.trim());
      if (req.click) {
        const j = buttons.indexOf(req.click);
        if (j < 0)
          throw new Error(
            `notification has no button ${JSON.stringify(req.click)} (buttons: ${JSON.stringify(buttons)})`,
          );
        await buttonEls.nth(j).click();
      }
      return { message, buttons };
    }
    await sleep(100);
  }
  throw new Error(`no notification shows ${JSON.stringify(req.waitFor)} after ${req.timeoutMs || 10000} ms`);
}

async function handle(page, req, shotDir) {
  if (req.kind === 'notification') return notification(page, req);
  if (req.kind === 'screenshot') return screenshot(page, req, shotDir);
  if (req.kind === 'command') return paletteCommand(page, req);
  if (req.kind === 'viewport') return viewport(page, req);
  if (req.kind === 'webview') return webviewActions(page, req, frameWithText);
  throw new Error(`unknown request kind ${JSON.stringify(req.kind)}`);
}

function writeAck(ackDir, id, body) {
  const tmp = path.join(ackDir, `.${id}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(body));
  fs.renameSync(tmp, path.join(ackDir, `${id}.done`)); // the test must never read half a file
}

function serveRequests(page, driverDir, shotDir, log) {
  const reqDir = path.join(driverDir, 'requests');
  const ackDir = path.join(driverDir, 'acks');
  let stopped = false;
  (async () => {
    while (!stopped) {
      const names = fs
        .readdirSync(reqDir)
        .filter((n) => n.endsWith('.json'))
        .sort();
      for (const n of names) {
        const id = n.slice(0, -'.json'.length);
        const file = path.join(reqDir, n);
        let req;
        try {
          req = JSON.parse(fs.readFileSync(file, 'utf8'));
        } catch (err) {
          req = { kind: 'invalid', error: String(err) };
        }
        fs.rmSync(file, { force: true });
        try {
          const result = await handle(page, req, shotDir);
          log(`${req.kind} ${id}: ok`);
          writeAck(ackDir, id, { ok: true, ...result });
        } catch (err) {
          log(`${req.kind} ${id}: ${err.message}`);
          if (!stopped) writeAck(ackDir, id, { ok: false, error: err.message });
        }
      }
      await sleep(150);
    }
  })().catch((err) => log('request loop stopped:', err.message));
  return () => {
    stopped = true;
  };
}

module.exports = { serveRequests };
