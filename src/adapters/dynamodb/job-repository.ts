import { GetCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { JobSchema, type Job } from '../../jobs/job';
import { JobExistsError, LeaseLostError, type JobProgress, type JobRepository } from '../../jobs/repository';
import { IdempotencyInFlightError, type IdempotentCommit } from '../../shared/idempotency';
import type { TenantContext } from '../../tenants/tenant';
import type { TenantClientProvider } from './client';
import { cancellationCodes, isConditionFailure } from './errors';
import { claimLost, idempotencyCompletion } from './idempotency-store';
import { tenantKeys } from './keys';
import { outboxPuts } from './outbox-items';
import { TABLE_KEYS } from './table';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A finished job's record stays this long (the table's TTL), long enough to read its report. */
export const JOB_TTL_SECONDS = 30 * 24 * 60 * 60;

// The item's `type` says what the item is ('job', as every item's does); the job's own type is `jobType`.
const jobOf = ({ PK: _pk, SK: _sk, type: _type, jobType, [TABLE_KEYS.ttlAttribute]: _ttl, ...rest }: Record<string, unknown>): Job =>
  v.parse(JobSchema, { ...rest, type: jobType });

/** Jobs in the single table (`TENANT#<id>#JOB#<jobId>`, docs/jobs.md): one item each, written only conditionally. */
export function createDynamoJobRepository(options: { clients: TenantClientProvider; tableName: string }): JobRepository {
  const { clients, tableName: TableName } = options;

  async function progressWrite(
    tenant: TenantContext,
    id: string,
    owner: string,
    update: JobProgress,
    set: string,
    values: Record<string, unknown>,
    names: Record<string, string> = {},
  ) {
    try {
      await (await clients(tenant)).send(
        new UpdateCommand({
          TableName,
          Key: tenantKeys(tenant).job(id),
          UpdateExpression: `SET progress = :progress, #checkpoint = :checkpoint, errors = :errors, errorCount = :errorCount, updatedAt = :at, ${set}`,
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner', '#checkpoint': 'checkpoint', ...names },
          ExpressionAttributeValues: {
            ':owner': owner,
            ':progress': update.progress,
            ':checkpoint': update.checkpoint,
            ':errors': update.errors,
            ':errorCount': update.errorCount,
            ':at': new Date().toISOString(),
            ...values,
          },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new LeaseLostError(id);
      throw error;
    }
  }

  return {
    async create(tenant, job, events, commit?: IdempotentCommit) {
      const items: TransactItem[] = [
        {
          Put: {
            TableName,
            Item: { ...tenantKeys(tenant).job(job.id), ...job, type: 'job', jobType: job.type },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        ...outboxPuts(TableName, tenant, events),
      ];
      try {
        await (await clients(tenant)).send(new TransactWriteCommand({ TransactItems: commit ? [...items, idempotencyCompletion(TableName, commit)] : items }));
      } catch (error) {
        const codes = cancellationCodes(error);
        if (commit && codes && claimLost(codes)) throw new IdempotencyInFlightError(1);
        if (codes?.[0] === 'ConditionalCheckFailed') throw new JobExistsError(job.id);
        throw error;
      }
    },

    async get(tenant, id) {
      const { Item } = await (await clients(tenant)).send(new GetCommand({ TableName, Key: tenantKeys(tenant).job(id), ConsistentRead: true }));
      return Item ? jobOf(Item) : undefined;
    },

    async claim(tenant, id, owner, now, leaseUntil) {
      try {
        const { Attributes } = await (await clients(tenant)).send(
          new UpdateCommand({
            TableName,
            Key: tenantKeys(tenant).job(id),
            UpdateExpression: 'SET #state = :running, #owner = :owner, leaseUntil = :lease, updatedAt = :at ADD attempts :one',
            // Queued, or running under a lease that ended (its runner is gone): never finished, never held.
            ConditionExpression: 'attribute_exists(PK) AND (#state = :queued OR (#state = :running AND leaseUntil < :now))',
            ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner' },
            ExpressionAttributeValues: {
              ':running': 'running',
              ':queued': 'queued',
              ':owner': owner,
              ':lease': leaseUntil,
              ':now': now,
              ':one': 1,
              ':at': new Date(now).toISOString(),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return jobOf(Attributes!);
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },

    async checkpoint(tenant, id, owner, update) {
      await progressWrite(tenant, id, owner, update, 'leaseUntil = :lease', { ':lease': update.leaseUntil });
    },

    async finish(tenant, id, owner, update) {
      await progressWrite(
        tenant,
        id,
        owner,
        update,
        '#state = :state, #result = :result, leaseUntil = :zero, #ttl = :ttl',
        { ':state': update.state, ':result': update.result, ':zero': 0, ':ttl': Math.floor(Date.now() / 1000) + JOB_TTL_SECONDS },
        { '#state': 'state', '#result': 'result', '#ttl': TABLE_KEYS.ttlAttribute },
      );
    },
  };
}
