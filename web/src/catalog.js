// The assessment-project catalog (考核项目目录) as the public API serves it.
import { api } from './api.js';

export const CATEGORIES = Object.freeze(['食品制作', '种植', '手工制作', '其它']);

export const STATUS = Object.freeze({
  active: { label: '有效', tag: 'success' },
  retired: { label: '已停用', tag: 'info' },
});

export const PAGE_SIZES = Object.freeze([10, 20, 50]);
export const DEFAULT_PAGE_SIZE = 20;

// GET /api/public/catalog → {items, total, page, page_size}. Filters with an
// empty value are not sent. Rejects with ApiError (see api.js).
export function fetchCatalog({ q, category, status, page, pageSize }, signal) {
  return api.get(
    '/api/public/catalog',
    { q, category, status, page, page_size: pageSize },
    { signal },
  );
}
