import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Probe } from '../../health/readiness';

/**
 * The bucket answers a HeadBucket. The API's role has no s3:ListBucket, so S3 answers it with 403:
 * an answer from S3 all the same, which is all readiness asks. 404 (no such bucket) and anything
 * from the network or a 5xx fail.
 */
export const bucketProbe =
  (client: S3Client, bucket: string): Probe =>
  async () => {
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403) return;
      throw error;
    }
  };
