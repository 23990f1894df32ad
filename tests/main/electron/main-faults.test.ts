/**
 * The Electron main process reports stray faults to its fault log file (Electron's logs
 * folder, trucban.log), redacted, and keeps running. main.ts is imported against the fake
 * electron: it starts the shell (which installs the process guards with main.ts's file log).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import * as fake from './fake-electron';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-main-faults-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('Electron main: fault log', () => {
  it('an uncaught exception and an unhandled rejection are written to <logs>/trucban.log without secrets; the process carries on', async () => {
    fake.resetFake();
    fake.app.paths.userData = path.join(dir, 'userData');
    fake.app.paths.logs = path.join(dir, 'logs');
    const before = new Set([...process.listeners('uncaughtException'), ...process.listeners('unhandledRejection')]);
    const main = await import('../../../src-main/electron/main');
    const file = main.faultLogFile();
    expect(file).toBe(path.join(dir, 'logs', 'trucban.log'));
    const onException = process.listeners('uncaughtException').find((l) => !before.has(l));
    const onRejection = process.listeners('unhandledRejection').find((l) => !before.has(l));
    expect(onException).toBeDefined();
    expect(onRejection).toBeDefined();
    // what Node does with a stray throw / rejection once a listener is installed: calls it, and goes on
    (onException as (e: Error) => void)(new Error('camera rtsp://admin:cam-secret@10.0.0.9/live failed'));
    (onRejection as (r: unknown, p: Promise<unknown>) => void)(new Error('login failed password=hunter2'), Promise.resolve());
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z uncaught exception: Error: camera rtsp:\/\/\*\*\*:\*\*\*@10\.0\.0\.9\/live failed/m);
    expect(text).toMatch(/unhandled rejection: Error: login failed password=\*\*\*/);
    expect(text).not.toContain('cam-secret');
    expect(text).not.toContain('hunter2');
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
  });
});
