import { createRatingRankMigration } from './rating-rank';
import { createVariantsMigration } from './variants';

/** Every migration, in the order they must run (`npm run migrate`, and `npm start` before seeding). */
export async function runMigrations(deps: Parameters<typeof createVariantsMigration>[0]) {
  const variants = await createVariantsMigration(deps).run();
  // After variants: it ranks products in the shape variants leaves them.
  return { variants, ratingRank: await createRatingRankMigration(deps).run() };
}
