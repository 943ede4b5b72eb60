import { createVariantsMigration } from './variants';

/** Every migration, in the order they must run (`npm run migrate`, and `npm start` before seeding). */
export async function runMigrations(deps: Parameters<typeof createVariantsMigration>[0]) {
  return { variants: await createVariantsMigration(deps).run() };
}
