/** Minimal argv parser: `--flag value`, `--flag=value`, boolean flags, positionals in order. */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: string[], booleans: ReadonlySet<string>): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (eq >= 0) flags.set(name, a.slice(eq + 1));
      else if (booleans.has(name)) flags.set(name, true);
      else {
        const v = argv[i + 1];
        if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new Error(`--${name} needs a value`);
        flags.set(name, v);
        i++;
      }
    } else positionals.push(a);
  }
  return { positionals, flags };
}
