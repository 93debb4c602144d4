import { useState, type FormEvent } from 'react';

import { api, call, type Schemas } from '../api/client';
import { useLiveEvents } from '../api/live-events';
import { ErrorText, Field, formatDate, Loading, MorePages, Section, useAction, useLoad, usePages } from '../components/ui';

type Note = Schemas['NoteDto'];

export function MemoryPage() {
  const notes = usePages((cursor) => call(api.GET('/v1/notes', { params: { query: { limit: 100, cursor } } })));
  const { error, run } = useAction();
  useLiveEvents(['sentinel.note.'], () => void notes.reload());
  const forget = async (note: Note) => {
    if (!window.confirm(`Forget “${note.note}”?`)) return;
    if (await run(() => call(api.DELETE('/v1/notes/{id}', { params: { path: { id: note.id } } })))) await notes.reload();
  };
  return (
    <>
      <MemorySearch />
      <Section title="Notes">
        <Loading loading={notes.loading} />
        <ErrorText error={notes.error ?? error} />
        {notes.data?.length === 0 && <p>Nothing remembered yet.</p>}
        <ul className="cards" aria-label="Notes">
          {notes.data?.map((note) => (
            <NoteItem key={note.id} note={note} onForget={() => void forget(note)} onSaved={() => void notes.reload()} />
          ))}
        </ul>
        <MorePages list={notes} label="More notes" />
      </Section>
      <Emotions />
      <MemorySettings />
    </>
  );
}

function NoteItem({ note, onForget, onSaved }: { note: Note; onForget(): void; onSaved(): void }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(note.note);
  const { error, busy, run } = useAction();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => call(api.PATCH('/v1/notes/{id}', { params: { path: { id: note.id } }, body: { note: text } })))) {
      setEditing(false);
      onSaved();
    }
  };
  return (
    <li className="card">
      <p>{note.note}</p>
      <p className="muted">
        <span className="badge">{note.category}</span> {formatDate(note.createdAt)}
      </p>
      <div className="actions">
        <button type="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          Edit
        </button>
        <button type="button" className="danger" onClick={onForget}>
          Forget
        </button>
      </div>
      {editing && (
        <form onSubmit={(event) => void save(event)} aria-label="Edit note">
          <Field label="Note" required value={text} onChange={(event) => setText(event.target.value)} />
          <ErrorText error={error} />
          <button type="submit" disabled={busy}>
            Save note
          </button>
        </form>
      )}
    </li>
  );
}

function MemorySearch() {
  const [q, setQ] = useState('');
  const [query, setQuery] = useState<string | null>(null);
  const hits = usePages(async (cursor) => (query ? call(api.GET('/v1/memory/search', { params: { query: { q: query, limit: 10, cursor } } })) : { items: [], nextCursor: null }), [query]);
  const search = (event: FormEvent) => {
    event.preventDefault();
    if (q === query) void hits.reload();
    else setQuery(q);
  };
  return (
    <Section title="Search your memory">
      <form role="search" aria-label="Search memory" onSubmit={(event) => void search(event)}>
        <Field label="What are you looking for?" type="search" required value={q} onChange={(event) => setQ(event.target.value)} />
        <button type="submit" disabled={hits.loading}>
          Search
        </button>
      </form>
      <ErrorText error={hits.error} />
      {query !== null && hits.data && (
        <>
          <ol aria-label="Memory search results">
            {hits.data.length === 0 && <li>Nothing found.</li>}
            {hits.data.map((hit) => (
              <li key={hit.kind === 'note' ? hit.note.id : hit.episode.id}>
                <span className="badge">{hit.kind}</span> {hit.kind === 'note' ? hit.note.note : hit.episode.content}
              </li>
            ))}
          </ol>
          <MorePages list={hits} label="More results" />
        </>
      )}
    </Section>
  );
}

const VALENCE_SIGN: Record<string, number> = { POSITIVE: 1, NEGATIVE: -1 };

function Emotions() {
  const emotions = usePages((cursor) => call(api.GET('/v1/emotions', { params: { query: { limit: 100, cursor } } })));
  const items = [...(emotions.data ?? [])].reverse();
  const width = 320;
  const height = 80;
  const points = items.map((emotion, index) => {
    const x = items.length > 1 ? (index / (items.length - 1)) * width : width / 2;
    const y = height / 2 - (VALENCE_SIGN[emotion.valence] ?? 0) * (emotion.intensity / 10) * (height / 2 - 4);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  return (
    <Section title="Emotions over time">
      <Loading loading={emotions.loading} />
      <ErrorText error={emotions.error} />
      {items.length === 0 ? (
        <p>No emotions recorded (they are kept only with your consent, below).</p>
      ) : (
        <>
          <svg viewBox={`0 0 ${width} ${height}`} className="chart" role="img" aria-label={`Valence and intensity of ${items.length} emotions, oldest first`}>
            <line x1="0" x2={width} y1={height / 2} y2={height / 2} className="axis" />
            <polyline points={points.join(' ')} className="line" />
          </svg>
          <table>
            <caption>Recorded emotions</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Valence</th>
                <th scope="col">Intensity</th>
              </tr>
            </thead>
            <tbody>
              {items.map((emotion) => (
                <tr key={emotion.id}>
                  <td>{formatDate(emotion.createdAt)}</td>
                  <td>{emotion.valence}</td>
                  <td>{emotion.intensity}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <MorePages list={emotions} label="Earlier emotions" />
        </>
      )}
    </Section>
  );
}

function MemorySettings() {
  const settings = useLoad(() => call(api.GET('/v1/memory/settings')));
  const { error, run } = useAction();
  const save = async (change: { keepHealth?: boolean; keepEmotions?: boolean }) => {
    if (!settings.data) return;
    const body = { keepHealth: settings.data.keepHealth, keepEmotions: settings.data.keepEmotions, ...change };
    if (await run(() => call(api.PUT('/v1/memory/settings', { body })))) await settings.reload();
  };
  return (
    <Section title="Consent">
      <ErrorText error={settings.error ?? error} />
      {settings.data && (
        <fieldset>
          <legend>What may your coach remember?</legend>
          <label>
            <input type="checkbox" checked={settings.data.keepHealth} onChange={(event) => void save({ keepHealth: event.target.checked })} /> Health
          </label>
          <label>
            <input type="checkbox" checked={settings.data.keepEmotions} onChange={(event) => void save({ keepEmotions: event.target.checked })} /> Emotions
          </label>
        </fieldset>
      )}
    </Section>
  );
}
