// Form helpers shared by the pages: the password rules the server enforces
// (shown as a hint and checked before sending) and server errors shown at
// the field the problem's `field` names.
import { nextTick, reactive } from 'vue';

export const PASSWORD_HINT = '至少 10 个字符，不能与用户名相同';

// Why `password` is refused for `username`, or '' when acceptable; the same
// checks as the server (which stays the judge).
export function passwordProblem(password, username = '') {
  const chars = Array.from(password || '');
  if (chars.length < 10) return '密码至少需要 10 个字符';
  if (password.length > 128) return '密码不能超过 128 个字符';
  if (username && password.toUpperCase() === String(username).toUpperCase()) return '密码不能与用户名相同';
  if (chars.every((c) => c === chars[0])) return '密码不能由同一个字符重复组成';
  return '';
}

// An el-form rule list for a new password; `username` is a function giving
// the user name to compare with.
export function passwordRules(username = () => '', { required = '请输入密码' } = {}) {
  return [
    { required: true, message: required, trigger: 'blur' },
    {
      trigger: 'blur',
      validator: (_rule, value, callback) => {
        const problem = value ? passwordProblem(value, username()) : '';
        callback(problem ? new Error(problem) : undefined);
      },
    },
  ];
}

// Server-side messages per field, bound to el-form-item's `error` prop:
//   const server = useServerErrors(['username', 'password']);
//   <el-form-item prop="username" :error="server.errors.username">
//   catch (err) { if (!server.show(err, {id_number: 'id'})) ElMessage.error(err.title) }
export function useServerErrors(fields) {
  const errors = reactive(Object.fromEntries(fields.map((f) => [f, ''])));

  function clear(field) {
    if (field) errors[field] = '';
    else for (const f of Object.keys(errors)) errors[f] = '';
  }

  // Shows `message` at `field` (re-set on the next tick so the same message
  // twice still shows). False when the form has no such field.
  function set(field, message) {
    if (!field || !(field in errors)) return false;
    errors[field] = '';
    nextTick(() => (errors[field] = message));
    return true;
  }

  // Shows an ApiError at its field. `aliases` maps the server's field names
  // (or error codes) to this form's fields. True when shown at a field.
  function show(err, aliases = {}) {
    if (!err) return false;
    const field = aliases[err.code] ?? aliases[err.field] ?? err.field;
    return set(field, err.title);
  }

  return { errors, clear, set, show };
}

// A random initial password an administrator can hand over (12 characters:
// letters without look-alikes, digits and one symbol).
export function randomPassword(length = 12) {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz';
  const digits = '23456789';
  const symbols = '@#%+=!';
  const all = letters + digits;
  const bytes = new Uint32Array(length + 2);
  window.crypto.getRandomValues(bytes);
  const pick = (set, i) => set[bytes[i] % set.length];
  const chars = [];
  for (let i = 0; i < length - 2; i++) chars.push(pick(all, i));
  chars.splice(bytes[length - 2] % chars.length, 0, pick(digits, length - 2));
  chars.splice(bytes[length - 1] % chars.length, 0, pick(symbols, length - 1));
  return chars.join('');
}
