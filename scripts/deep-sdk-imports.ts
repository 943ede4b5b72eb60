/**
 * An esbuild plugin for the Lambda bundles: rewrites the AWS SDK's imports of its own barrel
 * modules (`@smithy/core/serde`, `@aws-sdk/core/protocols`, …) into imports of the files that
 * define each name.
 *
 * Why: esbuild splits code into chunks file by file, by which entry points and lazy imports reach
 * a file through the import graph. A barrel re-exports dozens of files; when the cold path (the
 * DynamoDB client) and a lazy chunk (the S3 client) both import one, every file it re-exports that
 * either uses lands in a chunk the entry loads at start-up: the S3 client's XML protocol, the STS
 * client's query protocol, checksums. Imported from their own files, each lands where it is used.
 * About 50 KiB of the API's cold start (docs/benchmarks.md).
 *
 * Only names whose defining file is found are rewritten; anything else (a namespace import, a
 * name the barrel defines itself) keeps its barrel import, so a miss costs size, never behaviour.
 * A barrel that reaches a file its package marks as having side effects is left alone: importing
 * around it would skip that file's effect.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Plugin, PluginBuild } from 'esbuild';

const BARREL = /^@(smithy\/core|aws-sdk\/core)(\/[a-z0-9-]+)?$/;
const IMPORT = /import\s*\{([^}]*)\}\s*from\s*"(@(?:smithy\/core|aws-sdk\/core)(?:\/[a-z0-9-]+)?)";/g;

type Exports = {
  /** Names this file defines itself, or re-exports through a named list: name → [file, name there]. */
  named: Map<string, [file: string, name: string] | 'here'>;
  /** `export * from` targets, in order. */
  stars: string[];
};

/** `./x` as tsc writes it in dist-es (`./x.js` or `./x/index.js`), or another barrel of the SDK's (its package's `module` export). */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const base = path.resolve(path.dirname(from), specifier);
    return [`${base}.js`, path.join(base, 'index.js'), base].find((file) => existsSync(file) && statSync(file).isFile());
  }
  const barrel = BARREL.exec(specifier);
  const modules = from.slice(0, from.lastIndexOf(`${path.sep}node_modules${path.sep}`) + '/node_modules/'.length);
  if (!barrel || !modules) return undefined;
  const packageDir = path.join(modules, `@${barrel[1]}`);
  const { exports } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { exports?: Record<string, string | Record<string, unknown>> };
  const entry = exports?.[barrel[2] ? `.${barrel[2]}` : '.'];
  const target = typeof entry === 'string' ? entry : (entry?.module ?? entry?.import);
  return typeof target === 'string' ? path.join(packageDir, target) : undefined;
}

const parseList = (list: string) =>
  list
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [name, alias] = part.split(/\s+as\s+/);
      return { name: name!.trim(), alias: (alias ?? name)!.trim() };
    });

function parseExports(file: string): Exports {
  const source = readFileSync(file, 'utf8');
  const named: Exports['named'] = new Map();
  const stars: string[] = [];
  const imported = new Map<string, [string, string]>();
  for (const m of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]*)";/g)) {
    const target = resolveSpecifier(file, m[2]!);
    if (target) for (const { name, alias } of parseList(m[1]!)) imported.set(alias, [target, name]);
  }
  for (const m of source.matchAll(/export\s*\*\s*from\s*"([^"]*)";/g)) {
    const target = resolveSpecifier(file, m[1]!);
    if (target) stars.push(target);
  }
  for (const m of source.matchAll(/export\s*\{([^}]*)\}\s*from\s*"([^"]*)";/g)) {
    const target = resolveSpecifier(file, m[2]!);
    if (target) for (const { name, alias } of parseList(m[1]!)) named.set(alias, [target, name]);
  }
  for (const m of source.matchAll(/export\s*\{([^}]*)\}\s*;/g)) {
    for (const { name, alias } of parseList(m[1]!)) named.set(alias, imported.get(name) ?? 'here');
  }
  for (const m of source.matchAll(/export\s+(?:async\s+)?(?:class|function\*?|const|let|var)\s+([A-Za-z_$][\w$]*)/g)) named.set(m[1]!, 'here');
  return { named, stars };
}

/**
 * The barrel's name → the file defining it. `touched` collects every file the barrel reaches,
 * to check for side effects.
 */
export function definitions(barrel: string) {
  const parsed = new Map<string, Exports>();
  const touched = new Set<string>();
  const exportsOf = (file: string) => {
    touched.add(file);
    const found = parsed.get(file) ?? parseExports(file);
    parsed.set(file, found);
    return found;
  };
  const find = (file: string, name: string, seen = new Set<string>()): [string, string] | undefined => {
    if (seen.has(file)) return undefined;
    seen.add(file);
    const { named, stars } = exportsOf(file);
    const entry = named.get(name);
    if (entry === 'here') return [file, name];
    if (entry) return find(entry[0], entry[1], seen) ?? entry;
    for (const star of stars) {
      const hit = find(star, name, seen);
      if (hit) return hit;
    }
    return undefined;
  };
  // Walk everything once so `touched` is the barrel's whole reach.
  const walk = (file: string, seen = new Set<string>()) => {
    if (seen.has(file)) return;
    seen.add(file);
    const { named, stars } = exportsOf(file);
    for (const entry of named.values()) if (entry !== 'here') walk(entry[0], seen);
    for (const star of stars) walk(star, seen);
  };
  walk(barrel);
  return { find: (name: string) => find(barrel, name), touched };
}

/** Files the package says have side effects (`sideEffects: [...]` in its package.json). */
function sideEffectFiles(barrelFile: string): string[] {
  let dir = path.dirname(barrelFile);
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  const { sideEffects } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { sideEffects?: boolean | string[] };
  if (sideEffects === false) return [];
  if (Array.isArray(sideEffects)) return sideEffects.map((f) => path.resolve(dir, f));
  return ['*'];
}

export function deepSdkImports(): Plugin {
  return {
    name: 'deep-sdk-imports',
    setup(b: PluginBuild) {
      const barrels = new Map<string, ReturnType<typeof definitions> | undefined>();
      const barrelOf = async (specifier: string, resolveDir: string) => {
        const resolved = await b.resolve(specifier, { kind: 'import-statement', resolveDir });
        if (resolved.errors.length > 0 || !resolved.path) return undefined;
        if (!barrels.has(resolved.path)) {
          const defs = definitions(resolved.path);
          const effects = sideEffectFiles(resolved.path);
          const safe = !effects.includes('*') && ![...defs.touched].some((file) => effects.includes(file));
          barrels.set(resolved.path, safe ? defs : undefined);
        }
        const defs = barrels.get(resolved.path);
        return defs && { file: resolved.path, find: defs.find };
      };

      b.onLoad({ filter: /[\\/]node_modules[\\/]@(aws-sdk|smithy)[\\/].*[\\/]dist-es[\\/].*\.js$/ }, async (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('@smithy/core') && !source.includes('@aws-sdk/core')) return undefined;
        const resolveDir = path.dirname(args.path);
        let changed = false;
        const replacements: string[] = [];
        for (const m of source.matchAll(IMPORT)) {
          const [statement, list, specifier] = m as unknown as [string, string, string];
          if (!BARREL.test(specifier)) {
            replacements.push(statement);
            continue;
          }
          const barrel = await barrelOf(specifier, resolveDir);
          const kept: string[] = [];
          const deep: string[] = [];
          for (const { name, alias } of parseList(list)) {
            const hit = barrel?.find(name);
            // A name the barrel defines itself stays imported from it.
            if (hit && hit[0] !== barrel?.file) {
              deep.push(`import { ${hit[1]} as ${alias} } from ${JSON.stringify(hit[0])};`);
            } else kept.push(name === alias ? name : `${name} as ${alias}`);
          }
          if (deep.length > 0) changed = true;
          replacements.push([...(kept.length > 0 ? [`import { ${kept.join(', ')} } from ${JSON.stringify(specifier)};`] : []), ...deep].join('\n'));
        }
        if (!changed) return undefined;
        let i = 0;
        return { contents: source.replace(IMPORT, () => replacements[i++]!), loader: 'js', resolveDir };
      });
    },
  };
}
