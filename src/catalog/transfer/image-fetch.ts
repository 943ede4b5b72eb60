import type { ImageType } from '../media';

/** A picture fetched for an import: its bytes and the type they really are. */
export type FetchedImage = { body: Uint8Array; contentType: ImageType };

/**
 * The port imports fetch images by URL through (src/adapters/http/safe-image-fetch.ts on the real
 * network, a stand-in in tests). It throws ImageFetchError with a reason a person can act on.
 */
export interface ImageFetcher {
  fetch(url: string): Promise<FetchedImage>;
}

export class ImageFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageFetchError';
  }
}
