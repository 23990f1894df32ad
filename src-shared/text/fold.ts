/**
 * Vietnamese text helpers (docs/regulation.md §9). Text is stored in NFC; search folds diacritics
 * *and* đ/Đ → d/D on both the indexed text and the query, so "dong dang" finds "Đồng Đăng".
 * Pure TypeScript: no Node, DOM or Electron.
 */

/** Combining diacritical marks (U+0300–U+036F), the marks Vietnamese uses after NFD. */
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const WHITESPACE_RUN = /\s+/g;
const NON_WORD_RUN = /[^\p{L}\p{N}]+/u;

/** NFC-normalise and trim: the form in which user text is stored. */
export function nfc(s: string): string {
  return s.normalize('NFC').trim();
}

/**
 * Fold Vietnamese text for search: lower-case, strip every combining mark, map đ → d,
 * collapse runs of whitespace to one space and trim. The result is NFC.
 * Idempotent: `foldVi(foldVi(s)) === foldVi(s)`.
 *
 *   foldVi('Đồng Đăng') === 'dong dang'
 *   foldVi('luồng đỏ')  === 'luong do'
 */
export function foldVi(s: string): string {
  // Lower-case first: some upper-case letters lower-case to a base plus a combining mark
  // (İ → i + U+0307), which the mark stripping below then removes.
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/đ/g, 'd')
    .replace(WHITESPACE_RUN, ' ')
    .trim()
    .normalize('NFC');
}

/**
 * Folded search tokens: `foldVi(s)` split on every run of characters that are neither a
 * letter nor a digit (Unicode `\p{L}` / `\p{N}`), without empty tokens.
 *
 *   searchTokens('Tờ khai 10123/NK — Đồng Đăng') → ['to', 'khai', '10123', 'nk', 'dong', 'dang']
 */
export function searchTokens(s: string): string[] {
  return foldVi(s)
    .split(NON_WORD_RUN)
    .filter((t) => t.length > 0);
}

/** NFC, trimmed and lower-cased, diacritics kept (for exact-diacritic comparison and ranking). */
export function lowerNfc(s: string): string {
  return nfc(s).toLowerCase().normalize('NFC');
}
