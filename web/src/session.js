// The signed-in user, as `GET /api/auth/me` reports it. Cached for the page's
// lifetime; clearSession() forgets it (logout, or after a login).
import { api, setCsrfToken } from './api.js';

let cached; // undefined: not asked yet; null: not signed in; object: the user
let pending = null;

function normalize(data) {
  const user = data && typeof data === 'object' && data.user ? data.user : data;
  if (!user || typeof user !== 'object' || !user.role) return null;
  return {
    ...user,
    displayName: user.display_name || user.name || user.username || '',
  };
}

// The current user, or null when not signed in (401/403/404 from the API,
// 404 also meaning the identity feature is not there yet). Other failures
// (network, 5xx) reject with the ApiError.
export async function loadMe({ force = false } = {}) {
  if (!force && cached !== undefined) return cached;
  if (!pending) {
    pending = api
      .get('/api/auth/me')
      .then((data) => (cached = normalize(data)))
      .catch((err) => {
        if ([401, 403, 404].includes(err?.status)) return (cached = null);
        throw err;
      })
      .finally(() => {
        pending = null;
      });
  }
  return pending;
}

export function clearSession() {
  cached = undefined;
  setCsrfToken(null);
}
