// The bare Hono Lambda plus a DynamoDB document client: the floor for any handler that reads DynamoDB.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const app = new Hono();
app.get('/products/:id', async (c) =>
  c.json((await client.send(new GetCommand({ TableName: 'catalog', Key: { PK: c.req.param('id'), SK: 'PRODUCT' } }))).Item ?? {}),
);
export const handler = handle(app);
