// The one credential-masking function (src-shared/text/redact.ts): every form a camera
// credential takes — userinfo, query and `;` parameters, Authorization headers, known values —
// inside longer text and in ffmpeg's own stderr lines.
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_PARAMS, credentialParamKind, redact, secretsOf } from '../../src-shared/text/redact';

const PW = 'Mk#2026-bí-mật';

describe('redact', () => {
  it('masks userinfo anywhere in a line, including a password with @ and percent-encoding', () => {
    expect(redact('rtsp://admin:S3cr%40t@10.0.0.5:554/Streaming/101')).toBe('rtsp://***:***@10.0.0.5:554/Streaming/101');
    expect(redact('open rtsps://op:p@ss@cam.local/live failed')).toBe('open rtsps://***:***@cam.local/live failed');
    expect(redact("[concat @ 0x55d1] Impossible to open 'rtsp://camuser:wrong@127.0.0.1:45661/cam1/sub'")).toBe(
      "[concat @ 0x55d1] Impossible to open 'rtsp://***:***@127.0.0.1:45661/cam1/sub'",
    );
    expect(redact('two: rtsp://a:b@h1/x and http://c@h2/y')).toBe('two: rtsp://***:***@h1/x and http://***:***@h2/y');
    expect(redact('rtsp://10.0.0.5/s1 (no credentials), mail ops@example.vn')).toBe('rtsp://10.0.0.5/s1 (no credentials), mail ops@example.vn');
  });

  it('masks every credential query and ;-parameter, in any case', () => {
    for (const name of CREDENTIAL_PARAMS) {
      for (const n of [name, name.toUpperCase(), name[0]!.toUpperCase() + name.slice(1)]) {
        for (const sep of ['?', '&', ';']) {
          const line = `ffmpeg: rtsp://10.0.0.5/live${sep === '?' ? '' : '?channel=1'}${sep}${n}=Gi4Tr1-x&subtype=0 failed`;
          const out = redact(line);
          expect(out, line).not.toContain('Gi4Tr1-x');
          expect(out, line).toContain(`${n}=***`);
          expect(out, line).toContain('subtype=0 failed');
        }
      }
    }
    expect(redact('rtsp://10.0.0.5:554/onvif1;user=admin;password=tlJwpbo6;channel=1')).toBe('rtsp://10.0.0.5:554/onvif1;user=***;password=***;channel=1');
    expect(redact('http://cam/snap.cgi?user=admin&pwd=x1')).toBe('http://cam/snap.cgi?user=***&pwd=***');
    expect(redact('http://cam/a?PassWord=x#frag')).toBe('http://cam/a?PassWord=***#frag');
  });

  it('leaves ordinary parameters alone (a name that only ends like a credential is not one)', () => {
    const line = 'rtsp://10.0.0.5/cam/realmonitor?channel=1&subtype=0&monkey=1&passive=2&username_hint=3';
    expect(redact(line)).toBe(line);
  });

  it('masks Authorization headers to the end of the line', () => {
    expect(redact('Authorization: Basic YWRtaW46c2VjcmV0\r\nCSeq: 3')).toBe('Authorization: ***\r\nCSeq: 3');
    expect(redact('[rtsp @ 0x1] proxy-authorization: Digest username="admin", response="abc"')).toBe('[rtsp @ 0x1] proxy-authorization: ***');
    expect(redact('header authorization=Bearer eyJhbGciOi')).toBe('header authorization=***');
  });

  it('masks known secret values wherever they occur, as written, NFC, decoded or percent-encoded', () => {
    const enc = encodeURIComponent(PW);
    const nfd = PW.normalize('NFD');
    const out = redact(`password ${PW} / ${enc} / ${nfd} rejected`, { secrets: [nfd] });
    expect(out).toBe('password *** / *** / *** rejected');
    // short known values are not masked as free text (they would eat ordinary words), only in URLs
    expect(redact('camera 123 refused rtsp://u:123@h/x', { secrets: ['123'] })).toBe('camera 123 refused rtsp://***:***@h/x');
    expect(redact('nothing here', { secrets: [null, undefined, ''] })).toBe('nothing here');
  });

  it("masks ffmpeg's own stderr lines about a camera", () => {
    const lines = [
      '[rtsp @ 0x55ef36a988c0] method DESCRIBE failed: 401 Unauthorized',
      'rtsp://admin:sai-mat-khau@127.0.0.1:8554/cam1/sub: Server returned 401 Unauthorized (authorization failed)',
      "[concat @ 0x55ef36a86b80] Impossible to open 'rtsp://admin:sai-mat-khau@127.0.0.1:8554/cam1/sub'",
      '[tcp @ 0x5583] Connection to tcp://10.0.0.9:554?timeout=5000000 failed: Connection refused',
      'Input #0, rtsp, from \'rtsp://10.0.0.9/onvif1;user=admin;pwd=sai-mat-khau\':',
    ];
    const out = lines.map((l) => redact(l, { secrets: ['sai-mat-khau', 'admin'] }));
    for (const l of out) {
      expect(l).not.toContain('sai-mat-khau');
      expect(l).not.toContain('admin');
    }
    expect(out[0]).toBe(lines[0]);
    expect(out[3]).toBe(lines[3]);
  });
});

describe('secretsOf / credentialParamKind', () => {
  it('lists the userinfo and parameter values of a URL, raw and decoded', () => {
    expect(secretsOf('rtsp://op%40hn:S3cr%40t@10.0.0.5/s?x=1&pwd=p%20w;token=t0k').sort()).toEqual(
      ['op%40hn', 'op@hn', 'S3cr%40t', 'S3cr@t', 'p%20w', 'p w', 't0k'].sort(),
    );
    expect(secretsOf('rtsp://10.0.0.5/s?pwd=***')).toEqual([]);
    expect(secretsOf('rtsp://viewer@10.0.0.5/s')).toEqual(['viewer']);
  });
  it('tells account parameters from password and token ones', () => {
    expect(credentialParamKind('UserName')).toBe('user');
    expect(credentialParamKind('PWD')).toBe('password');
    expect(credentialParamKind('token')).toBe('password');
    expect(credentialParamKind('channel')).toBeNull();
  });
});
