import { useRef, useState, type FormEvent } from 'react';
import { flushSync } from 'react-dom';

import { sendChatMessage } from '../api/chat-stream';
import { api, call, type Schemas } from '../api/client';
import { useLiveEvents } from '../api/live-events';
import { ErrorText, Field, formatDate, Loading, MorePages, Section, TextArea, useAction, usePages } from '../components/ui';

type Message = Schemas['ChatMessageDto'];

export function ChatPage() {
  const [conversationId, setConversationId] = useState<string | undefined>(undefined);
  const conversations = usePages((cursor) => call(api.GET('/v1/chat/conversations', { params: { query: { limit: 20, cursor } } })));
  // `shown` changes after each turn, so the conversation is read again with its reply.
  const [shown, setShown] = useState(0);
  // Newest first, a page at a time (shown the other way round: earlier pages go on top).
  const messages = usePages(
    async (cursor) => (conversationId ? call(api.GET('/v1/chat/messages', { params: { query: { conversationId, limit: 50, cursor } } })) : { items: [], nextCursor: null }),
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
        <MorePages list={conversations} label="More conversations" />
        <MessageSearch />
      </Section>
      <Section title={conversationId ? 'Conversation' : 'New conversation'}>
        <MorePages list={messages} label="Earlier messages" />
        <ol className="messages" aria-label="Messages">
          {[...(messages.data ?? [])].reverse().map((message) => (
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
  const [query, setQuery] = useState<string | null>(null);
  const results = usePages(async (cursor) => (query ? call(api.GET('/v1/chat/messages', { params: { query: { q: query, limit: 20, cursor } } })) : { items: [], nextCursor: null }), [query]);
  const search = (event: FormEvent) => {
    event.preventDefault();
    if (q === query) void results.reload();
    else setQuery(q);
  };
  return (
    <form onSubmit={(event) => void search(event)} role="search" aria-label="Search messages">
      <Field label="Search messages" type="search" required value={q} onChange={(event) => setQ(event.target.value)} />
      <button type="submit">Search</button>
      <ErrorText error={results.error} />
      {query !== null && results.data && (
        <>
          <ul aria-label="Message search results">
            {results.data.length === 0 && <li>No message matches.</li>}
            {results.data.map((message) => (
              <li key={message.id}>
                <strong>{message.role === 'USER' ? 'You' : 'Coach'}:</strong> {message.content}
              </li>
            ))}
          </ul>
          <MorePages list={results} label="More matches" />
        </>
      )}
    </form>
  );
}
