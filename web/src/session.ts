// Signing in: with a login and password (the main way: POST /v1/session sets an HttpOnly cookie,
// and the page keeps the session's CSRF token in memory, read again with GET /v1/session after
// a reload), or with an API token (kept in this tab). Who is signed in, and signing out.
import { getSession, type Me, SESSION, setCsrfToken, signIn, signOut } from './api';
import { plain, tr, tx } from './i18n';
import { byId } from './dom';

// Whether this browser signed in with a password (the cookie itself cannot be seen from a
// script): the page then asks the server for the session when it opens, and only then.
const hint = 'openkp.session';
const remember = (on: boolean) => {
  try {
    if (on) localStorage.setItem(hint, '1');
    else localStorage.removeItem(hint);
  } catch {
    // storage disabled: the session is not looked for after a reload
  }
};
// (Also report.ts: a monitor's report form opens offline only for a session kept.)
export const remembered = () => {
  try {
    return localStorage.getItem(hint) === '1';
  } catch {
    return false;
  }
};

// The password form; `onSignedIn` shows what the session unlocks. Answers whether a session is
// being looked for (the page then does not also sign in with a token it kept).
export function initSession(onSignedIn: () => void): boolean {
  const form = byId<HTMLFormElement>('login-form');
  const login = byId<HTMLInputElement>('login');
  const password = byId<HTMLInputElement>('password');
  const status = byId<HTMLParagraphElement>('login-status');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = form.querySelector('button');
    if (button) button.disabled = true;
    tr(status, 'session.signingIn').className = '';
    const answer = await signIn(login.value.trim(), password.value).catch(() => undefined);
    if (button) button.disabled = false;
    if (!answer) {
      tr(status, 'session.unreachable').className = 'bad';
      return;
    }
    if (!answer.ok) {
      status.className = 'bad';
      plain(status, answer.problem.detail);
      if (answer.retryAfter) status.append(' ', tx('session.wait', { seconds: answer.retryAfter }));
      for (const input of [login, password]) input.setAttribute('aria-invalid', 'true');
      password.value = '';
      password.focus();
      return;
    }
    password.value = '';
    status.textContent = '';
    for (const input of [login, password]) input.removeAttribute('aria-invalid');
    setCsrfToken(answer.body.csrf_token);
    remember(true);
    sessionStorage.removeItem('openkp-token');
    onSignedIn();
  });
  if (!remembered()) return false;
  void getSession()
    .then((s) => {
      if (!s.ok) {
        remember(false);
        return;
      }
      setCsrfToken(s.body.csrf_token);
      onSignedIn();
    })
    .catch(() => undefined); // offline: the page's public and offline parts only
  return true;
}

// Signed in (`token`: an API token, or SESSION): the sign-in forms give way to who is signed
// in and a button to sign out, here and at the top of the page.
export function showAccount(token: string, me: Me) {
  for (const id of ['login-form', 'signin']) byId(id).hidden = true;
  byId('signin-token-title').hidden = true;
  const out = () => {
    const b = tr(document.createElement('button'), 'session.signOut');
    b.type = 'button';
    b.className = 'sign-out';
    b.addEventListener('click', () => void leave(token));
    return b;
  };
  byId('me').append(' ', out());
  const top = byId<HTMLParagraphElement>('account');
  const name = document.createElement('strong');
  name.textContent = me.name;
  top.replaceChildren(tx('session.as'), ' ', name, ' ', out());
}

// Signing out ends the session on the server (or forgets the token), then the page opens again
// as anyone sees it: nothing of the signed-in parts stays on screen.
async function leave(token: string) {
  if (token === SESSION) {
    const r = await signOut().catch(() => undefined);
    if (r && !r.ok && r.problem.status !== 401) {
      const me = byId('me');
      me.className = 'bad';
      me.append(' ', r.problem.detail);
      return;
    }
    setCsrfToken(undefined);
    remember(false);
  } else {
    sessionStorage.removeItem('openkp-token');
  }
  location.reload();
}
