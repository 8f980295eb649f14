// Community monitoring in the browser (web/src/sites.ts, verify-reports.ts): the map of mining
// sites and incident reports for anyone, with its filters, tables and details; a verifier's review
// of a report, end to end (its answers, photo, history, receipts, the reporter only on a click, a
// status appended or refused); a monitor's own organisation in full. Against a real server with
// the demo's data (web-fixture.mjs). Env: OPENKP_BIN, OPENKP_SCREENSHOT_DIR.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import {
  accessible, base, bearer, browser, shots, signIn, signedInAs, startWeb, stopWeb, tokenOf,
} from './web-fixture.mjs';

before(startWeb);
after(stopWeb);


// The elements showing a key of the dictionary whose text is not the key's in `lang`.
async function untranslated(page, lang) {
  return page.evaluate((lang) => {
    const strings = window.openkpStrings;
    const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
    const norm = (s) => s.replace(/\s+/g, ' ').trim();
    const wrong = [];
    for (const el of document.querySelectorAll('[data-i18n]')) {
      const key = el.dataset.i18n;
      const want = Object.hasOwn(strings, key)
        ? fill(strings[key][lang], JSON.parse(el.dataset.i18nVars ?? '{}'))
        : `(${key} is not in the dictionary)`;
      if (norm(el.textContent) !== norm(want)) wrong.push(`${key}: "${el.textContent}", not "${want}"`);
    }
    return wrong;
  }, lang);
}

const get = async (path, token) => (await fetch(base + path, token ? bearer(token) : {})).json();
const rows = (page, table) => page.$$eval(`#${table} tbody tr`, (trs) => trs.map((tr) => tr.dataset.report ?? tr.dataset.site));
const places = (page) => page.$$eval('#sites-svg g.place', (gs) => gs.map((g) => ({
  reports: (g.dataset.reports ?? '').split(' ').filter(Boolean).map(Number),
  sites: (g.dataset.sites ?? '').split(' ').filter(Boolean),
})));
const sorted = (a) => [...a].sort((x, y) => String(x).localeCompare(String(y), 'en', { numeric: true }));

// Scrolls to the map (it loads when seen) and waits for its points and tables.
async function toMap(page) {
  await page.waitForSelector('#incidents-table tbody tr');
  await page.locator('#sites-map').scrollIntoViewIfNeeded();
  await page.waitForSelector('#sites-svg g.place');
  await page.waitForSelector('#sites-reports-table tbody tr');
}

test('the map: the demo\'s sites and the public reports, loaded when seen; filters change the points and the tables; a point\'s details; French; phone width', async () => {
  const sites = (await get('/v1/sites')).items;
  const reports = (await get('/v1/incidents?limit=10000')).items;
  assert.equal(sites.length, 48);
  assert.ok(reports.length >= 10 && reports.every((r) => r.status !== 'received'));

  const context = await browser.newContext({ bypassCSP: true });  // (CSP: to inject axe)
  const page = await context.newPage();
  const chunks = [];
  page.on('request', (r) => {
    const m = /\/assets\/(sites|sites-strings|monitor-view|verify-reports|monitor-api)-[\w-]+\.js$/.exec(r.url());
    if (m) chunks.push(m[1]);
  });
  await page.goto(base + '/');
  await page.waitForSelector('#incidents-table tbody tr');
  await page.waitForSelector('#stats-table tbody tr');
  assert.deepEqual(chunks, []);  // not with the page: when the map comes into view
  await toMap(page);
  assert.ok(chunks.includes('sites'));
  assert.ok(!chunks.includes('verify-reports'));  // the verifiers' part: for them only

  // Every public report and every site, in the tables and on the map; nothing awaiting review.
  assert.deepEqual(sorted(await rows(page, 'sites-reports-table')), sorted(reports.map((r) => String(r.id))));
  assert.deepEqual(sorted(await rows(page, 'sites-sites-table')), sorted(sites.map((s) => s.code)));
  const drawn = await places(page);
  assert.deepEqual(sorted(drawn.flatMap((p) => p.reports)), sorted(reports.filter((r) => r.location).map((r) => r.id)));
  assert.deepEqual(sorted(drawn.flatMap((p) => p.sites)), sorted(sites.map((s) => s.code)));
  assert.equal(await page.textContent('#sites-count'),
    `Shown: ${reports.length} incident reports and ${sites.length} mining sites.`);
  assert.match(await page.textContent('#sites-view'), /moved by up to 5 km/);
  assert.doesNotMatch(await page.textContent('#sites-map'), /received|Witness|\+000 555/);
  const labels = () => page.$$eval('#sites-svg .label', (ls) => ls.map((l) => l.textContent));
  assert.ok((await page.$$('#sites-svg .land path')).length > 20);
  await page.screenshot({ path: join(shots, 'web-map.png'), fullPage: true });

  // Filters: a country zooms to its places; the points and both tables follow.
  const before = await page.$$eval('#sites-svg .land path', (ps) => ps.length);
  await page.selectOption('#sites-participant', 'SL');
  const sl = reports.filter((r) => r.participant === 'SL');
  assert.deepEqual(sorted(await rows(page, 'sites-reports-table')), sorted(sl.map((r) => String(r.id))));
  assert.deepEqual(sorted(await rows(page, 'sites-sites-table')),
    sorted(sites.filter((s) => s.participant === 'SL').map((s) => s.code)));
  assert.deepEqual(sorted((await places(page)).flatMap((p) => p.sites)),
    sorted(sites.filter((s) => s.participant === 'SL').map((s) => s.code)));
  assert.ok((await page.$$eval('#sites-svg .land path', (ps) => ps.length)) < before);  // zoomed in
  assert.ok((await labels()).includes('Sierra Leone') && (await labels()).includes('Guinea'));
  assert.equal(await page.textContent('#sites-caption'),
    `Map: ${sl.filter((r) => r.location).length} incident reports and 12 mining sites`);

  // A category, a status, a date range: the reports only (sites have none of them).
  await page.selectOption('#sites-participant', '');
  const category = reports[0].category;
  await page.selectOption('#sites-category', category);
  assert.deepEqual(sorted(await rows(page, 'sites-reports-table')),
    sorted(reports.filter((r) => r.category === category).map((r) => String(r.id))));
  assert.equal((await rows(page, 'sites-sites-table')).length, 48);
  await page.selectOption('#sites-category', '');
  await page.selectOption('#sites-status', 'referred');
  const referred = reports.filter((r) => r.status === 'referred');
  assert.ok(referred.length > 0);
  assert.deepEqual(sorted(await rows(page, 'sites-reports-table')), sorted(referred.map((r) => String(r.id))));
  assert.deepEqual((await page.$$eval('#sites-svg circle.unreviewed', (c) => c.length)), 0);
  await page.selectOption('#sites-status', '');
  const dates = sorted(reports.map((r) => r.occurred_on));
  const [from, to] = [dates[2], dates[dates.length - 3]];
  await page.fill('#sites-from', from);
  await page.fill('#sites-to', to);
  assert.deepEqual(sorted(await rows(page, 'sites-reports-table')),
    sorted(reports.filter((r) => r.occurred_on >= from && r.occurred_on <= to).map((r) => String(r.id))));
  // A range the wrong way round: said beside the field; nothing matches.
  await page.fill('#sites-to', '2000-01-01');
  assert.equal(await page.textContent('#sites-to-error'), 'This date is before the first one.');
  assert.equal(await page.getAttribute('#sites-to', 'aria-invalid'), 'true');
  assert.equal(await page.textContent('#sites-reports p'), 'No report matches these filters.');
  // Only the sites layer; one site: the public's reports do not name it.
  await page.click('#sites-clear');
  await page.waitForFunction(() => document.querySelectorAll('#sites-reports-table tbody tr').length > 5);
  assert.equal(await page.inputValue('#sites-to'), '');
  await page.selectOption('#sites-site', 'SL-KON-001');
  assert.deepEqual(await rows(page, 'sites-sites-table'), ['SL-KON-001']);
  assert.match(await page.textContent('#sites-site-note'), /do not name their site/);
  await page.uncheck('#sites-show-sites');
  assert.equal(await page.textContent('#sites-sites p'), 'Sites are not shown (see the filters).');
  assert.equal((await places(page)).length, 0);
  await page.click('#sites-clear');
  await page.waitForFunction(() => document.querySelectorAll('#sites-sites-table tbody tr').length === 48);

  // A point's details, as the public sees them: the displaced place the API gives, no identity.
  const report = reports.find((r) => r.location && r.description);
  await page.locator(`#sites-svg g.place[data-reports~="${report.id}"]`).dispatchEvent('click');
  const card = `#sites-detail article[data-report="${report.id}"]`;
  await page.waitForSelector(`${card} ol.history li`);
  const text = await page.textContent(card);
  assert.match(text, new RegExp(`^Report ${report.id} · `));
  assert.ok(text.includes(`${report.location.latitude}, ${report.location.longitude} (moved by up to 5 km)`), text);
  assert.ok(text.includes(report.description));
  assert.ok(text.includes(report.area));
  assert.doesNotMatch(text, /Download the log receipt|Files|Review report/);
  assert.match(await page.textContent(`${card} ol.history`), /verified/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'sites-detail-title');
  assert.equal(await page.getAttribute(`#sites-svg g.place[data-reports~="${report.id}"]`, 'class'), 'place selected');
  // A site's, from its row in the table: its facts and visits.
  await page.click('#sites-sites-table tr[data-site="SL-KON-001"] button');
  const siteCard = '#sites-detail article[data-site="SL-KON-001"]';
  await page.waitForFunction((c) => /Visits\s*\d+, the latest on \d{4}-\d{2}-\d{2}/.test(document.querySelector(c)?.textContent ?? ''), siteCard);
  const site = sites.find((s) => s.code === 'SL-KON-001');
  assert.ok((await page.textContent(siteCard)).includes(`${site.location.latitude}, ${site.location.longitude} (moved by up to 5 km)`));
  assert.match(await page.textContent(siteCard), new RegExp(`${site.name}.*Sierra Leone`));
  await accessible(page, 'the map and its details, English');
  await page.screenshot({ path: join(shots, 'web-map-details.png'), fullPage: true });

  // French: the map's texts and the country names too.
  await page.selectOption('#lang', 'fr');
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  assert.equal(await page.textContent('#sites-title'), 'Carte des sites miniers et des signalements');
  assert.equal(await page.textContent('#sites-count'),
    `Affichés\u00a0: ${reports.length} signalements et ${sites.length} sites miniers.`);
  assert.equal(await page.textContent('#sites-reports-table thead th:first-child'), 'Signalement');
  assert.match(await page.textContent(siteCard), /Visites\s*\d+, la dernière le/);
  assert.ok((await page.$$eval('#sites-participant option', (os) => os.map((o) => o.textContent))).includes('République centrafricaine'));
  assert.deepEqual(await untranslated(page, 'fr'), []);
  await accessible(page, 'the map and its details, French');
  await page.screenshot({ path: join(shots, 'web-map-fr.png'), fullPage: true });
  await context.close();

  // On a phone: the map fits the width; the details below it; the page never scrolls sideways
  // (wide tables, the statistics' too, scroll in their own box).
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const small = await phone.newPage();
  await small.goto(base + '/');
  await small.waitForSelector('#stats-table tbody tr');
  await small.waitForSelector('#incidents-table tbody tr');
  await small.waitForSelector('#log-table');
  await toMap(small);
  const box = await small.locator('#sites-svg').boundingBox();
  assert.ok(box.width <= 390 && box.width > 300, String(box.width));
  assert.ok(await small.evaluate(() => document.querySelector('#sites-map').scrollWidth <= window.innerWidth));
  await small.click(`#sites-reports-table tr[data-report="${report.id}"] button`);
  await small.waitForSelector(`${card} ol.history li`);
  assert.ok(await small.isVisible('#stats-table'));
  const [width, wider] = await small.evaluate(() => [document.documentElement.scrollWidth,
    [...document.querySelectorAll('body *')].filter((e) => !e.closest('.scroll, .scroll-narrow')
      && e.getBoundingClientRect().right > 390.5).map((e) => e.id || e.tagName).slice(0, 5)]);
  assert.ok(width <= 390, `the page is ${width} px wide: ${wider}`);
  await small.screenshot({ path: join(shots, 'web-map-phone.png'), fullPage: true });
  await phone.close();
});

// A 48×32 PNG (a gradient), as a phone's camera would send one.
function png() {
  const w = 48;
  const h = 32;
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; ++y) {
    for (let x = 0; x < w; ++x) raw.set([x * 5, 120, y * 7], y * (w * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

test('a verifier reviews a report on the page: answers, photo, history, receipts; the reporter only on a click; the API\'s refusals; verified, the public sees it displaced and without identity; French; phone width', async () => {
  // A monitor files a report with a photo and the reporter's identity (JSON API, as report.ts does).
  const photo = png();
  const unique = `Children carried gravel at night (${Date.now()}).`;
  const filing = await fetch(base + '/v1/incidents', {
    method: 'POST',
    headers: { ...bearer(tokenOf('Demo monitor NMJD-SL')).headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      category: 'child_labour', occurred_on: '2026-01-15', participant: 'SL', area: 'Kono',
      location: { latitude: '8.644861', longitude: '-10.970417' }, description: unique,
      people_affected: 7, reporter: { name: 'Aminata Kamara', contact: '+232 76 555 010' },
      photo: { name: 'pit.png', content_type: 'image/png', data: photo.toString('base64') },
    }),
  });
  assert.equal(filing.status, 201);
  const filed = await filing.json();
  const id = filed.id;
  // Not public yet.
  assert.equal((await fetch(`${base}/v1/incidents/${id}`)).status, 404);
  // Its receipts exist once the log integrates it (within a second).
  const verifier = tokenOf('Demo verifier');
  for (let i = 0; (await fetch(`${base}/v1/incidents/${id}/receipt`, bearer(verifier))).status !== 200; ++i) {
    assert.ok(i < 40);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/reporter')) asked.push(r.url()); });
  await page.goto(base + '/');
  await signIn(page, 'verifier');
  await signedInAs(page, 'Demo verifier');
  // The queue: the reports awaiting review, this one among them.
  await page.waitForSelector(`#vetting-table tr[data-report="${id}"]`);
  const waiting = (await get('/v1/incidents?limit=10000', verifier)).items.filter((r) => r.status === 'received');
  assert.deepEqual(await rows(page, 'vetting-table'), waiting.map((r) => String(r.id)));
  assert.equal(await page.textContent('#vetting-count'), `${waiting.length} reports (awaiting review)`);

  await page.click(`#vetting-table tr[data-report="${id}"] button`);
  await page.waitForSelector('#vetting-report-title');
  assert.equal(await page.textContent('#vetting-report-title'), `Report ${id} · child labour`);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'vetting-report-title');
  const answers = await page.textContent('#vetting-report dl');
  for (const want of [unique, 'Kono', '8.644861, -10.970417', 'NMJD-SL', 'Sierra Leone', '2026-01-15', filed.sha256, filed.instance_id]) {
    assert.ok(answers.includes(want), want);
  }
  assert.match(answers, /People affected\s*7/);
  assert.match(await page.textContent('#vetting-state'), /received \(the public does not see it\)/);
  // The photo, in the page, byte for byte.
  await page.waitForFunction(() => document.querySelector('#vetting-files img')?.complete);
  const shown = await page.$eval('#vetting-files img', async (img) => ({
    alt: img.alt, width: img.naturalWidth,
    bytes: [...new Uint8Array(await (await fetch(img.src)).arrayBuffer())],
  }));
  assert.equal(shown.alt, `Photo pit.png of report ${id}`);
  assert.equal(shown.width, 48);
  assert.deepEqual(Buffer.from(shown.bytes), photo);
  assert.ok((await page.textContent('#vetting-files figcaption'))
    .includes(createHash('sha256').update(photo).digest('hex')));
  // Its history, and its receipts from the log (the XML and the photo).
  await page.waitForSelector('#vetting-history li');
  assert.match(await page.textContent('#vetting-history li'), /^received · .* · Demo monitor NMJD-SL: /);
  await page.waitForSelector('#vetting-receipt-download');
  assert.match(await page.textContent('#vetting-receipt'), /2 entries of the log prove what was received/);
  assert.ok((await page.textContent('#vetting-receipt')).includes(filed.files[0].sha256));

  // The reporter: nowhere on the page, never asked for, until the click.
  assert.deepEqual(asked, []);
  assert.doesNotMatch(await page.textContent('body'), /Aminata|555 010/);
  assert.match(await page.textContent('#vetting-reporter-hint'), /each reading is logged/);
  await page.click('#vetting-reveal');
  await page.waitForSelector('#vetting-reporter-identity dl');
  assert.match(await page.textContent('#vetting-reporter-identity'), /Name\s*Aminata Kamara\s*Contact\s*\+232 76 555 010/);
  assert.equal(asked.length, 1);

  // No reason: the API's message beside the field.
  await page.selectOption('#vetting-status', 'verified');
  await page.click('#vetting-submit');
  await page.waitForSelector('#vetting-reason[aria-invalid=true]');
  assert.equal(await page.textContent('#vetting-reason-error'), 'reason: is required');
  assert.equal(await page.textContent('#vetting-message'), 'reason: is required');
  await accessible(page, 'a report opened for review, English');
  await page.screenshot({ path: join(shots, 'web-vetting.png'), fullPage: true });

  // Verified, with a reason: said, its history and the queue follow.
  await page.fill('#vetting-reason', 'Two monitors saw it; photo checked.');
  await page.click('#vetting-submit');
  await page.waitForSelector('#vetting-message.ok');
  assert.equal(await page.textContent('#vetting-message'),
    `Report ${id} updated: the public now sees it, displaced and without its reporter (verified)`);
  assert.equal(await page.getAttribute('#vetting-reason', 'aria-invalid'), null);
  await page.waitForFunction(() => document.querySelectorAll('#vetting-history li').length === 2);
  assert.match(await page.textContent('#vetting-history li:nth-child(2)'),
    /^verified · .* · Demo verifier: Two monitors saw it; photo checked\.$/);
  assert.match(await page.textContent('#vetting-state'), /verified \(the public sees it, displaced\)/);
  await page.waitForFunction((id) => !document.querySelector(`#vetting-table tr[data-report="${id}"]`), id);
  // Verified again: the API refuses, and says why.
  await page.fill('#vetting-reason', 'Again.');
  await page.click('#vetting-submit');
  await page.waitForSelector('#vetting-message.bad');
  assert.equal(await page.textContent('#vetting-message'), 'the report is verified already');

  // The verifier's map: every report, exact; this one among the reviewed.
  await page.locator('#sites-map').scrollIntoViewIfNeeded();
  await page.waitForSelector(`#sites-svg g.place[data-reports~="${id}"]`);
  assert.match(await page.textContent('#sites-view'), /every report at its exact place/);
  await page.selectOption('#sites-status', 'received');
  assert.deepEqual(sorted(await rows(page, 'sites-reports-table')), sorted(waiting.filter((r) => r.id !== id).map((r) => String(r.id))));
  assert.ok((await page.$$eval('#sites-svg circle.unreviewed', (c) => c.length)) > 0);
  await page.selectOption('#sites-status', '');
  // From the map back to the review.
  await page.click(`#sites-reports-table tr[data-report="${waiting[0].id}"] button`);
  await page.click(`#sites-detail article[data-report="${waiting[0].id}"] button[data-action=review]`);
  await page.waitForFunction((n) => document.querySelector('#vetting-report-title')?.textContent.startsWith(`Report ${n} `), waiting[0].id);

  // French, and at a phone's width.
  await page.selectOption('#lang', 'fr');
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  assert.equal(await page.textContent('#vetting-title'), 'Signalements à examiner');
  assert.equal(await page.textContent('label[for=vetting-reason]'), 'Pourquoi');
  assert.equal(await page.textContent('#vetting-reveal'), 'Afficher l’identité de la personne');
  assert.deepEqual(await untranslated(page, 'fr'), []);
  await accessible(page, 'a report opened for review, French');
  await page.setViewportSize({ width: 390, height: 844 });
  assert.ok(await page.evaluate(() => document.querySelector('#vetting').scrollWidth <= window.innerWidth));
  await page.screenshot({ path: join(shots, 'web-vetting-fr-phone.png'), fullPage: true });
  await context.close();

  // The public: the report is public now, displaced, without its reporter or files.
  const pub = await (await fetch(`${base}/v1/incidents/${id}`)).json();
  assert.equal(pub.status, 'verified');
  assert.notDeepEqual(pub.location, { latitude: 8.644861, longitude: -10.970417 });
  assert.ok(Math.abs(pub.location.latitude - 8.644861) < 0.06 && Math.abs(pub.location.longitude + 10.970417) < 0.06);
  const anyone = await browser.newPage();
  await anyone.goto(base + '/');
  await anyone.waitForSelector(`#incidents-table tbody tr`);
  assert.ok((await anyone.textContent('#incidents-table')).includes(unique));
  await toMap(anyone);
  await anyone.locator(`#sites-svg g.place[data-reports~="${id}"]`).dispatchEvent('click');
  const card = `#sites-detail article[data-report="${id}"]`;
  await anyone.waitForSelector(`${card} ol.history li`);
  const seen = await anyone.textContent(card);
  assert.ok(seen.includes(`${pub.location.latitude}, ${pub.location.longitude} (moved by up to 5 km)`), seen);
  assert.ok(!seen.includes('8.644861'));
  assert.match(await anyone.textContent(`${card} ol.history`), /received · \d{4}-\d{2}-\d{2}verified · \d{4}-\d{2}-\d{2}/);
  assert.doesNotMatch(await anyone.textContent('body'), /Aminata|555 010|pit\.png|Two monitors|Demo verifier/);
  await anyone.close();
});

test('a monitor: its organisation\'s sites and reports on the map, in full, each with its log receipt', async () => {
  const monitor = tokenOf('Demo monitor NMJD-SL');
  const theirs = (await get('/v1/incidents?limit=10000', monitor)).items;
  const own = theirs.filter((r) => r.organisation === 'NMJD-SL');
  assert.ok(own.length > 0 && own.every((r) => r.instance_id));
  const sites = (await get('/v1/sites', monitor)).items;

  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(base + '/');
  await signIn(page, 'monitor-nmjd');
  await signedInAs(page, 'Demo monitor NMJD-SL');
  await page.waitForSelector('#report-form');  // their form (report.ts), as before
  await toMap(page);
  await page.waitForFunction(() => document.querySelector('#sites-organisation')?.value === 'NMJD-SL');
  assert.match(await page.textContent('#sites-view'), /your organisation’s reports are shown in full/);
  await page.waitForFunction((n) => document.querySelectorAll('#sites-reports-table tbody tr').length === n, own.length);
  assert.deepEqual(sorted(await rows(page, 'sites-reports-table')), sorted(own.map((r) => String(r.id))));
  assert.deepEqual(sorted(await rows(page, 'sites-sites-table')),
    sorted(sites.filter((s) => s.organisation === 'NMJD-SL').map((s) => s.code)));
  assert.equal(await page.$('#vetting'), null);  // no review for monitors

  // One awaiting review: exact, with its files and its receipt a click away.
  const report = own.find((r) => r.status === 'received' && r.location);
  await page.click(`#sites-reports-table tr[data-report="${report.id}"] button`);
  const card = `#sites-detail article[data-report="${report.id}"]`;
  await page.waitForSelector(`${card} ol.history li`);
  const text = await page.textContent(card);
  assert.ok(text.includes(`${report.location.latitude}, ${report.location.longitude} (exact)`), text);
  assert.match(text, /received \(not public\)/);
  assert.match(text, /Files\s*none/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`${card} button[data-action=receipt]`),
  ]);
  assert.equal(download.suggestedFilename(), `report-${report.id}-receipt.json`);
  const receipt = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(receipt.report, report.id);
  assert.equal(receipt.entries[0].sha256, report.sha256);
  await page.screenshot({ path: join(shots, 'web-map-monitor-phone.png'), fullPage: true });

  // Every organisation: the others' reports as the public sees them (displaced).
  await page.selectOption('#sites-organisation', '');
  assert.equal((await rows(page, 'sites-reports-table')).length, theirs.length);
  const other = theirs.find((r) => r.organisation !== 'NMJD-SL' && r.location);
  await page.click(`#sites-reports-table tr[data-report="${other.id}"] button`);
  await page.waitForSelector(`#sites-detail article[data-report="${other.id}"] ol.history li`);
  const seen = await page.textContent(`#sites-detail article[data-report="${other.id}"]`);
  assert.ok(seen.includes('(moved by up to 5 km)'));
  assert.doesNotMatch(seen, /Download the log receipt/);
  await context.close();
});
