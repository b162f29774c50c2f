import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiSchemas, isApiKeyNumber } from '../schema/api-registry.js';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from '../schema/frames.js';
import { isValidVersion } from '../schema/message-codec.js';

// Frames captured between real clients (kcat/librdkafka, kafkajs, Kafka's Java clients and tools)
// and a real Apache Kafka 3.9.2: see test/fixtures/frames/README.md.
const framesDir = join(dirname(fileURLToPath(import.meta.url)), '../../../../test/fixtures/frames');
const keep = { keepUnknownTaggedFields: true } as const;

interface CapturedPair {
  client: string;
  apiKey: number;
  version: number;
  request: Buffer;
  response: Buffer;
}

function capturedPairs(): CapturedPair[] {
  const pairs: CapturedPair[] = [];
  for (const client of readdirSync(framesDir, { withFileTypes: true })) {
    if (!client.isDirectory()) continue;
    for (const file of readdirSync(join(framesDir, client.name))) {
      const m = /^(\d+)-(\d+)-v(\d+)-request\.bin$/.exec(file);
      if (m === null) continue;
      const dir = join(framesDir, client.name);
      pairs.push({
        client: client.name,
        apiKey: Number(m[2]),
        version: Number(m[3]),
        request: readFileSync(join(dir, file)),
        response: readFileSync(join(dir, file.replace('-request.bin', '-response.bin'))),
      });
    }
  }
  return pairs;
}

const pairs = capturedPairs();
const covered = pairs.filter((p) => {
  const api = apiSchemas[p.apiKey];
  return api !== undefined && isValidVersion(api.request, p.version);
});

describe('frames captured from real clients and Apache Kafka', () => {
  it('has captures from every client, and schemas for all but the APIs we do not serve', () => {
    expect(new Set(pairs.map((p) => p.client))).toEqual(new Set(['java', 'kafkajs', 'kcat']));
    const uncovered = [...new Set(pairs.filter((p) => !covered.includes(p)).map((p) => p.apiKey))].sort((a, b) => a - b);
    // 46 ListPartitionReassignments and 69 ConsumerGroupDescribe: Java admin tools try them and
    // fall back (or skip the column) when a broker does not advertise them, which ours does not
    // (a single node never reassigns partitions).
    expect(uncovered).toEqual([46, 69]);
  });

  it.each(covered.map((p) => [`${p.client} api ${p.apiKey} v${p.version}`, p] as const))(
    '%s: request and response decode, and re-encode to the exact captured bytes',
    (_name, p) => {
      const req = decodeRequest(p.request, keep);
      expect(req.header.apiVersion).toBe(p.version);
      expect(encodeRequest(req.header, req.body as never)).toEqual(p.request);

      if (!isApiKeyNumber(p.apiKey)) throw new Error(`api ${p.apiKey} has no schema`);
      const res = decodeResponse(p.apiKey, p.version, p.response, keep);
      expect(res.correlationId).toBe(req.header.correlationId);
      expect(encodeResponse(p.apiKey, p.version, res.correlationId, res.body)).toEqual(p.response);
    },
  );
});
