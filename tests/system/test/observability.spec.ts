import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

import { expectEventually, newAccount } from '@tandem/testing';

import { chatTurn, startSystem, type System } from './system';

interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

/** An OTLP/HTTP collector that keeps the spans it is sent as JSON (OTEL_EXPORTER_OTLP_PROTOCOL=http/json). */
async function startCollector(): Promise<{ url: string; spans: CollectedSpan[]; bodies: string[]; close(): Promise<void> }> {
  const spans: CollectedSpan[] = [];
  /** Every export as sent, to look for what no span may hold. */
  const bodies: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        bodies.push(body);
        const { resourceSpans = [] } = JSON.parse(body) as {
          resourceSpans?: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> }; scopeSpans: Array<{ spans: Array<Omit<CollectedSpan, 'service'>> }> }>;
        };
        for (const { resource, scopeSpans } of resourceSpans) {
          const service = resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? '';
          for (const { spans: scoped } of scopeSpans) for (const span of scoped) spans.push({ ...span, service });
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    spans,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const METRICS_TOKEN = 'scrape-token-for-the-system-test';

/** Traces across the bus and Prometheus metrics on every service, with each service its own process. */
describe('observability', () => {
  let system: System;
  let collector: Awaited<ReturnType<typeof startCollector>>;

  beforeAll(async () => {
    collector = await startCollector();
    system = await startSystem({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      METRICS_TOKEN,
    });
  }, 180_000);
  afterAll(async () => {
    await system?.stop();
    await collector?.close();
  });

  it("should trace a coach turn as one trace: the gateway's request, every NATS hop, each consumer, the database and the model call", async () => {
    const { token } = (await system.api<{ token: string }>('POST', '/v1/auth/register', { body: newAccount() })).body;
    const turn = await chatTurn(system.gatewayUrl, token, 'I teach maths and I love my students');
    expect(turn.events.map((event) => event.type)).toContain('chat.message.created');

    await expectEventually(
      () => {
        const ask = collector.spans.find((span) => span.service === 'tandem-gateway' && span.name === 'qry.chat.post-message.v1 ask');
        expect(ask).toBeDefined();
        const trace = collector.spans.filter((span) => span.traceId === ask!.traceId);
        // Its root: the gateway's HTTP server span (kind 2) for the POST.
        const roots = trace.filter((span) => !span.parentSpanId);
        expect(roots).toEqual([expect.objectContaining({ service: 'tandem-gateway', kind: 2, name: expect.stringMatching(/^POST/) })]);
        const post = roots[0];
        const names = trace.map((span) => `${span.service} ${span.name}`);
        expect(names).toEqual(
          expect.arrayContaining([
            'tandem-gateway qry.chat.post-message.v1 ask',
            'tandem-chat qry.chat.post-message.v1 answer',
            'tandem-chat evt.chat.message.created.v1 publish',
            // The coach's turn, its memory query to Sentinel, Sentinel reading the same message, the gateway projecting the reply.
            'tandem-chat evt.chat.message.created.v1 process',
            'tandem-chat qry.sentinel.search-notes.v1 ask',
            'tandem-sentinel qry.sentinel.search-notes.v1 answer',
            'tandem-sentinel evt.chat.message.created.v1 process',
            'tandem-gateway evt.chat.message.created.v1 process',
            'tandem-chat chat tandem-offline-coach',
          ]),
        );
        expect(trace.some((span) => span.service === 'tandem-chat' && span.name.startsWith('pg.'))).toBe(true);
        // One tree: every span but the request's own has its parent in the trace.
        const ids = new Set(trace.map((span) => span.spanId));
        expect(trace.filter((span) => span !== post && !ids.has(span.parentSpanId ?? ''))).toEqual([]);
      },
      { timeoutMs: 20_000 },
    );
  });

  it("should keep no stream ticket in a span: the ticket rides in the event stream's query", async () => {
    const { token } = (await system.api<{ token: string }>('POST', '/v1/auth/register', { body: newAccount() })).body;
    const { ticket } = (await system.api<{ ticket: string }>('POST', '/v1/auth/stream-tickets', { token })).body;
    const stream = new AbortController();
    const response = await fetch(`${system.gatewayUrl}/v1/events?ticket=${encodeURIComponent(ticket)}`, { headers: { accept: 'text/event-stream' }, signal: stream.signal });
    expect(response.status).toBe(200);
    stream.abort();

    await expectEventually(() => expect(collector.bodies.some((body) => body.includes('ticket=[redacted]'))).toBe(true), { timeoutMs: 20_000 });
    expect(collector.bodies.some((body) => body.includes(ticket))).toBe(false);
  });

  it('should serve /metrics only to a scraper with the token, with the turn, model, bus, outbox, pool and HTTP figures', async () => {
    const scrape = (url: string, authorization?: string) => fetch(`${url}/metrics`, { headers: authorization ? { authorization } : {} });
    expect((await scrape(system.apps.chat.url)).status).toBe(401);
    expect((await scrape(system.apps.gateway.url, 'Bearer not-the-token-at-all')).status).toBe(401);

    const { token } = (await system.api<{ token: string }>('POST', '/v1/auth/register', { body: newAccount() })).body;
    await chatTurn(system.gatewayUrl, token, 'Lately I have been dreading Mondays');
    await expectEventually(async () => {
      const chat = await (await scrape(system.apps.chat.url, `Bearer ${METRICS_TOKEN}`)).text();
      expect(chat).toMatch(/^tandem_coach_turn_duration_seconds_count\{outcome="answered"\} [1-9]/m);
      expect(chat).toMatch(/^tandem_coach_turn_first_token_seconds_count [1-9]/m);
      expect(chat).toMatch(/^tandem_model_request_duration_seconds_count\{provider="offline",outcome="ok"\} [1-9]/m);
      expect(chat).toMatch(/^tandem_consumer_pending_messages\{consumer="chat__[^"]+"\} \d+/m);
      expect(chat).toMatch(/^tandem_messages_handled_total\{consumer="chat__[^"]+",outcome="acked"\} [1-9]/m);
      expect(chat).toMatch(/^tandem_outbox_backlog \d+/m);
      expect(chat).toMatch(/^tandem_dead_letters 0/m);
      expect(chat).toMatch(/^tandem_db_pool_connections\{state="total"\} [1-9]/m);
    });
    const gateway = await (await scrape(system.apps.gateway.url, `Bearer ${METRICS_TOKEN}`)).text();
    expect(gateway).toMatch(/^tandem_http_request_duration_seconds_count\{method="POST",route="\/v1\/chat\/messages",status="20\d"\} [1-9]/m);

    // The Grafana dashboard charts only metrics the services serve.
    const chat = await (await scrape(system.apps.chat.url, `Bearer ${METRICS_TOKEN}`)).text();
    const served = new Set([...`${chat}\n${gateway}`.matchAll(/^# TYPE (\S+)/gm)].map((match) => match[1]!));
    const dashboard = readFileSync(join(__dirname, '../../../infra/grafana/tandem-dashboard.json'), 'utf8');
    const charted = new Set([...dashboard.matchAll(/\b((?:tandem|nodejs)_[a-z0-9_]+?)(?:_bucket|_count|_sum)?\b/g)].map((match) => match[1]!));
    expect(charted.size).toBeGreaterThan(10);
    expect([...charted].filter((name) => !served.has(name))).toEqual([]);
  });
});
