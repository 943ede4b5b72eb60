import { Hono, type Context } from 'hono';
import type { AppEnv, TenantEnv } from '../http/env';
import { allow } from '../http/middleware/access';
import { pageQuery } from '../http/request';
import { platformUsageRows, storeUsageRows, usageCsv, type UsageService } from './service';

const csv = (c: Context, name: string, body: string) =>
  c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' });

/** The store's usage against its plan, for its admins: JSON, or the month's days as CSV. */
export function storeUsageRoutes(usage: UsageService) {
  return new Hono<TenantEnv>()
    .get('/admin/usage', allow('admin'), async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await usage.forStore(c.get('tenant')));
    })
    .get('/admin/usage.csv', allow('admin'), async (c) => {
      const report = await usage.forStore(c.get('tenant'));
      return csv(c, `usage-${report.store}-${report.day.slice(0, 7)}.csv`, usageCsv(storeUsageRows(report)));
    });
}

/** Every store's usage, for operators: a page of stores at a time, JSON or CSV. */
export function platformUsageRoutes(usage: UsageService) {
  return new Hono<AppEnv>()
    .get('/platform/usage', allow('operator'), async (c) => {
      c.header('cache-control', 'no-store');
      const report = await usage.forAll(pageQuery(c));
      return c.json({ day: report.day, items: report.items, nextCursor: report.nextCursor ?? null });
    })
    .get('/platform/usage.csv', allow('operator'), async (c) => {
      const report = await usage.forAll(pageQuery(c));
      if (report.nextCursor) c.header('link', `</platform/usage.csv?cursor=${encodeURIComponent(report.nextCursor)}>; rel="next"`);
      return csv(c, `usage-${report.day.slice(0, 7)}.csv`, usageCsv(platformUsageRows(report.items, report.day)));
    });
}
