// The peer on the AWS SDK: @aws-sdk/client-dynamodb + @aws-sdk/lib-dynamodb
// (plain objects marshalled by the SDK), bundled and minified by esbuild.
// Same routes, bindings and statuses as examples/worker.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';

let doc;
const json = (status, value) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

export default {
  async fetch(request, env) {
    doc ??= DynamoDBDocumentClient.from(new DynamoDBClient({
      region: env.AWS_REGION,
      endpoint: env.DYNAMODB_ENDPOINT || undefined,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined },
    }));
    const table = `${env.TABLE_PREFIX ?? ''}notes`;
    const url = new URL(request.url);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    try {
      if (request.method === 'PUT' && parts.length === 1 && parts[0] === 'notes') {
        const note = await request.json();
        await doc.send(new PutCommand({ TableName: table, Item: note, ConditionExpression: 'attribute_not_exists(#id)', ExpressionAttributeNames: { '#id': 'id' } }));
        return json(201, { saved: note.id });
      }
      if (request.method === 'GET' && parts.length === 3 && parts[0] === 'notes') {
        const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { user: parts[1], id: parts[2] } }));
        return Item ? json(200, Item) : json(404, { error: 'not found' });
      }
      if (request.method === 'GET' && parts.length === 2 && parts[0] === 'notes') {
        const min = Number(url.searchParams.get('min_stars') ?? 0);
        const { Items } = await doc.send(new QueryCommand({
          TableName: table,
          KeyConditionExpression: '#u = :u',
          FilterExpression: '#s >= :m',
          ExpressionAttributeNames: { '#u': 'user', '#s': 'stars' },
          ExpressionAttributeValues: { ':u': parts[1], ':m': min },
        }));
        return json(200, Items);
      }
      return json(404, { error: 'no such route' });
    } catch (e) {
      return json(e.name === 'ConditionalCheckFailedException' ? 409 : 502, { error: String(e.message) });
    }
  },
};
