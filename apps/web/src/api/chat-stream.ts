import { csrfHeaders } from './client';

export interface ChatStreamHandlers {
  onAccepted?(ids: { conversationId: string; messageId: string }): void;
  onToken(token: string): void;
}

export interface ChatStreamResult {
  conversationId?: string;
  /** The stored reply (`chat.message.created`), or null when the turn failed. */
  reply: { id: string; content: string; conversationId: string } | null;
  failure?: string;
}

/**
 * POST /v1/chat/messages with `Accept: text/event-stream`: the coach's reply arrives on this
 * response, token by token (`chat.token`), then as the stored message (`chat.message.created`) or
 * `chat.turn.failed`. A fetch stream, because EventSource cannot POST.
 */
export async function sendChatMessage(content: string, conversationId: string | undefined, handlers: ChatStreamHandlers): Promise<ChatStreamResult> {
  const response = await fetch('/v1/chat/messages', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'Idempotency-Key': crypto.randomUUID(), ...csrfHeaders() },
    body: JSON.stringify(conversationId ? { content, conversationId } : { content }),
  });
  if (!response.ok || !response.body) {
    // An RFC 9457 problem: `detail` says what went wrong.
    const body = (await response.json().catch(() => ({}))) as { detail?: string };
    throw new Error(body.detail ?? `The message was not sent (${response.status})`);
  }
  const result: ChatStreamResult = { reply: null };
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (!data.length) continue;
      const payload = JSON.parse(data.join('\n')) as Record<string, unknown>;
      if (type === 'accepted') {
        result.conversationId = String(payload.conversationId);
        handlers.onAccepted?.({ conversationId: String(payload.conversationId), messageId: String(payload.messageId) });
      } else if (type === 'chat.token') {
        handlers.onToken(typeof payload.text === 'string' ? payload.text : '');
      } else if (type === 'chat.message.created') {
        const message = (payload.message ?? payload) as { id: string; content: string; conversationId: string };
        result.reply = { id: message.id, content: message.content, conversationId: message.conversationId };
      } else if (type === 'chat.turn.failed') {
        result.failure = typeof payload.reason === 'string' ? payload.reason : 'The coach could not answer';
      } else if (type === 'chat.reply.timeout') {
        result.failure = 'The reply is taking longer than usual; it will appear in the conversation';
      }
    }
  }
  return result;
}
