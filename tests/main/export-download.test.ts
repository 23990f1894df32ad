/**
 * Streamed export downloads: a finished job's file comes from the loopback server
 * (`GET /exports/<jobId>?cap=…`), its URL handed only to the job's owner (`jobs:downloadUrl`),
 * never as one base64 string over the socket or IPC.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Core } from '../../src-main/app/core';
import { startCoreServer } from '../../src-main/server/serve';
import { contentDisposition, EXPORT_CAPABILITY_SECONDS, startBrowserServer } from '../../src-main/server/browser';
import type { BrowserServer } from '../../src-main/server/browser';
import type { JobInfo } from '../../src-shared/domain/jobs';
import { mintCapability } from '../../src-shared/capability';
import { callAs, stationCore, tmpDir } from '../helpers';

const ROWS = 300;
const DAY = '2026-11-22';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let srv: BrowserServer;
let now = Math.floor(Date.now() / 1000);

beforeAll(async () => {
  t = tmpDir('trucban-export-dl-');
  core = await stationCore(path.join(t.dir, 'st.sqlite'));
  core.journal.tx(() => {
    for (let i = 0; i < ROWS; i++) core.logbook.add({ kind: 'work', text: `Mục số ${i}: kiểm tra phương tiện qua cổng B, luồng vàng, container CSQU3054383` }, 'officer');
  });
  srv = await startCoreServer(core, { staticDir: t.dir, log: () => {}, now: () => now });
});
afterAll(async () => {
  await srv?.close();
  core?.close();
  t.cleanup();
});
afterEach(() => {
  vi.restoreAllMocks();
  now = Math.floor(Date.now() / 1000);
});

interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function request(url: string, method = 'GET'): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function value<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}

async function finishedExport(login: string, format: 'pdf' | 'docx' = 'pdf'): Promise<JobInfo> {
  const job = await value<JobInfo>(callAs(core, login, 'logbook:exportJob', { from: DAY, to: DAY, format }));
  const done = await core.jobs.wait(job.id);
  expect(done.status, JSON.stringify(done.error)).toBe('done');
  return done;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('streamed export downloads (GET /exports/<jobId>)', () => {
  it(`the owner gets an absolute URL without the token; GET streams the ${ROWS}-row file byte for byte with the right headers`, async () => {
    const job = await finishedExport('officer');
    expect(job.result?.rows).toBe(ROWS);
    const file = core.jobs.file(job.id, 'officer');
    const streamed = vi.spyOn(fs, 'createReadStream');
    const wholeReads = [vi.spyOn(fs, 'readFileSync'), vi.spyOn(fs, 'readFile'), vi.spyOn(fs.promises, 'readFile')];

    const d = await value<{ url: string; fileName: string; mime: string; size: number }>(callAs(core, 'officer', 'jobs:downloadUrl', { id: job.id }));
    expect(d).toMatchObject({ fileName: `nhat-ky-truc-ban_${DAY}.pdf`, mime: 'application/pdf', size: job.result!.size });
    const u = new URL(d.url);
    expect(`${u.protocol}//${u.host}`).toBe(srv.url);
    expect(u.pathname).toBe(`/exports/${job.id}`);
    expect([...u.searchParams.keys()]).toEqual(['cap']);
    expect(d.url).not.toContain(srv.token);
    expect(d.url).not.toContain(encodeURIComponent(srv.token));

    const got = await request(d.url);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-length']).toBe(String(job.result!.size));
    expect(got.headers['content-disposition']).toBe(`attachment; filename="nhat-ky-truc-ban_${DAY}.pdf"; filename*=UTF-8''nhat-ky-truc-ban_${DAY}.pdf`);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['cache-control']).toBe('no-store');

    // the route read the file as a stream, never whole
    expect(streamed.mock.calls.some((c) => c[0] === file.path)).toBe(true);
    for (const spy of wholeReads) expect(spy.mock.calls.filter((c) => String(c[0]) === file.path)).toEqual([]);
    vi.restoreAllMocks();
    expect(sha(got.body)).toBe(sha(fs.readFileSync(file.path)));
    expect(got.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const head = await request(d.url, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(job.result!.size));
    expect(head.body.length).toBe(0);
  });

  it('another user gets not_found for the URL (as for the job); a job not done has no URL', async () => {
    const job = await finishedExport('officer', 'docx');
    for (const login of ['lead', 'admin']) {
      const r = await callAs(core, login, 'jobs:downloadUrl', { id: job.id });
      expect(!r.ok && r.error.code).toBe('not_found');
    }
    const running = await value<JobInfo>(callAs(core, 'room', 'logbook:exportJob', { from: DAY, to: DAY, format: 'pdf' }));
    const early = await callAs(core, 'room', 'jobs:downloadUrl', { id: running.id });
    expect(!early.ok && early.error.code).toBe('not_found');
    // even a valid capability for it finds nothing until the job is done
    const notYet = await request(srv.exportUrl(running.id));
    expect(notYet.status).toBe(404);
    expect(notYet.body.length).toBe(0);
    await core.jobs.wait(running.id);
  });

  it('refuses a missing, forged, expired or another job’s capability with 403 (no body); a gone file is 404', async () => {
    const a = await finishedExport('officer');
    const b = await finishedExport('lead');
    const urlA = await value<{ url: string }>(callAs(core, 'officer', 'jobs:downloadUrl', { id: a.id }));
    const capA = new URL(urlA.url).searchParams.get('cap')!;
    const base = `${srv.url}/exports`;
    const exp = now + 120;
    const refused = [
      `${base}/${a.id}`,
      `${base}/${a.id}?cap=`,
      `${base}/${a.id}?cap=garbage`,
      `${base}/${a.id}?token=${srv.token}`,
      // the token is not the key: a page holding it cannot mint an export capability
      `${base}/${a.id}?cap=${mintCapability(srv.token, `export/${a.id}`, exp)}`,
      `${base}/${a.id}?cap=${mintCapability(srv.token, a.id, exp)}`,
      // a capability is bound to its job
      `${base}/${b.id}?cap=${capA}`,
      // the expiry is under the mac
      `${base}/${a.id}?cap=${String(Number(capA.split('.')[0]) + 60)}.${capA.split('.')[1]}`,
    ];
    for (const url of refused) {
      const r = await request(url);
      expect(r.status, url).toBe(403);
      expect(r.body.length).toBe(0);
    }
    expect((await request(urlA.url)).status).toBe(200);
    now += EXPORT_CAPABILITY_SECONDS + 1;
    const expired = await request(urlA.url);
    expect(expired.status).toBe(403);
    now -= EXPORT_CAPABILITY_SECONDS + 1;

    // not a job id at all, or the file is gone: 404, never a stack trace
    expect((await request(`${base}/..%2Fst.sqlite?cap=${capA}`)).status).toBe(404);
    fs.rmSync(core.jobs.file(a.id).path);
    const gone = await request(urlA.url);
    expect(gone.status).toBe(404);
    expect(gone.body.length).toBe(0);
    // the server carries on
    const urlB = await value<{ url: string }>(callAs(core, 'lead', 'jobs:downloadUrl', { id: b.id }));
    expect((await request(urlB.url)).status).toBe(200);
  });

  it('names a Vietnamese file safely (RFC 6266 / 5987): an ASCII fallback and the exact UTF-8 name', async () => {
    const name = 'Nhật ký trực ban "Đêm" 22-11 (ca 2).pdf';
    const cd = contentDisposition(name);
    expect(cd).toBe(`attachment; filename="Nhat ky truc ban _Dem_ 22-11 (ca 2).pdf"; filename*=UTF-8''Nh%E1%BA%ADt%20k%C3%BD%20tr%E1%BB%B1c%20ban%20%22%C4%90%C3%AAm%22%2022-11%20%28ca%202%29.pdf`);
    expect(decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(cd)![1]!)).toBe(name);
    expect(cd).toMatch(/^[\x20-\x7e]*$/);

    const file = path.join(t.dir, 'vi.pdf');
    fs.writeFileSync(file, '%PDF-1.4 tệp thử\n');
    const one = await startBrowserServer({ dispatcher: core.dispatcher, staticDir: t.dir, exports: { file: () => ({ path: file, fileName: name, mime: 'application/pdf' }) } });
    try {
      const id = '019ad1f0-0000-7000-8000-000000000001';
      const got = await request(one.exportUrl(id));
      expect(got.status).toBe(200);
      expect(got.headers['content-disposition']).toBe(cd);
      expect(got.body.equals(fs.readFileSync(file))).toBe(true);
    } finally {
      await one.close();
    }
  });

  it('streams a large file with backpressure: while the client does not read, the server has read only part of it', async () => {
    const SIZE = 32 * 1024 * 1024;
    const big = path.join(t.dir, 'big.pdf');
    const fd = fs.openSync(big, 'w');
    for (let i = 0; i < SIZE / (1024 * 1024); i++) fs.writeSync(fd, Buffer.alloc(1024 * 1024, i));
    fs.closeSync(fd);
    const original = fs.createReadStream;
    const opened: fs.ReadStream[] = [];
    vi.spyOn(fs, 'createReadStream').mockImplementation(((...args: Parameters<typeof fs.createReadStream>) => {
      const rs = original(...args);
      opened.push(rs);
      return rs;
    }) as typeof fs.createReadStream);
    const one = await startBrowserServer({ dispatcher: core.dispatcher, staticDir: t.dir, exports: { file: () => ({ path: big, fileName: 'big.pdf', mime: 'application/pdf' }) } });
    try {
      const hash = createHash('sha256');
      let received = 0;
      const readWhilePaused = await new Promise<number>((resolve, reject) => {
        http
          .get(one.exportUrl('019ad1f0-0000-7000-8000-000000000002'), (res) => {
            expect(res.headers['content-length']).toBe(String(SIZE));
            let paused: number | null = null;
            res.on('data', (c: Buffer) => {
              hash.update(c);
              received += c.length;
              if (paused === null) {
                paused = 0;
                res.pause();
                setTimeout(() => {
                  paused = opened[0]?.bytesRead ?? -1;
                  res.resume();
                }, 400);
              }
            });
            res.on('end', () => resolve(paused ?? -1));
            res.on('error', reject);
          })
          .on('error', reject);
      });
      expect(opened.length).toBe(1);
      expect(readWhilePaused).toBeGreaterThan(0);
      expect(readWhilePaused).toBeLessThan(SIZE / 2);
      expect(received).toBe(SIZE);
      expect(hash.digest('hex')).toBe(sha(fs.readFileSync(big)));
    } finally {
      await one.close();
    }
  });
});
