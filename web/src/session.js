// The signed-in user, as `GET /api/auth/me` (or the login answer) reports it.
// `currentUser` is reactive (the back-office header and menu follow it);
// loadMe() caches it for the page's lifetime; clearSession() forgets it.
// The CSRF token of the session is kept by api.js (memory + sessionStorage).
import { shallowRef } from 'vue';
import { api, setCsrfToken } from './api.js';

export const currentUser = shallowRef(null);

let cached; // undefined: not asked yet; null: not signed in; object: the user
let pending = null;
let lastAuthCode = null; // code of the last "not signed in" answer

function normalize(data) {
  const user = data && typeof data === 'object' && data.user ? data.user : data;
  if (!user || typeof user !== 'object' || !user.role) return null;
  return {
    ...user,
    displayName: user.display_name || user.name || user.username || '',
    mustChangePassword: user.must_change_password === true,
  };
}

function remember(user) {
  cached = user;
  currentUser.value = user;
  return user;
}

// The current user, or null when not signed in (401/403/404 from the API).
// Other failures (network, 5xx) reject with the ApiError.
export async function loadMe({ force = false } = {}) {
  if (!force && cached !== undefined) return cached;
  if (!pending) {
    pending = api
      .get('/api/auth/me', undefined, { authRedirect: false })
      .then((data) => {
        lastAuthCode = null;
        if (data && typeof data === 'object' && data.csrf_token) setCsrfToken(data.csrf_token);
        return remember(normalize(data));
      })
      .catch((err) => {
        if ([401, 403, 404].includes(err?.status)) {
          lastAuthCode = err.code || null;
          setCsrfToken(null);
          return remember(null);
        }
        throw err;
      })
      .finally(() => {
        pending = null;
      });
  }
  return pending;
}

// After a successful login: the answer's user and CSRF token.
export function startSession(data) {
  setCsrfToken(data?.csrf_token || null);
  lastAuthCode = null;
  return remember(normalize(data));
}

// True when the last /api/auth/me said the session had ended (expired,
// revoked, account disabled) rather than "never signed in".
export function sessionWasExpired() {
  return lastAuthCode === 'auth.session_expired' || lastAuthCode === 'auth.disabled';
}

export function clearSession() {
  cached = undefined;
  currentUser.value = null;
  setCsrfToken(null);
}
