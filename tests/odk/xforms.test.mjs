// openkp's XForms in ODK's own form engine: @getodk/web-forms (ODK Web Forms, the engine and
// renderer ODK Central uses) in Debian's chromium, driven by playwright-core.
//  - each form in src/monitor/forms loads without an engine error and switches to French;
//  - the incident form, filled like a user would, produces an instance with the form id,
//    orx:version and a uuid instanceID;
//  - against a real openkp server (env OPENKP_BIN): formList and form download with Digest auth,
//    then HEAD and POST /submission as ODK Collect does them.
// The page (page/main.js) is bundled into dist/ by build.mjs in before().
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildPage, distDir } from './build.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const formsDir = join(here, '..', '..', 'src', 'monitor', 'forms');
const bin = process.env.OPENKP_BIN;
const shots = process.env.OPENKP_SCREENSHOT_DIR;

let pageServer, pageUrl, browser;

before(async () => {
  await buildPage();
  // Serve dist/ on loopback: module scripts do not load from file://.
  pageServer = createServer((req, res) => {
    const name = new URL(req.url, 'http://x').pathname === '/' ? 'index.html' : 'bundle.js';
    res.writeHead(200, { 'Content-Type': name.endsWith('.js') ? 'text/javascript' : 'text/html' });
    res.end(readFileSync(join(distDir, name)));
  });
  await new Promise((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${pageServer.address().port}/`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  pageServer?.close();
});

// ---- the page -------------------------------------------------------------------------------

// Opens the page and mounts <OdkWebForm> on formXml; fails on an engine load error.
// page.problems collects console errors and uncaught page errors for the caller to check.
async function openForm(formXml) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  await page.goto(pageUrl);
  await page.waitForFunction(() => window.odkTest !== undefined);
  await page.evaluate((xml) => window.odkTest.mount(xml), formXml);
  // OdkWebForm marks its state on this (empty) element: loading, then error or ready.
  await page.waitForSelector('.form-initialization-status:not(.loading)', { state: 'attached' });
  const status = await page.getAttribute('.form-initialization-status', 'class');
  if (!status.includes('ready')) {
    const dialog = await page.locator('.form-load-failure-dialog').textContent().catch(() => '');
    assert.fail(`the engine did not load the form (${status}): ${dialog}`);
  }
  return page;
}

async function assertNoProblems(page) {
  const errors = await page.evaluate(() => window.odkTest.state.errors);
  assert.deepEqual([...page.problems, ...errors], []);
  assert.equal(await page.locator('.form-load-failure-dialog').count(), 0);
}

// One question, found by its label text as the user reads it.
const question = (page, label) => page.locator('.question-container',
  { has: page.locator('.control-text label', { hasText: label }) });

async function choose(page, label, option) {
  await question(page, label).locator('label.value-option')
    .filter({ has: page.getByText(option, { exact: true }) }).click();
}

async function fillText(page, label, text) {
  await question(page, label).locator('input, textarea').first().fill(text);
}

// PrimeVue's number input takes typed keys only (not fill()), and commits on blur.
async function fillNumber(page, label, number) {
  const input = question(page, label).locator('input');
  await input.click();
  await input.pressSequentially(String(number));
  await page.locator('h1').first().click();
}

// PrimeVue's date picker, typed into as mm/dd/yyyy (its default format in web-forms).
async function fillDate(page, label, isoDate) {
  const [y, m, d] = isoDate.split('-');
  const input = question(page, label).locator('input.p-datepicker-input');
  await input.click();
  await input.pressSequentially(`${m}/${d}/${y}`);
  await page.keyboard.press('Escape');
  await page.locator('h1').first().click(); // blur: closes the picker and commits the value
}

async function switchLanguage(page, language) {
  await page.locator('.language-changer:visible').click();
  await page.getByRole('option', { name: language, exact: true }).click();
}

// A real JPEG, drawn by the browser, attached through the photo question's "Choose image" input.
async function attachPhoto(page, label, fileName) {
  const base64 = await page.evaluate(async () => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 48 });
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#2a7'; ctx.fillRect(0, 0, 64, 48);
    ctx.fillStyle = '#fff'; ctx.fillRect(8, 8, 20, 20);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    return btoa(String.fromCharCode(...bytes));
  });
  await question(page, label).locator('input[type=file]:not([capture])').setInputFiles(
    { name: fileName, mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') });
  await question(page, label).locator('img').waitFor(); // the preview
}

// Presses Send and returns what OdkWebForm emitted with `submit` (see page/main.js).
async function send(page) {
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.waitForFunction(() => window.odkTest.state.submissions.length > 0
    || window.odkTest.state.errors.length > 0);
  await assertNoProblems(page);
  return page.evaluate(() => window.odkTest.state.submissions[0]);
}

// Reads an instance with the browser's DOMParser: root, its attributes, each field's text.
async function readInstance(page, xml) {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'text/xml');
    if (doc.querySelector('parsererror')) return { error: doc.querySelector('parsererror').textContent };
    const root = doc.documentElement;
    const fields = {};
    const walk = (el, prefix) => {
      for (const child of el.children) {
        const path = prefix + child.localName;
        if (child.children.length) walk(child, `${path}/`);
        else fields[path] = child.textContent;
      }
    };
    walk(root, '');
    return {
      root: root.localName,
      namespace: root.namespaceURI,
      id: root.getAttribute('id'),
      version: root.getAttributeNS('http://openrosa.org/xforms', 'version'),
      fields,
    };
  }, xml);
}

// Fills the incident form like a reporter: a forced-labour incident at a known site.
async function fillIncident(page, { photo = false } = {}) {
  await choose(page, 'What kind of incident was it?', 'Forced labour');
  await fillDate(page, 'When did it happen?', '2026-03-15');
  await choose(page, 'In which country did it happen?', 'Zimbabwe');
  await fillText(page, 'District or area', 'Marange');
  await choose(page, 'How do you want to give the location?', 'Mining site code');
  await fillText(page, 'Mining site code', 'ZW-MAR-0042');
  await fillText(page, 'What happened?', 'Guards forced diggers to work at night without pay.');
  await fillNumber(page, 'How many people were affected?', 12);
  await choose(page, 'Keep this report restricted (never public)', 'No');
  if (photo) await attachPhoto(page, 'Photo', 'photo.jpg');
}

// The form's version, from the file (it changes with every edit of the form).
const formVersion = (file) =>
  readFileSync(join(formsDir, file), 'utf8').match(/<data [^>]*orx:version="([^"]+)"/)[1];

function assertIncidentInstance(inst) {
  assert.equal(inst.error, undefined);
  assert.equal(inst.root, 'data');
  assert.equal(inst.id, 'openkp_incident');
  assert.equal(inst.version, formVersion('incident.xml'));
  assert.match(inst.fields['meta/instanceID'], /^uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(inst.fields['meta/deprecatedID'], '');
  assert.equal(inst.fields.category, 'forced_labour');
  assert.equal(inst.fields.occurred_on, '2026-03-15');
  assert.equal(inst.fields.participant, 'ZW');
  assert.equal(inst.fields.area, 'Marange');
  assert.equal(inst.fields.location_method, 'site');
  // Non-relevant questions are left out of the instance altogether (the engine drops them).
  assert.equal('location' in inst.fields, false);
  assert.equal(inst.fields.site_code, 'ZW-MAR-0042');
  assert.equal(inst.fields.people_affected, '12');
  assert.equal(inst.fields.restricted, 'no');
  assert.equal(inst.fields.reporter_name, '');
}

// ---- (a) every form loads and speaks French --------------------------------------------------

const forms = {
  'incident.xml': { en: ['What kind of incident was it?', 'Forced labour'], fr: ["De quel type d'incident s'agit-il ?", 'Travail forcé', 'Afrique du Sud'] },
  'site_visit.xml': { en: ['Mining site code', 'Cassiterite'], fr: ['Code du site minier', 'Cassitérite', 'Du mercure est-il utilisé ?'] },
};

for (const [file, labels] of Object.entries(forms)) {
  test(`${file} loads in ODK Web Forms with no error, in English and in French`, async () => {
    const page = await openForm(readFileSync(join(formsDir, file), 'utf8'));
    const form = page.locator('.odk-form');
    for (const text of labels.en) await form.getByText(text, { exact: true }).first().waitFor();
    await switchLanguage(page, 'French');
    for (const text of labels.fr) await form.getByText(text, { exact: true }).first().waitFor();
    assert.equal(await form.getByText(labels.en[0], { exact: true }).count(), 0);
    assert.match(await page.locator('.language-changer:visible').textContent(), /French/);
    await assertNoProblems(page);
    if (shots) await page.screenshot({ path: join(shots, `odk-${file.replace('.xml', '')}-fr.png`), fullPage: true });
    await page.close();
  });
}

// ---- (b) a reporter fills in and sends the incident form -------------------------------------

test('the incident form refuses to send without its required answers', async () => {
  const page = await openForm(readFileSync(join(formsDir, 'incident.xml'), 'utf8'));
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.getByText(/questions with errors/).waitFor();
  assert.equal(await page.evaluate(() => window.odkTest.state.submissions.length), 0);
  // A date in the future breaks the constraint, with the form's own message.
  await fillDate(page, 'When did it happen?', '2099-01-01');
  await question(page, 'When did it happen?').getByText('The date cannot be in the future.').waitFor();
  await page.close();
});

test('the incident form, filled like a reporter would, yields an instance with id, version and uuid', async () => {
  const page = await openForm(readFileSync(join(formsDir, 'incident.xml'), 'utf8'));
  await fillIncident(page, { photo: true });
  const sub = await send(page);
  assert.equal(sub.status, 'ready');
  assert.deepEqual(sub.parts[0], 'xml_submission_file');
  assert.equal(sub.instance.type, 'text/xml');
  const inst = await readInstance(page, sub.instance.xml);
  assertIncidentInstance(inst);
  // The engine renames an attached file to <milliseconds><extension> and names it in the instance.
  assert.equal(sub.attachments.length, 1);
  assert.match(sub.attachments[0].name, /^\d+\.jpg$/);
  assert.equal(sub.attachments[0].type, 'image/jpeg');
  assert.equal(inst.fields.photo, sub.attachments[0].name);
  assert.equal(inst.fields.audio, '');
  if (shots) await page.screenshot({ path: join(shots, 'odk-incident-filled.png'), fullPage: true });
  await page.close();
});

test('the site visit form yields space-separated multiple choices and asks the armed role only when armed men were seen', async () => {
  const page = await openForm(readFileSync(join(formsDir, 'site_visit.xml'), 'utf8'));
  const role = question(page, 'What do they do on the site?');
  assert.equal(await role.count(), 0);
  await fillText(page, 'Mining site code', 'CD-SK-0117');
  await fillDate(page, 'Date of the visit', '2026-02-03');
  await fillNumber(page, 'Number of workers on the site', 350);
  await choose(page, 'Minerals mined', 'Diamond');
  await choose(page, 'Minerals mined', 'Gold');
  await choose(page, 'Armed men present on the site', 'Public security forces (army, police)');
  await choose(page, 'What do they do on the site?', 'Illegal taxation');
  await choose(page, 'What do they do on the site?', 'Roadblocks');
  await choose(page, 'Do children work on the site?', 'Unknown');
  await choose(page, 'Is mercury used?', 'No');
  const sub = await send(page);
  const inst = await readInstance(page, sub.instance.xml);
  assert.equal(inst.id, 'openkp_site_visit');
  assert.equal(inst.version, formVersion('site_visit.xml'));
  assert.match(inst.fields['meta/instanceID'], /^uuid:/);
  assert.deepEqual({ ...inst.fields, 'meta/instanceID': 'x' }, {
    site_code: 'CD-SK-0117', visited_on: '2026-02-03', location: '', workers: '350',
    minerals: 'diamond gold', armed_presence: 'public_security', armed_role: 'taxation roadblocks',
    child_labour: 'unknown', mercury: 'no', notes: '', photo: '', 'meta/instanceID': 'x',
  });
  await page.close();
});

// ---- (c) the same, through a real openkp server's OpenRosa endpoints --------------------------

// HTTP Digest (RFC 7616, MD5, qop=auth) as ODK Collect's OkHttp client does it: answer the
// 401's challenge, then reuse it (nc counting up) until the server asks again.
class DigestClient {
  constructor(username, password) {
    Object.assign(this, { username, password, challenge: null, nc: 0 });
  }

  static parseChallenge(header) {
    assert.match(header ?? '', /^Digest /i, `expected a Digest challenge, got: ${header}`);
    const params = {};
    for (const m of header.slice(7).matchAll(/([a-zA-Z]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)) {
      params[m[1].toLowerCase()] = m[2] ?? m[3];
    }
    return params;
  }

  authorization(method, url) {
    const md5 = (s) => createHash('md5').update(s).digest('hex');
    const c = this.challenge;
    assert.ok((c.qop ?? '').split(',').map((q) => q.trim()).includes('auth'), `qop: ${c.qop}`);
    assert.match(c.algorithm ?? 'MD5', /^MD5$/i);
    const uri = url.pathname + url.search;
    const nc = (++this.nc).toString(16).padStart(8, '0');
    const cnonce = randomBytes(8).toString('hex');
    const ha1 = md5(`${this.username}:${c.realm}:${this.password}`);
    const ha2 = md5(`${method}:${uri}`);
    const response = md5(`${ha1}:${c.nonce}:${nc}:${cnonce}:auth:${ha2}`);
    return `Digest username="${this.username}", realm="${c.realm}", nonce="${c.nonce}", uri="${uri}", `
      + `algorithm=MD5, response="${response}", qop=auth, nc=${nc}, cnonce="${cnonce}"`
      + (c.opaque !== undefined ? `, opaque="${c.opaque}"` : '');
  }

  async fetch(url, { method = 'GET', headers = {}, body } = {}) {
    url = new URL(url);
    const send = () => fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: {
        'X-OpenRosa-Version': '1.0',
        ...headers,
        ...(this.challenge ? { Authorization: this.authorization(method, url) } : {}),
      },
    });
    let res = await send();
    if (res.status === 401) { // no challenge yet, or a stale one: answer the new one, once
      await res.arrayBuffer();
      this.challenge = DigestClient.parseChallenge(res.headers.get('www-authenticate'));
      this.nc = 0;
      res = await send();
    }
    return res;
  }
}

function assertOpenRosaHeaders(res, what) {
  assert.equal(res.headers.get('x-openrosa-version'), '1.0', `${what}: X-OpenRosa-Version`);
  assert.ok(res.headers.get('date'), `${what}: Date header`);
}

test('a form downloaded from openkp over OpenRosa, filled in ODK Web Forms, is accepted by /submission',
  { skip: bin ? false : 'OPENKP_BIN is not set: no openkp server to talk to (run via tests/odk/run.sh BIN)' },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openkp-odk-'));
    const data = join(dir, 'data');
    let server;
    try {
      execFileSync(bin, ['demo', '--data', data], { stdio: ['ignore', 'ignore', 'inherit'] });
      const device = readFileSync(join(data, 'demo-tokens.txt'), 'utf8').split('\n')
        .find((l) => l.startsWith('Demo device\t'));
      assert.ok(device, 'demo-tokens.txt has a "Demo device" line');
      const credentials = device.split('\t')[1];
      const colon = credentials.indexOf(':');
      const client = new DigestClient(credentials.slice(0, colon), credentials.slice(colon + 1));

      server = spawn(bin, ['serve', '--data', data, '--listen', '127.0.0.1:0'],
        { stdio: ['ignore', 'pipe', 'inherit'] });
      const base = await new Promise((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (d) => {
          out += d;
          const m = out.match(/serving (http:\/\/127\.0\.0\.1:\d+)\//);
          if (m) resolve(m[1]);
        });
        server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
      });

      // Without credentials: a Digest challenge, with the OpenRosa headers.
      const anonymous = await fetch(`${base}/openrosa/formList`, { headers: { 'X-OpenRosa-Version': '1.0' } });
      assert.equal(anonymous.status, 401);
      const challenge = DigestClient.parseChallenge(anonymous.headers.get('www-authenticate'));
      assert.ok(challenge.realm && challenge.nonce, 'the challenge has a realm and a nonce');
      await anonymous.arrayBuffer();

      // formList: text/xml, the incident form with a version, an md5 hash and a download URL.
      const listUrl = `${base}/openrosa/formList`;
      const list = await client.fetch(listUrl);
      const listXml = await list.text();
      assert.equal(list.status, 200, listXml);
      assertOpenRosaHeaders(list, 'formList');
      assert.match(list.headers.get('content-type'), /^text\/xml/);
      assert.match(listXml, /<xforms xmlns="http:\/\/openrosa\.org\/xforms\/xformsList"/);
      const entry = [...listXml.matchAll(/<xform>([\s\S]*?)<\/xform>/g)].map((m) => m[1])
        .find((x) => /<formID>openkp_incident<\/formID>/.test(x));
      assert.ok(entry, `formList names openkp_incident:\n${listXml}`);
      const field = (name) => entry.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1]
        ?.replace(/&amp;/g, '&');
      assert.ok(field('name'), 'the xform has a name');
      assert.ok(field('version'), 'the xform has a non-empty version');
      const downloadUrl = new URL(field('downloadUrl'), listUrl);

      // The form itself, matching the hash formList announced.
      const download = await client.fetch(downloadUrl);
      const formXml = Buffer.from(await download.arrayBuffer());
      assert.equal(download.status, 200);
      assertOpenRosaHeaders(download, 'form download');
      assert.equal(field('hash'), `md5:${createHash('md5').update(formXml).digest('hex')}`);

      // Fill and send it in ODK Web Forms.
      const page = await openForm(formXml.toString('utf8'));
      await fillIncident(page, { photo: true });
      const sub = await send(page);
      const inst = await readInstance(page, sub.instance.xml);
      assertIncidentInstance(inst);
      assert.equal(field('version'), inst.version);
      await page.close();

      // HEAD first, as Collect does (?deviceID= too): 204 and the size limit.
      const submissionUrl = `${base}/openrosa/submission?deviceID=${encodeURIComponent('getodk.org:webforms:openkp-test')}`;
      const head = await client.fetch(submissionUrl, { method: 'HEAD' });
      assert.equal(head.status, 204);
      assertOpenRosaHeaders(head, 'HEAD /submission');
      const limit = Number(head.headers.get('x-openrosa-accept-content-length'));
      assert.ok(limit > 0, 'X-OpenRosa-Accept-Content-Length is a positive number');

      // POST: the instance, and each attachment as a part named by its file name.
      const form = new FormData();
      form.append('xml_submission_file', new Blob([sub.instance.xml], { type: 'text/xml' }), 'submission.xml');
      for (const a of sub.attachments) {
        if (a.name === inst.fields.photo) {
          form.append(a.name, new Blob([Buffer.from(a.base64, 'base64')], { type: 'image/jpeg' }), a.name);
        }
      }
      const post = await client.fetch(submissionUrl, { method: 'POST', body: form });
      const response = await post.text();
      assert.equal(post.status, 201, response);
      assertOpenRosaHeaders(post, 'POST /submission');
      assert.match(post.headers.get('content-type') ?? '', /xml/);
      assert.match(response, /<OpenRosaResponse xmlns="http:\/\/openrosa\.org\/http\/response"/);
      assert.match(response, /<message[^>]*>/);
    } finally {
      // The server writes log tiles until it exits: remove its directory only then.
      if (server && server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
