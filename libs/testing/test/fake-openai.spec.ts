import type { AIMessageChunk } from '@langchain/core/messages';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { z } from 'zod';

import { startFakeOpenAI, type FakeOpenAI } from '../src/fake-openai';

describe(startFakeOpenAI.name, () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ embeddingDimensions: 6 });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.requests.splice(0));

  const chat = (maxRetries = 0) => new ChatOpenAI({ model: 'fake-model', apiKey: 'sk-test', maxRetries, timeout: 5_000, configuration: { baseURL: fake.baseURL } });
  const weather = { name: 'get_weather', description: 'The weather in a city', schema: z.object({ city: z.string(), days: z.number().int() }) };

  it('should answer a plain invoke and record the request', async () => {
    fake.replyToChat({ text: 'Hello from the fake.' });

    const reply = await chat().invoke('Hi there');

    expect(reply.text).toBe('Hello from the fake.');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      headers: expect.objectContaining({ authorization: 'Bearer sk-test' }),
      body: expect.objectContaining({ model: 'fake-model', messages: [{ role: 'user', content: 'Hi there' }] }),
    });
  });

  it('should send bound tools and return the tool calls of a non-streaming reply', async () => {
    fake.replyToChat({ text: 'Let me check.', toolCalls: [{ name: 'get_weather', args: { city: 'Lyon', days: 2 }, id: 'call_1' }] });

    const reply = await chat().bindTools([weather]).invoke('Weather in Lyon?');

    expect(reply.tool_calls).toEqual([{ type: 'tool_call', id: 'call_1', name: 'get_weather', args: { city: 'Lyon', days: 2 } }]);
    expect(fake.requests[0]!.body['tools']).toEqual([
      expect.objectContaining({ type: 'function', function: expect.objectContaining({ name: 'get_weather', parameters: expect.objectContaining({ required: ['city', 'days'] }) }) }),
    ]);
  });

  it('should stream text word by word and tool calls in pieces that join into whole calls', async () => {
    fake.replyToChat({
      text: 'Checking two cities for you now.',
      toolCalls: [
        { name: 'get_weather', args: { city: 'Lyon', days: 2 } },
        { name: 'get_weather', args: { city: 'Porto', days: 5 } },
      ],
    });

    const chunks: AIMessageChunk[] = [];
    for await (const chunk of await chat().bindTools([weather]).stream('Weather?')) chunks.push(chunk);
    const whole = chunks.reduce((joined, chunk) => joined.concat(chunk));

    expect(fake.requests[0]!.body).toMatchObject({ stream: true });
    expect(chunks.filter((chunk) => chunk.text).map((chunk) => chunk.text)).toEqual(['Checking ', 'two ', 'cities ', 'for ', 'you ', 'now.']);
    expect(chunks.filter((chunk) => chunk.tool_call_chunks?.length).length).toBeGreaterThanOrEqual(6);
    expect(whole.text).toBe('Checking two cities for you now.');
    expect(whole.tool_calls).toEqual([
      expect.objectContaining({ name: 'get_weather', args: { city: 'Lyon', days: 2 }, id: expect.any(String) }),
      expect.objectContaining({ name: 'get_weather', args: { city: 'Porto', days: 5 }, id: expect.any(String) }),
    ]);
    expect(whole.usage_metadata).toMatchObject({ output_tokens: 6 });
  });

  it('should fail a call with the scripted status, without retrying when maxRetries is 0', async () => {
    fake.replyToChat({ status: 503, message: 'upstream overloaded' });

    await expect(chat(0).invoke('Hi')).rejects.toThrow(/upstream overloaded/);
    expect(fake.requests).toHaveLength(1);
  });

  it('should make exactly one more call per retry', async () => {
    fake.replyToChat({ status: 500, message: 'flaky' }, { text: 'Recovered.' });

    const reply = await chat(1).invoke('Hi');

    expect(reply.text).toBe('Recovered.');
    expect(fake.requests).toHaveLength(2);
  });

  it('should serve embeddings to OpenAIEmbeddings, deterministically, at the requested size', async () => {
    const embeddings = new OpenAIEmbeddings({ model: 'text-embedding-3-small', dimensions: 4, apiKey: 'sk-test', maxRetries: 0, configuration: { baseURL: fake.baseURL } });

    const [first, second, again] = await embeddings.embedDocuments(['alpha', 'beta', 'alpha']);
    const query = await new OpenAIEmbeddings({ model: 'm', apiKey: 'sk-test', maxRetries: 0, configuration: { baseURL: fake.baseURL } }).embedQuery('alpha');

    expect(first).toHaveLength(4);
    expect(again).toEqual(first);
    expect(second).not.toEqual(first);
    expect(Math.hypot(...first!)).toBeCloseTo(1, 5);
    expect(query).toHaveLength(6);
    expect(fake.requests.map((request) => request.path)).toEqual(['/v1/embeddings', '/v1/embeddings']);
    expect(fake.requests[0]!.body).toMatchObject({ model: 'text-embedding-3-small', input: ['alpha', 'beta', 'alpha'], dimensions: 4 });
  });

  it('should give scripted vectors and errors to embeddings', async () => {
    const embeddings = new OpenAIEmbeddings({ model: 'm', apiKey: 'sk-test', maxRetries: 0, configuration: { baseURL: fake.baseURL } });
    fake.replyToEmbeddings({ vectors: [[0.5, 0.25]] }, { status: 401, message: 'bad key' });

    expect(await embeddings.embedQuery('x')).toEqual([0.5, 0.25]);
    await expect(embeddings.embedQuery('x')).rejects.toThrow(/bad key/);
  });

  it('should answer unknown routes with 404', async () => {
    const response = await fetch(`${fake.baseURL}/nothing`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(404);
  });
});
