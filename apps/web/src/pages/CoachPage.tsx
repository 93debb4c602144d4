import { useState, type FormEvent } from 'react';

import { api, call, type Schemas } from '../api/client';
import { useLiveEvents } from '../api/live-events';
import { ErrorText, Field, formatDate, Loading, MorePages, Section, TextArea, useAction, useLoad, usePages } from '../components/ui';

type Identity = Schemas['IdentityDto'];

export function CoachPage() {
  const state = useLoad(() => call(api.GET('/v1/coach-state')));
  const identities = usePages((cursor) => call(api.GET('/v1/identities', { params: { query: { cursor } } })));
  const [editing, setEditing] = useState<string | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  const { error, run } = useAction();
  useLiveEvents(['coach-state.', 'identity.'], () => void Promise.all([state.reload(), identities.reload()]));

  const accept = async (id: string) => {
    if (await run(() => call(api.POST('/v1/identities/{id}/accept', { params: { path: { id } } })))) await Promise.all([identities.reload(), state.reload()]);
  };

  return (
    <>
      <Section title="Coaching state">
        <Loading loading={state.loading} />
        <ErrorText error={state.error} />
        {state.data && (
          <dl className="facts">
            <dt>Phase</dt>
            <dd data-testid="coaching-phase">{state.data.currentPhase}</dd>
            <dt>Accepted identities</dt>
            <dd>{state.data.progress.acceptedIdentityIds.length}</dd>
            <dt>Updated</dt>
            <dd>{formatDate(state.data.updatedAt)}</dd>
          </dl>
        )}
      </Section>
      <Section title="Identities">
        <Loading loading={identities.loading} />
        <ErrorText error={identities.error ?? error} />
        {identities.data?.length === 0 && <p>No identities yet: chat with your coach to shape one.</p>}
        <ul className="cards">
          {identities.data?.map((identity) => (
            <li key={identity.id} className="card">
              <h3>{identity.name}</h3>
              <p>
                <span className="badge">{identity.state}</span> <span className="badge">{identity.category}</span>
              </p>
              {identity.affirmation && <p>{identity.affirmation}</p>}
              {identity.visualization && <p className="muted">{identity.visualization}</p>}
              <div className="actions">
                {identity.state === 'PROPOSED' && (
                  <button type="button" onClick={() => void accept(identity.id)}>
                    Accept “{identity.name}”
                  </button>
                )}
                <button type="button" aria-expanded={editing === identity.id} onClick={() => setEditing(editing === identity.id ? null : identity.id)}>
                  Edit
                </button>
                <button type="button" aria-expanded={history === identity.id} onClick={() => setHistory(history === identity.id ? null : identity.id)}>
                  History
                </button>
              </div>
              {editing === identity.id && (
                <EditIdentity
                  identity={identity}
                  onSaved={() => {
                    setEditing(null);
                    void identities.reload();
                  }}
                />
              )}
              {history === identity.id && <IdentityHistory id={identity.id} />}
            </li>
          ))}
        </ul>
        <MorePages list={identities} label="More identities" />
      </Section>
    </>
  );
}

function EditIdentity({ identity, onSaved }: { identity: Identity; onSaved(): void }) {
  const [form, setForm] = useState({ name: identity.name, affirmation: identity.affirmation ?? '', visualization: identity.visualization ?? '' });
  const { error, busy, run } = useAction();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const body = { name: form.name, ...(form.affirmation && { affirmation: form.affirmation }), ...(form.visualization && { visualization: form.visualization }) };
    if (await run(() => call(api.PATCH('/v1/identities/{id}', { params: { path: { id: identity.id } }, body })))) onSaved();
  };
  return (
    <form onSubmit={(event) => void save(event)} aria-label={`Edit ${identity.name}`}>
      <Field label="Name" required value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
      <TextArea label="Affirmation" value={form.affirmation} onChange={(event) => setForm({ ...form, affirmation: event.target.value })} />
      <TextArea label="Visualization" value={form.visualization} onChange={(event) => setForm({ ...form, visualization: event.target.value })} />
      <ErrorText error={error} />
      <button type="submit" disabled={busy}>
        Save
      </button>
    </form>
  );
}

function IdentityHistory({ id }: { id: string }) {
  const history = usePages((cursor) => call(api.GET('/v1/identities/{id}/history', { params: { path: { id }, query: { cursor } } })), [id]);
  return (
    <>
      <Loading loading={history.loading} />
      <ErrorText error={history.error} />
      <ol aria-label="Versions">
        {history.data?.map((version) => (
          <li key={version.version}>
            v{version.version} · {version.change} · {formatDate(version.changedAt)}: {version.identity.name}
          </li>
        ))}
      </ol>
      <MorePages list={history} label="More versions" />
    </>
  );
}
