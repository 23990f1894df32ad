import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';

vi.mock('electron', () => import('./fake-electron'));

import * as fake from './fake-electron';
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  hardenContents,
  hardenSession,
  isAllowedAppUrl,
  isExternalLinkAllowed,
  isLoopbackExportUrl,
  webPreferences,
  withCsp,
} from '../../../src-main/electron/security';

beforeEach(() => fake.resetFake());

describe('webPreferences', () => {
  it('turns on every isolation flag and off every Node/insecure feature', () => {
    const prefs = webPreferences('/x/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/x/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });

  it('lets our pages play the alarm without a user gesture (after a reload nobody clicks)', () => {
    expect(webPreferences('/x/preload.cjs').autoplayPolicy).toBe('no-user-gesture-required');
  });
});

describe('CSP', () => {
  it('is the exact policy the renderer is built for', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: http://127.0.0.1:*; media-src 'self' blob:; connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
  });

  it('replaces a policy header of any case instead of adding a second one', () => {
    const h = withCsp({ 'content-security-policy': ["default-src *"], 'X-Other': ['1'] });
    expect(h).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('isAllowedAppUrl', () => {
  const allowed = [
    'app://trucban/',
    'app://trucban/index.html',
    'app://trucban/index.html?display=2#/logbook',
    'app://trucban/assets/index-abc.js',
    'APP://TRUCBAN/index.html', // Chromium canonicalises standard-scheme hosts to lower case
    'app://trucban/../index.html', // normalised by the URL parser, still our origin
  ];
  const denied = [
    'app://evil/',
    'app://evil/index.html',
    'app://trucban.evil/',
    'app://trucban.evil.com/index.html',
    'app://eviltrucban/',
    'app://trucban@evil/',
    'app://trucban:x@evil/',
    'app://user@trucban/',
    'app://evil#@trucban/',
    'app://evil?@trucban/',
    'app://trucban:8080/',
    'app://trucb%61n/',
    'app:trucban/index.html',
    'app:///trucban/index.html',
    'app:/trucban',
    'file:///etc/passwd',
    'file://trucban/index.html',
    'javascript:alert(1)',
    "javascript://trucban/%0Aalert(1)",
    'data:text/html,<script>alert(1)</script>',
    'blob:app://trucban/0b4c2c2e-8e4e-4f8e-9a57-1f0c4a3c9e6d',
    'about:blank',
    'http://trucban/',
    'https://trucban/',
    'http://localhost/',
    'http://localhost:5173/',
    'http://127.0.0.1/',
    'http://app.trucban/',
    'https://trucban.gov.vn/',
    'ws://trucban/',
    'devtools://devtools/bundled/inspector.html',
    'chrome://settings',
    'trucban/index.html',
    '//trucban/index.html',
    '',
    'not a url',
  ];

  it.each(allowed)('allows %s', (url) => {
    expect(isAllowedAppUrl(url)).toBe(true);
  });
  it.each(denied)('denies %s', (url) => {
    expect(isAllowedAppUrl(url)).toBe(false);
  });
  it('denies everything when the app origin itself is bad', () => {
    expect(isAllowedAppUrl('app://trucban/', 'not a url')).toBe(false);
    expect(isAllowedAppUrl('app:x', 'app:x')).toBe(false);
  });
  it('denies non-strings at run time', () => {
    expect(isAllowedAppUrl(undefined as unknown as string)).toBe(false);
  });
});

describe('isExternalLinkAllowed', () => {
  it.each([
    ['https://customs.gov.vn/', true],
    ['http://customs.gov.vn/', false],
    ['https://user:pw@customs.gov.vn/', false],
    ['file:///C:/Windows/system32/calc.exe', false],
    ['javascript:alert(1)', false],
    ['smb://share/x', false],
    ['app://trucban/', false],
  ])('%s → %s', (url, ok) => {
    expect(isExternalLinkAllowed(url)).toBe(ok);
  });
});

describe('isLoopbackExportUrl', () => {
  const id = '019ad1f0-0000-7000-8000-000000000001';
  it.each([
    [`http://127.0.0.1:4567/exports/${id}?cap=1.x`, true],
    [`http://127.0.0.1:4567/exports/${id}`, false],
    [`http://127.0.0.1:4568/exports/${id}?cap=1.x`, false],
    [`http://localhost:4567/exports/${id}?cap=1.x`, false],
    [`https://127.0.0.1:4567/exports/${id}?cap=1.x`, false],
    [`http://u:p@127.0.0.1:4567/exports/${id}?cap=1.x`, false],
    [`http://127.0.0.1:4567/exports/${id}/x?cap=1.x`, false],
    [`http://127.0.0.1:4567/exports/../st.sqlite?cap=1.x`, false],
    [`http://127.0.0.1:4567/attachments/${'a'.repeat(64)}?cap=1.x`, false],
    ['app://trucban/index.html', false],
  ])('%s → %s', (url, ok) => {
    expect(isLoopbackExportUrl(url, 'http://127.0.0.1:4567')).toBe(ok);
  });
  it('is false without a loopback server', () => {
    expect(isLoopbackExportUrl(`http://127.0.0.1:4567/exports/${id}?cap=1.x`, null)).toBe(false);
  });
});

describe('hardenContents', () => {
  function hardened() {
    const wc = new fake.FakeWebContents();
    const log: string[] = [];
    hardenContents(wc as unknown as WebContents, { openExternal: (u) => fake.shell.openExternal(u), log: (m) => log.push(m) });
    return { wc, log };
  }

  it('lets the app navigate within app://trucban/', () => {
    const { wc } = hardened();
    expect(wc.navigate('app://trucban/index.html?display=1')).toBe(true);
    expect(wc.navigate('app://trucban/', 'will-frame-navigate')).toBe(true);
    expect(wc.navigate('app://trucban/index.html', 'will-redirect')).toBe(true);
  });

  it.each(['https://evil.example/', 'app://evil/', 'app://trucban.evil/', 'file:///etc/passwd', 'http://localhost:5173/', 'javascript:alert(1)'])(
    'blocks navigation, frame navigation and redirects to %s',
    (url) => {
      const { wc, log } = hardened();
      expect(wc.navigate(url)).toBe(false);
      expect(wc.navigate(url, 'will-frame-navigate')).toBe(false);
      expect(wc.navigate(url, 'will-redirect')).toBe(false);
      expect(log.length).toBe(3);
    },
  );

  it('turns a click on a finished export of the core\'s loopback server into a download; the window stays', () => {
    const wc = new fake.FakeWebContents();
    const log: string[] = [];
    let loopback: string | null = null;
    hardenContents(wc as unknown as WebContents, { openExternal: () => {}, log: (m) => log.push(m), loopbackUrl: () => loopback });
    const url = 'http://127.0.0.1:4567/exports/019ad1f0-0000-7000-8000-000000000001?cap=1800000000.SECRETMAC';
    // before the server runs it is a foreign navigation like any other
    expect(wc.navigate(url)).toBe(false);
    expect(wc.downloads).toEqual([]);
    loopback = 'http://127.0.0.1:4567';
    expect(wc.navigate(url)).toBe(false); // not a navigation…
    expect(wc.downloads).toEqual([url]); // …a download
    // only the main-frame navigation; frames and redirects stay blocked, other URLs too
    expect(wc.navigate(url, 'will-frame-navigate')).toBe(false);
    expect(wc.navigate(url, 'will-redirect')).toBe(false);
    for (const other of ['http://127.0.0.1:4568/exports/019ad1f0-0000-7000-8000-000000000001?cap=x', 'http://127.0.0.1:4567/attachments/' + 'a'.repeat(64) + '?cap=x', 'http://127.0.0.1:4567/']) {
      expect(wc.navigate(other)).toBe(false);
    }
    expect(wc.downloads).toEqual([url]);
    expect(log.join('\n')).not.toContain('SECRETMAC');
  });

  it('never logs the path or query of a blocked URL', () => {
    const { wc, log } = hardened();
    wc.navigate('https://evil.example/steal?token=SECRET123');
    expect(log.join('\n')).not.toContain('SECRET123');
    expect(log.join('\n')).toContain('https://evil.example');
  });

  it('uses the legacy url argument when the event carries none', () => {
    const { wc } = hardened();
    const e = new fake.FakeEvent();
    wc.emit('will-navigate', e, 'https://evil.example/');
    expect(e.defaultPrevented).toBe(true);
  });

  it('denies every window.open; https links go to the OS browser, nothing else does', async () => {
    const { wc } = hardened();
    for (const url of ['https://customs.gov.vn/a', 'http://customs.gov.vn/', 'app://trucban/index.html', 'file:///etc/passwd', 'javascript:alert(1)', 'about:blank']) {
      expect(wc.open(url)).toEqual({ action: 'deny' });
    }
    await Promise.resolve();
    await Promise.resolve();
    expect(fake.shell.opened).toEqual(['https://customs.gov.vn/a']);
  });

  it('refuses <webview>', () => {
    const { wc } = hardened();
    expect(wc.attachWebview('https://evil.example/')).toBe(false);
    expect(wc.attachWebview('app://trucban/')).toBe(false);
  });
});

describe('hardenSession', () => {
  it('denies every permission request and check', async () => {
    const s = fake.session.defaultSession;
    hardenSession(s as unknown as Session);
    for (const p of ['media', 'geolocation', 'notifications', 'display-capture', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) {
      await expect(s.requestPermission(p)).resolves.toBe(false);
      expect(s.checkPermission(p)).toBe(false);
    }
    expect(s.devicePermissionHandler?.({ deviceType: 'usb' })).toBe(false);
  });

  it('sets the CSP on app responses and leaves other responses alone', () => {
    const s = fake.session.defaultSession;
    hardenSession(s as unknown as Session);
    expect(s.headersFor('app://trucban/index.html', { 'Content-Type': ['text/html'] })).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(s.headersFor(`${APP_ORIGIN}/x.js`, { 'CONTENT-SECURITY-POLICY': ['script-src *'] })).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(s.headersFor('https://evil.example/', { a: ['1'] })).toEqual({ a: ['1'] });
  });
});
