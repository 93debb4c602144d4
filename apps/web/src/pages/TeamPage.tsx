import { useEffect, useState, type FormEvent } from 'react';

import { api, call, type Schemas } from '../api/client';
import { useLiveEvents } from '../api/live-events';
import { ErrorText, Field, formatDate, Loading, MorePages, Section, TextArea, useAction, useLoad, usePages } from '../components/ui';

type Suggestion = Schemas['SuggestionDto'];

export function TeamPage() {
  return (
    <>
      <TeamProfile />
      <Organisation />
      <Suggestions />
      <Incoming />
    </>
  );
}

function TeamProfile() {
  const profile = useLoad(() => call(api.GET('/v1/profile')).catch((error: { status?: number }) => (error.status === 404 ? null : Promise.reject(error))));
  const [form, setForm] = useState({ company: '', department: '', role: '', expertise: '', primaryStrength: '', connectionOptIn: true });
  const { error, busy, run } = useAction();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    const data = profile.data;
    if (data)
      setForm({
        company: data.company ?? '',
        department: data.department ?? '',
        role: data.role ?? '',
        expertise: data.expertiseAreas.join(', '),
        primaryStrength: data.strengths?.primaryStrength ?? '',
        connectionOptIn: data.connectionOptIn,
      });
  }, [profile.data]);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const body = {
      ...(form.company && { company: form.company }),
      ...(form.department && { department: form.department }),
      ...(form.role && { role: form.role }),
      ...(form.primaryStrength && { strengths: { primaryStrength: form.primaryStrength } }),
      expertiseAreas: form.expertise
        .split(',')
        .map((area) => area.trim())
        .filter(Boolean),
      availability: profile.data?.availability ?? 'available',
      connectionOptIn: form.connectionOptIn,
    } as Schemas['SaveTeamProfileDto'];
    if (await run(() => call(api.PUT('/v1/profile', { body })))) {
      setSaved(true);
      await profile.reload();
    }
  };
  const set = (field: 'company' | 'department' | 'role' | 'expertise' | 'primaryStrength') => (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value });
  return (
    <Section title="Your team profile">
      <Loading loading={profile.loading} />
      <ErrorText error={profile.error} />
      <form onSubmit={(event) => void save(event)} aria-label="Team profile">
        <Field label="Company" value={form.company} onChange={set('company')} />
        <Field label="Department" value={form.department} onChange={set('department')} />
        <Field label="Role" value={form.role} onChange={set('role')} />
        <Field label="Expertise" hint="Comma-separated, e.g. pricing, onboarding" value={form.expertise} onChange={set('expertise')} />
        <Field label="Primary strength" value={form.primaryStrength} onChange={set('primaryStrength')} />
        <label>
          <input type="checkbox" checked={form.connectionOptIn} onChange={(event) => setForm({ ...form, connectionOptIn: event.target.checked })} /> Colleagues may be suggested to me
        </label>
        <ErrorText error={error} />
        <button type="submit" disabled={busy}>
          Save profile
        </button>
        {saved && <p role="status">Profile saved.</p>}
      </form>
    </Section>
  );
}

function Suggestions() {
  const suggestions = usePages((cursor) => call(api.GET('/v1/connections/suggestions', { params: { query: { cursor } } })));
  const [context, setContext] = useState('');
  useLiveEvents(['team.connections.suggested', 'team.connection.answered'], () => void suggestions.reload());
  const { error, busy, run } = useAction();
  const ask = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => call(api.POST('/v1/connections/suggestions', { body: { context, limit: 5 } })))) await suggestions.reload();
  };
  const answer = async (suggestion: Suggestion, choice: 'connect' | 'decline') => {
    const path = { params: { path: { id: suggestion.id } } };
    const done = await run(() => call(choice === 'connect' ? api.POST('/v1/connections/suggestions/{id}/connect', path) : api.POST('/v1/connections/suggestions/{id}/decline', path)));
    if (done) await suggestions.reload();
  };
  return (
    <Section title="Colleague suggestions">
      <form onSubmit={(event) => void ask(event)} aria-label="Ask for suggestions">
        <TextArea label="What would you like help with?" required rows={2} value={context} onChange={(event) => setContext(event.target.value)} />
        <button type="submit" disabled={busy}>
          Suggest colleagues
        </button>
      </form>
      <ErrorText error={suggestions.error ?? error} />
      <Loading loading={suggestions.loading} />
      {suggestions.data?.length === 0 && <p>No suggestions yet.</p>}
      <ul className="cards" aria-label="Suggestions">
        {suggestions.data?.map((suggestion) => {
          const name = suggestion.collaborator.name ?? 'A colleague';
          return (
            <li key={suggestion.id} className="card">
              <h3>{name}</h3>
              <p className="muted">{[suggestion.collaborator.role, suggestion.collaborator.department].filter(Boolean).join(' · ')}</p>
              <p>{suggestion.explanation}</p>
              <p>
                <span className="badge">{suggestion.status}</span>
              </p>
              {(suggestion.status === 'suggested' || suggestion.status === 'viewed') && (
                <div className="actions">
                  <button type="button" onClick={() => void answer(suggestion, 'connect')}>
                    Connect with {name}
                  </button>
                  <button type="button" className="secondary" onClick={() => void answer(suggestion, 'decline')}>
                    Decline {name}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <MorePages list={suggestions} label="More suggestions" />
    </Section>
  );
}

function Incoming() {
  const incoming = usePages((cursor) => call(api.GET('/v1/connections/incoming', { params: { query: { cursor } } })));
  useLiveEvents(['team.connection.requested'], () => void incoming.reload());
  const { error, run } = useAction();
  const answer = async (id: string, choice: 'accept' | 'decline') => {
    const path = { params: { path: { id } } };
    if (await run(() => call(choice === 'accept' ? api.POST('/v1/connections/incoming/{id}/accept', path) : api.POST('/v1/connections/incoming/{id}/decline', path)))) await incoming.reload();
  };
  return (
    <Section title="Requests to connect with you">
      <Loading loading={incoming.loading} />
      <ErrorText error={incoming.error ?? error} />
      {incoming.data?.length === 0 && <p>No requests.</p>}
      <ul className="cards">
        {incoming.data?.map((request) => (
          <li key={request.suggestionId} className="card">
            <h3>{request.requestor.name ?? 'A colleague'}</h3>
            <p>{request.why}</p>
            <p>
              <span className="badge">{request.status}</span>
            </p>
            {request.status === 'pending' && (
              <div className="actions">
                <button type="button" onClick={() => void answer(request.suggestionId, 'accept')}>
                  Accept
                </button>
                <button type="button" className="secondary" onClick={() => void answer(request.suggestionId, 'decline')}>
                  Decline
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <MorePages list={incoming} label="More requests" />
    </Section>
  );
}

function Organisation() {
  const organisation = useLoad(() => call(api.GET('/v1/organisations/mine')).catch((error: { status?: number }) => (error.status === 404 ? null : Promise.reject(error))));
  const [name, setName] = useState('');
  const [invitation, setInvitation] = useState('');
  const [created, setCreated] = useState<Schemas['InvitationDto'] | null>(null);
  const { error, busy, run } = useAction();
  const found = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => call(api.POST('/v1/organisations', { body: { name } })))) await organisation.reload();
  };
  const join = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => call(api.POST('/v1/organisations/join', { body: { invitation } })))) await organisation.reload();
  };
  const invite = async () => {
    await run(async () => setCreated(await call(api.POST('/v1/organisations/mine/invitations', { body: {} as Schemas['CreateInvitationDto'] }))));
  };
  return (
    <Section title="Your organisation">
      <Loading loading={organisation.loading} />
      <ErrorText error={organisation.error ?? error} />
      {organisation.data ? (
        <>
          <p>
            <strong>{organisation.data.name}</strong> · {organisation.data.memberCount} members · you are {organisation.data.role}
          </p>
          <button type="button" onClick={() => void invite()} disabled={busy}>
            Invite a colleague
          </button>
          {created && (
            <p role="status">
              Invitation code (until {formatDate(created.expiresAt)}): <code data-testid="invitation">{created.token}</code>
            </p>
          )}
        </>
      ) : (
        organisation.data === null && (
          <div className="columns">
            <form onSubmit={(event) => void found(event)} aria-label="Found an organisation">
              <Field label="Organisation name" required value={name} onChange={(event) => setName(event.target.value)} />
              <button type="submit" disabled={busy}>
                Found it
              </button>
            </form>
            <form onSubmit={(event) => void join(event)} aria-label="Join an organisation">
              <Field label="Invitation code" required value={invitation} onChange={(event) => setInvitation(event.target.value)} />
              <button type="submit" disabled={busy}>
                Join
              </button>
            </form>
          </div>
        )
      )}
    </Section>
  );
}
