// The peer reviews' follow-up (review-work.ts): a reviewer opens the reviews of its team (team,
// stages, inputs, recommendations), records how an input was used, adds a recommendation and
// moves the review to its next stage; a participant's officer follows up the recommendations
// addressed to its participant (response, status, progress, each with its source); a monitor
// sends civil-society input to a review and assesses recommendations.
import {
  addRecommendation,
  getRecommendationsFor,
  getReview,
  getReviewInputs,
  getReviewsFor,
  moveReviewStage,
  recommendationProgress,
  type RecommendationRecord,
  recommendationStatus,
  recordInputUse,
  respondToRecommendation,
  type ReviewRecord,
  submitReviewInput,
} from './api';
import type { Vars } from './i18n';
import { el, mark, scrolling } from './dom';
import { dossierPart } from './review-work-dossier';
import {
  type AnyKey, buildForm, button, type Cell, day, daysAhead, given, heading, numbers, optional, para,
  problemIn, rowButtons, type Said, saying, scrolled, shown, statusBox, table, term, words, work, wtx,
} from './review-work-kit';

// --- peer reviews: the team's work ---
const STAGES = ['planned', 'terms-agreed', 'fieldwork', 'draft', 'participant-comments', 'final', 'decided', 'closed'];
const stageIndex = (s: string) => STAGES.indexOf(s);
const onTeam = (r: ReviewRecord) => r.team.some((m) => m.user === work.user.id);
const writer = (r: ReviewRecord) =>
  work.user.role === 'admin' || r.team.some((m) => m.user === work.user.id && m.role !== 'observer');

function reviewsTable(id: string, reviews: ReviewRecord[], open: (r: ReviewRecord) => void) {
  const tbl = table(
    id,
    ['work.col.participant', 'work.col.type', 'work.col.title', 'work.col.dates', 'work.col.stage', ''],
    reviews.map((r) => [r.participant, term(r.type), r.title, `${r.starts_on} – ${r.ends_on}`, term(r.stage), '']),
  );
  rowButtons(tbl, reviews, 5, 2, (r) => {
    const b = button('work.open');
    b.dataset.review = String(r.id);
    b.addEventListener('click', () => open(r));
    return [b, `${id}-${r.id}`];
  });
  return scrolling(tbl);
}

export async function reviewsPart(): Promise<HTMLElement | undefined> {
  const list = await getReviewsFor(work.token).catch(() => undefined);
  if (!list?.ok) return undefined;
  const mine = work.user.role === 'admin' ? list.body : list.body.filter(onTeam);
  const box = el('div', 'work-reviews');
  const detail = el('div', 'review-detail');
  box.append(heading('h4', 'work.reviewsTitle', undefined, 'work-reviews-title'));
  if (mine.length === 0) box.append(para(wtx('work.noReviews')));
  else box.append(reviewsTable('work-reviews-table', mine, (r) => void showReview(r.id, detail)));
  box.append(detail);
  return box;
}

async function showReview(id: number, out: HTMLElement, said?: Said) {
  const [got, inputs, recs] = await Promise.all([
    getReview(work.token, id),
    getReviewInputs(work.token, id),
    getRecommendationsFor(work.token, { review: id }),
  ]).catch(() => [undefined, undefined, undefined] as const);
  const r = shown(out, got);
  if (!r) return;
  const status = saying('review-said', said);
  const redraw = (key: AnyKey, vars?: Vars) => showReview(id, out, [key, vars]);
  const stageNow = el('strong', 'review-stage');
  stageNow.append(term(r.stage));
  const parts: HTMLElement[] = [
    Object.assign(el('h4', 'work-review-title'), { textContent: r.title }),
    para(wtx('work.reviewFacts', { participant: r.participant, from: r.starts_on, to: r.ends_on }), ' · ', term(r.type)),
    para(wtx('work.stageNow'), ' ', stageNow),
    status,
  ];
  if (r.terms_of_reference) parts.push(para(r.terms_of_reference));
  parts.push(
    heading('h4', 'work.team'),
    scrolled(
      'review-team-table',
      ['work.col.name', 'work.col.constituency', 'work.col.role'],
      r.team.map((m) => [m.name, term(m.constituency), term(m.role)]),
    ),
    heading('h4', 'work.stages'),
    scrolled(
      'review-stages-table',
      ['work.col.stage', 'work.col.date', 'work.col.by', 'work.col.note'],
      (r.stages ?? []).map((s) => [term(s.stage), day(s.at), s.by ?? '', s.note ?? '']),
    ),
  );
  const next = STAGES[stageIndex(r.stage) + 1];
  if (writer(r)) {
    if (!next) parts.push(para(wtx('work.lastStage')));
    else {
      const title = el('h4');
      title.append(wtx('work.nextStage'), ' ', term(next));
      const stage = buildForm(
        'stage-form',
        title,
        [{ name: 'note', label: 'work.stageNote', kind: 'textarea' }],
        'work.moveStage',
        (b) =>
          moveReviewStage(work.token, id, {
            stage: next as 'closed',
            ...given(b, 'note'),
          }),
        () => redraw('work.stageDone'),
      );
      parts.push(stage.form);
    }
  }
  // Input from civil society and communities, with how the team used it.
  parts.push(heading('h4', 'work.inputs'));
  const list = inputs?.ok ? inputs.body : [];
  if (inputs && !inputs.ok) {
    const p = statusBox('review-inputs-status');
    problemIn(p, inputs.problem);
    parts.push(p);
  } else if (list.length === 0) parts.push(para(wtx('work.noInputs')));
  else {
    parts.push(
      scrolled(
        'review-inputs-table',
        ['work.col.from', 'work.col.input', 'work.col.visibility', 'work.col.links', 'work.col.uses'],
        list.map((x) => [
          x.contributor ?? wtx('work.hidden'),
          [`${x.id}. `, x.text],
          term(x.visibility),
          [...x.incidents.map((n) => `#${n}`), ...x.sites].join(', '),
          (x.uses ?? []).map((u) => `${u.text} (${u.by ? `${u.by}, ` : ''}${day(u.at)}) `),
        ]),
      ),
    );
    if (writer(r)) {
      for (const x of list) {
        const use = buildForm(
          `use-form-${x.id}`,
          undefined,
          [{ name: 'text', label: 'work.useLabel', labelVars: { id: x.id }, kind: 'textarea', required: true }],
          'work.recordUse',
          (b) => recordInputUse(work.token, x.id, { text: b.value('text') }),
          () => redraw('work.recorded'),
        );
        use.form.classList.add('use-form');
        parts.push(use.form);
      }
    }
  }
  // The review's recommendations, and a new one (from the draft until the review is closed).
  parts.push(heading('h4', 'work.recommendations'));
  const recommendations = recs?.ok ? recs.body : [];
  parts.push(
    recommendations.length === 0 ? para(wtx('work.noRecommendations')) : recommendationsTable('review-recommendations-table', recommendations),
  );
  if (writer(r) && stageIndex(r.stage) >= stageIndex('draft') && r.stage !== 'closed') {
    const add = buildForm(
      'recommendation-form',
      heading('h4', 'work.addRecommendation'),
      [
        { name: 'paragraph', label: 'work.paragraph', required: true },
        { name: 'text', label: 'work.recText', kind: 'textarea', required: true },
        { name: 'addressee', label: 'work.addressee', required: true },
        { name: 'core_section', label: 'work.coreSection' },
        {
          name: 'specificity',
          label: 'work.specificity',
          kind: 'select',
          options: ['1', '2', '3', '4', '5'].map((n) => [n, n]),
          value: '3',
        },
        { name: 'follow_up_due_on', label: 'work.followUpDue', kind: 'date', required: true, value: daysAhead(180) },
        { name: 'repeats', label: 'work.repeats', kind: 'number' },
      ],
      'work.add',
      (b) => {
        const repeats = b.value('repeats');
        if (repeats && !/^\d{1,9}$/.test(repeats)) {
          mark(b.controls.repeats, { key: 'work.wholeNumber' });
          return undefined;
        }
        return addRecommendation(work.token, id, {
          paragraph: b.value('paragraph'),
          text: b.value('text'),
          addressee: b.value('addressee'),
          core_section: optional(b.value('core_section')),
          specificity: Number(b.value('specificity')),
          follow_up_due_on: b.value('follow_up_due_on'),
          ...(repeats ? { repeats: Number(repeats) } : {}),
        });
      },
      (_, b) => redraw('work.added', { paragraph: b.value('paragraph') }),
    );
    parts.push(add.form);
  }
  parts.push(dossierPart([r.participant], `review-${r.id}`));
  out.replaceChildren(...parts);
  out.querySelector('h4')?.scrollIntoView({ block: 'nearest' });
}

function recommendationsTable(id: string, list: RecommendationRecord[], action?: [AnyKey, (r: RecommendationRecord) => void]) {
  const headers: (AnyKey | '')[] = [
    'work.col.paragraph',
    'work.col.recommendation',
    'work.col.addressee',
    'work.col.response',
    'work.col.status',
    'work.col.civilSociety',
    'work.col.nextReport',
  ];
  if (action) headers.push('');
  const tbl = table(
    id,
    headers,
    list.map((r) => {
      const row: Cell[] = [
        r.paragraph,
        r.text,
        r.addressee ?? '',
        term(r.response) || wtx('review.noResponse'),
        term(r.status),
        term(r.civil_society_assessment),
        r.overdue ? [`${r.next_report_due ?? ''} `, wtx('overdue')] : (r.next_report_due ?? ''),
      ];
      if (action) row.push('');
      return row;
    }),
  );
  if (action) {
    rowButtons(tbl, list, 7, 0, (r) => {
      const b = button(action[0]);
      b.dataset.recommendation = String(r.id);
      b.addEventListener('click', () => action[1](r));
      return [b, `${id}-${r.id}`];
    });
  }
  return scrolling(tbl);
}

function stepsTable(r: RecommendationRecord) {
  return scrolled(
    'recommendation-steps-table',
    ['work.col.date', 'work.col.step', 'work.col.value', 'work.col.comment', 'work.col.source', 'work.col.by'],
    (r.steps ?? []).map((s) => [
      day(s.at),
      term(s.kind === 'civil-society' ? 'civil-society-assessment' : s.kind),
      s.next_due_on ? [term(s.value), wtx('work.nextDue'), ` ${s.next_due_on}`] : term(s.value),
      s.comment ?? '',
      s.source ?? '',
      s.by ?? '',
    ]),
  );
}

const STATUSES: [string, AnyKey][] = [
  ['not-started', 'term.not-started'],
  ['in-progress', 'term.in-progress'],
  ['implemented', 'term.implemented'],
  ['not-implemented', 'term.not-implemented'],
];

// --- the participant's follow-up of the recommendations addressed to it ---
export async function followUpPart(participant: string, said?: Said, openId?: number): Promise<HTMLElement | undefined> {
  const list = await getRecommendationsFor(work.token, { participant }).catch(() => undefined);
  if (!list?.ok) return undefined;
  const box = el('div', 'work-follow-up');
  const detail = el('div', 'recommendation-detail');
  const redraw = async (key: AnyKey, vars: Vars | undefined, id: number) => {
    const again = await followUpPart(participant, [key, vars], id);
    if (again) box.replaceWith(again);
  };
  const open = (r: RecommendationRecord) => {
    const status = saying('recommendation-said', openId === r.id ? said : undefined);
    const parts: HTMLElement[] = [
      heading('h4', 'work.recHeading', { paragraph: r.paragraph }, 'recommendation-title'),
      para(r.text),
      status,
      heading('h4', 'work.recSteps'),
      stepsTable(r),
    ];
    const response = buildForm(
      'response-form',
      heading('h4', 'work.responseTitle'),
      [
        {
          name: 'response',
          label: 'work.response',
          kind: 'select',
          options: [['accepted', 'work.v.accepted'], ['partly', 'work.v.partly'], ['noted', 'work.v.noted']],
          value: r.response ?? 'accepted',
        },
        { name: 'comment', label: 'work.comment', kind: 'textarea' },
      ],
      'work.sendResponse',
      (b) =>
        respondToRecommendation(work.token, r.id, {
          response: b.value('response') as 'accepted' | 'partly' | 'noted',
          ...given(b, 'comment'),
        }),
      () => redraw('work.recorded', undefined, r.id),
    );
    const status2 = statusForm('status-form', 'work.statusTitle', 'work.sendStatus', r, false, () =>
      redraw('work.recorded', undefined, r.id),
    );
    const progress = buildForm(
      'progress-form',
      heading('h4', 'work.progressTitle'),
      [
        { name: 'text', label: 'work.progressText', kind: 'textarea', required: true },
        { name: 'source', label: 'work.source', required: true },
        { name: 'next_due_on', label: 'work.nextDue', kind: 'date', hint: 'work.nextDueHint', value: daysAhead(180) },
      ],
      'work.sendProgress',
      (b) =>
        recommendationProgress(work.token, r.id, {
          text: b.value('text'),
          source: b.value('source'),
          next_due_on: optional(b.value('next_due_on')),
        }),
      () => redraw('work.recorded', undefined, r.id),
    );
    parts.push(response.form, status2.form, progress.form);
    detail.replaceChildren(...parts);
  };
  box.append(heading('h4', 'work.myRecommendations', { participant }, 'work-follow-up-title'));
  const mine = list.body.filter((r) => r.participant === participant);
  if (mine.length === 0) box.append(para(wtx('work.noMyRecommendations', { participant })));
  else box.append(recommendationsTable('my-recommendations-table', mine, ['work.followUp', open]));
  box.append(detail);
  const again = mine.find((r) => r.id === openId);
  if (again) open(again);
  return box;
}

// A status with its source: the implementation status (the participant, the team) or civil
// society's assessment (monitors).
function statusForm(
  id: string,
  title: AnyKey,
  submit: AnyKey,
  r: RecommendationRecord,
  assessment: boolean,
  done: () => Promise<void>,
) {
  return buildForm(
    id,
    heading('h4', title),
    [
      { name: 'status', label: 'work.status', kind: 'select', options: STATUSES, value: (assessment ? r.civil_society_assessment : r.status) ?? 'not-started' },
      { name: 'source', label: 'work.source', required: true },
      { name: 'comment', label: 'work.comment', kind: 'textarea' },
    ],
    submit,
    (b) =>
      recommendationStatus(
        work.token,
        r.id,
        {
          status: b.value('status') as 'not-started',
          source: b.value('source'),
          ...given(b, 'comment'),
        },
        assessment,
      ),
    done,
  );
}

// --- civil society: input to a review, and its own assessment of recommendations ---
export async function monitorPart(said?: Said, openReview?: number): Promise<HTMLElement | undefined> {
  const [reviews, recs] = await Promise.all([getReviewsFor(work.token), getRecommendationsFor(work.token, {})]).catch(
    () => [undefined, undefined] as const,
  );
  if (!reviews?.ok) return undefined;
  const box = el('div', 'work-monitor');
  const redraw = async (key: AnyKey, vars?: Vars, review?: number) => {
    const again = await monitorPart([key, vars], review);
    if (again) box.replaceWith(again);
  };
  const status = saying('monitor-said', said);
  box.append(heading('h4', 'work.monitorTitle', undefined, 'work-monitor-title'), status);
  // Reviews before their final report take input.
  const open = reviews.body.filter((r) => stageIndex(r.stage) >= 0 && stageIndex(r.stage) < stageIndex('final'));
  const detail = el('div', 'input-detail');
  const show = async (r: ReviewRecord) => {
    const inputs = await getReviewInputs(work.token, r.id).catch(() => undefined);
    const input = buildForm(
      'input-form',
      heading('h4', 'work.inputTo', { id: r.id }),
      [
        { name: 'text', label: 'work.inputText', kind: 'textarea', required: true },
        {
          name: 'visibility',
          label: 'work.visibility',
          kind: 'select',
          options: [['public', 'work.v.public'], ['team-and-participant', 'work.v.team-and-participant'], ['team', 'work.v.team']],
        },
        { name: 'hide_source', label: 'work.hideSource', kind: 'checkbox' },
        { name: 'incidents', label: 'work.incidents', kind: 'number' },
        { name: 'sites', label: 'work.sites' },
      ],
      'work.sendInput',
      (b) => {
        const incidents = numbers(b, 'incidents');
        if (!incidents) return undefined;
        return submitReviewInput(work.token, r.id, {
          text: b.value('text'),
          visibility: b.value('visibility') as 'public',
          hide_source: b.value('hide_source') === 'true',
          incidents,
          sites: words(b.value('sites')),
        });
      },
      (body) => redraw('work.inputSent', { id: (body as { id: number }).id }, r.id),
    );
    const parts: HTMLElement[] = [Object.assign(el('h4'), { textContent: r.title }), input.form];
    const list = inputs?.ok ? inputs.body : [];
    if (list.length) {
      parts.push(
        heading('h4', 'work.inputs'),
        scrolled(
          'my-inputs-table',
          ['work.col.input', 'work.col.visibility', 'work.col.uses'],
          list.map((x) => [
            [`${x.id}. `, x.text],
            term(x.visibility),
            (x.uses ?? []).map((u) => `${u.text} (${day(u.at)}) `),
          ]),
        ),
      );
    }
    detail.replaceChildren(...parts);
  };
  box.append(heading('h4', 'work.openForInput'));
  if (open.length === 0) box.append(para(wtx('work.noOpenReview')));
  else box.append(reviewsTable('input-reviews-table', open, (r) => void show(r)));
  box.append(detail);
  const again = open.find((r) => r.id === openReview);
  if (again) await show(again);
  // Recommendations the monitor may see: its own assessment of each.
  const recommendations = recs?.ok ? recs.body : [];
  if (recommendations.length) {
    const assess = el('div', 'assessment-detail');
    box.append(
      heading('h4', 'work.recommendations'),
      recommendationsTable('assess-recommendations-table', recommendations, [
        'work.assess',
        (r) => {
          const form = statusForm('assessment-form', 'work.assessmentTitle', 'work.sendAssessment', r, true, () =>
            redraw('work.recorded'),
          );
          form.form.prepend(para(`${r.participant} ${r.paragraph}: ${r.text}`));
          assess.replaceChildren(form.form);
        },
      ]),
      assess,
    );
  }
  return box;
}
