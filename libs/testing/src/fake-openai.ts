import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * A local OpenAI-compatible server for tests: the real provider clients talk to it over HTTP, so
 * request building, streaming and tool-call parsing are exercised, not mocked. Replies are
 * scripted in order; every request is recorded for assertions.
 */
export interface FakeToolCall {
  name: string;
  args: Record<string, unknown>;
  id?: string;
}

/** A scripted chat reply: text, tool calls, or both; or an HTTP error. */
export type FakeChatReply = { text?: string; toolCalls?: FakeToolCall[] } | FakeError;
/** A scripted embeddings reply: given vectors (one per input), or an HTTP error. */
export type FakeEmbeddingsReply = { vectors: number[][] } | FakeError;
export interface FakeError {
  status: number;
  message?: string;
}

export interface FakeOpenAIOptions {
  chat?: FakeChatReply[];
  embeddings?: FakeEmbeddingsReply[];
  /** Given when the chat queue is empty. */
  fallbackChat?: FakeChatReply;
  /** Size of the hash-based vectors given when the embeddings queue is empty (the request's `dimensions` wins). */
  embeddingDimensions?: number;
  /** Answers a chat request when the queue is empty, from the request itself (before `fallbackChat`). */
  answer?: (body: Record<string, unknown>) => FakeChatReply | undefined;
  /** Runs before each chat request is answered (to look at the world while the model "speaks"). */
  onChatRequest?: (body: Record<string, unknown>) => Promise<void>;
  /** A real model's pace: the first piece after `firstTokenMs`, each next one `tokenIntervalMs` later. */
  timing?: { firstTokenMs: number; tokenIntervalMs: number };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface FakeOpenAI {
  /** Base URL including `/v1`, for `configuration.baseURL`. */
  baseURL: string;
  requests: RecordedRequest[];
  /** The most chat requests it was answering at one moment. */
  peakConcurrentChats(): number;
  replyToChat(...replies: FakeChatReply[]): void;
  replyToEmbeddings(...replies: FakeEmbeddingsReply[]): void;
  close(): Promise<void>;
}

const isError = (reply: object): reply is FakeError => 'status' in reply;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, { status, message }: FakeError): void {
  sendJson(res, status, { error: { message: message ?? `fake error ${status}`, type: status >= 500 ? 'server_error' : 'invalid_request_error', code: null } });
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Splits a string into `count` nearly equal pieces, as a provider splits streamed arguments. */
function pieces(text: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / count));
  return Array.from({ length: Math.ceil(text.length / size) || 1 }, (_, i) => text.slice(i * size, (i + 1) * size));
}

function toolCallsOf(reply: { toolCalls?: FakeToolCall[] }, requestNumber: number) {
  return (reply.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_fake_${requestNumber}_${index}`,
    type: 'function' as const,
    function: { name: call.name, arguments: JSON.stringify(call.args) },
  }));
}

function usage(reply: { text?: string }) {
  const completion = (reply.text ?? '').split(/\s+/).filter(Boolean).length;
  return { prompt_tokens: 10, completion_tokens: completion, total_tokens: 10 + completion };
}

function completion(reply: { text?: string; toolCalls?: FakeToolCall[] }, model: string, requestNumber: number) {
  const toolCalls = toolCallsOf(reply, requestNumber);
  return {
    id: `chatcmpl-fake-${requestNumber}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.text ?? null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
        finish_reason: toolCalls.length ? 'tool_calls' : 'stop',
        logprobs: null,
      },
    ],
    usage: usage(reply),
  };
}

/** Server-sent events as OpenAI streams them: role, text word by word, each tool call's arguments in pieces, finish, usage, [DONE]. */
async function streamCompletion(
  res: ServerResponse,
  reply: { text?: string; toolCalls?: FakeToolCall[] },
  model: string,
  requestNumber: number,
  includeUsage: boolean,
  pace: (piece: number) => Promise<void>,
): Promise<void> {
  const base = { id: `chatcmpl-fake-${requestNumber}`, object: 'chat.completion.chunk', created: 1_700_000_000, model };
  const send = (choices: unknown[], extra: Record<string, unknown> = {}) => res.write(`data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`);
  let piece = 0;
  const delta = async (value: Record<string, unknown>, finish: string | null = null) => {
    await pace(piece++);
    send([{ index: 0, delta: value, finish_reason: finish, logprobs: null }]);
  };

  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  send([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null }]);
  for (const word of reply.text?.match(/\S+\s*/g) ?? []) await delta({ content: word });
  const toolCalls = toolCallsOf(reply, requestNumber);
  for (const [index, call] of toolCalls.entries()) {
    await delta({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] });
    for (const part of pieces(call.function.arguments, 3)) await delta({ tool_calls: [{ index, function: { arguments: part } }] });
  }
  send([{ index: 0, delta: {}, finish_reason: toolCalls.length ? 'tool_calls' : 'stop', logprobs: null }]);
  if (includeUsage) send([], { usage: usage(reply) });
  res.end('data: [DONE]\n\n');
}

function sleepUntil(at: number): Promise<void> {
  const wait = at - Date.now();
  return wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
}

/** A deterministic unit vector per text, so equal inputs embed equally. */
function hashedVector(text: string, dimensions: number): number[] {
  const values = Array.from({ length: dimensions }, (_, i) => createHash('sha256').update(`${i}:${text}`).digest().readInt16LE(0) / 32768);
  const norm = Math.hypot(...values) || 1;
  return values.map((value) => value / norm);
}

function embeddingsResponse(vectors: number[][], model: string, base64: boolean) {
  return {
    object: 'list',
    model,
    data: vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      // The OpenAI SDK asks for base64 (little-endian float32) unless told otherwise.
      embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
    })),
    usage: { prompt_tokens: vectors.length, total_tokens: vectors.length },
  };
}

/** Starts the fake on 127.0.0.1 at a free port. Close it in afterAll. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const chatQueue = [...(options.chat ?? [])];
  const embeddingsQueue = [...(options.embeddings ?? [])];
  const requests: RecordedRequest[] = [];
  const timing = options.timing;
  // Piece n of a reply is due firstTokenMs + n * tokenIntervalMs after the request arrived.
  const pacer = (arrived: number) => (piece: number) => (timing ? sleepUntil(arrived + timing.firstTokenMs + piece * timing.tokenIntervalMs) : Promise.resolve());
  let chatsInFlight = 0;
  let peakChats = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = Date.now();
    const path = (req.url ?? '/').split('?')[0]!;
    let body: Record<string, unknown>;
    try {
      body = await readBody(req);
    } catch {
      return sendError(res, { status: 400, message: 'body is not JSON' });
    }
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
    const model = typeof body['model'] === 'string' ? body['model'] : 'fake-model';

    if (req.method === 'GET' && path === '/v1/models') return sendJson(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', owned_by: 'tandem' }] });
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      await options.onChatRequest?.(body);
      const reply = chatQueue.shift() ?? options.answer?.(body) ?? options.fallbackChat ?? { text: 'OK' };
      if (isError(reply)) return sendError(res, reply);
      const pace = pacer(arrived);
      peakChats = Math.max(peakChats, ++chatsInFlight);
      try {
        if (body['stream'] === true) {
          const streamOptions = body['stream_options'] as { include_usage?: boolean } | undefined;
          return await streamCompletion(res, reply, model, requests.length, streamOptions?.include_usage === true, pace);
        }
        // Unstreamed, the whole reply is ready when its last piece would have been.
        await pace((reply.text?.match(/\S+\s*/g)?.length ?? 0) + (reply.toolCalls?.length ?? 0) * 4);
        return sendJson(res, 200, completion(reply, model, requests.length));
      } finally {
        chatsInFlight--;
      }
    }
    if (req.method === 'POST' && path === '/v1/embeddings') {
      const reply = embeddingsQueue.shift();
      if (reply && isError(reply)) return sendError(res, reply);
      const input = body['input'];
      const texts = (Array.isArray(input) ? input : [input]).map(String);
      const dimensions = typeof body['dimensions'] === 'number' ? body['dimensions'] : (options.embeddingDimensions ?? 8);
      const vectors = reply?.vectors ?? texts.map((text) => hashedVector(text, dimensions));
      return sendJson(res, 200, embeddingsResponse(vectors, model, body['encoding_format'] === 'base64'));
    }
    sendError(res, { status: 404, message: `no route ${req.method} ${path}` });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, { status: 500, message: String(error) });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    peakConcurrentChats: () => peakChats,
    replyToChat: (...replies) => void chatQueue.push(...replies),
    replyToEmbeddings: (...replies) => void embeddingsQueue.push(...replies),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets of the clients would otherwise hold close() open.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
