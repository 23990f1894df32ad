// Every contract call of the renderer goes through the store's actions: lint refuses the
// transport's `invoke` (and the video wrapper's) anywhere but the store, the transport and the
// video layer, and no file reaches the preload bridge or imports the transport at run time.
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const renderer = path.join(root, 'src-renderer');
const ALLOWED = ['store', 'transport', 'video'].map((d) => path.join(renderer, d) + path.sep);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const probe = (rel: string) => `import { invoke } from '${rel}/transport';\nimport { videoInvoke } from '${rel}/video/channels';\nexport const calls = [invoke, videoInvoke];\n`;

describe('renderer: contract calls only through the store', () => {
  it('lint refuses invoke and videoInvoke in a feature screen, a slice and a shared component', async () => {
    const eslint = new ESLint({ cwd: root });
    const files: [file: string, up: string][] = [
      ['src-renderer/features/wall/Probe.tsx', '../..'],
      ['src-renderer/features/logbook/slice.ts', '../..'],
      ['src-renderer/components/Probe.tsx', '..'],
    ];
    for (const [file, up] of files) {
      const [r] = await eslint.lintText(probe(up), { filePath: path.join(root, file) });
      const refused = r!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
      expect(refused, file).toHaveLength(2);
      expect(refused[0]).toMatch(/store's actions/);
    }
  });

  it('lint lets the store itself call the transport', async () => {
    const eslint = new ESLint({ cwd: root });
    const [r] = await eslint.lintText(probe('..'), { filePath: path.join(root, 'src-renderer/store/probe.ts') });
    expect(r!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });

  it('no renderer file outside the store, transport and video layers touches the bridge or imports the transport lazily', () => {
    const offenders: string[] = [];
    for (const file of sources(renderer)) {
      if (ALLOWED.some((d) => file.startsWith(d))) continue;
      const text = fs.readFileSync(file, 'utf8');
      if (/window\s*\.\s*trucban|window\s*\[\s*['"]trucban/.test(text)) offenders.push(`${path.relative(root, file)}: window.trucban`);
      if (/import\(\s*['"][^'"]*\/transport(\/index)?['"]\s*\)/.test(text)) offenders.push(`${path.relative(root, file)}: import() of the transport`);
      if (/import\s*\*\s*as\s+\w+\s+from\s+['"][^'"]*\/transport(\/index)?['"]/.test(text)) offenders.push(`${path.relative(root, file)}: import * of the transport`);
    }
    expect(offenders).toEqual([]);
  });
});
