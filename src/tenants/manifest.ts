import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { ProductCreateSchema } from '../catalog/product';
import { SlugSchema } from '../catalog/category';
import { fieldErrors } from '../shared/validation';
import { StoreSettingsPresetSchema } from '../settings/store-settings';
import { DomainSchema, TenantIdSchema, TenantTierSchema } from './tenant';

/** A store as written in `tenants/<slug>.json`. `seedProducts` is for demo stores only. */
export const TenantManifestSchema = v.strictObject({
  slug: TenantIdSchema,
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
  domains: v.pipe(v.array(DomainSchema), v.minLength(1, 'must list at least one domain')),
  tier: TenantTierSchema,
  firstAdmin: v.strictObject({
    email: v.pipe(v.string(), v.email()),
    name: v.pipe(v.string(), v.minLength(1), v.maxLength(120)),
  }),
  /** Currency, tax, shipping and the rest; what is left out takes the defaults (src/settings/store-settings.ts). */
  settings: v.optional(StoreSettingsPresetSchema, {}),
  seedProducts: v.optional(v.array(ProductCreateSchema), []),
  /** Demo categories, parents before children (`parent` names a slug above), with the SKUs of their products. */
  seedCategories: v.optional(
    v.array(v.strictObject({ name: v.string(), slug: SlugSchema, parent: v.optional(SlugSchema), products: v.optional(v.array(v.string()), []) })),
  ),
  /** Demo collections, products (SKUs) in their order. */
  seedCollections: v.optional(
    v.array(v.strictObject({ name: v.string(), slug: SlugSchema, description: v.optional(v.string(), ''), products: v.array(v.string()) })),
  ),
  /** What the demo products' pictures, drawn at seed time, show (src/tenants/demo-images.ts); parcels if left out. */
  demoArt: v.optional(v.picklist(['shoe', 'book', 'parcel'])),
});

export type TenantManifest = v.InferOutput<typeof TenantManifestSchema>;

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** Reads and validates every manifest; the error names the file and the field at fault. */
export async function loadManifests(directory: string): Promise<TenantManifest[]> {
  const files = (await readdir(directory)).filter((name) => name.endsWith('.json')).sort();
  const manifests: TenantManifest[] = [];
  const owners = new Map<string, string>();
  for (const file of files) {
    const where = path.join(directory, file);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(where, 'utf8'));
    } catch (error) {
      throw new ManifestError(`${where}: not valid JSON (${(error as Error).message})`);
    }
    const result = v.safeParse(TenantManifestSchema, raw);
    if (!result.success) {
      const details = fieldErrors(result.issues)
        .map((e) => `${e.path}: ${e.message}`)
        .join('; ');
      throw new ManifestError(`${where}: ${details}`);
    }
    const manifest = result.output;
    for (const claim of [`slug ${manifest.slug}`, ...manifest.domains.map((d) => `domain ${d}`)]) {
      const owner = owners.get(claim);
      if (owner) throw new ManifestError(`${where}: ${claim} is already used by ${owner}`);
      owners.set(claim, where);
    }
    manifests.push(manifest);
  }
  return manifests;
}
