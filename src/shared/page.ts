/** A page of a listing; `nextCursor` is opaque to clients and absent on the last page. */
export type Page<T> = { items: T[]; nextCursor?: string | undefined };

export type PageRequest = { limit: number; cursor?: string | undefined };
