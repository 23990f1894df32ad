import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import * as fake from './fake-electron';
import { appProtocolHandler, registerAppScheme, resolveAppPath, serveApp } from '../../../src-main/electron/protocol';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/electron/security';

let base: string;
let root: string;
const SECRET = 'root:x:0:0:SECRET-OUTSIDE-ROOT';

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-proto-'));
  root = path.join(base, 'dist', 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Trực ban</title>');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log("hi")');
  fs.writeFileSync(path.join(root, 'assets', 'Tên tệp.css'), 'body{}');
  // Things an attacker would love to read, just outside the root:
  fs.writeFileSync(path.join(base, 'dist', 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(base, 'secret.txt'), SECRET);
  fs.mkdirSync(path.join(base, 'dist', 'renderer-evil'));
  fs.writeFileSync(path.join(base, 'dist', 'renderer-evil', 'index.html'), SECRET);
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));
beforeEach(() => fake.resetFake());

// The handler reads only url and method; a plain object also lets us send URLs Node's Request refuses.
const get = (url: string, method = 'GET') => appProtocolHandler({ root })({ url, method } as Request);

describe('scheme registration', () => {
  it('registers app: as standard, secure and fetch-capable (before ready)', () => {
    registerAppScheme();
    expect(fake.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('serveApp installs the handler on app: (after ready)', async () => {
    fake.app.becomeReady();
    serveApp({ root });
    const h = fake.protocol.handlers.get('app');
    expect(h).toBeTypeOf('function');
    const res = await h!(new Request('app://trucban/index.html'));
    expect(res.status).toBe(200);
  });
});

describe('serving the renderer', () => {
  it('serves index.html for / with the CSP and the right type', async () => {
    const res = await get('app://trucban/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('Trực ban');
  });

  it('serves assets, ignoring the query and hash', async () => {
    const res = await get('app://trucban/assets/index-abc.js?v=1#x');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('console.log("hi")');
  });

  it('decodes percent-encoded Vietnamese file names', async () => {
    const res = await get(`app://trucban/assets/${encodeURIComponent('Tên tệp.css')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://trucban/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get('app://trucban/index.html', 'POST')).status).toBe(405);
  });

  it('404s a missing file and a directory, with the CSP still set', async () => {
    const missing = await get('app://trucban/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await get('app://trucban/assets')).status).toBe(404);
    expect((await get('app://trucban/assets/')).status).toBe(404);
  });
});

describe('path traversal', () => {
  const attacks = [
    'app://trucban/../../etc/passwd',
    'app://trucban/../secret.txt',
    'app://trucban/%2e%2e/secret.txt',
    'app://trucban/%2e%2e/%2e%2e/secret.txt',
    'app://trucban/%2E%2E/%2E%2E/secret.txt',
    'app://trucban/.%2e/secret.txt',
    'app://trucban/..%2fsecret.txt',
    'app://trucban/..%2F..%2Fsecret.txt',
    'app://trucban/%2e%2e%2fsecret.txt',
    'app://trucban/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://trucban/..%5csecret.txt',
    'app://trucban/..%5c..%5csecret.txt',
    'app://trucban/assets/..%2f..%2fsecret.txt',
    'app://trucban/%252e%252e/secret.txt',
    'app://trucban/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    'app://trucban/%2fetc%2fpasswd',
    'app://trucban/%5cetc%5cpasswd',
    'app://trucban/C:%5cWindows%5cwin.ini',
    'app://trucban/c%3a%5cwindows%5cwin.ini',
    'app://trucban/index.html%00.js',
    'app://trucban/index.html::$DATA',
    'app://trucban/..%2frenderer-evil/index.html',
    'app://trucban/%E0%A4%A',
    'app://trucban/%',
    'app://evil/index.html',
    'app://trucban.evil/index.html',
    'app://trucban@evil/index.html',
  ];

  it.each(attacks)('refuses %s with 404 and never leaks the file', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('SECRET');
  });

  it('resolveAppPath maps only to files inside the root', () => {
    expect(resolveAppPath('app://trucban/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath('app://trucban/assets/x.js', root)).toBe(path.join(root, 'assets', 'x.js'));
    for (const url of attacks) {
      const p = resolveAppPath(url, root);
      if (p !== null) {
        const rel = path.relative(root, p);
        expect(rel.split(path.sep)[0]).not.toBe('..');
        expect(path.isAbsolute(rel)).toBe(false);
      }
    }
    // URLs the URL parser normalises stay inside (→ /etc/passwd under the root, which 404s)
    expect(resolveAppPath('app://trucban/../../etc/passwd', root)).toBe(path.join(root, 'etc', 'passwd'));
  });
});
