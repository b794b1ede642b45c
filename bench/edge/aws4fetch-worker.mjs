// The floor: aws4fetch signs, the DynamoDB JSON is built by hand (no
// mapping, no types). Same routes, bindings and statuses as
// examples/worker.
import { AwsClient } from 'aws4fetch';

let aws;
const json = (status, body) => new Response(body, { status, headers: { 'content-type': 'application/json' } });

async function call(env, action, body) {
  const endpoint = env.DYNAMODB_ENDPOINT || `https://dynamodb.${env.AWS_REGION}.amazonaws.com`;
  const response = await aws.fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${action}` },
    body: JSON.stringify(body),
  });
  const reply = await response.json();
  if (response.status !== 200) throw Object.assign(new Error(reply.message ?? reply.Message), { name: String(reply.__type).split('#').pop() });
  return reply;
}

export default {
  async fetch(request, env) {
    aws ??= new AwsClient({
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      sessionToken: env.AWS_SESSION_TOKEN || undefined,
      region: env.AWS_REGION,
      service: 'dynamodb',
    });
    const table = `${env.TABLE_PREFIX ?? ''}notes`;
    const url = new URL(request.url);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    try {
      if (request.method === 'PUT' && parts.length === 1 && parts[0] === 'notes') {
        const n = await request.json();
        await call(env, 'PutItem', {
          TableName: table,
          Item: { user: { S: n.user }, id: { S: n.id }, text: { S: n.text }, stars: { N: String(n.stars) } },
          ConditionExpression: 'attribute_not_exists(#id)',
          ExpressionAttributeNames: { '#id': 'id' },
        });
        return json(201, JSON.stringify({ saved: n.id }));
      }
      if (request.method === 'GET' && parts.length === 3 && parts[0] === 'notes') {
        const { Item } = await call(env, 'GetItem', { TableName: table, Key: { user: { S: parts[1] }, id: { S: parts[2] } } });
        if (!Item) return json(404, '{"error":"not found"}');
        return json(200, JSON.stringify({ user: Item.user.S, id: Item.id.S, text: Item.text.S, stars: Number(Item.stars.N) }));
      }
      if (request.method === 'GET' && parts.length === 2 && parts[0] === 'notes') {
        const { Items } = await call(env, 'Query', {
          TableName: table,
          KeyConditionExpression: '#u = :u',
          FilterExpression: '#s >= :m',
          ExpressionAttributeNames: { '#u': 'user', '#s': 'stars' },
          ExpressionAttributeValues: { ':u': { S: parts[1] }, ':m': { N: url.searchParams.get('min_stars') ?? '0' } },
        });
        return json(200, JSON.stringify(Items.map((i) => ({ user: i.user.S, id: i.id.S, text: i.text.S, stars: Number(i.stars.N) }))));
      }
      return json(404, '{"error":"no such route"}');
    } catch (e) {
      return json(e.name === 'ConditionalCheckFailedException' ? 409 : 502, JSON.stringify({ error: e.message }));
    }
  },
};
