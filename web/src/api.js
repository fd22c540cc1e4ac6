// The one HTTP client of the UI: JSON in and out, same-origin cookies, the
// CSRF header when a token is stored, and RFC 7807 problems turned into
// ApiError (title/code/field/status) so pages can show `err.title` as is.

const CSRF_STORAGE_KEY = 'zxkh.csrfToken';

// An API failure. `title` is the server's Chinese message, safe to show;
// `code` is the stable machine code (e.g. "not_found"); `field` names the
// offending input when the server says so; `status` is the HTTP status
// (0 when the server could not be reached).
export class ApiError extends Error {
  constructor({ title, code, field = null, status = 0, detail = null, type = null }) {
    super(title);
    this.name = 'ApiError';
    this.title = title;
    this.code = code;
    this.field = field;
    this.status = status;
    this.detail = detail;
    this.type = type;
  }
}

// CSRF token (set by the login flow). sessionStorage keeps it per tab and
// drops it when the tab closes; the memory copy covers storage being blocked.
let csrfMemory = null;

export function getCsrfToken() {
  try {
    return window.sessionStorage.getItem(CSRF_STORAGE_KEY) ?? csrfMemory;
  } catch {
    return csrfMemory;
  }
}

export function setCsrfToken(token) {
  csrfMemory = token || null;
  try {
    if (token) window.sessionStorage.setItem(CSRF_STORAGE_KEY, token);
    else window.sessionStorage.removeItem(CSRF_STORAGE_KEY);
  } catch {
    // Storage unavailable (private mode, policy): the memory copy suffices.
  }
}

// "/api/x" + {a: 1, b: '', c: null} → "/api/x?a=1". Empty values are dropped
// so that a cleared filter means "no filter". Percent-encoding throughout
// (a space is %20, never "+", which not every server decodes as a space).
export function buildUrl(path, query) {
  if (!query) return path;
  const parts = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  const qs = parts.join('&');
  if (!qs) return path;
  return path + (path.includes('?') ? '&' : '?') + qs;
}

function isJson(contentType) {
  return /^application\/([\w.+-]*\+)?json\b/i.test(contentType || '');
}

function isProblem(contentType) {
  return /^application\/problem\+json\b/i.test(contentType || '');
}

// Global reaction to authentication problems (set once by main.js): called
// with the ApiError of a 401 meaning "no (more) session" and of a 403
// auth.password_change_required, before the request rejects with it. The
// login call and requests sent with {authRedirect: false} never trigger it;
// neither does 401 auth.bad_credentials (a wrong old password, say).
let authProblemHandler = null;

export function setAuthProblemHandler(fn) {
  authProblemHandler = typeof fn === 'function' ? fn : null;
}

function isAuthProblem(err) {
  if (err.status === 401) return err.code !== 'auth.bad_credentials';
  return err.status === 403 && err.code === 'auth.password_change_required';
}

// Sends one request. Resolves with the parsed JSON body (null for 204 or an
// empty body, a string for non-JSON bodies). Rejects with ApiError for any
// non-2xx answer, a network failure, or a malformed JSON body; rejects with
// the DOMException "AbortError" when `signal` aborts.
//
// `raw` sends a Blob/File as is (Content-Type `rawType`, else the file's own
// type, else application/octet-stream) instead of a JSON `body`.
export async function request(method, path, options = {}) {
  try {
    return await send(method, path, options);
  } catch (err) {
    if (err instanceof ApiError && options.authRedirect !== false && isAuthProblem(err) && authProblemHandler) {
      try {
        authProblemHandler(err);
      } catch {
        // The handler's failure must not hide the request's own error.
      }
    }
    throw err;
  }
}

async function send(method, path, { query, body, raw, rawType, signal, headers } = {}) {
  const init = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json, application/problem+json', ...headers },
    signal,
  };
  if (raw !== undefined) {
    init.headers['Content-Type'] = rawType || raw.type || 'application/octet-stream';
    init.body = raw;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const csrf = getCsrfToken();
  if (csrf) init.headers['X-CSRF-Token'] = csrf;

  let response;
  try {
    response = await fetch(buildUrl(path, query), init);
  } catch (err) {
    if (err?.name === 'AbortError') throw err;
    throw new ApiError({ title: '无法连接服务器，请检查网络后重试', code: 'network', status: 0 });
  }

  const contentType = response.headers.get('Content-Type');
  let text;
  try {
    text = await response.text();
  } catch (err) {
    if (err?.name === 'AbortError') throw err;
    throw new ApiError({ title: '读取服务器响应失败，请重试', code: 'network', status: response.status });
  }

  if (!response.ok) {
    if (isProblem(contentType) || isJson(contentType)) {
      let problem = null;
      try {
        problem = JSON.parse(text);
      } catch {
        problem = null;
      }
      if (problem && typeof problem === 'object' && problem.title) {
        throw new ApiError({
          title: problem.title,
          code: problem.code || `http_${response.status}`,
          field: problem.field ?? null,
          status: problem.status || response.status,
          detail: problem.detail ?? null,
          type: problem.type ?? null,
        });
      }
    }
    throw new ApiError({
      title: `请求失败（HTTP ${response.status}）`,
      code: `http_${response.status}`,
      status: response.status,
    });
  }

  if (response.status === 204 || text === '') return null;
  if (!isJson(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError({ title: '服务器返回的数据格式有误', code: 'bad_response', status: response.status });
  }
}

export const api = {
  get: (path, query, options = {}) => request('GET', path, { ...options, query }),
  post: (path, body, options = {}) => request('POST', path, { ...options, body }),
  put: (path, body, options = {}) => request('PUT', path, { ...options, body }),
  patch: (path, body, options = {}) => request('PATCH', path, { ...options, body }),
  delete: (path, options = {}) => request('DELETE', path, options),
  // POST of a file as the raw request body (imports).
  upload: (path, file, query, options = {}) => request('POST', path, { ...options, query, raw: file }),
};

export default api;
