/** One finished request, as the metrics see it. */
export type RequestSample = {
  /** The store that answered, when the request resolved one. */
  tenantId: string | undefined;
  method: string;
  /** The route's pattern (`/products/:id`), never the raw path: paths would be unbounded dimensions. */
  route: string;
  status: number;
  ms: number;
};

/** Where per-request figures go (CloudWatch EMF on Lambda, nowhere locally unless asked). */
export type RequestMetrics = { record(sample: RequestSample): void };
