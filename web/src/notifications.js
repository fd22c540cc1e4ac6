// In-app messages (站内消息) of the signed-in user: the unread count the
// header bell shows, refreshed on navigation, every minute and after the
// message page marks one read.
import { ref } from 'vue';
import { api } from './api.js';

export const unreadCount = ref(0);

let pending = null;

export function refreshUnread() {
  pending ??= api
    .get('/api/notifications', { unread: 'true', page: 1, page_size: 1 })
    .then((data) => {
      unreadCount.value = Number(data?.unread) || 0;
    })
    .catch(() => {})
    .finally(() => (pending = null));
  return pending;
}

export function fetchNotifications({ unread, page, pageSize }, signal) {
  return api.get(
    '/api/notifications',
    { unread: unread ? 'true' : undefined, page, page_size: pageSize },
    { signal },
  );
}

export async function markRead(id) {
  const n = await api.post(`/api/notifications/${id}/read`);
  refreshUnread();
  return n;
}

export function resetUnread() {
  unreadCount.value = 0;
}
