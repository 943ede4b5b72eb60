import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SlugClaim, SlugClaims } from '../../signup/slug-claims';
import { isConditionFailure } from './errors';
import { platformKeys } from './keys';

/**
 * `PLATFORM#SLUG#<slug>`, written with the platform's client. The item never carries the table's
 * TTL attribute: a hold lapses by its `heldUntil`, which every write compares, and a used claim
 * stays for good.
 */
export function createDynamoSlugClaims(options: { client: DynamoDBDocumentClient; tableName: string }): SlugClaims {
  const { client, tableName } = options;
  const conditional = async (work: () => Promise<unknown>) => {
    try {
      await work();
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };

  return {
    async get(slug) {
      const result = await client.send(new GetCommand({ TableName: tableName, Key: platformKeys.slug(slug), ConsistentRead: true }));
      const item = result.Item;
      if (!item) return undefined;
      return item.state === 'used'
        ? ({ slug, state: 'used', usedAt: String(item.usedAt), email: item.email as string | undefined } satisfies SlugClaim)
        : ({
            slug,
            state: 'held',
            email: String(item.email),
            heldUntil: String(item.heldUntil),
            storeName: String(item.storeName),
            tier: item.tier as Extract<SlugClaim, { state: 'held' }>['tier'],
          } satisfies SlugClaim);
    },

    hold: (slug, { email, storeName, tier }, until, now) =>
      conditional(() =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...platformKeys.slug(slug), type: 'slug', slug, state: 'held', email, storeName, tier, heldUntil: until, updatedAt: now },
            // Free, or held by the same person, or a hold that has lapsed; never a used slug.
            ConditionExpression: 'attribute_not_exists(PK) OR (#state = :held AND (email = :email OR heldUntil < :now))',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':held': 'held', ':email': email, ':now': now },
          }),
        ),
      ),

    markUsed: (slug, at, email) =>
      conditional(() =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: platformKeys.slug(slug),
            UpdateExpression: 'SET #type = :type, slug = :slug, #state = :used, usedAt = :at, updatedAt = :at REMOVE heldUntil',
            // A sign-up's confirmation uses its own hold only; an operator's onboarding any slug not used yet.
            ConditionExpression: email === undefined ? 'attribute_not_exists(PK) OR #state = :held' : '#state = :held AND email = :email',
            ExpressionAttributeNames: { '#state': 'state', '#type': 'type' },
            ExpressionAttributeValues: {
              ':type': 'slug',
              ':slug': slug,
              ':used': 'used',
              ':held': 'held',
              ':at': at,
              ...(email === undefined ? {} : { ':email': email }),
            },
          }),
        ),
      ),

    async release(slug, email) {
      await conditional(() =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: platformKeys.slug(slug),
            UpdateExpression: 'SET #state = :held, heldUntil = :past REMOVE usedAt',
            ConditionExpression: 'email = :email',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':held': 'held', ':past': new Date(0).toISOString(), ':email': email },
          }),
        ),
      );
    },

    async putHandoff(slug, handoff) {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: platformKeys.slug(slug),
          UpdateExpression: 'SET handoffId = :id, handoffSealed = :sealed, handoffExpiresAt = :expires',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':id': handoff.id, ':sealed': handoff.sealed, ':expires': handoff.expiresAt },
        }),
      );
    },

    async takeHandoff(slug, id, now) {
      try {
        const result = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: platformKeys.slug(slug),
            UpdateExpression: 'REMOVE handoffId, handoffSealed, handoffExpiresAt',
            ConditionExpression: 'handoffId = :id AND handoffExpiresAt > :now',
            ExpressionAttributeValues: { ':id': id, ':now': now },
            ReturnValues: 'ALL_OLD',
          }),
        );
        return result.Attributes?.handoffSealed as string | undefined;
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },
  };
}
