/**
 * Text that officers type may contain anything, but an XML 1.0 document may not: the Char
 * production (XML 1.0 §2.2) excludes the C0 controls other than tab, LF and CR, lone
 * surrogates, U+FFFE and U+FFFF. A DOCX whose document.xml holds one of them does not open in
 * Word. We also drop what XML 1.0 §2.2 discourages and no text ever needs: DEL, the C1
 * controls (U+007F–U+009F) and the Unicode non-characters (U+FDD0–U+FDEF and the last two
 * code points of every plane). Lone surrogates become U+FFFD, so a pasted half of an emoji
 * leaves a visible mark instead of vanishing.
 * Pure TypeScript: no Node, DOM or Electron.
 */

const NON_CHARACTERS = Array.from({ length: 17 }, (_, p) => `\\u{${(p * 0x10000 + 0xfffe).toString(16)}}\\u{${(p * 0x10000 + 0xffff).toString(16)}}`).join('');
/** Code points removed: forbidden or discouraged controls and the non-characters. */
const DROPPED = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u{FDD0}-\\u{FDEF}${NON_CHARACTERS}]`, 'gu');
/** In `u` mode a surrogate only matches when it is not half of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;

/** `s` with every character XML 1.0 forbids (or discourages) removed; lone surrogates → U+FFFD. */
export function xmlSafe(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD').replace(DROPPED, '');
}

/** True when `s` holds only characters of XML 1.0's Char production. */
export function isXmlChars(s: string): boolean {
  return /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u.test(s);
}

/** A copy of `v` with `xmlSafe` applied to every string inside it (plain objects and arrays). */
export function xmlSafeDeep<T>(v: T): T {
  if (typeof v === 'string') return xmlSafe(v) as T;
  if (Array.isArray(v)) return v.map((x: unknown) => xmlSafeDeep(x)) as T;
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, xmlSafeDeep(x)])) as T;
  }
  return v;
}
