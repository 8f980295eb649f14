// The working group's and the peer reviewers' work in the browser (web/src/review-work.ts),
// signed in with a password as the demo's analyst, officers, reviewer and monitor: each flow done
// on the page, its result read back through the API and on the page; refusals show the API's
// message beside the field it names; French; phone width; axe-core. Env as web-fixture.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  accessible, base, bearer, browser, shots, signIn, signedInAs, startWeb, stopWeb, tokenOf,
} from './web-fixture.mjs';

before(startWeb);
after(stopWeb);

async function api(path, token, body) {
  const init = body === undefined ? bearer(token) : {
    method: 'POST',
    headers: { ...bearer(token).headers, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
  const res = await fetch(base + path, init);
  const json = await res.json();
  assert.ok(res.ok, `${path}: ${res.status} ${json.detail}`);
  return json;
}
const daysAhead = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
// A review (made by the admin) led by the demo's reviewer, `days` days ahead for five days.
async function newReview(participant, type, title, days) {
  const me = await api('/v1/me', tokenOf('Demo reviewer'));
  return api('/v1/reviews', tokenOf('Demo admin'), {
    participant, type, title, starts_on: daysAhead(days), ends_on: daysAhead(days + 4),
    team: [{ name: 'Demo reviewer', constituency: 'government', role: 'lead', user: me.id }],
  });
}
// What the page said, to tell why it did not get where it should.
function watch(page) {
  const said = [];
  page.on('pageerror', (e) => said.push(`page error: ${e.message}`));
  // (A refusal the test asks for is also a failed resource in the console: not counted.)
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource')
    && said.push(`console: ${m.text()}`));
  return said;
}
async function newPage(options = {}) {
  const context = await browser.newContext({ bypassCSP: true, acceptDownloads: true, ...options });
  const page = await context.newPage();
  return { context, page, said: watch(page) };
}
// A new page signed in as `login` (whose name the page then shows).
async function signedIn(login, name, options) {
  const opened = await newPage(options);
  await opened.page.goto(base + '/');
  await signIn(opened.page, login);
  await signedInAs(opened.page, name);
  return opened;
}
async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

test('an analyst decides on findings (the API\'s refusal beside the reason), reads their decisions and raises a questionnaire', async () => {
  const analyst = tokenOf('Demo analyst');
  const { context, page, said } = await signedIn('analyst', 'Demo analyst');
  await page.waitForSelector('#findings-table tbody tr');
  // The first group of the page's 20 with one participant and more than one open finding.
  const groups = (await api('/v1/findings?limit=20', analyst)).groups;
  const index = groups.findIndex((g) => g.participants.length === 1 && g.state === 'open' && g.count > 1);
  assert.ok(index >= 0, 'an open group');
  const group = groups[index];
  const participant = group.participants[0];
  await page.click(`#findings-table tbody tr:nth-child(${index + 1}) button`);
  await page.waitForSelector('#group-triage-form');

  // Dismissing without a reason: the API's message, beside the reason.
  await page.selectOption('#group-triage-form-action', 'dismiss');
  await page.click('#group-triage-form button[type=submit]');
  await page.waitForSelector('#group-triage-form-note[aria-invalid=true]');
  assert.equal(await page.textContent('#group-triage-form-note-error'), 'note: is required');
  assert.equal(await page.textContent('#group-triage-form-status'), 'note: is required');
  assert.equal((await api(`/v1/findings?group=${group.id}`, analyst)).groups[0].state, 'open');

  // One finding marked explained: its decision shown, and the API's record.
  const findings = (await api(`/v1/findings?group=${group.id}`, analyst)).groups[0].findings;
  const first = findings[0];
  await page.click(`button.decisions[data-finding="${first.id}"]`);
  await page.waitForSelector('#finding-title');
  assert.equal(await page.textContent('#finding-title'), `Finding ${first.id}`);
  assert.match(await page.textContent('#finding-detail'), /No decision yet\./);
  await page.selectOption('#finding-triage-form-action', 'explain');
  await page.fill('#finding-triage-form-note', 'A mine closed that quarter (web test).');
  await page.click('#finding-triage-form button[type=submit]');
  await page.waitForSelector('#finding-history-table tbody tr');
  assert.equal(await page.textContent('#group-said'), 'Decision recorded for 1 finding(s).');
  assert.match(await page.textContent('#finding-history-table tbody tr:last-child'),
    /explained.*Demo analyst.*A mine closed that quarter \(web test\)\./);
  const explained = await api(`/v1/findings/${first.id}`, analyst);
  assert.equal(explained.state, 'explained');
  assert.equal(explained.decision.note, 'A mine closed that quarter (web test).');
  assert.match(await page.textContent('#group-findings-table'), /explained/);

  // A questionnaire about the others: a date in the past refused by the API, beside the date.
  await page.waitForSelector('#raise-form');
  const ticked = await page.$$eval('#raise-form-findings input:checked', (l) => l.map((c) => c.value));
  assert.deepEqual(ticked.sort(), findings.slice(1).filter((f) => f.participants.includes(participant))
    .map((f) => f.id).sort());
  await page.fill('#raise-form-message', 'Please explain these figures (web test).');
  await page.fill('#raise-form-due_on', '2020-01-01');
  await page.click('#raise-form button[type=submit]');
  await page.waitForSelector('#raise-form-due_on[aria-invalid=true]');
  assert.match(await page.textContent('#raise-form-due_on-error'), /^due_on: must be after today/);
  const due = daysAhead(20);
  await page.fill('#raise-form-due_on', due);
  await page.click('#raise-form button[type=submit]');
  await page.waitForFunction(() => /^Questionnaire \d+ sent/.test(document.querySelector('#group-said')?.textContent));
  const id = Number((await page.textContent('#group-said')).match(/^Questionnaire (\d+)/)[1]);
  assert.equal(await page.textContent('#group-said'), `Questionnaire ${id} sent to ${participant}, answer due on ${due}.`);
  const q = await api(`/v1/questionnaires/${id}`, analyst);
  assert.equal(q.state, 'awaiting-answer');
  assert.equal(q.participant, participant);
  assert.equal(q.message, 'Please explain these figures (web test).');
  assert.deepEqual(q.findings.map((f) => f.id).sort(), ticked.sort());
  // In the list, and it opens to its findings and steps.
  await page.waitForSelector(`.open-questionnaire[data-questionnaire="${id}"]`);
  await page.click(`.open-questionnaire[data-questionnaire="${id}"]`);
  await page.waitForSelector('#questionnaire-steps-table tbody tr');
  assert.match(await page.textContent('#questionnaire-steps-table'), /sent.*Demo analyst.*Please explain/);
  assert.equal((await page.$$('#questionnaire-findings-table tbody tr')).length, ticked.length);
  assert.equal(await page.$('#decision-form'), null);  // nothing to decide before an answer
  assert.match(await page.textContent('#group-findings-table'), /questioned/);
  await accessible(page, 'analyst: a group, a finding, a questionnaire');
  await page.screenshot({ path: join(shots, 'web-review-analyst.png'), fullPage: true });
  assert.deepEqual(said, []);
  await context.close();
});

test('an officer attaches a document (a wrong one refused) and answers; the analyst, in French, decides; the officer reads the decision', async () => {
  const analyst = tokenOf('Demo analyst');
  const open = (await api('/v1/findings?participant=BW&state=open&limit=1', analyst)).groups[0];
  const raised = await api('/v1/questionnaires', analyst, {
    participant: 'BW', findings: [open.id], due_on: daysAhead(30), title: 'BW figures (web test)',
    message: 'Why did these change?',
  });
  const id = raised.id;

  const officer = await signedIn('officer-bw', 'Demo officer BW');
  let page = officer.page;
  await page.click(`.open-questionnaire[data-questionnaire="${id}"]`);
  await page.waitForSelector('#attach-form');
  assert.equal(await page.textContent('#questionnaire-title'), `Questionnaire ${id}: BW figures (web test)`);
  // A "PDF" that is text: the API's message.
  await page.setInputFiles('#attach-form-file', { name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a PDF') });
  await page.click('#attach-form button[type=submit]');
  await page.waitForSelector('#attach-form-status.bad');
  assert.equal(await page.textContent('#attach-form-status'), 'body: does not hold application/pdf');
  const note = 'Production figures from the Ministry\'s register (web test).\n';
  await page.setInputFiles('#attach-form-file', { name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from(note) });
  await page.click('#attach-form button[type=submit]');
  await page.waitForSelector('#questionnaire-documents-table tbody tr');
  assert.equal(await page.textContent('#questionnaire-said'), 'note.txt attached.');
  assert.match(await page.textContent('#questionnaire-documents-table'), /note\.txttext\/plain/);
  const withDoc = await api(`/v1/questionnaires/${id}`, tokenOf('Demo officer BW'));
  assert.deepEqual(withDoc.documents.map((d) => d.name), ['note.txt']);
  await page.fill(`form.answer[data-questionnaire="${id}"] textarea`, 'A new mine opened (web test).');
  await page.click(`form.answer[data-questionnaire="${id}"] button`);
  await page.waitForFunction((n) => document.querySelector('#me').textContent.includes(`answer to questionnaire ${n} sent`), id);

  // The analyst, in French: asking for clarification without a note is refused, accepting works.
  const wg = await newPage();
  const apage = wg.page;
  await apage.goto(base + '/');
  await apage.selectOption('#lang', 'fr');
  await signIn(apage, 'analyst');
  await signedInAs(apage, 'Demo analyst');
  await apage.click(`.open-questionnaire[data-questionnaire="${id}"]`);
  // The questionnaire first (its state said), then the form: a failure says which was missing.
  await apage.waitForSelector('#questionnaire-title');
  await apage.waitForSelector('#decision-form', { timeout: 10000 }).catch(async (e) => {
    throw new Error(`${e.message}\nthe questionnaire shown: ${await apage.textContent('#questionnaire-detail')}`);
  });
  assert.equal(await apage.textContent('#decision-form h4'), 'Décider de la réponse');
  assert.equal(await apage.textContent('label[for=decision-form-note]'), 'Note au participant');
  assert.match(await apage.textContent('#questionnaire-steps-table'), /réponse reçue.*Demo officer BW.*A new mine opened/);
  assert.match(await apage.textContent('#questionnaire-documents-table'), /note\.txt/);
  // The document, as the analyst downloads it.
  const got = await download(apage, '#questionnaire-documents-table button');
  assert.equal(got.name, 'note.txt');
  assert.equal(got.bytes.toString(), note);
  await apage.selectOption('#decision-form-action', 'clarify');
  await apage.click('#decision-form button[type=submit]');
  await apage.waitForSelector('#decision-form-note[aria-invalid=true]');
  assert.match(await apage.textContent('#decision-form-note-error'), /^note: /);
  assert.equal((await api(`/v1/questionnaires/${id}`, analyst)).state, 'answered');
  await apage.selectOption('#decision-form-action', 'accept');
  await apage.click('#decision-form button[type=submit]');
  await apage.waitForFunction(() => document.querySelector('#questionnaire-said')?.textContent === 'Décision enregistrée.');
  assert.match(await apage.textContent('#questionnaire-detail'), /État\u00a0: clos/);
  const closed = await api(`/v1/questionnaires/${id}`, analyst);
  assert.equal(closed.state, 'closed');
  assert.equal(closed.steps.at(-1).action, 'accepted');
  await accessible(apage, 'analyst, French, a decision');
  await apage.screenshot({ path: join(shots, 'web-review-decision-fr.png'), fullPage: true });
  assert.deepEqual(wg.said, []);
  await wg.context.close();

  // The officer sees the working group's decision (and can no longer attach).
  await page.reload();
  await signedInAs(page, 'Demo officer BW');
  await page.click(`.open-questionnaire[data-questionnaire="${id}"]`);
  await page.waitForSelector('#questionnaire-steps-table tbody tr');
  assert.match(await page.textContent('#questionnaire-steps-table tbody tr:last-child'), /accepted.*Demo analyst/);
  assert.equal(await page.$('#attach-form'), null);
  await page.screenshot({ path: join(shots, 'web-review-officer-questionnaire.png'), fullPage: true });
  assert.deepEqual(officer.said, []);
  await officer.context.close();
});

test('the review\'s lead records how an input was used, adds a recommendation (a repeat refused), moves the review on and downloads the dossier', async () => {
  const reviewer = tokenOf('Demo reviewer');
  const { context, page, said } = await signedIn('reviewer', 'Demo reviewer');
  await page.click('#work-reviews-table button[data-review="1"]');
  await page.waitForSelector('#review-inputs-table tbody tr');
  assert.equal(await page.textContent('#work-review-title'), 'Review visit to Zimbabwe (demo)');
  assert.equal(await page.textContent('#review-stage'), 'decided');
  assert.match(await page.textContent('#review-team-table'), /Demo reviewergovernmentlead/);
  assert.match(await page.textContent('#review-stages-table'), /final.*Final report of the review visit/);

  // How the team used the public input (input 2).
  await page.fill('#use-form-2-text', 'Read out at the team\'s meeting with the community (web test).');
  await page.click('#use-form-2 button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#review-said')?.textContent === 'Recorded.');
  const inputs = (await api('/v1/reviews/1/inputs', reviewer)).items;
  assert.match(inputs.find((x) => x.id === 2).uses.at(-1).text, /web test/);
  assert.match(await page.textContent('#review-inputs-table'), /Read out at the team's meeting/);

  // A recommendation; the same paragraph again is refused with the API's message.
  const add = async () => {
    await page.fill('#recommendation-form-paragraph', '4.9');
    await page.fill('#recommendation-form-text', 'Publish the export office\'s monthly figures (web test).');
    await page.fill('#recommendation-form-addressee', 'Ministry of Mines and Mining Development');
    await page.fill('#recommendation-form-core_section', 'Section VI');
    await page.selectOption('#recommendation-form-specificity', '4');
    await page.click('#recommendation-form button[type=submit]');
  };
  await add();
  await page.waitForFunction(() => document.querySelector('#review-said')?.textContent === 'Recommendation 4.9 added.');
  assert.match(await page.textContent('#review-recommendations-table'), /4\.9Publish the export office's monthly figures/);
  await add();
  await page.waitForSelector('#recommendation-form-status.bad');
  assert.match(await page.textContent('#recommendation-form-status'), /^review 1 has a recommendation 4\.9 already/);
  const recs = (await api('/v1/recommendations?review=1', reviewer)).items.filter((r) => r.paragraph === '4.9');
  assert.equal(recs.length, 1);
  assert.equal(recs[0].specificity, 4);
  assert.equal(recs[0].core_section, 'Section VI');
  await accessible(page, 'reviewer: a review');
  await page.screenshot({ path: join(shots, 'web-review-reviewer.png'), fullPage: true });

  // The next stage: closed.
  assert.match(await page.textContent('#stage-form h4'), /^Next stage: closed$/);
  await page.fill('#stage-form-note', 'Closed by the team (web test).');
  await page.click('#stage-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#review-stage')?.textContent === 'closed');
  assert.equal(await page.textContent('#review-said'), 'Stage recorded.');
  assert.equal((await api('/v1/reviews/1', reviewer)).stage, 'closed');
  assert.equal(await page.$('#recommendation-form'), null);

  // The participant's dossier, with the reviewer's rights: HTML and PDF.
  const html = await download(page, '#review-1-dossier a[data-format=html]');
  assert.equal(html.name, 'dossier-ZW-en.html');
  assert.match(html.bytes.toString(), /Zimbabwe/);
  assert.match(html.bytes.toString(), /Publish the export office/);
  assert.equal(await page.textContent('#review-1-dossier-status'), 'dossier-ZW-en.html downloaded.');
  await page.selectOption('#review-1-dossier-lang', 'fr');
  const pdf = await download(page, '#review-1-dossier a[data-format=pdf]');
  assert.equal(pdf.name, 'dossier-ZW-fr.pdf');
  assert.equal(pdf.bytes.subarray(0, 5).toString(), '%PDF-');
  // A year that is not one is said beside its field, and nothing is fetched.
  await page.fill('#review-1-dossier-from', '20');
  await page.click('#review-1-dossier a[data-format=json]');
  assert.equal(await page.textContent('#review-1-dossier-from-error'), 'A year of four digits.');
  await page.screenshot({ path: join(shots, 'web-review-closed.png'), fullPage: true });
  assert.deepEqual(said, []);
  await context.close();
});

test('at phone width, an officer responds to a recommendation and reports its status and progress, each with its source', async () => {
  const reviewer = tokenOf('Demo reviewer');
  const review = await newReview('BW', 'review-mission', 'Review mission to Botswana (web test)', 10);
  for (const stage of ['terms-agreed', 'fieldwork', 'draft']) {
    await api(`/v1/reviews/${review.id}/stage`, reviewer, { stage });
  }
  const rec = await api(`/v1/reviews/${review.id}/recommendations`, reviewer, {
    paragraph: '2.1', text: 'Reconcile the export office\'s figures with the certificates every month.',
    addressee: 'Ministry of Minerals and Energy', specificity: 5, follow_up_due_on: daysAhead(90),
  });

  const { context, page, said } = await signedIn('officer-bw', 'Demo officer BW', { viewport: { width: 390, height: 844 } });
  await page.waitForSelector('#my-recommendations-table tbody tr');
  assert.match(await page.textContent('#work-follow-up-title'), /^Recommendations to BW$/);
  await page.click(`#my-recommendations-table button[data-recommendation="${rec.id}"]`);
  await page.waitForSelector('#response-form');

  await page.selectOption('#response-form-response', 'partly');
  await page.fill('#response-form-comment', 'Quarterly rather than monthly (web test).');
  await page.click('#response-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#recommendation-said')?.textContent === 'Recorded.');

  await page.selectOption('#status-form-status', 'in-progress');
  await page.fill('#status-form-source', 'Ministry circular 12/2026');
  await page.click('#status-form button[type=submit]');
  await page.waitForFunction(() => document.querySelectorAll('#recommendation-steps-table tbody tr').length === 2);

  // A progress report without the next one's date: the API's message beside the date.
  await page.fill('#progress-form-text', 'Two reconciliations done (web test).');
  await page.fill('#progress-form-source', 'Export office minutes');
  await page.fill('#progress-form-next_due_on', '');
  await page.click('#progress-form button[type=submit]');
  await page.waitForSelector('#progress-form-next_due_on[aria-invalid=true]');
  assert.equal(await page.textContent('#progress-form-next_due_on-error'),
    'next_due_on: is required until the status is implemented or not-implemented');
  const next = daysAhead(120);
  await page.fill('#progress-form-next_due_on', next);
  await page.click('#progress-form button[type=submit]');
  await page.waitForFunction(() => document.querySelectorAll('#recommendation-steps-table tbody tr').length === 3);
  const steps = await page.textContent('#recommendation-steps-table');
  assert.match(steps, /responsepartly acceptedQuarterly rather than monthly/);
  assert.match(steps, /statusin progress.*Ministry circular 12\/2026/);
  assert.match(steps, /progress report.*Two reconciliations done.*Export office minutes/);

  const after = await api(`/v1/recommendations/${rec.id}`, reviewer);
  assert.equal(after.response, 'partly');
  assert.equal(after.status, 'in-progress');
  assert.equal(after.status_source, 'Ministry circular 12/2026');
  assert.equal(after.next_report_due, next);
  assert.match(await page.textContent('#my-recommendations-table'), /partly acceptedin progress/);

  // Nothing is wider than the phone (the tables scroll sideways), and it is accessible.
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('#review-work *')]
    .filter((e) => !e.closest('.scroll-narrow') && e.getBoundingClientRect().right > window.innerWidth + 1)
    .map((e) => e.id || e.tagName)), []);
  await accessible(page, 'officer, phone width, a recommendation');
  await page.screenshot({ path: join(shots, 'web-review-officer-phone.png'), fullPage: true });

  // The officer's own dossier (its participant's only).
  const dossier = await download(page, '#dossier a[data-format=json]');
  assert.equal(dossier.name, 'dossier-BW-en.json');
  assert.equal(JSON.parse(dossier.bytes.toString()).participant, 'BW');
  assert.deepEqual(said, []);
  await context.close();
});

test('a monitor sends input to a review and assesses a recommendation', async () => {
  const reviewer = tokenOf('Demo reviewer');
  const review = await newReview('SL', 'review-visit', 'Review visit to Sierra Leone (web test)', 20);
  const { context, page, said } = await signedIn('monitor-nmjd', 'Demo monitor');
  await page.click(`#input-reviews-table button[data-review="${review.id}"]`);
  await page.waitForSelector('#input-form');
  await page.fill('#input-form-text', 'Diggers at Kono report unpaid work (web test).');
  await page.selectOption('#input-form-visibility', 'team');
  await page.check('#input-form-hide_source');
  await page.fill('#input-form-incidents', 'one');
  await page.click('#input-form button[type=submit]');
  assert.equal(await page.textContent('#input-form-incidents-error'), 'Whole numbers only, separated by commas.');
  await page.fill('#input-form-incidents', '');
  await page.fill('#input-form-sites', 'SL-KONO-001');
  await page.click('#input-form button[type=submit]');
  await page.waitForFunction(() => /^Input \d+ sent\.$/.test(document.querySelector('#monitor-said')?.textContent));
  await page.waitForSelector('#my-inputs-table tbody tr');
  const team = (await api(`/v1/reviews/${review.id}/inputs`, reviewer)).items;
  assert.equal(team.length, 1);
  assert.equal(team[0].visibility, 'team');
  assert.equal(team[0].hide_source, true);
  assert.deepEqual(team[0].sites, ['SL-KONO-001']);

  // Its assessment of recommendation 2 (public: the demo review is past its final report).
  await page.click('#assess-recommendations-table button[data-recommendation="2"]');
  await page.waitForSelector('#assessment-form');
  await page.selectOption('#assessment-form-status', 'not-started');
  await page.fill('#assessment-form-source', 'NMJD field visit (web test)');
  await page.click('#assessment-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#monitor-said')?.textContent === 'Recorded.');
  const rec = await api('/v1/recommendations/2', reviewer);
  assert.equal(rec.civil_society_assessment, 'not-started');
  assert.match(rec.steps.at(-1).source, /NMJD field visit/);
  await accessible(page, 'monitor');
  await page.screenshot({ path: join(shots, 'web-review-monitor.png'), fullPage: true });
  assert.deepEqual(said, []);
  await context.close();
});
