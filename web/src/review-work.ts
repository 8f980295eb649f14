// The working group's and the peer reviewers' work, signed in (docs/REVIEW.md), loaded for the
// roles that do it (main.ts showWork): a statistics analyst decides on a finding or a whole group
// (dismiss, explain, reopen, with a reason), reads a finding's decisions, raises a questionnaire
// from a group, opens one (its findings, steps, answer, documents) and decides on the answer;
// a participant's officer attaches documents to its answer, reads the working group's decisions,
// and follows up the recommendations addressed to its participant (response, status, progress,
// each with its source); a reviewer opens the reviews of its team (team, stages, inputs,
// recommendations), records how an input was used, adds a recommendation and moves the review to
// its next stage; a monitor sends civil-society input to a review and assesses recommendations;
// and each of them downloads the review dossiers it may read (HTML, PDF, .docx, JSON). The page
// shows what the API answers for the signed-in user, and the API's own message when it refuses
// (beside the field it names).
//
// In parts, one chunk: review-work-kit.ts (texts, who is signed in, tables, forms),
// review-work-findings.ts (findings and questionnaires), review-work-reviews.ts (reviews,
// recommendations' follow-up, civil society's input), review-work-dossier.ts (the dossier).
import type { Me } from './api';
import { el } from './dom';
import { dossierPart, firstDossier } from './review-work-dossier';
import { followUpPart, monitorPart, reviewsPart } from './review-work-reviews';
import { heading, type Hooks, work } from './review-work-kit';
import './review-work.css';

export { findingTools, questionnaireTools } from './review-work-findings';
export type { Hooks } from './review-work-kit';

// The section of this part: after the questionnaires.
function root(): HTMLElement {
  let r = document.getElementById('review-work');
  if (!r) {
    r = el('section', 'review-work');
    r.setAttribute('aria-labelledby', 'work-title');
    (document.getElementById('questionnaires-result') ?? document.body).after(r);
  }
  return r;
}

// Signed in: the parts of the signed-in user's role.
export async function showReviewWork(tok: string, me: Me, then: Hooks) {
  work.token = tok;
  work.user = me;
  work.hooks = then;
  firstDossier();
  const r = root();
  r.replaceChildren(heading('h3', 'work.title', undefined, 'work-title'));
  const parts: Promise<HTMLElement | undefined>[] = [];
  if (me.role === 'reviewer' || me.role === 'admin') parts.push(reviewsPart());
  if (me.role === 'officer' && me.participant) parts.push(followUpPart(me.participant));
  if (me.role === 'monitor') parts.push(monitorPart());
  if (me.role === 'analyst' || me.role === 'admin') parts.push(Promise.resolve(dossierPart()));
  if (me.role === 'officer' && me.participant) parts.push(Promise.resolve(dossierPart([me.participant])));
  for (const p of await Promise.all(parts)) if (p) r.append(await p);
}
