/**
 * A product image from the browser: the API hands out a presigned form for a key it picks, the
 * file goes straight to storage, then the API checks the object and lists it on the product.
 */
import type { createApi } from './api';

type Api = ReturnType<typeof createApi>;
type UploadTicket = { key: string; url: string; fields: Record<string, string> };

export async function uploadImage<T>(api: Api, productId: string, file: File): Promise<T> {
  const ticket = await api<UploadTicket>('POST', `/admin/products/${productId}/images/uploads`, { contentType: file.type, size: file.size });
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
  form.append('file', file);
  const uploaded = await fetch(ticket.url, { method: 'POST', body: form });
  if (!uploaded.ok) throw new Error(`Upload failed (${uploaded.status}).`);
  return api<T>('POST', `/admin/products/${productId}/images`, { key: ticket.key });
}
