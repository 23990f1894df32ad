/**
 * A small strict XML 1.0 well-formedness check for the documents we write (no DTDs, which
 * DOCX parts never have): every character in the Char production, tags balanced and
 * properly nested, attributes quoted and unique, only the five predefined entities or
 * character references (themselves to allowed characters). Throws with the offset of the
 * first problem; Word refuses a part that fails any of these.
 */
import { isXmlChars } from '../../src-shared/text/xml-safe';

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/u;

function checkText(s: string, at: number): void {
  if (!isXmlChars(s)) {
    const i = [...s].findIndex((c) => !isXmlChars(c));
    throw new Error(`character not allowed in XML 1.0 near offset ${at}: U+${(s.codePointAt(i) ?? 0).toString(16).toUpperCase()}`);
  }
  if (/[<]/u.test(s)) throw new Error(`"<" in character data at ${at}`);
  for (const m of s.matchAll(/&([^;]*);?/gu)) {
    const ref = m[1] ?? '';
    if (!m[0].endsWith(';')) throw new Error(`unterminated reference at ${at + (m.index ?? 0)}`);
    if (['lt', 'gt', 'amp', 'quot', 'apos'].includes(ref)) continue;
    const n = /^#x([0-9a-fA-F]+)$/u.test(ref) ? parseInt(ref.slice(2), 16) : /^#([0-9]+)$/u.test(ref) ? parseInt(ref.slice(1), 10) : NaN;
    if (Number.isNaN(n) || n > 0x10ffff || !isXmlChars(String.fromCodePoint(n))) throw new Error(`bad reference &${ref}; at ${at + (m.index ?? 0)}`);
  }
}

export function assertWellFormedXml(xml: string): void {
  let i = 0;
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  const stack: string[] = [];
  let roots = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    checkText(text, i);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root element at ${i}`);
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) throw new Error(`unterminated comment at ${lt}`);
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt);
      if (end < 0 || stack.length === 0) throw new Error(`bad CDATA at ${lt}`);
      if (!isXmlChars(xml.slice(lt + 9, end))) throw new Error(`character not allowed in CDATA at ${lt}`);
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt);
      if (end < 0) throw new Error(`unterminated processing instruction at ${lt}`);
      i = end + 2;
      continue;
    }
    const closing = xml[lt + 1] === '/';
    const name = NAME.exec(xml.slice(lt + (closing ? 2 : 1)))?.[0];
    if (!name) throw new Error(`bad tag at ${lt}`);
    let j = lt + (closing ? 2 : 1) + name.length;
    if (closing) {
      while (/\s/u.test(xml[j] ?? '')) j++;
      if (xml[j] !== '>') throw new Error(`bad closing tag at ${lt}`);
      if (stack.pop() !== name) throw new Error(`</${name}> does not close the open element at ${lt}`);
      i = j + 1;
      continue;
    }
    const seen = new Set<string>();
    for (;;) {
      const ws = /^\s*/u.exec(xml.slice(j))![0].length;
      j += ws;
      if (xml.startsWith('/>', j) || xml[j] === '>') break;
      if (ws === 0) throw new Error(`attributes must be separated by space at ${j}`);
      const attr = NAME.exec(xml.slice(j))?.[0];
      if (!attr) throw new Error(`bad attribute at ${j}`);
      if (seen.has(attr)) throw new Error(`duplicate attribute ${attr} at ${j}`);
      seen.add(attr);
      j += attr.length;
      const m = /^\s*=\s*(["'])/u.exec(xml.slice(j));
      if (!m) throw new Error(`attribute ${attr} without a quoted value at ${j}`);
      j += m[0].length;
      const end = xml.indexOf(m[1]!, j);
      if (end < 0) throw new Error(`unterminated attribute value at ${j}`);
      checkText(xml.slice(j, end), j);
      j = end + 1;
    }
    const selfClosing = xml.startsWith('/>', j);
    if (stack.length === 0) roots++;
    if (roots > 1) throw new Error(`second root element at ${lt}`);
    if (!selfClosing) stack.push(name);
    i = j + (selfClosing ? 2 : 1);
  }
  if (stack.length) throw new Error(`unclosed element <${stack[stack.length - 1]}>`);
  if (roots !== 1) throw new Error('no root element');
}
