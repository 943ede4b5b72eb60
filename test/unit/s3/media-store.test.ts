import { HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { s3MediaStore } from '../../../src/adapters/s3/media-store';
import { tenantContext } from '../../../src/tenants/tenant';

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'us-east-1' });
const store = s3MediaStore({ clients: () => client, bucket: 'media' });
const acme = tenantContext({ id: 'acme', name: 'Acme', tier: 'basic', status: 'active' });
const key = 'tenants/acme/products/p1/i1.png';
const s3Error = (name: string, status: number) => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });

describe('S3 media store', () => {
  beforeEach(() => s3.reset());

  it('reads size and type of an uploaded object on the tenant key', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 42, ContentType: 'image/png' });
    await expect(store.head(acme, key)).resolves.toEqual({ size: 42, contentType: 'image/png' });
    expect(s3.commandCalls(HeadObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'media', Key: key });
  });

  it('takes 404, and the 403 S3 gives without ListBucket, as "not uploaded"', async () => {
    s3.on(HeadObjectCommand).rejectsOnce(s3Error('NotFound', 404)).rejectsOnce(s3Error('Forbidden', 403));
    await expect(store.head(acme, key)).resolves.toBeUndefined();
    await expect(store.head(acme, key)).resolves.toBeUndefined();
  });

  it('lets other failures through, and never touches a key outside the tenant', async () => {
    s3.on(HeadObjectCommand).rejects(s3Error('InternalError', 500));
    await expect(store.head(acme, key)).rejects.toThrow('InternalError');
    await expect(store.head(acme, 'tenants/other/products/p1/i1.png')).rejects.toThrow(/outside tenant acme/);
    await expect(store.remove(acme, 'tenants/acme/../other/x.png')).rejects.toThrow(/outside tenant acme/);
  });
});
