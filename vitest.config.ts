import { defineConfig } from 'vitest/config';

// Test tiers (docs/architecture.md, "Running without the Electron binary"): unit (pure), db (real SQLite files), main (services with real
// SQLite/ffmpeg, documents, the Electron shell against a fake electron), cli (the `trucban`
// command as a child process), e2e (the real UI in Debian's chromium through browser mode).
const tier = (name: string, extra: Record<string, unknown> = {}) => ({
  extends: true as const,
  test: { name, include: [`tests/${name}/**/*.test.ts`], ...extra },
});

export default defineConfig({
  test: {
    pool: 'forks',
    reporters: ['default', './tests/summary-reporter.ts'],
    // scrypt at a lower cost in tests (tests/unit/password.test.ts checks the production default)
    env: { TRUCBAN_SCRYPT_N: '1024' },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      tier('unit'),
      tier('db', { testTimeout: 120_000 }),
      tier('main', { testTimeout: 60_000 }),
      tier('cli', { testTimeout: 60_000 }),
      // expect.poll waits for what the officer would see; its 1 s default is too short on a loaded
      // 2-core machine (a preset list that arrives after 1.2 s is not a failure)
      tier('e2e', { testTimeout: 120_000, fileParallelism: false, globalSetup: ['tests/e2e/global-setup.ts'], expect: { poll: { timeout: 10_000 } } }),
    ],
  },
});
