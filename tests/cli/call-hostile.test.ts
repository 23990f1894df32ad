/**
 * `trucban call CHANNEL JSON` goes through the same total dispatcher: any JSON (any type,
 * `__proto__` keys, deep nesting) is answered with a typed error and exit code 2, never a stack
 * trace or a crash, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { stationCore, tmpDir } from '../helpers';
import { BIN, eventCount as countEvents, ROOT } from '../helpers/cli';

let t: ReturnType<typeof tmpDir>;
let db: string;
const eventCount = () => countEvents(db);

beforeAll(async () => {
  t = tmpDir('trucban-cli-hostile-');
  db = path.join(t.dir, 'station.sqlite');
  (await stationCore(db)).close();
});
afterAll(() => t.cleanup());

describe('trucban call with hostile JSON', () => {
  it('answers every JSON type and shape with a typed error (exit 2) and writes nothing', () => {
    const before = eventCount();
    const cases = [
      'null',
      '[1,2,3]',
      '"text"',
      '{"__proto__":{"kind":"note","text":"x"}}',
      '{"kind":{"toString":1},"text":{"valueOf":1}}',
      `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      '{"kind":"note","text":"x","occurredAt":"1e309"}',
    ];
    for (const json of cases) {
      const r = spawnSync(process.execPath, [BIN, '--db', db, 'call', 'logbook:add', json, '--as', 'officer'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TRUCBAN_LANG: 'en' }, timeout: 60_000 });
      expect(r.status, `${json.slice(0, 40)}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/^trucban: Invalid input/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(eventCount()).toBe(before);
  });
});
