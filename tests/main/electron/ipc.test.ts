import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcMain, WebContents } from 'electron';

vi.mock('electron', () => import('./fake-electron'));

import * as fake from './fake-electron';
import type { CallContext, Dispatcher } from '../../../src-main/api/types';
import type { Reply } from '../../../src-shared/contract';
import { IPC_CALL_CHANNEL, endSessionOnClose, installIpc, sessionIdFor } from '../../../src-main/electron/ipc';

class RecordingDispatcher implements Dispatcher {
  calls: Array<{ channel: string; input: unknown; ctx: CallContext }> = [];
  ended: string[] = [];
  answer: (channel: string) => Promise<Reply<unknown>> = async (channel) => ({ ok: true, value: { echoed: channel } });
  call(channel: string, input: unknown, ctx: CallContext): Promise<Reply<unknown>> {
    this.calls.push({ channel, input, ctx });
    return this.answer(channel);
  }
  endSession(sessionId: string): void {
    this.ended.push(sessionId);
  }
}

let dispatcher: RecordingDispatcher;
let ours: fake.FakeWebContents;
let logs: string[];

beforeEach(() => {
  fake.resetFake();
  dispatcher = new RecordingDispatcher();
  ours = new fake.FakeWebContents();
  ours.mainFrame.url = 'app://trucban/index.html?display=0';
  logs = [];
  installIpc(fake.ipcMain as unknown as IpcMain, {
    dispatcher,
    isOurContents: (c) => c === (ours as unknown as WebContents),
    log: (m) => logs.push(m),
  });
});

const call = (event: unknown, ...args: unknown[]) => fake.ipcMain.invoke(IPC_CALL_CHANNEL, event, ...args) as Promise<Reply<unknown>>;

describe('IPC handler', () => {
  it('registers exactly one handler, on trucban:call', () => {
    expect([...fake.ipcMain.handlers.keys()]).toEqual(['trucban:call']);
  });

  it('forwards a good call with the window session id and transport ipc', async () => {
    const reply = await call(fake.ipcEvent(ours), 'logbook:add', { kind: 'work', text: 'Kiểm tra camera' });
    expect(reply).toEqual({ ok: true, value: { echoed: 'logbook:add' } });
    expect(dispatcher.calls).toEqual([
      { channel: 'logbook:add', input: { kind: 'work', text: 'Kiểm tra camera' }, ctx: { sessionId: `ipc:${ours.id}`, transport: 'ipc' } },
    ]);
    expect(sessionIdFor(ours)).toBe(`ipc:${ours.id}`);
  });

  it('passes the dispatcher’s typed error through unchanged', async () => {
    dispatcher.answer = async () => ({ ok: false, error: { code: 'invalid_input', field: 'text', message: 'bad' } });
    await expect(call(fake.ipcEvent(ours), 'logbook:add', {})).resolves.toEqual({
      ok: false,
      error: { code: 'invalid_input', field: 'text', message: 'bad' },
    });
  });

  it('answers internal (not a rejection) if the dispatcher breaks its promise and throws', async () => {
    dispatcher.answer = () => Promise.reject(new Error('boom with secret=hunter2'));
    const reply = await call(fake.ipcEvent(ours), 'app:status', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logs.join('\n')).not.toContain('hunter2');
  });

  describe('refuses callers that are not the main frame of one of our windows showing our app', () => {
    const cases: Array<[string, () => unknown]> = [
      ['an unknown webContents', () => {
        const stranger = new fake.FakeWebContents();
        stranger.mainFrame.url = 'app://trucban/index.html';
        return fake.ipcEvent(stranger);
      }],
      ['a sub-frame of our window', () => {
        const sub = new fake.FakeFrame('app://trucban/index.html');
        sub.parent = ours.mainFrame;
        return fake.ipcEvent(ours, sub);
      }],
      ['a frame object that is not the main frame', () => fake.ipcEvent(ours, new fake.FakeFrame('app://trucban/index.html'))],
      ['a frame that is gone (senderFrame null)', () => fake.ipcEvent(ours, null)],
      ['a detached main frame', () => {
        ours.mainFrame.detached = true;
        return fake.ipcEvent(ours);
      }],
      ['a frame with the main frame’s token but from another process', () => {
        const other = new fake.FakeFrame('app://trucban/index.html');
        other.frameToken = ours.mainFrame.frameToken;
        other.processId = ours.mainFrame.processId + 1;
        return fake.ipcEvent(ours, other);
      }],
      ['our window showing a foreign https page', () => {
        ours.mainFrame.url = 'https://evil.example/';
        return fake.ipcEvent(ours);
      }],
      ['our window showing app://evil/', () => {
        ours.mainFrame.url = 'app://evil/index.html';
        return fake.ipcEvent(ours);
      }],
      ['our window showing app://trucban.evil/', () => {
        ours.mainFrame.url = 'app://trucban.evil/index.html';
        return fake.ipcEvent(ours);
      }],
      ['our window showing a file: page', () => {
        ours.mainFrame.url = 'file:///tmp/x.html';
        return fake.ipcEvent(ours);
      }],
      ['our window showing http://localhost', () => {
        ours.mainFrame.url = 'http://localhost:5173/';
        return fake.ipcEvent(ours);
      }],
      ['an event whose senderFrame getter throws', () => ({
        sender: ours,
        get senderFrame() {
          throw new Error('Render frame was disposed');
        },
      })],
      ['an event without a sender', () => ({ sender: undefined, senderFrame: null })],
    ];
    it.each(cases)('%s → forbidden, dispatcher untouched', async (_name, makeEvent) => {
      const reply = await call(makeEvent(), 'app:status', {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(typeof (reply as { error: { message: string } }).error.message).toBe('string');
      expect(dispatcher.calls).toEqual([]);
    });
  });

  it('accepts a distinct wrapper object for the same main frame (same process and frame token)', async () => {
    const wrapper = new fake.FakeFrame(ours.mainFrame.url);
    wrapper.frameToken = ours.mainFrame.frameToken;
    wrapper.processId = ours.mainFrame.processId;
    await expect(call(fake.ipcEvent(ours, wrapper), 'app:status', {})).resolves.toMatchObject({ ok: true });
    expect(dispatcher.calls).toHaveLength(1);
  });

  it('checks the sender before the channel (an outsider learns nothing about channels)', async () => {
    const stranger = new fake.FakeWebContents();
    await expect(call(fake.ipcEvent(stranger), 'no:such', {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it.each([
    ['no:such', { channel: 'no:such' }],
    ['__proto__', { channel: '__proto__' }],
    ['constructor', { channel: 'constructor' }],
    ['toString', { channel: 'toString' }],
    ['', { channel: '' }],
    [42, undefined],
    [undefined, undefined],
    [null, undefined],
    [{ toString: () => 'app:status' }, undefined],
    [['app:status'], undefined],
  ])('unknown channel %j → typed unknown_channel error', async (channel, params) => {
    const reply = await call(fake.ipcEvent(ours), channel, {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect((reply as { error: { params?: unknown } }).error.params).toEqual(params);
    expect(dispatcher.calls).toEqual([]);
  });

  it('truncates a very long unknown channel name in the error', async () => {
    const reply = (await call(fake.ipcEvent(ours), 'x'.repeat(10_000), {})) as unknown as { ok: false; error: { params: { channel: string } } };
    expect(reply.error.params.channel.length).toBe(100);
  });

  it('can be installed again without a duplicate-handler crash, and removed', () => {
    const remove = installIpc(fake.ipcMain as unknown as IpcMain, { dispatcher, isOurContents: () => true });
    expect(fake.ipcMain.handlers.size).toBe(1);
    remove();
    expect(fake.ipcMain.handlers.size).toBe(0);
  });
});

describe('endSessionOnClose', () => {
  it('ends the window’s dispatcher session once when its webContents is destroyed', () => {
    const wc = new fake.FakeWebContents();
    endSessionOnClose(wc as unknown as WebContents, dispatcher);
    expect(dispatcher.ended).toEqual([]);
    wc.destroy();
    wc.emit('destroyed');
    expect(dispatcher.ended).toEqual([`ipc:${wc.id}`]);
  });

  it('survives a dispatcher whose endSession throws', () => {
    const wc = new fake.FakeWebContents();
    const log: string[] = [];
    endSessionOnClose(wc as unknown as WebContents, { endSession: () => { throw new Error('x'); } }, (m) => log.push(m));
    expect(() => wc.destroy()).not.toThrow();
    expect(log).toHaveLength(1);
  });
});
