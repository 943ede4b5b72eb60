import { gunzipSync, gzipSync } from 'node:zlib';
import type MiniSearch from 'minisearch';
import type { Options, SearchResult } from 'minisearch';
import type { ListingCard } from '../catalog/listing-card';
import type { SearchDoc } from './document';
import { PRICE_BANDS, type PriceRange } from './price-bands';
import { marginOf, type RatingFloor } from '../catalog/rating';

/**
 * The embedded engine (MiniSearch, docs/architecture.md "Search"), behind plain functions so the
 * rest of the code never touches it. It is imported on first use only: the API's cold start does
 * not pay to parse it unless a request searches (the bundle keeps it in a chunk of its own).
 */
type Engine = typeof MiniSearch;
let loading: Promise<Engine> | undefined;
export const loadEngine = (): Promise<Engine> => {
  loading ??= import('minisearch').then((module) => module.default);
  return loading;
};

export type SearchIndex = { engine: MiniSearch<SearchDoc> };

/** Lower case without accents: "Café" finds "cafe" and the other way round. */
const fold = (term: string) =>
  term
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

const TEXT_FIELDS = ['name', 'description', 'skus', 'options', 'categories'] as const;

/** Words split at spaces and punctuation, but not at hyphens, dots or underscores: "t-shirt" and "TS-RED-M" stay whole. */
const WORDS = /(?:(?![-._])[\s\p{Z}\p{P}\p{S}])+/u;
const words = (text: string) =>
  text
    .split(WORDS)
    .map((word) => word.replace(/^[-._]+|[-._]+$/g, ''))
    .filter(Boolean);
/**
 * The index holds each hyphenated word whole and in its parts, so both "shirt" and "t-shirt"
 * find a T-shirt; a query keeps its words whole. SKUs are held whole
 * only: their parts ("SKU", "01") are in nearly every product and would make every SKU query
 * intersect the whole catalog.
 */
const indexTokens = (text: string, field?: string) => {
  if (field === 'skus') return words(text);
  return words(text).flatMap((word) => {
    const parts = word.split(/[-._]+/).filter(Boolean);
    return parts.length > 1 ? [word, ...parts] : parts;
  });
};
const queryTokens = words;
const STORED_FIELDS = ['status', 'cats', 'opts', 'price', 'inStock', 'rating', 'card'] as const;

/**
 * Typos: none in words under four letters (too many words are one letter from "tee"), one edit up
 * to 7, two beyond. Prefixes from two letters, so a visitor's half-typed word already matches.
 */
const fuzzy = (term: string) => (term.length < 4 ? false : term.length < 8 ? 1 : 2);
const prefix = (term: string) => term.length >= 2;

const OPTIONS: Options<SearchDoc> = {
  idField: 'id',
  fields: [...TEXT_FIELDS],
  storeFields: [...STORED_FIELDS],
  tokenize: indexTokens,
  processTerm: (term) => fold(term) || null,
  searchOptions: {
    tokenize: queryTokens,
    // A hit in the name or SKU says more than one in a description.
    boost: { name: 4, skus: 4, categories: 2, options: 2, description: 1 },
    prefix,
    fuzzy,
    maxFuzzy: 2,
    combineWith: 'AND',
  },
};

export async function emptyIndex(): Promise<SearchIndex> {
  const Engine = await loadEngine();
  return { engine: new Engine<SearchDoc>(OPTIONS) };
}

export async function indexOf(docs: readonly SearchDoc[]): Promise<SearchIndex> {
  const index = await emptyIndex();
  index.engine.addAll(docs);
  return index;
}

/** The product's document in, replacing any it had; `undefined` (deleted): out. */
export function putDoc(index: SearchIndex, id: string, doc: SearchDoc | undefined): void {
  if (index.engine.has(id)) index.engine.discard(id);
  if (doc) index.engine.add(doc);
}

export const docCount = (index: SearchIndex) => index.engine.documentCount;

/** The stored form: the engine's own JSON, gzipped (a tenth of the size; see `npm run bench`). */
const FORMAT = 1;
export function serialiseIndex(index: SearchIndex): Uint8Array {
  // Level 1: at 100k products it compresses nearly as well as the default, in a fraction of the time the writer spends per batch.
  return gzipSync(JSON.stringify({ format: FORMAT, engine: index.engine }), { level: 1 });
}

export async function deserialiseIndex(bytes: Uint8Array): Promise<SearchIndex> {
  const Engine = await loadEngine();
  const stored = JSON.parse(gunzipSync(bytes).toString('utf8')) as { format: number; engine: Parameters<Engine['loadJS']>[0] };
  if (stored.format !== FORMAT) throw new Error(`search index format ${stored.format} is not ${FORMAT}`);
  return { engine: Engine.loadJS<SearchDoc>(stored.engine, OPTIONS) };
}

export type SearchFilters = {
  /** A category's slug. */
  category?: string | undefined;
  /** `[option name, value]`: all must hold. */
  options: readonly (readonly [string, string])[];
  price?: PriceRange | undefined;
  inStock?: boolean | undefined;
  /** "N stars and up": published reviews averaging at least N; products without reviews are left out. */
  minRating?: RatingFloor | undefined;
};

export type SearchRequest = {
  q: string;
  filters: SearchFilters;
  /** 1-based. */
  page: number;
  pageSize: number;
  /** Staff see every status; visitors the active products only. */
  audience: 'public' | 'staff';
};

export type FacetValue = { value: string; label: string; count: number };
export type Facets = {
  category: FacetValue[];
  options: { name: string; values: FacetValue[] }[];
  price: FacetValue[];
  /** "4 stars and up", "3 stars and up": value is the floor. */
  rating: FacetValue[];
  inStock: { count: number };
};

export type SearchHit = ListingCard & { status: SearchDoc['status'] };
export type SearchHits = { items: SearchHit[]; total: number; page: number; pageCount: number; facets: Facets };

type Stored = Pick<SearchDoc, (typeof STORED_FIELDS)[number]> & { id: string };

/**
 * Every document's stored fields, for browsing without words. The engine's wildcard search makes a
 * scored result object per document (1.5 s at 100,000 on the bench machine); its stored-field map
 * is what those results are copied from. Private to MiniSearch, hence the exact version pin
 * (package.json) and the browse tests in test/unit/search/engine.test.ts.
 */
function everything(index: SearchIndex): Stored[] {
  const internals = index.engine as unknown as { _storedFields: Map<number, Omit<Stored, 'id'>>; _documentIds: Map<number, string> };
  const docs: Stored[] = [];
  for (const [short, fields] of internals._storedFields) {
    const id = internals._documentIds.get(short);
    if (id !== undefined) docs.push({ ...fields, id });
  }
  return docs;
}

const FACET_OPTIONS_SHOWN = 6;
const FACET_VALUES_SHOWN = 20;

const within = (price: number, range: PriceRange) => price >= range.min && (range.max === null || price < range.max);

/** The rating facet's choices, best first. */
export const RATING_FACET_FLOORS = [4, 3] as const satisfies readonly RatingFloor[];
/** Indexes saved before documents carried `rating` still have it on the card. */
const ratingOf = (doc: Stored) => doc.rating ?? doc.card.rating ?? { count: 0, total: 0 };
const ratedAtLeast = (doc: Stored, floor: number) => {
  const rating = ratingOf(doc);
  return rating.count > 0 && marginOf(rating, floor) >= 0;
};

/**
 * One page of results, with facet counts over everything that matched. Counts are disjunctive, as
 * shoppers expect: a facet counts what the other filters leave, so choosing "Red" still shows how
 * many "Blue" there are.
 */
export function searchIndex(index: SearchIndex, request: SearchRequest): SearchHits {
  const { filters } = request;
  const visible = (doc: Pick<Stored, 'status'> | SearchResult) => request.audience === 'staff' || doc.status === 'active';
  const query = request.q.trim();
  const found = query === '' ? everything(index).filter(visible) : (index.engine.search(query, { filter: visible }) as unknown as Stored[]);

  const passes = {
    category: (doc: Stored) => filters.category === undefined || doc.cats.some((cat) => cat.slug === filters.category),
    options: (doc: Stored, except?: string) =>
      filters.options.every(([name, value]) => name === except || doc.opts.some(([n, v]) => n === name && v === value)),
    price: (doc: Stored) => filters.price === undefined || within(doc.price, filters.price),
    inStock: (doc: Stored) => filters.inStock === undefined || doc.inStock === filters.inStock,
    rating: (doc: Stored) => filters.minRating === undefined || ratedAtLeast(doc, filters.minRating),
  };

  const categoryCounts = new Map<string, FacetValue>();
  const optionCounts = new Map<string, Map<string, number>>();
  const priceCounts = new Map<string, number>();
  const ratingCounts = new Map<number, number>();
  let inStockCount = 0;
  const hits: Stored[] = [];
  for (const doc of found) {
    const category = passes.category(doc);
    const options = passes.options(doc);
    const price = passes.price(doc);
    const stock = passes.inStock(doc);
    const rated = passes.rating(doc);
    if (category && options && price && stock && rated) hits.push(doc);
    if (options && price && stock && rated) {
      for (const cat of doc.cats) {
        const entry = categoryCounts.get(cat.slug) ?? { value: cat.slug, label: cat.name, count: 0 };
        entry.count++;
        categoryCounts.set(cat.slug, entry);
      }
    }
    if (category && price && stock && rated) {
      for (const [name, value] of doc.opts) {
        if (!passes.options(doc, name)) continue;
        const values = optionCounts.get(name) ?? new Map<string, number>();
        values.set(value, (values.get(value) ?? 0) + 1);
        optionCounts.set(name, values);
      }
    }
    if (category && options && stock && rated) {
      const band = PRICE_BANDS.find((b) => within(doc.price, b));
      if (band) priceCounts.set(band.value, (priceCounts.get(band.value) ?? 0) + 1);
    }
    if (category && options && price && stock) {
      for (const floor of RATING_FACET_FLOORS) if (ratedAtLeast(doc, floor)) ratingCounts.set(floor, (ratingCounts.get(floor) ?? 0) + 1);
    }
    if (category && options && price && rated && doc.inStock) inStockCount++;
  }

  // Browsing without words: by name, as category pages are.
  if (query === '') hits.sort((a, b) => (a.card.name < b.card.name ? -1 : a.card.name > b.card.name ? 1 : 0));
  const byCount = (a: FacetValue, b: FacetValue) => b.count - a.count || a.label.localeCompare(b.label);
  const pageCount = Math.max(1, Math.ceil(hits.length / request.pageSize));
  const start = (request.page - 1) * request.pageSize;
  return {
    items: hits.slice(start, start + request.pageSize).map((doc) => ({ ...doc.card, status: doc.status })),
    total: hits.length,
    page: request.page,
    pageCount,
    facets: {
      category: [...categoryCounts.values()].sort(byCount).slice(0, FACET_VALUES_SHOWN),
      options: [...optionCounts.entries()]
        .map(([name, values]) => ({
          name,
          values: [...values.entries()]
            .map(([value, count]) => ({ value, label: value, count }))
            .sort(byCount)
            .slice(0, FACET_VALUES_SHOWN),
        }))
        .sort((a, b) => b.values.reduce((n, x) => n + x.count, 0) - a.values.reduce((n, x) => n + x.count, 0))
        .slice(0, FACET_OPTIONS_SHOWN),
      price: PRICE_BANDS.flatMap((band) => {
        const count = priceCounts.get(band.value) ?? 0;
        return count > 0 ? [{ value: band.value, label: band.value, count }] : [];
      }),
      rating: RATING_FACET_FLOORS.flatMap((floor) => {
        const count = ratingCounts.get(floor) ?? 0;
        return count > 0 ? [{ value: String(floor), label: `${floor} stars and up`, count }] : [];
      }),
      inStock: { count: inStockCount },
    },
  };
}

export type Suggestion = { productId: string; name: string; handle: string };

/** What the search box offers while a visitor types: the best few products for the words so far. */
export function suggestFromIndex(index: SearchIndex, q: string, limit: number): Suggestion[] {
  const query = q.trim();
  if (query === '') return [];
  const found = index.engine.search(query, { filter: (result) => result.status === 'active' }) as unknown as Stored[];
  return found.slice(0, limit).map((doc) => ({ productId: doc.id, name: doc.card.name, handle: doc.card.handle }));
}
