// The browser tests' fixture: a real openkp server with the demo's data (`openkp demo`, 200
// certificates) on a loopback port, and Debian's chromium driven by playwright-core. Each test
// file calls startWeb() in before() and stopWeb() in after(); the bindings below are live.
// Env: OPENKP_BIN (the openkp binary), OPENKP_SCREENSHOT_DIR.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const bin = process.env.OPENKP_BIN;
export const shots = process.env.OPENKP_SCREENSHOT_DIR || tmpdir();
export let dir, server, base, browser, adminToken;

export async function startWeb() {
  dir = mkdtempSync(join(tmpdir(), 'openkp-web-'));
  execFileSync(bin, ['demo', '--data', join(dir, 'data'), '--certificates', '200']);
  adminToken = readFileSync(join(dir, 'data', 'demo-tokens.txt'), 'utf8')
    .split('\n').find((l) => l.startsWith('Demo admin\t')).split('\t')[1];
  server = spawn(bin, ['serve', '--data', join(dir, 'data'), '--listen', '127.0.0.1:0']);
  // Its access log (stderr) is read and dropped: unread, the pipe fills after a few thousand
  // requests, the server's log thread blocks on it, and the server never exits at the end.
  server.stderr.resume();
  base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function stopWeb() {
  await browser?.close();
  // The server writes log tiles until it exits: remove its directory only then.
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
}

export async function numberWithStatus(status) {
  const res = await fetch(`${base}/v1/certificates?status=${status}&limit=1&format=csv`,
    { headers: { Authorization: `Bearer ${adminToken}` } });
  return (await res.text()).split('\r\n')[1].split(',')[0];
}

export const tokenOf = (name) => readFileSync(join(dir, 'data', 'demo-tokens.txt'), 'utf8')
  .split('\n').find((l) => l.startsWith(name + '\t')).split('\t')[1];

export const bearer = (token) => ({ headers: { Authorization: `Bearer ${token}` } });

export const passwordOf = (login) => tokenOf('Web sign-in ' + login);

export async function signIn(page, login, password = passwordOf(login)) {
  await page.fill('#login', login);
  await page.fill('#password', password);
  await page.click('#login-form button');
}

export async function signedInAs(page, name) {
  await page.waitForFunction((n) => document.querySelector('#me')?.textContent.includes(n), name);
}

// No serious or critical axe-core violation on the page (axe injected: its context needs
// bypassCSP); `what` names the view in the failure.
const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export async function accessible(page, what) {
  await page.addScriptTag({ content: axe });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} nodes, e.g. ${v.nodes[0].target}`);
  assert.deepEqual(bad, [], what);
}
