// The web page in a real browser: Debian's chromium driven by playwright-core, against a real
// openkp server with demo data (web-fixture.mjs). Env: OPENKP_BIN, OPENKP_SCREENSHOT_DIR.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { deflateRawSync } from 'node:zlib';
import canonicalize from 'canonicalize';
import { chromium } from 'playwright-core';
import QRCode from 'qrcode';
import {
  accessible as accessibleIn, adminToken, base, bearer, browser, dir, numberWithStatus, passwordOf,
  shots, signIn, signedInAs, startWeb, stopWeb, tokenOf,
} from './web-fixture.mjs';

before(startWeb);
after(stopWeb);

async function verifyInPage(number) {
  const page = await browser.newPage();
  await page.goto(base + '/');
  await page.fill('#number', number);
  await page.click('button[type=submit]');
  await page.waitForSelector('#result h2');
  return page;
}

test('a confirmed certificate shows as valid, with its checks and no trade secrets', async () => {
  const number = await numberWithStatus('confirmed');
  const page = await verifyInPage(number);
  assert.match(await page.textContent('#result h2'), /^Valid \(confirmed\)/);
  const table = await page.textContent('#result table');
  assert.match(table, new RegExp(number));
  assert.match(table, /signature/);
  assert.doesNotMatch(table, /Trading|Diamonds|Street|carat/i);
  await page.screenshot({ path: join(shots, 'web-verify-valid.png'), fullPage: true });
  await page.close();
});

test('a voided certificate says why it is not valid', async () => {
  const page = await verifyInPage(await numberWithStatus('voided'));
  assert.match(await page.textContent('#result h2'), /^Not valid: voided/);
  await page.close();
});

test('an unknown number gets a clear message', async () => {
  const page = await verifyInPage('ZZ-1999-000001');
  assert.match(await page.textContent('#result h2'), /no certificate 'ZZ-1999-000001'/);
  await page.screenshot({ path: join(shots, 'web-verify-unknown.png'), fullPage: true });
  await page.close();
});

test('the production table shows the real KP statistics, year by year, with world totals', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  await page.waitForSelector('#stats-table');
  await page.selectOption('#stats-year', '2019');
  await page.waitForFunction(() => document.querySelector('#stats-csv').href.endsWith('year=2019'));
  // The links change at once, the table when 2019's figures have arrived.
  await page.waitForFunction(() =>
    /138,139,370\.49/.test(document.querySelector('#stats-table tr.total')?.textContent ?? ''));
  const total = await page.textContent('#stats-table tr.total');
  assert.match(total, /World total/);
  assert.match(total, /138,139,370\.49/);
  assert.match(total, /13,570,535,530\.16/);
  assert.match(await page.textContent('#stats-table'), /Botswana23,687,013\.00/);
  // The CSV link downloads the same year.
  const csv = await (await fetch(await page.getAttribute('#stats-csv', 'href').then((h) => base + h))).text();
  assert.match(csv, /,World total,2019,Y,138139370\.49,13570535530\.16,98\.24,/);
  await page.screenshot({ path: join(shots, 'web-stats-2019.png'), fullPage: true });
  await page.close();
});

// --- the statistics dashboard (web/src/stats.ts, dashboard.ts, charts.ts, worldmap.ts) ---
// Integer hundredths as the page writes them (web/src/format.ts).
const amountOf = (h) => {
  const d = String(Math.abs(h)).padStart(3, '0');
  return (h < 0 ? '-' : '') + d.slice(0, -2).replace(/\B(?=(\d{3})+$)/g, ',') + '.' + d.slice(-2);
};

test('statistics dashboard: loaded when seen; a participant over the years; the world map; downloads; French', async () => {
  const context = await browser.newContext({ bypassCSP: true, acceptDownloads: true });  // (CSP: to inject axe)
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  const assets = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/assets/')) assets.push(path);
  });
  await page.goto(base + '/');
  await page.waitForSelector('#stats-table tbody tr');
  await page.waitForSelector('#trade-result h3');
  await page.waitForTimeout(500);  // (time for an observer that would fire too early)
  // The first load: the page's script and styles only, neither the dashboard's nor the map's.
  assert.ok(assets.length > 0 && assets.every((p) => /^\/assets\/index-[\w-]+\.(js|css)$/.test(p)),
    assets.join(' '));
  let firstLoad = 0;  // bytes as sent (gzip)
  for (const path of ['/', ...assets]) {
    const res = await fetch(base + path, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(res.headers.get('content-encoding'), 'gzip', path);
    firstLoad += Number(res.headers.get('content-length'));
  }
  assert.ok(firstLoad < 60 * 1024, `the first load is ${firstLoad} bytes gzip`);

  // The year's trade from certificates: a withheld figure says so, never 0.
  await page.selectOption('#stats-year', '2026');
  await page.waitForSelector('#exports-table');
  const exports2026 = await (await fetch(`${base}/v1/stats/exports?year=2026`)).json();
  const world = exports2026.totals[0];
  assert.equal(world.suppressed, true);
  const worldRow = await page.$$eval('#exports-table tr.total > *', (cells) => cells.map((c) => c.textContent));
  assert.deepEqual(worldRow, ['World total', String(world.certificates), 'withheld', 'withheld', 'withheld']);
  const shown = exports2026.rows.find((r) => !r.suppressed);
  if (shown) {
    assert.match(await page.textContent('#exports-table'),
      new RegExp(`${shown.name}${shown.certificates}${amountOf(shown.carats_hundredths)}`));
  }
  // The year's tables download as CSV (a real download: the browser saves the file).
  await page.selectOption('#stats-year', '2019');
  await page.waitForFunction(() => document.querySelector('#stats-csv').href.endsWith('year=2019'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#stats-csv')]);
  assert.equal(download.suggestedFilename(), 'production.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv, /^participant,name,year,period,carats,value_usd,usd_per_carat,/);
  assert.match(csv, /\r\nBW,Botswana,2019,Y,23687013\.00,3434616885\.00,145\.00,/);
  assert.match(csv, /,World total,2019,Y,138139370\.49,13570535530\.16,98\.24,/);
  assert.equal(await page.getAttribute('#stats-xlsx', 'href'), '/v1/stats/production?format=xlsx&year=2019');

  // Scrolled into view, the dashboard loads: a participant's charts, each figure the API's.
  await page.locator('#dash-charts').scrollIntoViewIfNeeded();
  await page.waitForSelector('#dash-participant option[value="BW"]', { state: 'attached' });
  await page.selectOption('#dash-participant', 'BW');
  await page.waitForFunction(() =>
    document.querySelector('#chart-carats figcaption')?.textContent.startsWith('Botswana:'));
  const bw = (await (await fetch(`${base}/v1/stats/production?participant=BW`)).json()).rows;
  const bw2019 = bw.find((r) => r.year === 2019);
  const bar = '#chart-carats rect[data-year="2019"]';
  assert.equal(await page.getAttribute(bar, 'data-value'), String(bw2019.carats_hundredths));
  assert.equal(await page.textContent(`${bar} title`), `2019: ${amountOf(bw2019.carats_hundredths)} ct`);
  assert.equal(await page.getAttribute('#chart-usd rect[data-year="2019"]', 'data-value'),
    String(bw2019.value_usd_cents));
  assert.equal(await page.textContent('#chart-usd-per-carat circle[data-year="2019"] title'),
    `2019: US$ ${bw2019.usd_per_carat}/ct`);
  // Bars as tall as their figures: 2019 against 2009.
  const bw2009 = bw.find((r) => r.year === 2009);
  const height = (year) => page.$eval(`#chart-carats rect[data-year="${year}"]`, (r) => r.getBBox().height);
  const ratio = (await height(2019)) / (await height(2009));
  assert.ok(Math.abs(ratio / (bw2019.carats_hundredths / bw2009.carats_hundredths) - 1) < 0.01, String(ratio));
  // Each chart is an image named by its caption; the table it is drawn from is one click away.
  assert.equal(await page.getAttribute('#chart-carats svg', 'aria-labelledby'), 'chart-carats-caption');
  await page.click('#dash-table-box summary');
  const row2019 = await page.$$eval('#dash-table tbody tr', (rows) => rows
    .map((r) => [...r.cells].map((c) => c.textContent)).find((cells) => cells[0] === '2019'));
  assert.deepEqual(row2019.slice(0, 4), ['2019', amountOf(bw2019.carats_hundredths),
    amountOf(bw2019.value_usd_cents), bw2019.usd_per_carat]);
  // The world: the world totals; trade the registry withholds is marked, not drawn as 0.
  await page.selectOption('#dash-participant', '');
  await page.waitForFunction(() =>
    document.querySelector('#chart-carats figcaption')?.textContent.startsWith('World:'));
  assert.equal(await page.getAttribute(bar, 'data-value'), '13813937049');
  assert.equal(await page.textContent('#chart-trade .withheld-mark[data-year="2026"] title'),
    '2026: withheld (too few certificates)');
  assert.equal(await page.$('#chart-trade rect[data-year="2026"]'), null);
  await page.selectOption('#dash-participant', 'BW');
  await page.waitForFunction(() =>
    document.querySelector('#chart-carats figcaption')?.textContent.startsWith('Botswana:'));

  // The world map: its own chunk, loaded only now; a path per country.
  await page.locator('#worldmap').scrollIntoViewIfNeeded();
  await page.waitForSelector('#map-svg path[data-code="BW"]');
  assert.ok(assets.some((p) => /^\/assets\/worldmap-[\w-]+\.js$/.test(p)), assets.join(' '));
  const paths = await page.$$eval('#map-svg .countries path', (ps) => ps.map((p) => p.getAttribute('d')));
  assert.ok(paths.length > 170 && paths.every((d) => d.length > 10), `${paths.length} countries`);
  assert.match(await page.textContent('#map-caption'), /^Rough-diamond production in 2019, in carats$/);
  // A producer is coloured, a country without a figure (Greenland, 304) is not.
  const fill = (sel) => page.getAttribute(`#map-svg ${sel}`, 'fill');
  assert.notEqual(await fill('path[data-code="BW"]'), await fill('path[data-id="304"]'));
  assert.notEqual(await fill('path[data-code="RU"]'), await fill('path[data-id="304"]'));
  // Hovering a country shows its figure, the table's.
  await page.hover('#map-svg path[data-code="BW"]');
  await page.waitForSelector('#map-tip', { state: 'visible' });
  assert.equal(await page.textContent('#map-tip'), `Botswana, 2019: ${amountOf(bw2019.carats_hundredths)} ct` +
    ` · US$ ${amountOf(bw2019.value_usd_cents)} · US$ ${bw2019.usd_per_carat}/ct`);
  // The keyboard: focus shows it too, and the arrow keys move to the next country.
  const y2019 = (await (await fetch(`${base}/v1/stats/production?year=2019`)).json()).rows;
  const ru = y2019.find((r) => r.participant === 'RU');
  await page.focus('#map-svg path[data-code="RU"]');
  assert.match(await page.textContent('#map-tip'),
    new RegExp(`^Russian Federation, 2019: ${amountOf(ru.carats_hundredths)} ct`));
  assert.match(await page.getAttribute('#map-svg path[data-code="RU"]', 'aria-label'), /^Russian Federation, 2019: /);
  await page.keyboard.press('ArrowRight');
  assert.notEqual(await page.evaluate(() => document.activeElement.dataset.code), 'RU');
  assert.match(await page.textContent('#map-tip'), /^[^,]+, 2019: /);
  // US$ instead of carats; another year.
  await page.check('#map-usd');
  assert.equal(await page.textContent('#map-caption'), 'Rough-diamond production in 2019, in US$');
  assert.match(await page.textContent('#map-legend'), /US\$ [\d,]+ or more/);
  await page.selectOption('#stats-year', '2010');
  await page.waitForFunction(() => document.querySelector('#map-caption').textContent.includes('2010'));
  await page.hover('#map-svg path[data-code="BW"]');
  assert.match(await page.textContent('#map-tip'), /^Botswana, 2010: /);
  // The EU is one participant: its member states show its figure (in the data: a nil report for
  // 2003), and the legend says so.
  await page.selectOption('#stats-year', '2003');
  await page.waitForFunction(() => document.querySelector('#map-caption').textContent.includes('2003'));
  await page.focus('#map-svg path[data-code="FR"]');
  assert.equal(await page.textContent('#map-tip'),
    'France, part of the European Union (one KP participant), 2003: nil report');
  assert.equal(await fill('path[data-code="FR"]'), 'url(#map-nil)');
  assert.equal(await fill('path[data-code="DE"]'), 'url(#map-nil)');
  assert.match(await page.textContent('#map-eu'), /European Union is one KP participant: its 15 member states in 2003/);
  await page.selectOption('#stats-year', '2019');
  await page.waitForFunction(() => document.querySelector('#map-caption').textContent.includes('2019'));
  await page.locator('#dash-charts').screenshot({ path: join(shots, 'web-dashboard.png') });
  await page.locator('#map-figure').screenshot({ path: join(shots, 'web-worldmap.png') });

  // Accessible: no serious or critical axe-core violation with the dashboard open, in English
  // and in French; in French every text, the charts' and the map's too.
  const check = (what) => accessibleIn(page, what);
  await check('dashboard, English');
  await page.selectOption('#lang', 'fr');
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  assert.equal(await page.textContent('#chart-carats figcaption'), 'Botswana : production de diamants bruts par an, en carats');
  assert.equal(await page.textContent('#chart-carats text.axis-title'), 'millions de carats');
  assert.equal(await page.textContent(`${bar} title`), `2019 : ${amountOf(bw2019.carats_hundredths)} ct`);
  assert.equal(await page.textContent('#map-caption'), 'Production de diamants bruts en 2019, en US$');
  assert.match(await page.textContent('#map-legend'), /déclaration nulle/);
  assert.match(await page.textContent('#trade-result h3'), /^Exportations et importations en 2019/);
  assert.match(await page.getAttribute('#map-svg path[data-code="RU"]', 'aria-label'), /^Russian Federation, 2019 : /);
  assert.deepEqual((await translated(page, 'fr')).wrong, []);
  await check('dashboard, French');
  assert.equal(await page.textContent('#map-eu'), '');  // 2019: no EU figure, no EU note
  await page.locator('#dash-charts').screenshot({ path: join(shots, 'web-dashboard-fr.png') });
  await page.locator('#map-figure').screenshot({ path: join(shots, 'web-worldmap-fr.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test("statistics dashboard, signed in: the participant's anomaly findings, most severe first, with their numbers", async () => {
  // An officer: their own participant first, the findings of /v1/stats/anomalies, as of when.
  const token = tokenOf('Demo officer BW');
  const page = await browser.newPage();
  await page.goto(base + '/');
  await page.fill('#token', token);
  await page.click('#signin button');
  await page.waitForSelector('#me.ok');
  await page.locator('#dash-charts').scrollIntoViewIfNeeded();
  await page.waitForSelector('#dash-findings-list li');
  assert.equal(await page.inputValue('#dash-participant'), 'BW');
  const api = await (await fetch(`${base}/v1/stats/anomalies?participant=BW`, bearer(token))).json();
  assert.ok(api.findings.length > 3);
  const ids = await page.$$eval('#dash-findings-list li', (lis) => lis.map((li) => li.dataset.finding));
  assert.deepEqual(ids, api.findings.slice(0, 20).map((f) => f.id));
  const first = api.findings[0];
  const compared = await page.$$eval('#dash-findings-list li:first-child table.compared tbody tr',
    (rows) => rows.map((r) => [r.cells[0].textContent, r.cells[1].textContent]));
  assert.deepEqual(compared, first.compared.map((c) => [c.label, c.value]));
  assert.equal(await page.textContent('#dash-findings-list li:first-child .finding-head'),
    `severity ${first.severity} · ${first.rule} · ${first.period}`);
  assert.equal(await page.textContent('#dash-findings-list li:first-child .threshold'), `Threshold: ${first.threshold}`);
  assert.match(await page.textContent('#dash-findings-asof'), /^As of \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
  assert.match(await page.textContent('#dash-findings h4'), /^Botswana: anomaly findings, most severe first$/);
  await page.locator('#dash-findings').screenshot({ path: join(shots, 'web-dashboard-findings.png') });
  // Another participant's: not for an officer (the server's word).
  await page.selectOption('#dash-participant', 'ZA');
  await page.waitForFunction(() => /South Africa/.test(document.querySelector('#dash-findings h4')?.textContent));
  assert.match(await page.textContent('#dash-findings'), /their own participant only/);
  await page.close();

  // An analyst: the same findings, most severe first, from the working group's view.
  const analyst = await browser.newPage();
  await analyst.goto(base + '/');
  await analyst.fill('#token', tokenOf('Demo analyst'));
  await analyst.click('#signin button');
  await analyst.waitForSelector('#me.ok');
  await analyst.locator('#dash-charts').scrollIntoViewIfNeeded();
  await analyst.waitForSelector('#dash-participant option[value="BW"]', { state: 'attached' });
  await analyst.selectOption('#dash-participant', 'BW');
  await analyst.waitForFunction(() => /^Botswana/.test(document.querySelector('#dash-findings h4')?.textContent));
  await analyst.waitForSelector('#dash-findings-list li');
  const seen = await analyst.$$eval('#dash-findings-list li', (lis) => lis.map((li) => li.dataset.finding));
  assert.equal(seen[0], first.id);
  assert.ok(seen.every((id) => api.findings.some((f) => f.id === id)));
  await analyst.close();
});

test('beside a verification, the risk flags of the participants the certificate concerns', async () => {
  const number = await numberWithStatus('confirmed');
  const page = await verifyInPage(number);
  await page.waitForSelector('#risk h3');
  const risk = await page.textContent('#risk');
  // The public sees its issuer's flags (the origin is private to the parties), and the note
  // that flags are information, not part of validity.
  assert.match(risk, /risk flags|No open risk flags for [A-Z]{2}/i);
  assert.match(risk, /not part of the certificate's validity/);
  assert.match(await page.textContent('#result h2'), /^Valid/);
  await page.close();
});

test('public incident reports: reviewed ones, without reporters, with export links', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  await page.waitForSelector('#incidents-table tbody tr');
  const table = await page.textContent('#incidents-table');
  assert.match(table, /verified|referred/);
  assert.match(table, /Marange/);
  assert.doesNotMatch(table, /Witness \(demo\)|\+000 555|received/);
  assert.ok((await page.$$('#incidents-table tbody tr')).length >= 5);
  const kml = await (await fetch(base + '/v1/incidents?format=kml')).text();
  assert.match(kml, /<kml xmlns="http:\/\/www.opengis.net\/kml\/2.2">/);
  await page.screenshot({ path: join(shots, 'web-incidents.png'), fullPage: true });
  await page.close();
});

test('the public log: its name, size and root from the latest signed checkpoint', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  await page.waitForSelector('#log-table tbody tr');
  const cells = await page.$$eval('#log-table tbody td', (tds) => tds.map((td) => td.textContent));
  const note = await (await fetch(base + '/log/checkpoint')).text();
  const [origin, size, root] = note.split('\n');
  assert.deepEqual(cells.slice(0, 3), [origin, size, root]);
  assert.ok(Number(size) > 100);
  assert.match(cells[3], /none yet/);  // the demo has no witness
  await page.close();
});

test('peer review: reviews, published recommendations and non-respondents, for anyone', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  await page.waitForSelector('#reviews-table tbody tr');
  assert.match(await page.textContent('#reviews-table'), /ZWreview visitReview visit to Zimbabwe/);
  await page.waitForSelector('#recommendations-table tbody tr');
  const recs = await page.textContent('#recommendations-table');
  assert.match(recs, /Train the mines' security staff/);
  assert.match(recs, /in progress/);
  assert.match(recs, /\(overdue\)/);
  assert.doesNotMatch(recs, /Demo officer|Demo monitor/);  // who recorded a step is not public
  await page.waitForSelector('#nonrespondents-table tbody tr');
  await page.screenshot({ path: join(shots, 'web-review.png'), fullPage: true });
  await page.close();
});

test('an analyst signs in and sees the ranked findings and every questionnaire', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  await page.fill('#token', tokenOf('Demo analyst'));
  await page.click('#signin button');
  await page.waitForSelector('#findings-table tbody tr');
  assert.match(await page.textContent('#me'), /Signed in as Demo analyst \(analyst\)/);
  const severities = await page.$$eval('#findings-table tbody tr td:first-child',
    (cells) => cells.map((c) => Number(c.textContent)));
  assert.ok(severities.length > 5);
  assert.deepEqual(severities, [...severities].sort((a, b) => b - a));  // most severe first
  await page.waitForSelector('#questionnaires-table tbody tr');
  assert.equal((await page.$$('#questionnaires-table tbody tr')).length, 3);
  assert.equal((await page.$$('form.answer')).length, 0);  // analysts do not answer
  await page.close();
});

test('an analyst filters the findings by rule, opens a group and lists a roll-up\'s certificates', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  await page.fill('#token', tokenOf('Demo analyst'));
  await page.click('#signin button');
  await page.waitForSelector('#findings-table tbody tr');
  await page.selectOption('#findings-rule', 'confirmation-overdue');
  await page.waitForFunction(() => [...document.querySelectorAll('#findings-table tbody tr')]
    .every((r) => r.cells[2].textContent === 'confirmation-overdue'));
  await page.click('#findings-table tbody tr:first-child button');
  await page.waitForSelector('#group-findings-table tbody tr');
  const rollup = await page.textContent('#group-findings-table tbody tr:first-child');
  assert.match(rollup, /certificates? to [A-Z]{2} issued in \d{4}/);
  await page.click('#group-findings-table tbody tr:first-child button');
  await page.waitForSelector('#rollup-certificates-table tbody tr');
  const first = await page.textContent('#rollup-certificates-table tbody tr:first-child');
  assert.match(first, /certificate \S+ from [A-Z]{2} to [A-Z]{2} is unconfirmed \d+ days after issue/);
  assert.match(await page.textContent('#rollup-certificates h3'), /Certificates of the roll-up \(\d+ of \d+\)/);
  await page.screenshot({ path: join(shots, 'web-rollup.png'), fullPage: true });
  await page.close();
});

test("a participant's officer answers its overdue questionnaire from the page", async () => {
  const res = await fetch(`${base}/v1/questionnaires?state=awaiting-answer`,
    { headers: { Authorization: `Bearer ${adminToken}` } });
  const q = (await res.json()).items[0];
  const page = await browser.newPage();
  // What the page said, to tell why a form did not appear if it does not.
  const said = [];
  page.on('console', (m) => said.push(`console ${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => said.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => said.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => said.push(`${r.status()} ${r.url()}`));
  await page.goto(base + '/');
  await page.fill('#token', tokenOf('Demo officer ' + q.participant));
  await page.click('#signin button');
  await page.waitForSelector(`form.answer[data-questionnaire="${q.id}"]`).catch(async (e) => {
    throw new Error(`${e.message}\n#me: ${await page.textContent('#me')}\n${said.join('\n')}`);
  });
  const table = await page.textContent('#questionnaires-table');
  assert.match(table, /overdue/);
  // An empty answer is refused by the form; a real one is sent and recorded.
  await page.fill(`form.answer[data-questionnaire="${q.id}"] textarea`,
    'Our figures were late because of the audit (sent from the web page).');
  await page.click(`form.answer[data-questionnaire="${q.id}"] button`);
  await page.waitForFunction(() => /answer to questionnaire \d+ sent/.test(
    document.querySelector('#me').textContent));
  assert.match(await page.textContent('#questionnaires-table'), /answered/);
  const after = await (await fetch(`${base}/v1/questionnaires/${q.id}`,
    { headers: { Authorization: `Bearer ${adminToken}` } })).json();
  assert.equal(after.state, 'answered');
  assert.match(after.steps.at(-1).text, /sent from the web page/);
  // The public list says it answered late.
  const late = await (await fetch(`${base}/v1/non-respondents`)).json();
  assert.ok(late.items.some((n) => n.questionnaire === q.id && n.answered_on));
  await page.screenshot({ path: join(shots, 'web-questionnaire-answered.png'), fullPage: true });
  await page.close();
});

test('the coalition: a year of activities and the published report, for anyone', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  await page.waitForSelector('#coalition-table');  // the latest year with activities: 2020
  assert.equal(await page.inputValue('#coalition-year'), '2020');
  await page.selectOption('#coalition-year', '2019');
  await page.waitForFunction(() => /Alternative Mining Indaba/.test(
    document.querySelector('#coalition-table')?.textContent ?? ''));
  const table = await page.textContent('#coalition-table');
  assert.match(table, /Real Care is Rare/);
  assert.match(await page.getAttribute('#coalition-iati', 'href'), /year=2019&format=iati/);
  await page.waitForSelector('#coalition-finals a');
  const final = await page.getAttribute('#coalition-finals a', 'href');
  const res = await fetch(base + final);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /KP CSC Internal Planning/);
  await page.close();
});

test("ZELA's editor records an activity from the page, and a bad one gets its field's message", async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  await page.fill('#token', tokenOf('Demo ZELA editor'));
  await page.click('#signin button');
  await page.waitForSelector('#activity-form');
  await page.selectOption('#activity-type', 'training');
  await page.fill('#activity-title', 'Labour rights training in Mutare (from the page)');
  await page.fill('#activity-date', '2019-12-20');
  await page.fill('#activity-country', 'zw');
  await page.fill('#activity-town', 'Mutare');
  await page.fill('#activity-members', 'CNRG');
  await page.fill('#activity-participants', '30');
  await page.click('#activity-form button[type=submit]');
  await page.waitForSelector('#activity-status.bad');
  assert.match(await page.textContent('#activity-status'), /editor of ZELA/);
  await page.fill('#activity-members', 'ZELA, CNRG');
  await page.fill('#activity-women', '40');
  await page.click('#activity-form button[type=submit]');
  await page.waitForFunction(() => /women/.test(document.querySelector('#activity-status')?.textContent ?? ''));
  await page.fill('#activity-women', '12');
  await page.click('#activity-form button[type=submit]');
  await page.waitForSelector('#activity-status.ok');
  assert.match(await page.textContent('#activity-status'), /Recorded as ZELA-2019-\w+ \(version 1\)/);
  await page.waitForFunction(() => /from the page/.test(
    document.querySelector('#coalition-table')?.textContent ?? ''));
  // The draft report downloads as a PDF.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('#report-downloads button[data-format=pdf]'),
  ]);
  assert.match(download.suggestedFilename(), /coalition-report-2019-en\.pdf/);
  await page.screenshot({ path: join(shots, 'web-coalition.png'), fullPage: true });
  await page.close();
});

test("ZELA's editor imports a spreadsheet: a preview row by row, then the valid rows on request", async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  await page.fill('#token', tokenOf('Demo ZELA editor'));
  await page.click('#signin button');
  await page.waitForSelector('#import-file');
  await page.setInputFiles('#import-file', {
    name: 'activities.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('type,title_en,start_on,members,participants\n' +
      'community-meeting,Imported meeting in Zimunya,2019-10-02,ZELA,60\n' +
      'training,A row with a bad date,2019-13-01,ZELA,\n'),
  });
  await page.click('#import-check');
  await page.waitForSelector('#import-table tbody tr');
  assert.match(await page.textContent('#import-status'), /1 valid rows, 1 invalid: nothing stored yet/);
  assert.match(await page.textContent('#import-table'), /start_on/);
  await page.click('#import-store');
  await page.waitForFunction(() => /rows stored/.test(document.querySelector('#import-status')?.textContent ?? ''));
  assert.match(await page.textContent('#import-status'), /^1 rows stored\.$/);
  await page.selectOption('#coalition-year', '2019');
  await page.waitForFunction(() => /Imported meeting in Zimunya/.test(
    document.querySelector('#coalition-table')?.textContent ?? ''));
  await page.close();
});

// Carats or US$ as the page shows them ("1,234.56") in integer hundredths.
const hundredths = (text) => {
  assert.match(text, /^-?\d{1,3}(,\d{3})*\.\d{2}$/);
  return BigInt(text.replace(/[,.]/g, ''));
};

test('regions: members, production summed, plans and commitments; the register; findings signed in; French', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  // The public register of commitments, and its downloads.
  await page.waitForSelector('#commitments-table tbody tr');
  const register = await page.textContent('#commitments-table');
  assert.match(register, /Zimbabwe Consolidated Diamond Company \(ZCDC\)/);
  assert.match(register, /Alrosa/);
  assert.match(register, /National Minerals Agency \(Sierra Leone\)/);
  assert.match(register, /\(overdue\)/);
  const csv = await (await fetch(base + await page.getAttribute('#commitments-csv', 'href'))).text();
  assert.match(csv, /^id,type,scope,/);
  assert.match(csv, /Alrosa/);
  const xlsx = await fetch(base + await page.getAttribute('#commitments-xlsx', 'href'));
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  assert.equal(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString(), 'PK');

  // The Mano River Union: its members by constituency, administrators marked; its commitment.
  await page.waitForSelector('#region option[value="MRU"]', { state: 'attached' });
  await page.selectOption('#region', 'MRU');
  await page.waitForFunction(() => document.querySelector('#region-name')?.textContent === 'Mano River Union (MRU)');
  const civil = await page.$$eval('#region-members ul[data-constituency="civil-society"] li',
    (lis) => lis.map((li) => li.textContent));
  assert.ok(civil.includes(
    'Demo monitor NMJD-SL (Network Movement for Justice and Development), SL (administrator)'), civil.join('\n'));
  assert.ok(civil.includes('Green Advocates (Green Advocates International), LR'), civil.join('\n'));
  assert.match(await page.textContent('#region-members ul[data-constituency="government"]'), /Government Diamond Office/);
  const mru = await page.textContent('#region-commitments-table');
  assert.match(mru, /National Minerals Agency \(Sierra Leone\)/);
  assert.match(mru, /Communities of Kono/);
  assert.doesNotMatch(mru, /Alrosa|ZCDC|Artisanal cooperatives/);
  assert.match(await page.textContent('#region-result'), /No action plan for this region/);
  // The public sees neither findings nor trade between members, and is told so.
  const mruText = await page.textContent('#region-result');
  assert.match(mruText, /Anomaly findings are shown to statistics analysts/);
  assert.match(mruText, /Trade between members is shown to admins/);
  assert.match(await page.textContent('#region-sites li[data-participant="SL"]'), /^SL \d+ mining sites, \d+ open risk flags/);
  assert.match(await page.textContent('#region-coalition'), /Green Advocates/);

  // Central Africa from 2015: 2019's total is the sum of its members' cells.
  await page.selectOption('#region-from', '2015');
  await page.selectOption('#region', 'CENTRAL-AFRICA');
  await page.waitForFunction(() => document.querySelector('#region-name')?.textContent === 'Central Africa (CENTRAL-AFRICA)');
  assert.match(await page.textContent('#region-members'), /RELUFA/);
  const row = await page.$eval('#region-production-table tr[data-year="2019"]', (r) => {
    const cells = (measure) => [...r.querySelectorAll(`td[data-measure="${measure}"]`)]
      .map((c) => ({ of: c.dataset.of, text: c.textContent }));
    return { carats: cells('carats'), usd: cells('usd') };
  });
  for (const measure of ['carats', 'usd']) {
    const [total, ...members] = row[measure];
    assert.equal(total.of, 'region');
    assert.ok(members.length >= 4, `${measure}: ${JSON.stringify(members)}`);
    assert.equal(members.reduce((n, m) => n + hundredths(m.text), 0n), hundredths(total.text),
      `2019 ${measure}: ${JSON.stringify(row[measure])}`);
  }
  assert.ok(row.carats.some((c) => c.of === 'CD'));
  // The same as the API's sum.
  const api = await (await fetch(`${base}/v1/regions/CENTRAL-AFRICA/dashboard?from=2015&to=2024`)).json();
  const y2019 = api.production.rows.find((r) => r.year === 2019);
  assert.equal(hundredths(row.carats[0].text), BigInt(y2019.carats_hundredths));
  assert.equal(hundredths(row.usd[0].text), BigInt(y2019.value_usd_cents));
  // Unit values per year, flagged ones marked.
  const uv = await page.textContent('#region-unit-values-table');
  assert.match(uv, /Production2019/);
  for (const flagged of await page.$$eval('#region-unit-values-table tr.flagged', (rs) => rs.map((r) => r.textContent))) {
    assert.match(flagged, /\(flagged\)/);
  }
  // The Kinshasa plan, its actions on its three axes, overdue ones marked.
  await page.waitForSelector('#region-plans table tbody[data-axis]');
  await page.screenshot({ path: join(shots, 'web-regions.png'), fullPage: true });
  const plans = await page.textContent('#region-plans');
  assert.match(plans, /Regional Action Plan for Central Africa/);
  assert.match(plans, /Adopted on 2019-04-11; 4 actions:/);
  assert.deepEqual(await page.$$eval('#region-plans tbody[data-axis]', (bs) => bs.map((b) => b.dataset.axis)),
    ['internal controls', 'law enforcement', 'benefits for communities']);
  const border = await page.textContent('#region-plans tbody[data-axis="law enforcement"]');
  assert.match(border, /Joint border controls against the smuggling of rough diamonds/);
  assert.match(border, /not started/);
  assert.match(border, /\(overdue\)/);
  assert.match(await page.textContent('#region-plans tbody[data-axis="internal controls"]'), /implemented/);
  // Its commitment: the status beside civil society's assessment.
  const ca = await page.textContent('#region-commitments-table');
  assert.match(ca, /Artisanal cooperatives' federation \(demo\)/);
  assert.match(ca, /Stop buying from sites where children dig/);
  assert.match(ca, /Communities of Berberati/);
  assert.match(ca, /not implemented/);
  assert.match(ca, /\(target date passed\)/);
  assert.doesNotMatch(ca, /National Minerals Agency|Alrosa/);
  await page.screenshot({ path: join(shots, 'web-region-central-africa.png'), fullPage: true });

  // Signed in as an analyst: the findings involving the members; trade between them is the
  // parties' and admins' (as the statistics' partner breakdown).
  await page.fill('#token', tokenOf('Demo analyst'));
  await page.click('#signin button');
  await page.waitForSelector('#region-findings-table tbody tr');
  assert.match(await page.textContent('#region-result'), /groups of findings involve the members/);
  assert.match(await page.textContent('#region-result'), /Trade between members is shown to admins/);
  assert.equal(await page.textContent('#region-name'), 'Central Africa (CENTRAL-AFRICA)');

  // In French, at once.
  await page.selectOption('#lang', 'fr');
  assert.equal(await page.textContent('#regions-title'), 'Régions');
  assert.match(await page.textContent('#region-result'), /Plans d’action/);
  assert.match(await page.textContent('#region-result'), /Membres tripartites/);
  assert.equal(await page.textContent('#commitments-result h3'), 'Le registre des engagements');
  assert.equal(await page.textContent('#region-commitments-table thead th:nth-child(2)'), 'Engagement');
  assert.match(await page.textContent('#region-commitments-table'), /non mise en œuvre/);
  assert.deepEqual((await translated(page, 'fr')).wrong, []);
  await page.screenshot({ path: join(shots, 'web-region-fr.png'), fullPage: true });
  await page.close();
});

// Accessibility: axe-core (the engine, injected into the page) finds no serious or critical
// violation on the page with its sections filled (a verification, the statistics, a region),
// signed out and signed in, in English and in French.
test('accessibility: no serious or critical axe-core violation, in both languages', async () => {
  const context = await browser.newContext({ bypassCSP: true });  // to inject the engine
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.fill('#number', await numberWithStatus('confirmed'));
  await page.click('button[type=submit]');
  await page.waitForSelector('#result h2');
  await page.waitForSelector('#commitments-table tbody tr');
  await page.waitForSelector('#region option[value="MRU"]', { state: 'attached' });
  await page.selectOption('#region', 'MRU');
  await page.waitForFunction(() => document.querySelector('#region-name')?.textContent === 'Mano River Union (MRU)');
  // The map of sites and incident reports (loaded when seen), a site's details open.
  await page.locator('#sites-map').scrollIntoViewIfNeeded();
  await page.waitForSelector('#sites-sites-table tbody tr');
  await page.click('#sites-sites-table tbody tr:first-child button');
  await page.waitForSelector('#sites-detail article');
  const check = (what) => accessibleIn(page, what);
  await check('signed out, English');
  await page.fill('#token', tokenOf('Demo analyst'));
  await page.click('#signin button');
  await page.waitForSelector('#region-findings-table tbody tr');
  // The working group's forms too (review-work.ts): a group's decisions, a questionnaire opened.
  await page.click('#findings-table tbody tr:first-child button');
  await page.waitForSelector('#group-triage-form');
  await page.click('.open-questionnaire');
  await page.waitForSelector('#questionnaire-steps-table');
  await check('signed in, English');
  await page.selectOption('#lang', 'fr');
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  await check('signed in, French');
  await page.screenshot({ path: join(shots, 'web-accessibility-fr.png'), fullPage: true });
  await context.close();
});

test('a bad token gets a clear message', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  await page.fill('#token', 'okp_not-a-token');
  await page.click('#signin button');
  await page.waitForSelector('#me.bad');
  assert.match(await page.textContent('#me'), /token/i);
  await page.close();
});

// The elements of the page (or of the page as served, before its script runs) that show a key of
// the dictionary (web/src/i18n.ts, which the page exposes as window.openkpStrings), and those whose
// text is not the key's in `lang` (with its data-i18n-vars filled in).
async function translated(page, lang, served = false) {
  return page.evaluate(async ([lang, served]) => {
    const root = served
      ? new DOMParser().parseFromString(await (await fetch('/')).text(), 'text/html')
      : document;
    const strings = window.openkpStrings;
    const fill = (s, vars) =>
      s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
    const norm = (s) => s.replace(/\s+/g, ' ').trim();
    const wrong = [];
    const elements = root.querySelectorAll('[data-i18n]');
    for (const el of elements) {
      const key = el.dataset.i18n;
      const want = Object.hasOwn(strings, key)
        ? fill(strings[key][lang], JSON.parse(el.dataset.i18nVars ?? '{}'))
        : `(${key} is not in the dictionary)`;
      if (norm(el.textContent) !== norm(want)) {
        wrong.push(`${key}: "${el.textContent}", not "${want}"`);
      }
    }
    for (const el of root.querySelectorAll('[data-i18n-placeholder]')) {
      const key = el.dataset.i18nPlaceholder;
      if (el.getAttribute('placeholder') !== strings[key]?.[lang]) {
        wrong.push(`${key}: placeholder`);
      }
    }
    return { lang: root.documentElement.lang, count: elements.length, wrong };
  }, [lang, served]);
}

test('French: every text, tables and the signed-in area too; the choice remembered', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  // English by default (the browser's language); the served page's own texts are the dictionary's.
  assert.equal(await page.inputValue('#lang'), 'en');
  const served = await translated(page, 'en', true);
  assert.ok(served.count > 20);
  assert.deepEqual(served.wrong, []);
  const tables = ['stats', 'incidents', 'reviews', 'recommendations', 'nonrespondents',
    'coalition', 'log', 'commitments'];
  for (const table of tables) await page.waitForSelector(`#${table}-table tbody tr`);
  const english = await translated(page, 'en');
  assert.equal(english.lang, 'en');
  assert.deepEqual(english.wrong, []);

  await page.selectOption('#lang', 'fr');
  const french = await translated(page, 'fr');
  assert.equal(french.lang, 'fr');
  assert.deepEqual(french.wrong, []);
  assert.ok(french.count > 60);  // the 30 static texts, and the tables' headers and values
  assert.equal(await page.textContent('h1'),
    'openkp : vérifier un certificat du Processus de Kimberley');
  assert.equal(await page.textContent('#verify button'), 'Vérifier');
  assert.equal(await page.getAttribute('#number', 'placeholder'), 'p. ex. BW-2026-000001');
  assert.equal(await page.textContent('#incidents-table thead td:first-child'), 'Signalement');
  assert.equal(await page.textContent('#log-table thead td:nth-child(2)'), 'Entrées');
  assert.equal(await page.textContent('#reviews-table thead td:nth-child(3)'), 'Titre');
  assert.match(await page.textContent('#stats-result'), /il manque une déclaration semestrielle/);
  assert.match(await page.textContent('#recommendations-table'), /en cours/);
  // What the page builds after the switch is French at once.
  await page.fill('#number', await numberWithStatus('confirmed'));
  await page.click('#verify button');
  await page.waitForSelector('#result h2');
  assert.match(await page.textContent('#result h2'), /^Valide \(confirmé\)/);
  assert.match(await page.textContent('#result table'), /Émetteur/);

  // Remembered: after a reload, the page opens in French.
  await page.reload();
  assert.equal(await page.inputValue('#lang'), 'fr');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  assert.equal(await page.textContent('#verify button'), 'Vérifier');
  await page.waitForSelector('#stats-table tbody tr');
  assert.equal(await page.textContent('#stats-table thead td:first-child'), 'Participant');
  assert.match(await page.textContent('#stats-result'), /déclaration semestrielle/);

  // Signed in, in French; back to English without signing in again.
  await page.fill('#token', tokenOf('Demo analyst'));
  await page.click('#signin button');
  await page.waitForSelector('#findings-table tbody tr');
  assert.match(await page.textContent('#me'), /^Connecté en tant que Demo analyst \(analyst\)/);
  assert.equal(await page.textContent('#findings-table thead td:first-child'), 'Gravité');
  await page.waitForSelector('#questionnaires-table tbody tr');
  assert.deepEqual((await translated(page, 'fr')).wrong, []);
  await page.screenshot({ path: join(shots, 'web-french.png'), fullPage: true });
  await page.selectOption('#lang', 'en');
  assert.match(await page.textContent('#me'), /^Signed in as Demo analyst \(analyst\)/);
  assert.equal(await page.textContent('#findings-table thead td:first-child'), 'Severity');
  assert.equal(await page.textContent('#verify button'), 'Verify');
  assert.deepEqual((await translated(page, 'en')).wrong, []);
  await page.close();
});

test('every string of the page has a French translation, with the same placeholders', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  // Signed in, so that the lazily loaded parts' dictionaries are in it too (review-work-strings.ts).
  await page.fill('#token', tokenOf('Demo analyst'));
  await page.click('#signin button');
  await page.waitForSelector('#review-work h3');
  // The map's and the verifiers' review's (sites-strings.ts: added when the map is seen).
  await page.locator('#sites-map').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => Object.hasOwn(window.openkpStrings, 'vetting.title'));
  const strings = await page.evaluate(() => window.openkpStrings);
  await page.close();
  // The only French the same as the English: words and signs the same in both languages.
  const same = new Set(['Participant', 'Participants', 'Carats', 'US$', 'US$/ct', 'Date', 'Dates',
    'Type', '§', 'Questionnaire', 'PDF (français)', 'Production', 'Action', 'Destination']);
  const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  const keys = Object.keys(strings);
  assert.ok(keys.length > 100);
  for (const key of keys) {
    const { en, fr, ...others } = strings[key];
    assert.deepEqual(Object.keys(others), [], `${key}: English and French only`);
    assert.ok(typeof en === 'string' && en.trim() !== '', `${key}: no English`);
    assert.ok(typeof fr === 'string' && fr.trim() !== '', `${key}: no French`);
    if (fr === en) assert.ok(same.has(en), `${key}: the French is the English "${en}"`);
    assert.deepEqual(placeholders(fr), placeholders(en), `${key}: not the same placeholders`);
    assert.doesNotMatch(fr, /\S[:;?!]/, `${key}: no space before : ; ? or ! in "${fr}"`);
  }
});

// --- a paper certificate verified offline from its QR code (web/src/offline.ts, scan.ts) ---
// The code's bytes (docs/CERTIFICATE_FORMAT.md, "The QR code"): "KPQ1", then raw DEFLATE of
// {"signed": the signed certificate, "receipt": its certificate.issued receipt}, built here from
// the API as the issuer's officer sees them.
const issuerOf = (number) => number.split('-')[0];

async function receiptOf(number, token = adminToken) {
  for (let i = 0; ; ++i) {  // logged within half a second of the server's start
    const res = await fetch(`${base}/v1/certificates/${number}/receipt`, bearer(token));
    if (res.status === 200) return res.text();
    if (i === 40) throw new Error(`receipt of ${number}: ${res.status} ${await res.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// Confirmed certificates not yet expired (the demo's dates follow today's).
async function currentCertificates(count) {
  const today = new Date().toISOString().slice(0, 10);
  const res = await fetch(`${base}/v1/certificates?status=confirmed&limit=100`, bearer(adminToken));
  const items = (await res.json()).items.filter((c) => c.expires_on >= today);
  assert.ok(items.length >= count);
  return items.slice(0, count).map((c) => c.number);
}

async function qrPayload(number, { change, receiptFor } = {}) {
  const token = tokenOf('Demo officer ' + issuerOf(number));
  const record = await (await fetch(`${base}/v1/certificates/${number}`, bearer(token))).json();
  const receipt = receiptFor ? await receiptOf(receiptFor) : await receiptOf(number, token);
  const signed = record.signed;
  change?.(signed);
  const json = JSON.stringify({ signed, receipt });
  return { signed, receipt, bytes: Buffer.concat([Buffer.from('KPQ1'), deflateRawSync(json)]) };
}

async function qrPng(name, bytes) {
  const file = join(dir, name);
  await QRCode.toFile(file, [{ data: new Uint8ClampedArray(bytes), mode: 'byte' }],
    { errorCorrectionLevel: 'M', scale: 4, margin: 4 });
  return file;
}

const moreCarats = (signed) => { signed.certificate.lines[0].carats_hundredths += 100; };

// offline.ts as it is, run in Node (WebCrypto and DecompressionStream are Node's too).
async function offlineModule() {
  const ts = createRequire(import.meta.url)('../../web/node_modules/typescript');
  const source = readFileSync(new URL('../../web/src/offline.ts', import.meta.url), 'utf8');
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  return import('data:text/javascript;base64,' + Buffer.from(js).toString('base64'));
}

test('offline verification in Node: decoding, signature, log receipt, expiry, and each failure', async () => {
  const o = await offlineModule();
  const keyring = await (await fetch(base + '/v1/keys')).json();
  const vkey = await (await fetch(base + '/v1/log/vkey')).text();
  const today = new Date().toISOString().slice(0, 10);
  const [a, b] = await currentCertificates(2);
  const good = await qrPayload(a);
  const decoded = await o.decodeQrPayload(new Uint8Array(good.bytes));
  assert.ok(decoded.ok, JSON.stringify(decoded));
  assert.deepEqual(decoded.value, { signed: good.signed, receipt: good.receipt });
  // The server's own QR code bytes (GET .../qr, as printed) read the same.
  const printed = await fetch(`${base}/v1/certificates/${a}/qr`,
    bearer(tokenOf('Demo officer ' + issuerOf(a))));
  assert.equal(printed.status, 200);
  const fromServer = await o.decodeQrPayload(new Uint8Array(await printed.arrayBuffer()));
  assert.ok(fromServer.ok, JSON.stringify(fromServer));
  assert.deepEqual(fromServer.value.signed, good.signed);
  assert.ok((await o.verifyOffline(fromServer.value.signed, fromServer.value.receipt, keyring, vkey,
    today)).valid);
  // The canonical form is RFC 8785's (as the npm canonicalize package makes it).
  assert.equal(o.canonicalJson(good.signed), canonicalize(good.signed));
  const verdict = await o.verifyOffline(decoded.value.signed, decoded.value.receipt, keyring, vkey, today);
  assert.equal(verdict.valid, true, JSON.stringify(verdict.checks));
  assert.deepEqual(verdict.checks.map((c) => c.name), ['well-formed', 'issuer', 'key', 'signature',
    'key-not-revoked', 'key-valid-on-issue-date', 'logged', 'not-expired']);
  const logged = verdict.checks.find((c) => c.name === 'logged').detail;
  assert.equal(logged.key, 'offline.ok.logged');
  assert.equal(logged.vars.date, good.signed.certificate.issued_on);
  assert.equal(logged.vars.log, vkey.trim().split('+')[0]);

  const failure = async (signed, receipt, opts = {}) => {
    const v = await o.verifyOffline(signed, receipt, opts.keyring ?? keyring, opts.vkey ?? vkey,
      opts.today ?? today);
    assert.equal(v.valid, false);
    return { failure: v.failure, failed: v.checks.filter((c) => !c.ok).map((c) => c.detail.key) };
  };
  // Altered: the signature fails (and the receipt no longer matches it).
  const altered = structuredClone(good.signed);
  moreCarats(altered);
  assert.deepEqual(await failure(altered, good.receipt),
    { failure: 'term.signature', failed: ['offline.bad.signature', 'offline.bad.inclusion'] });
  // Another certificate's receipt: signed, but not proven logged.
  assert.deepEqual(await failure(good.signed, await receiptOf(b)),
    { failure: 'term.not-logged', failed: ['offline.bad.inclusion'] });
  // Another log's key, or none; no authority keys; expired.
  // Another key of the same name (one whose base64 holds a '+', as vkeys often do).
  const logName = vkey.trim().split('+')[0];
  let typed;
  do {
    typed = Buffer.concat([Buffer.from([1]),
      generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(12)]);
  } while (!typed.toString('base64').includes('+'));
  const id = createHash('sha256').update(Buffer.concat([Buffer.from(logName + '\n'), typed]))
    .digest().subarray(0, 4).toString('hex');
  assert.deepEqual(await failure(good.signed, good.receipt, { vkey: `${logName}+${id}+${typed.toString('base64')}` }),
    { failure: 'term.not-logged', failed: ['offline.bad.checkpoint'] });
  const renamed = 'other.example/log+' + vkey.trim().split('+').slice(1).join('+');
  assert.deepEqual(await failure(good.signed, good.receipt, { vkey: renamed }),
    { failure: 'term.not-logged', failed: ['offline.bad.noLogKey'] });  // its id no longer matches
  assert.deepEqual(await failure(good.signed, good.receipt, { keyring: { keys: [] } }),
    { failure: 'term.unknown-issuer', failed: ['offline.bad.noKeys'] });
  assert.deepEqual(await failure(good.signed, good.receipt, { today: '2099-01-01' }),
    { failure: 'term.expired', failed: ['offline.bad.expired'] });
  // A void receipt proves, offline, that the certificate no longer stands.
  const voided = (await (await fetch(`${base}/v1/certificates?status=voided&limit=1`,
    bearer(adminToken))).json()).items[0].number;
  const voidedDoc = (await (await fetch(`${base}/v1/certificates/${voided}`,
    bearer(adminToken))).json()).signed;
  const voidReceipt = await (await fetch(`${base}/v1/certificates/${voided}/receipt?event=voided`,
    bearer(adminToken))).text();
  const v = await failure(voidedDoc, voidReceipt, { today: voidedDoc.certificate.issued_on });
  assert.deepEqual(v, { failure: 'term.voided', failed: ['offline.bad.voided'] });

  // Damaged or foreign codes get their own message.
  const error = async (bytes) => (await o.decodeQrPayload(new Uint8Array(bytes))).error?.key;
  assert.equal(await error(Buffer.from('https://example.org/')), 'offline.err.prefix');
  assert.equal(await error(Buffer.concat([Buffer.from('KPQ1'), Buffer.from([0xff, 0xfe, 0x00])])),
    'offline.err.inflate');
  const kpq1 = (text) => Buffer.concat([Buffer.from('KPQ1'), deflateRawSync(text)]);
  assert.equal(await error(kpq1('{"signed": {}')), 'offline.err.json');
  assert.equal(await error(kpq1('{"signed": {}, "receipt": "", "receipt": "x"}')), 'offline.err.repeated');
  assert.equal(await error(kpq1('{"signed": {}, "receipt": "", "keys": []}')), 'offline.err.members');
  assert.equal(await error(kpq1(Buffer.alloc(300000, 32))), 'offline.err.tooLarge');
});

test('a paper certificate verified offline: the page from the service worker, a photo of the QR code', async () => {
  const [a, b] = await currentCertificates(2);
  const good = await qrPayload(a);
  const goodPng = await qrPng('good.png', good.bytes);
  const alteredPng = await qrPng('altered.png', (await qrPayload(a, { change: moreCarats })).bytes);
  const otherPng = await qrPng('other.png', (await qrPayload(a, { receiptFor: b })).bytes);

  // And a photo of the printed certificate (GET .../print, the server's QR code), taken here
  // as a screenshot of the whole A4 page.
  const html = await (await fetch(`${base}/v1/certificates/${a}/print`,
    bearer(tokenOf('Demo officer ' + issuerOf(a))))).text();
  const printer = await browser.newContext({ deviceScaleFactor: 2 });
  const paper = await printer.newPage();
  await paper.setContent(html);
  const printedPng = join(dir, 'printed.png');
  await paper.screenshot({ path: printedPng, fullPage: true });
  await printer.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  // Online once: the service worker installs and takes the page; the keys are kept.
  await page.goto(base + '/');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.waitForFunction(() => localStorage.getItem('openkp.trust.keyring') &&
    localStorage.getItem('openkp.trust.logKey'));
  assert.match(await page.textContent('#trust-age'), /the authorities' keys as of \d{4}-\d\d-\d\d \d\d:\d\d UTC/);

  await context.setOffline(true);
  const reloaded = await page.reload();
  assert.ok(reloaded.fromServiceWorker(), 'the page comes from the service worker');
  // No network indeed: the server is out of reach, and the keys come from the worker's cache.
  assert.equal(await page.evaluate(() => fetch('/healthz').then(() => 'reached', () => 'offline')), 'offline');
  assert.ok(await page.evaluate(async () => (await fetch('/v1/keys')).headers.get('X-Openkp-Cached-At')));
  assert.match(await page.textContent('#trust-age'), /keys as of/);

  await page.setInputFiles('#scan-photo', goodPng);
  await page.waitForSelector('#offline-verdict');
  assert.equal(await page.textContent('#offline-verdict'),
    'Valid: signed by the issuing authority, and on the public log');
  const row = (name) => page.textContent(`#offline-checks tr[data-check="${name}"]`);
  assert.match(await row('signature'), /^✔ Signature of the authority.*signed exactly these contents/);
  assert.match(await row('logged'), new RegExp(`^✔ Public logThe public log \\S+ recorded its issue on ${good.signed.certificate.issued_on}`));
  assert.equal((await page.$$('#offline-checks td.bad')).length, 0);
  assert.match(await page.textContent('#offline-result'), /cannot be known offline/);
  const c = good.signed.certificate;
  const facts = await page.textContent('#offline-facts');
  assert.match(facts, /^What the authority signed/);
  assert.ok(facts.includes(c.number) && facts.includes(c.destination) && facts.includes(c.expires_on));
  const line = await page.textContent('#offline-lines tbody tr');
  const money = (n) => (n / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
  assert.ok(line.includes(money(c.lines[0].carats_hundredths)) &&
    line.includes(money(c.lines[0].value_usd_cents)), line);
  assert.deepEqual((await translated(page, 'en')).wrong, []);
  await page.screenshot({ path: join(shots, 'web-offline-valid.png'), fullPage: true });

  // In French, at once; the strings all translated.
  await page.selectOption('#lang', 'fr');
  assert.match(await page.textContent('#offline-verdict'), /^Valide : signé par l'autorité émettrice/);
  assert.deepEqual((await translated(page, 'fr')).wrong, []);
  await page.screenshot({ path: join(shots, 'web-offline-fr.png'), fullPage: true });
  await page.selectOption('#lang', 'en');

  // The photo of the printed page.
  await page.evaluate(() => document.querySelector('#offline-result').replaceChildren());
  await page.setInputFiles('#scan-photo', printedPng);
  await page.waitForSelector('#offline-verdict');
  assert.equal(await page.textContent('#offline-verdict'),
    'Valid: signed by the issuing authority, and on the public log');
  assert.match(await page.textContent('#offline-facts'), new RegExp(a));

  // A carat figure changed: the signature says so, and what the code says is marked unproven.
  await page.setInputFiles('#scan-photo', alteredPng);
  await page.waitForFunction(() => /^Not valid/.test(document.querySelector('#offline-verdict')?.textContent ?? ''));
  assert.equal(await page.textContent('#offline-verdict'), 'Not valid: signature');
  assert.match(await row('signature'), /^✘ Signature of the authorityThe signature does not match the contents/);
  assert.match(await page.textContent('#offline-facts h4'), /not proven/);
  await page.screenshot({ path: join(shots, 'web-offline-altered.png'), fullPage: true });

  // Another certificate's receipt: signed, but not proven logged.
  await page.setInputFiles('#scan-photo', otherPng);
  await page.waitForFunction(() => /not proven logged/.test(document.querySelector('#offline-verdict')?.textContent ?? ''));
  assert.match(await row('signature'), /^✔/);
  assert.match(await row('logged'), /^✘ Public logThe receipt does not prove that this certificate is in the log/);

  // The same certificate as files: the document and its receipt.
  const docFile = join(dir, 'certificate.json');
  const receiptFile = join(dir, 'receipt.txt');
  writeFileSync(docFile, JSON.stringify(good.signed, null, 2));
  writeFileSync(receiptFile, good.receipt);
  await page.setInputFiles('#certificate-file', docFile);
  await page.setInputFiles('#receipt-file', receiptFile);
  await page.click('#scan-files button[type=submit]');
  await page.waitForFunction(() => /^Valid/.test(document.querySelector('#offline-verdict')?.textContent ?? ''));
  // A photo without a code, and a QR code of something else.
  const blank = join(dir, 'blank.png');
  await page.screenshot({ path: blank, clip: { x: 0, y: 0, width: 400, height: 120 } });
  await page.setInputFiles('#scan-photo', blank);
  await page.waitForFunction(() => /No QR code found/.test(document.querySelector('#offline-result')?.textContent ?? ''));
  await page.setInputFiles('#scan-photo', await qrPng('url.png', Buffer.from('https://example.org/')));
  await page.waitForFunction(() => /not the code of an openkp/.test(document.querySelector('#offline-result')?.textContent ?? ''));
  assert.deepEqual((await translated(page, 'en')).wrong, []);
  await context.close();
});

// The camera: Chromium's fake capture device plays a video (Y4M) of the certificate's QR code.
function qrVideo(file, bytes) {
  const qr = QRCode.create([{ data: new Uint8ClampedArray(bytes), mode: 'byte' }],
    { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const side = 720;
  const scale = Math.floor(side / (n + 8));
  const at = Math.floor((side - n * scale) / 2);
  const luma = Buffer.alloc(side * side, 235);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      for (let y = 0; y < scale; y++) luma.fill(16, (at + r * scale + y) * side + at + c * scale, (at + r * scale + y) * side + at + (c + 1) * scale);
    }
  }
  const chroma = Buffer.alloc(side * side / 4, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  writeFileSync(file, Buffer.concat([
    Buffer.from(`YUV4MPEG2 W${side} H${side} F5:1 Ip A1:1 C420jpeg\n`), frame, frame]));
}

test('a paper certificate verified by scanning its QR code with the camera', async () => {
  const [number] = await currentCertificates(1);
  const video = join(dir, 'qr.y4m');
  qrVideo(video, (await qrPayload(number)).bytes);
  const withCamera = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const context = await withCamera.newContext({ permissions: ['camera'] });
    const page = await context.newPage();
    await page.goto(base + '/');
    await page.waitForFunction(() => localStorage.getItem('openkp.trust.keyring') &&
      localStorage.getItem('openkp.trust.logKey'));
    await page.click('#scan-camera');
    await page.waitForSelector('#offline-verdict', { timeout: 15000 });
    assert.equal(await page.textContent('#offline-verdict'),
      'Valid: signed by the issuing authority, and on the public log');
    assert.match(await page.textContent('#offline-facts'), new RegExp(number));
    assert.equal(await page.$('#scan-video'), null);  // the camera stopped once the code was read
  } finally {
    await withCamera.close();
  }
});

// --- signing in with a password (web/src/session.ts) and the officers' certificates
// (web/src/officer.ts): issue, print, verify the paper offline, confirm, void ---
// The demo's web sign-ins ("Web sign-in LOGIN\tPASSWORD" in demo-tokens.txt).
// --- a community monitor's incident report, filed offline (web/src/report.ts, queue.ts) ---
// Before the password test below, which locks monitor-nmjd's sign-in for a minute.
// The outbox as stored in the browser (IndexedDB), for what stays on the phone.
const outbox = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const r = indexedDB.open('openkp-reports');
  r.onsuccess = () => {
    const all = r.result.transaction('reports').objectStore('reports').getAll();
    all.onsuccess = () => resolve(all.result.map((q) => ({ ...q, photo: q.photo &&
      { ...q.photo, blob: q.photo.blob ? q.photo.blob.size : undefined } })));
    all.onerror = () => reject(all.error);
  };
  r.onerror = () => reject(r.error);
}));

test('a monitor files an incident report offline with a photo: kept through reloads, sent when back online, received byte for byte; a refusal kept; French; phone width', async () => {
  const context = await browser.newContext({ bypassCSP: true, acceptDownloads: true,
    viewport: { width: 390, height: 844 }, permissions: ['geolocation'],
    geolocation: { latitude: 8.644861, longitude: -10.970417, accuracy: 8 } });
  const page = await context.newPage();
  const accessible = (what) => accessibleIn(page, what);
  const state = (id) => page.getAttribute(`#queue-list li[data-id="${id}"]`, 'data-state');
  const stateText = (id) => page.textContent(`#queue-list li[data-id="${id}"] p.state`);
  const monitor = bearer(tokenOf('Demo monitor NMJD-SL'));

  // Signed in once with a network: the form, loaded for monitors only; the service worker ready.
  const loaded = [];
  page.on('request', (r) => { if (r.url().includes('/assets/report-')) loaded.push(r.url()); });
  await page.goto(base + '/');
  await page.waitForSelector('#stats-table tbody tr');
  assert.deepEqual(loaded, []);  // not for anyone
  await signIn(page, 'monitor-nmjd');
  await page.waitForSelector('#report-form');
  assert.equal(loaded.length, 1);
  assert.equal(await page.textContent('#filing-as'), 'Sent with the sign-in of Demo monitor NMJD-SL.');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  // No network: the page and the form open from the service worker and the browser's cache.
  await context.setOffline(true);
  const reloaded = await page.reload();
  assert.ok(reloaded.fromServiceWorker());
  await page.waitForSelector('#report-form');
  // Checked as typed: a date in the future, a latitude out of range, an invisible character.
  const later = new Date(Date.now() + 3 * 86400e3).toISOString().slice(0, 10);
  await page.fill('#filing-date', later);
  assert.equal(await page.textContent('#filing-date-error'), 'The date cannot be in the future.');
  await page.fill('#filing-latitude', '91');
  assert.equal(await page.textContent('#filing-latitude-error'), 'A number of degrees from -90 to 90, e.g. 8.4657.');
  await page.fill('#filing-description', 'zero\u200bwidth');
  assert.equal(await page.textContent('#filing-description-error'), 'Remove the invisible or control characters.');
  assert.equal(await page.getAttribute('#filing-description', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#filing-description', 'aria-describedby'), /filing-description-error/);
  // A photo over 12 MiB is refused as it is (never reduced: it is evidence).
  await page.setInputFiles('#filing-photo', { name: 'big.jpg', mimeType: 'image/jpeg',
    buffer: Buffer.alloc(12 * 1024 * 1024 + 1, 0xff) });
  assert.match(await page.textContent('#filing-photo-error'), /^This photo is 12 MB: at most 12 MB can be sent\. It is not reduced/);
  await page.click('#filing-submit');
  assert.equal(await page.textContent('#filing-status'), 'Some answers need a change (marked above).');
  assert.equal(await page.textContent('#queue-empty'), 'None yet.');

  // Filled in properly: the GPS position, and a photo as taken.
  const photo = await QRCode.toBuffer(`photo of the pit ${Date.now()}`, { type: 'png', scale: 6 });
  const today = await page.evaluate(() => { const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; });
  await page.selectOption('#filing-category', 'child_labour');
  await page.fill('#filing-date', today);
  await page.selectOption('#filing-participant', 'SL');
  await page.fill('#filing-area', 'Koidu, Kono');
  await page.fill('#filing-latitude', '');
  await page.click('#filing-locate');
  await page.waitForFunction(() => document.querySelector('#filing-latitude').value === '8.644861');
  assert.equal(await page.inputValue('#filing-longitude'), '-10.970417');
  assert.equal(await page.textContent('#filing-located'), 'Position found (within 8 m). You can correct it below.');
  await page.fill('#filing-description', 'Children were digging in the pit at Koidu.\nNobody stopped them.');
  await page.fill('#filing-people', '7');
  await page.check('#filing-description-restricted');
  await page.fill('#filing-reporter-name', 'Fatmata K.');
  await page.fill('#filing-reporter-contact', '+232 76 000000');
  await page.setInputFiles('#filing-photo', { name: 'IMG_0412.png', mimeType: 'image/png', buffer: photo });
  assert.equal(await page.textContent('#filing-photo-error'), '');
  await page.waitForSelector('#filing-preview img');
  assert.deepEqual(await page.$$eval('#report-form [aria-invalid=true]', (e) => e.map((x) => x.id)), []);
  await page.click('#filing-submit');
  await page.waitForSelector('#queue-list li[data-state=waiting]');
  assert.equal(await page.textContent('#filing-status'),
    'Kept on this phone. It is sent when there is a connection: see its state below.');
  const [kept] = await outbox(page);
  assert.equal(await stateText(kept.id), 'Waiting to be sent: no connection');
  assert.match(await page.textContent(`#queue-list li[data-id="${kept.id}"]`), /^Child labour · \d{4}-\d\d-\d\d · Sierra Leone · with a photo/);
  assert.equal(kept.photo.name, `${kept.id}.png`);
  assert.equal(kept.photo.blob, photo.length);
  assert.equal(kept.photo.sha256, createHash('sha256').update(photo).digest('hex'));
  assert.equal(await page.inputValue('#filing-description'), '');  // the form is ready for the next
  await accessible('report form and its outbox, offline, English, phone width');
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('#report-section *')]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth).map((e) => e.id || e.tagName)), []);
  await page.locator('#report-section').screenshot({ path: join(shots, 'web-report-offline.png') });

  // A reload, still offline: nothing lost.
  await page.reload();
  await page.waitForSelector(`#queue-list li[data-id="${kept.id}"]`);
  assert.equal(await state(kept.id), 'waiting');
  assert.equal((await outbox(page))[0].photo.blob, photo.length);

  // Back online: the session is found again and the report sent, by itself, once.
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/v1/incidents')) posts.push(r); });
  await context.setOffline(false);
  await page.waitForSelector(`#queue-list li[data-id="${kept.id}"][data-state=sent]`, { timeout: 15000 });
  await signedInAs(page, 'Signed in as Demo monitor NMJD-SL (monitor)');
  const id = Number(await page.getAttribute(`#queue-list li[data-id="${kept.id}"]`, 'data-report'));
  assert.ok(id > 0);
  assert.equal(await stateText(kept.id), `Sent: report ${id}`);
  assert.equal(await page.textContent('#queue-news'), `Sent: report ${id}`);  // said once (role=status)
  assert.equal(posts.length, 1);
  assert.ok(posts[0].headers()['x-csrf-token']);
  const sha = createHash('sha256').update(photo).digest('hex');
  assert.match(await page.textContent(`#queue-list li[data-id="${kept.id}"]`),
    new RegExp(`photo received byte for byte \\(SHA-256 ${sha.slice(0, 16)}…\\)`));
  // The API has it, as filed; the photo byte for byte; the identity apart (reviewers only).
  const report = await (await fetch(`${base}/v1/incidents/${id}`, monitor)).json();
  assert.deepEqual([report.category, report.occurred_on, report.participant, report.area, report.description,
    report.people_affected, report.restricted, report.description_restricted, report.location],
  ['child_labour', today, 'SL', 'Koidu, Kono', 'Children were digging in the pit at Koidu.\nNobody stopped them.',
    7, false, true, { latitude: 8.644861, longitude: -10.970417 }]);
  assert.deepEqual(report.files.map((f) => [f.name, f.content_type, f.bytes, f.sha256]),
    [[`${kept.id}.png`, 'image/png', photo.length, sha]]);
  const file = await fetch(`${base}/v1/incidents/${id}/files/${kept.id}.png`, monitor);
  assert.equal(file.status, 200);
  assert.ok(Buffer.from(await file.arrayBuffer()).equals(photo));
  assert.equal((await fetch(`${base}/v1/incidents/${id}/reporter`, monitor)).status, 403);
  assert.deepEqual(await (await fetch(`${base}/v1/incidents/${id}/reporter`, bearer(tokenOf('Demo verifier')))).json(),
    { anonymous: false, name: 'Fatmata K.', contact: '+232 76 000000' });
  // Off the phone once received: no text, place, identity or photo left; the id and hashes stay.
  const sent = (await outbox(page)).find((q) => q.id === kept.id);
  assert.deepEqual([sent.state, sent.report, sent.input, sent.photo.blob, sent.photo.sha256, sent.serverSha256],
    ['sent', id, undefined, undefined, sha, sha]);
  assert.doesNotMatch(JSON.stringify(sent), /Koidu|Fatmata|\+232|8\.644861/);
  // The log receipt (the page's link, with the session) proves the report and its photo.
  let receipt;
  for (let i = 0; i < 40 && receipt?.status !== 200; ++i) {
    if (i) await new Promise((resolve) => setTimeout(resolve, 250));
    receipt = await fetch(`${base}/v1/incidents/${id}/receipt`, monitor);
  }
  assert.equal(receipt.status, 200);
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.click(`#queue-list li[data-id="${kept.id}"] a[data-action=receipt]`)]);
  assert.equal(download.suggestedFilename(), `report-${id}-receipt.json`);
  const saved = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(saved.report, id);
  assert.deepEqual(saved.entries.map((e) => [e.event, e.name]),
    [['monitor.report.received', 'xml_submission_file'], ['monitor.attachment.received', `${kept.id}.png`]]);
  assert.equal(saved.entries[1].sha256, sha);
  assert.equal(await page.getAttribute(`#queue-list li[data-id="${kept.id}"] a[href="/v1/incidents/${id}"]`, 'target'), '_blank');
  await page.locator('#report-section').screenshot({ path: join(shots, 'web-report-sent.png') });

  // A phone whose clock is days ahead: the report passes the form's checks, the server refuses
  // it; the refusal is kept and shown with the API's reason, never sent again, and can be corrected.
  await page.clock.setFixedTime(new Date(Date.now() + 3 * 86400e3));
  await page.selectOption('#filing-category', 'environmental_harm');
  await page.fill('#filing-date', later);
  await page.fill('#filing-area', 'Sewa river');
  await page.click('#filing-by-site');
  await page.fill('#filing-site', 'SL-KON-001');
  await page.fill('#filing-description', 'Mercury poured into the river.');
  await page.click('#filing-submit');
  await page.waitForSelector('#queue-list li[data-state=refused]', { timeout: 15000 });
  const refused = (await outbox(page)).find((q) => q.state === 'refused');
  assert.equal(await stateText(refused.id), 'Refused by the server');
  assert.equal(await page.textContent('#queue-news'), 'Refused by the server');
  assert.equal(await page.textContent(`#queue-list li[data-id="${refused.id}"] p.problem`),
    'occurred_on: cannot be in the future');
  assert.deepEqual(refused.problem, { status: 400, detail: 'occurred_on: cannot be in the future', field: 'occurred_on' });
  assert.equal(refused.input.description, 'Mercury poured into the river.');  // kept whole
  await page.reload();
  await page.waitForSelector(`#queue-list li[data-id="${refused.id}"][data-state=refused]`);
  await page.waitForSelector(`#queue-list li[data-id="${kept.id}"][data-state=sent]`);
  await signedInAs(page, 'Signed in as Demo monitor NMJD-SL (monitor)');
  assert.equal(posts.length, 2);  // the reload sent nothing again
  // Corrected: back in the form, the server's reason next to the date.
  await page.click(`#queue-list li[data-id="${refused.id}"] button[data-action=correct]`);
  assert.equal(await page.inputValue('#filing-description'), 'Mercury poured into the river.');
  assert.equal(await page.inputValue('#filing-site'), 'SL-KON-001');
  assert.equal(await page.textContent('#filing-date-error'), 'occurred_on: cannot be in the future');

  // In French, the form, the states and the server's words as they are.
  await page.selectOption('#lang', 'fr');
  assert.equal(await page.textContent('#report-title'), 'Envoyer un signalement d’incident');
  assert.equal(await page.textContent('label[for=filing-category]'), 'De quel type d’incident s’agit-il ?');
  assert.equal(await page.textContent('#filing-reporter legend'), 'La personne qui signale (facultatif)');
  assert.match(await page.textContent('#filing-reporter-hint'), /seuls les relecteurs peuvent le voir, jamais le public/);
  assert.equal(await page.textContent('#filing-submit'), 'Garder et envoyer');
  assert.equal(await stateText(kept.id), `Envoyé : signalement ${id}`);
  assert.equal(await stateText(refused.id), 'Refusé par le serveur');
  assert.deepEqual((await translated(page, 'fr')).wrong, []);
  // Its texts as the dictionary's rules want them (web/src/report-strings.ts).
  const strings = await page.evaluate(() => window.openkpStrings);
  const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  const same = new Set(['Angola', 'Botswana', 'Côte d’Ivoire', 'Lesotho', 'Sierra Leone', 'Zimbabwe',
    'Latitude', 'Longitude']);
  const mine = Object.keys(strings).filter((k) => k.startsWith('filing.') || k.startsWith('queue.'));
  assert.ok(mine.length > 80);
  for (const key of mine) {
    const { en, fr } = strings[key];
    assert.ok(en.trim() && fr.trim(), key);
    if (fr === en) assert.ok(same.has(en), `${key}: the French is the English "${en}"`);
    assert.deepEqual(placeholders(fr), placeholders(en), key);
    assert.doesNotMatch(fr, /\S[:;?!]/, `${key}: no space before : ; ? or ! in "${fr}"`);
  }
  await accessible('report form and its outbox, French');
  await page.locator('#report-section').screenshot({ path: join(shots, 'web-report-fr.png') });
  await page.selectOption('#lang', 'en');

  // Corrected offline (it replaces the refused one), while the session ends: back online, the
  // server wants a sign-in; the report waits for it, then goes.
  await context.setOffline(true);
  await page.fill('#filing-date', today);
  await page.click('#filing-submit');
  await page.waitForSelector('#queue-list li[data-state=waiting]');
  const corrected = (await outbox(page)).find((q) => q.state === 'waiting');
  assert.equal(corrected.input.description, 'Mercury poured into the river.');
  assert.equal(await page.$(`#queue-list li[data-id="${refused.id}"]`), null);
  await context.clearCookies();
  await context.setOffline(false);
  await page.waitForFunction((id) => document.querySelector(`#queue-list li[data-id="${id}"] p.state`)
    ?.textContent === 'Waiting: sign in to send', corrected.id);
  assert.equal(await page.textContent('#queue-note'),
    'Sign in to send the waiting reports: they stay on this phone until then. Sign in');
  await page.reload();
  await page.waitForSelector('#login-form', { state: 'visible' });
  assert.equal(await state(corrected.id), 'waiting');
  await signIn(page, 'monitor-nmjd');
  await page.waitForSelector(`#queue-list li[data-id="${corrected.id}"][data-state=sent]`, { timeout: 15000 });
  const second = Number(await page.getAttribute(`#queue-list li[data-id="${corrected.id}"]`, 'data-report'));
  const filed = await (await fetch(`${base}/v1/incidents/${second}`, monitor)).json();
  assert.deepEqual([filed.category, filed.occurred_on, filed.site_code, filed.files],
    ['environmental_harm', today, 'SL-KON-001', []]);
  assert.equal(posts.length, 4);  // sent, refused, 401, sent

  // A send that arrives but whose answer is lost (the signal drops): tried again by hand, the
  // report is found on the server among those filed since, and not sent twice.
  await page.route('**/v1/incidents', async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    await route.fetch();  // it arrives...
    await route.abort('connectionreset');  // ...the answer does not
  });
  const unique = `Trucks left the site at night (${Date.now()}).`;
  await page.selectOption('#filing-category', 'illegal_mining_smuggling');
  await page.fill('#filing-date', today);
  await page.click('#filing-locate');
  await page.waitForFunction(() => document.querySelector('#filing-latitude').value !== '');
  await page.fill('#filing-description', unique);
  await page.click('#filing-submit');
  await page.waitForFunction(() => /^Waiting to be sent: the server could not be reached/
    .test(document.querySelector('#queue-list li[data-state=waiting] p.state')?.textContent));
  const lost = (await outbox(page)).find((q) => q.state === 'waiting');
  assert.equal(lost.attempted, true);
  await page.unroute('**/v1/incidents');
  await page.click(`#queue-list li[data-id="${lost.id}"] button[data-action=send]`);
  await page.waitForSelector(`#queue-list li[data-id="${lost.id}"][data-state=sent]`);
  const found = Number(await page.getAttribute(`#queue-list li[data-id="${lost.id}"]`, 'data-report'));
  const copies = (await (await fetch(`${base}/v1/incidents?after=${second}`, monitor)).json()).items
    .filter((r) => r.description === unique);
  assert.deepEqual(copies.map((r) => r.id), [found]);
  assert.equal(posts.length, 5);  // the lost one only
  await context.close();
});

test('password sign-in: the API\'s message for a wrong password or too many, then the session\'s work without a token', async () => {
  // Five failures for a login: the sixth must wait (429, Retry-After).
  for (let i = 0; i < 5; i++) {
    const res = await fetch(`${base}/v1/session`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: 'monitor-nmjd', password: 'not the password' }) });
    assert.equal(res.status, 401);
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  // A cookie whose session has ended (signed out elsewhere, say) does not hide the public parts.
  await context.addCookies([{ name: 'okp_session', value: 'ended-session', url: base }]);
  await page.goto(base + '/');
  await page.waitForSelector('#commitments-table tbody tr');
  await page.waitForSelector('#reviews-table tbody tr');
  await signIn(page, 'analyst', 'not the password');
  await page.waitForSelector('#login-status.bad');
  assert.equal(await page.textContent('#login-status'), 'wrong login or password');
  assert.equal(await page.getAttribute('#password', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#password', 'aria-describedby'), 'login-status');
  await signIn(page, 'monitor-nmjd', 'not the password either');
  await page.waitForFunction(() => /wait a minute/.test(document.querySelector('#login-status').textContent));
  assert.match(await page.textContent('#login-status'), /too many failed sign-ins.*\(try again in 60 s\)$/);

  // Signed in: the cookie and no Authorization header; findings and questionnaires as with a token.
  const authorization = [];
  page.on('request', (r) => { if (r.url().includes('/v1/')) authorization.push(r.headers().authorization); });
  await signIn(page, 'analyst');
  await signedInAs(page, 'Signed in as Demo analyst (analyst)');
  await page.waitForSelector('#findings-table tbody tr');
  await page.waitForSelector('#questionnaires-table tbody tr');
  assert.equal(await page.textContent('#login-status'), '');
  assert.equal(await page.isVisible('#login-form'), false);
  assert.match(await page.textContent('#account'), /^Signed in: Demo analyst Sign out$/);
  assert.ok(authorization.length > 3);
  assert.deepEqual(authorization.filter((a) => a !== undefined), []);
  const cookie = (await context.cookies()).find((c) => c.name === 'okp_session');
  assert.ok(cookie.httpOnly && cookie.sameSite === 'Strict');
  assert.equal(await page.evaluate(() => document.cookie), '');  // out of the scripts' reach
  // After a reload, the session is found again.
  await page.reload();
  await signedInAs(page, 'Signed in as Demo analyst (analyst)');
  await page.waitForSelector('#findings-table tbody tr');
  await context.close();

  // The coalition's coordinator: its forms with the session too.
  const coordinator = await browser.newPage();
  await coordinator.goto(base + '/');
  await signIn(coordinator, 'coordinator');
  await coordinator.waitForSelector('#activity-form');
  await coordinator.close();
});

let issuedNumber;

test('an officer issues a certificate: the rules as typed, the registry\'s field errors; its PDF, printed and photographed, verifies offline', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(base + '/');
  await signIn(page, 'officer-bw');
  await signedInAs(page, 'Signed in as Demo officer BW (officer, BW)');
  await page.waitForSelector('#issue-destination option[value="EU"]', { state: 'attached' });
  assert.equal(await page.$('#issue-destination option[value="BW"]'), null);  // not to itself
  const error = (id) => page.textContent(`#${id}-error`);

  // As typed: three decimals, then a valid amount; the message tied to its field.
  await page.fill('#issue-line-0-carats', '12.345');
  assert.equal(await error('issue-line-0-carats'), 'At most two decimals (hundredths).');
  assert.equal(await page.getAttribute('#issue-line-0-carats', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#issue-line-0-carats', 'aria-describedby'),
    /\bissue-line-0-carats-error\b/);
  await page.fill('#issue-line-0-carats', '1,250.50');
  assert.equal(await error('issue-line-0-carats'), '');
  assert.equal(await page.getAttribute('#issue-line-0-carats', 'aria-invalid'), null);
  await page.fill('#issue-line-0-value', '0');
  assert.equal(await error('issue-line-0-value'), 'Must be more than zero.');
  // Three lines at most, one per HS code.
  await page.click('#issue-add-line');
  await page.click('#issue-add-line');
  await page.click('#issue-add-line');
  assert.equal((await page.$$('#issue-lines fieldset.line')).length, 3);
  assert.equal(await page.textContent('#issue-lines-error'),
    'A certificate has at most 3 lines, one per HS code.');
  await page.selectOption('#issue-line-2-hs', '7102.21');
  assert.equal(await error('issue-line-2-hs'), 'One line per HS code: 7102.21 is already on another line.');
  await page.click('#issue-lines fieldset.line:nth-of-type(3) button');
  await page.click('#issue-lines fieldset.line:nth-of-type(2) button');
  assert.equal((await page.$$('#issue-lines fieldset.line')).length, 1);
  // Printed names: no right-to-left override; origins: ISO codes.
  await page.fill('#issue-exporter-name', 'Okavango Diamond\u202Eexe.gnp');
  assert.match(await error('issue-exporter-name'), /^Must not contain bidirectional control characters \(U\+202E\)/);
  await page.fill('#issue-origin', 'BW, bw');
  assert.equal(await error('issue-origin'), "'bw' is not a two-letter ISO code (in capitals, e.g. BW).");
  await page.fill('#issue-parcels', '3.5');
  assert.equal(await error('issue-parcels'), 'Type a whole number.');
  // Submitting with errors sends nothing and points at the first.
  await page.click('#issue-submit');
  assert.equal(await page.textContent('#issue-status'), 'Some fields need correcting: see the messages next to them.');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'issue-destination');
  await page.screenshot({ path: join(shots, 'web-officer-issue-errors.png'), fullPage: true });

  await page.selectOption('#issue-destination', 'EU');
  await page.fill('#issue-origin', 'BW');
  await page.fill('#issue-exporter-name', 'Okavango Diamond Company');
  await page.fill('#issue-exporter-address', 'Plot 63, Gaborone');
  await page.fill('#issue-importer-name', 'Antwerp Rough NV');
  await page.fill('#issue-importer-address', 'Hoveniersstraat 2, Antwerp');
  await page.selectOption('#issue-line-0-hs', '7102.31');
  await page.fill('#issue-line-0-value', '380,000.00');
  await page.fill('#issue-parcels', '3');
  // What only the server knows: the number must name the issuer.
  await page.fill('#issue-number', 'ZA-2026-77');
  assert.equal(await error('issue-number'), '');
  await page.click('#issue-submit');
  await page.waitForFunction(() => document.querySelector('#issue-number-error').textContent !== '');
  assert.equal(await error('issue-number'), "number: must contain the issuer's ISO code 'BW'");
  assert.equal(await page.getAttribute('#issue-number', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'issue-number');
  await page.fill('#issue-number', '');
  await page.click('#issue-submit');
  await page.waitForSelector('#issued-number');
  issuedNumber = (await page.textContent('#issued-number')).match(/certificate (BW-\d{4}-\d{6}), valid until/)[1];
  // Amounts went as integer hundredths, exactly.
  const record = await (await fetch(`${base}/v1/certificates/${issuedNumber}`,
    bearer(tokenOf('Demo officer BW')))).json();
  assert.deepEqual(record.signed.certificate.lines,
    [{ hs_code: '7102.31', carats_hundredths: 125050, value_usd_cents: 38000000 }]);
  assert.equal(record.signed.certificate.exporter.name, 'Okavango Diamond Company');
  assert.equal(await page.inputValue('#issue-exporter-name'), '');  // the form is ready for the next

  // The list: the new certificate first; a page further; CSV of the filter.
  await page.waitForSelector(`#certificates-table tr[data-number="${issuedNumber}"]`);
  assert.match(await page.textContent('#list-summary'), /^Certificates 1 to 20 of \d+, newest first$/);
  await page.click('#list-next');
  await page.waitForFunction(() => /^Certificates 21 to/.test(document.querySelector('#list-summary').textContent));
  await page.selectOption('#list-status', 'issued');
  await page.waitForFunction(() => /^Certificates 1 to/.test(document.querySelector('#list-summary').textContent));
  const states = await page.$$eval('#certificates-table tbody tr td:nth-of-type(3)', (tds) => tds.map((td) => td.textContent));
  assert.ok(states.length > 0 && states.every((s) => s === 'issued'), states.join());
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#list-csv')]);
  const csvText = readFileSync(await csv.path(), 'utf8');
  assert.match(csvText, /^number,issuer,destination,status,issued_on,expires_on,carats,value_usd,/);
  assert.match(csvText, new RegExp(`\\r\\n${issuedNumber},BW,EU,issued,`));
  assert.ok(!/,(confirmed|voided),/.test(csvText));
  await page.locator('#officer').screenshot({ path: join(shots, 'web-officer.png') });

  // Print (HTML) opens the page, with the cookie; Print (PDF) downloads it.
  const html = await page.getAttribute('#issue-status a[data-print=html]', 'href');
  assert.equal(html, `/v1/certificates/${issuedNumber}/print?format=html&lang=en`);
  assert.equal(await page.evaluate((h) => fetch(h).then((r) => r.status), html), 200);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('#issue-status button[data-print=pdf]'),
  ]);
  assert.equal(download.suggestedFilename(), `certificate-${issuedNumber}.pdf`);
  const pdf = join(dir, 'issued.pdf');
  await download.saveAs(pdf);
  assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
  execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', pdf, join(dir, 'issued')]);

  // The printed page's photo, verified with no network (the page from the service worker).
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null &&
    localStorage.getItem('openkp.trust.keyring') && localStorage.getItem('openkp.trust.logKey'));
  await context.setOffline(true);
  const reloaded = await page.reload();
  assert.ok(reloaded.fromServiceWorker());
  await page.setInputFiles('#scan-photo', join(dir, 'issued.png'));
  await page.waitForSelector('#offline-verdict', { timeout: 20000 });
  assert.equal(await page.textContent('#offline-verdict'),
    'Valid: signed by the issuing authority, and on the public log');
  const facts = await page.textContent('#offline-facts');
  assert.ok(facts.includes(issuedNumber) && facts.includes('1,250.50') && facts.includes('380,000.00'), facts);
  await page.screenshot({ path: join(shots, 'web-officer-printed-offline.png'), fullPage: true });
  await context.close();
});

test('the importer\'s officer confirms it (the mismatch shown), the issuer\'s voids another; CSRF; French; phone width; signing out', async () => {
  assert.ok(issuedNumber, 'the certificate of the previous test');
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const accessible = (what) => accessibleIn(page, what);
  await page.goto(base + '/');
  await signIn(page, 'officer-eu');
  await signedInAs(page, 'Signed in as Demo officer EU (officer, EU)');
  // After a reload, the CSRF token is read again (GET /v1/session) for the confirmation below.
  await page.reload();
  await page.waitForSelector(`#confirm-number option[value="${issuedNumber}"]`, { state: 'attached' });
  await page.selectOption('#confirm-number', issuedNumber);
  assert.match(await page.textContent('#confirm-certified'),
    /^Certified: 1,250\.50 ct, US\$ 380,000\.00, 3 parcels; issued on \d{4}-\d\d-\d\d/);
  await page.fill('#confirm-carats', '1200.001');
  assert.equal(await page.textContent('#confirm-carats-error'), 'At most two decimals (hundredths).');
  await page.fill('#confirm-carats', '1,200');
  await page.fill('#confirm-value', '380000');
  await page.fill('#confirm-parcels', '3');
  await accessible('officer, English, phone width');
  // Nothing of the officers' forms is wider than a phone (the tables scroll sideways).
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('#officer *, #me *, #account *')]
    .filter((e) => !e.closest('.scroll') && e.getBoundingClientRect().right > window.innerWidth)
    .map((e) => e.id || e.tagName)), []);
  await page.screenshot({ path: join(shots, 'web-officer-phone.png'), fullPage: true });
  await page.click('#confirm-submit');
  await page.waitForSelector('#confirm-mismatches li');
  assert.equal(await page.textContent('#confirm-status span'),
    `Confirmed: ${issuedNumber}, with differences beyond the tolerances:`);
  assert.match(await page.textContent('#confirm-mismatches'), /^carats: certified 1250\.50, received 1200\.00 \(-4\.0\d*%; tolerance 0\.10%\)$/);
  const confirmed = await (await fetch(`${base}/v1/certificates/${issuedNumber}`,
    bearer(tokenOf('Demo officer EU')))).json();
  assert.equal(confirmed.status, 'confirmed');
  assert.equal(confirmed.confirmation.carats_hundredths, 120000);
  // (The list is read again after the answer is shown.)
  await page.waitForSelector(`#confirm-number option[value="${issuedNumber}"]`, { state: 'detached' });

  // A change with the cookie but without the CSRF token is refused.
  const forged = await page.evaluate(async () => {
    const r = await fetch('/v1/certificates', { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: '{}' });
    return [r.status, (await r.json()).rule];
  });
  assert.deepEqual(forged, [403, 'csrf']);

  // In French, at once.
  await page.selectOption('#lang', 'fr');
  assert.equal(await page.textContent('#officer-title'), 'Certificats');
  assert.equal(await page.textContent('#confirm-title'), 'Confirmer une importation');
  assert.equal(await page.textContent('label[for=confirm-carats]'), 'Carats reçus');
  assert.equal(await page.textContent('label[for=issue-destination]'), 'Destination (participant importateur)');
  assert.equal(await page.textContent('#issue-line-0-hs option[value="7102.31"]'), '7102.31 (qualité gemme)');
  assert.match(await page.textContent('#confirm-status'), /^Confirmé : /);
  assert.deepEqual((await translated(page, 'fr')).wrong, []);
  await accessible('officer, French');
  await page.screenshot({ path: join(shots, 'web-officer-fr.png'), fullPage: true });
  await page.selectOption('#lang', 'en');

  // Signing out: the session ends; the page as anyone sees it.
  await page.click('#me button.sign-out');
  await page.waitForSelector('#login-form', { state: 'visible' });
  assert.equal(await page.textContent('#me'), '');
  assert.equal(await page.$('#officer section'), null);
  assert.equal(await page.evaluate(() => fetch('/v1/session').then((r) => r.status)), 401);
  await context.close();

  // The issuer's officer voids one of its certificates awaiting confirmation.
  const bw = await browser.newPage();
  await bw.goto(base + '/');
  await signIn(bw, 'officer-bw');
  await bw.waitForSelector('#void-number option:nth-child(2)', { state: 'attached' });
  const number = await bw.$eval('#void-number option:nth-child(2)', (o) => o.value);
  await bw.selectOption('#void-number', number);
  await bw.click('#void-submit');
  assert.equal(await bw.textContent('#void-reason-error'), 'Choose one.');
  await bw.selectOption('#void-reason', 'stolen');
  await bw.fill('#void-note', 'Reported stolen in transit (from the page)');
  await bw.click('#void-submit');
  await bw.waitForSelector('#void-status.ok');
  assert.equal(await bw.textContent('#void-status'), `Voided: ${number}.`);
  const voided = await (await fetch(`${base}/v1/certificates/${number}`, bearer(tokenOf('Demo officer BW')))).json();
  assert.equal(voided.status, 'voided');
  assert.deepEqual([voided.voiding.reason, voided.voiding.note], ['stolen', 'Reported stolen in transit (from the page)']);
  await bw.waitForSelector(`#void-number option[value="${number}"]`, { state: 'detached' });
  await bw.close();
});
