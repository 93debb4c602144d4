import { useRef, useState, type FormEvent } from 'react';
import { flushSync } from 'react-dom';

import { sendChatMessage } from '../api/chat-stream';
import { api, call, type Schemas } from '../api/client';
import { useLiveEvents } from '../api/live-events';
import { ErrorText, Field, formatDate, Loading, Section, TextArea, useAction, useLoad } from '../components/ui';

type Message = Schemas['ChatMessageDto'];

export function ChatPage() {
  const [conversationId, setConversationId] = useState<string | undefined>(undefined);
  const conversations = useLoad(async () => (await call(api.GET('/v1/chat/conversations', { params: { query: { limit: 20 } } }))).items);
  // `shown` changes after each turn, so the conversation is read again with its reply.
  const [shown, setShown] = useState(0);
  const messages = useLoad(
    async () => (conversationId ? (await call(api.GET('/v1/chat/messages', { params: { query: { conversationId, limit: 50 } } }))).items.reverse() : []),
    [conversationId, shown],
  );
  const [draft, setDraft] = useState('');
  const [streaming, setStreaming] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [tokens, setTokens] = useState(0);
  const { error, busy, run } = useAction();
  // A reply that arrives on the live stream (another tab, or one that outlasted the POST) shows up
  // here too; during this page's own turn the POST's stream already shows it.
  const inTurn = useRef(false);
  useLiveEvents(['chat.'], () => {
    if (inTurn.current) return;
    setShown((count) => count + 1);
    void conversations.reload();
  });

  const send = async (event: FormEvent) => {
    event.preventDefault();
    const content = draft.trim();
    if (!content) return;
    inTurn.current = true;
    setSent(content);
    setStreaming('');
    setTokens(0);
    await run(async () => {
      const result = await sendChatMessage(content, conversationId, {
        onAccepted: ({ conversationId: id }) => {
          if (id !== conversationId) setConversationId(id);
        },
        // Each piece is drawn as it arrives, so the reader sees the reply being written.
        onToken: (token) => {
          flushSync(() => {
            setStreaming((text) => (text ?? '') + token);
            setTokens((count) => count + 1);
          });
        },
      });
      setDraft('');
      if (result.failure) throw new Error(result.failure);
    });
    setStreaming(null);
    setSent(null);
    inTurn.current = false;
    setShown((count) => count + 1);
    await conversations.reload();
  };

  const end = async (id: string) => {
    await run(() => call(api.POST('/v1/chat/conversations/{id}/end', { params: { path: { id } } })));
    await conversations.reload();
  };

  return (
    <div className="columns">
      <Section title="Conversations">
        <Loading loading={conversations.loading} />
        <ErrorText error={conversations.error} />
        <button type="button" onClick={() => setConversationId(undefined)}>
          New conversation
        </button>
        <ul className="plain">
          {conversations.data?.map((conversation) => (
            <li key={conversation.id}>
              <button type="button" className="link" aria-pressed={conversation.id === conversationId} onClick={() => setConversationId(conversation.id)}>
                {conversation.summary ?? `${conversation.phase} · ${formatDate(conversation.lastMessageAt ?? conversation.startedAt)}`}
              </button>
              {!conversation.endedAt && (
                <button type="button" className="small" onClick={() => void end(conversation.id)} aria-label={`End the conversation of ${formatDate(conversation.startedAt)}`}>
                  End
                </button>
              )}
            </li>
          ))}
        </ul>
        <MessageSearch />
      </Section>
      <Section title={conversationId ? 'Conversation' : 'New conversation'}>
        <ol className="messages" aria-label="Messages">
          {messages.data?.map((message) => (
            <MessageItem key={message.id} message={message} />
          ))}
          {sent !== null && (
            <li className="message user">
              <span className="who">You</span>
              <p>{sent}</p>
            </li>
          )}
          {streaming !== null && (
            <li className="message coach" aria-busy="true">
              <span className="who">Coach</span>
              <p data-testid="streaming-reply" data-tokens={tokens}>
                {streaming || '…'}
              </p>
            </li>
          )}
        </ol>
        <form onSubmit={(event) => void send(event)} aria-label="Send a message">
          <TextArea label="Your message" rows={3} required value={draft} onChange={(event) => setDraft(event.target.value)} />
          <ErrorText error={error} />
          <button type="submit" disabled={busy}>
            Send
          </button>
        </form>
      </Section>
    </div>
  );
}

function MessageItem({ message }: { message: Message }) {
  const coach = message.role !== 'USER';
  return (
    <li className={`message ${coach ? 'coach' : 'user'}`}>
      <span className="who">{coach ? 'Coach' : 'You'}</span>
      <p>{message.content}</p>
      <time dateTime={message.createdAt}>{formatDate(message.createdAt)}</time>
    </li>
  );
}

function MessageSearch() {
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Message[] | null>(null);
  const { error, run } = useAction();
  const search = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => setResults((await call(api.GET('/v1/chat/messages', { params: { query: { q, limit: 20 } } }))).items));
  };
  return (
    <form onSubmit={(event) => void search(event)} role="search" aria-label="Search messages">
      <Field label="Search messages" type="search" required value={q} onChange={(event) => setQ(event.target.value)} />
      <button type="submit">Search</button>
      <ErrorText error={error} />
      {results && (
        <ul aria-label="Message search results">
          {results.length === 0 && <li>No message matches.</li>}
          {results.map((message) => (
            <li key={message.id}>
              <strong>{message.role === 'USER' ? 'You' : 'Coach'}:</strong> {message.content}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
