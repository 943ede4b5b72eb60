import type { AssetManifest } from './assets';

/**
 * The browser assets for this process. From source this bundles them with esbuild (a
 * devDependency). scripts/build-lambda.ts replaces this whole module in the Lambda bundle with one
 * that returns the assets it bundled at build time, so neither esbuild nor the browser sources
 * are needed (or shipped) at run time.
 */
export async function loadWebAssets(): Promise<AssetManifest> {
  const { buildWebAssets } = await import('./build-assets');
  return buildWebAssets();
}
