import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Stryker mutates some files by line range; code moving under a range would silently take the
 * isolation-critical functions out of mutation testing. Each range must still hold its function.
 */
const MUST_COVER: Record<string, string[]> = {
  'src/adapters/jwt/cognito-verifier.ts': ['const ClaimsSchema', 'function identityOf', 'async verify(token: string)', 'tokenId: claims.jti'],
  'src/tenants/tenant.ts': ['tenantKeyPrefix', 'tenantObjectPrefix'],
  'src/adapters/s3/media-store.ts': ['function owned'],
};

describe('mutation testing ranges', () => {
  it('still cover the functions they were drawn around', () => {
    // Read as text: the config is plain JavaScript that the type checker does not see.
    const ranges = [...readFileSync('stryker.config.mjs', 'utf8').matchAll(/'([^']+:\d+-\d+)'/g)].map((m) => m[1]!);
    expect(ranges.length).toBeGreaterThan(0);
    for (const [file, needles] of Object.entries(MUST_COVER)) {
      const lines = readFileSync(file, 'utf8').split('\n');
      const covered = ranges
        .filter((entry) => entry.startsWith(`${file}:`))
        .flatMap((entry) => {
          const [from, to] = entry
            .slice(file.length + 1)
            .split('-')
            .map(Number) as [number, number];
          return lines.slice(from - 1, to);
        })
        .join('\n');
      for (const needle of needles) expect(covered, `${file}: ${needle}`).toContain(needle);
    }
  });
});
