import { useState, type FormEvent } from 'react';

import { adminApi, type LoadedScenarioView, type ScenarioStatusView } from '../api/admin';
import type { Schemas } from '../api/client';
import { ErrorText, Field, formatDate, Loading, MorePages, Section, Select, TextArea, useAction, usePages } from '../components/ui';

const PHASES = ['GET_TO_KNOW_YOU', 'IDENTITY_CREATION', 'IDENTITY_REFINEMENT', 'INTEGRATION', 'COMPLETED'];

export function AdminPage() {
  return (
    <>
      <Prompts />
      <Knowledge />
      <TestScenarios />
    </>
  );
}

function Prompts() {
  const prompts = usePages((cursor) => adminApi.prompts(cursor));
  const [form, setForm] = useState({ coachingPhase: PHASES[0]!, template: '', allowedActions: '' });
  const { error, busy, run } = useAction();
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const allowedActions = form.allowedActions
      .split(',')
      .map((action) => action.trim())
      .filter(Boolean) as Schemas['CreatePromptDto']['allowedActions'];
    const body = { coachingPhase: form.coachingPhase as Schemas['CreatePromptDto']['coachingPhase'], template: form.template, allowedActions, activate: false };
    if (await run(() => adminApi.createPrompt(body))) await prompts.reload();
  };
  const activate = async (id: string) => {
    if (await run(() => adminApi.activatePrompt(id))) await prompts.reload();
  };
  return (
    <Section title="Prompts">
      <Loading loading={prompts.loading} />
      <ErrorText error={prompts.error ?? error} />
      <table>
        <caption>Prompt versions by phase</caption>
        <thead>
          <tr>
            <th scope="col">Phase</th>
            <th scope="col">Version</th>
            <th scope="col">Active</th>
            <th scope="col">Actions allowed</th>
            <th scope="col">
              <span className="visually-hidden">Activate</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {prompts.data?.map((prompt) => (
            <tr key={prompt.id}>
              <td>{prompt.coachingPhase}</td>
              <td>{prompt.version}</td>
              <td>{prompt.isActive ? 'yes' : 'no'}</td>
              <td>{prompt.allowedActions.join(', ')}</td>
              <td>
                {!prompt.isActive && (
                  <button type="button" className="small" onClick={() => void activate(prompt.id)}>
                    Activate v{prompt.version} of {prompt.coachingPhase}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <MorePages list={prompts} label="More prompt versions" />
      <form onSubmit={(event) => void create(event)} aria-label="New prompt version">
        <Select label="Phase" value={form.coachingPhase} options={PHASES} onChange={(coachingPhase) => setForm({ ...form, coachingPhase })} />
        <TextArea label="Template" required minLength={20} rows={5} value={form.template} onChange={(event) => setForm({ ...form, template: event.target.value })} />
        <Field
          label="Allowed actions"
          hint="Comma-separated, e.g. transition_phase, propose_identity"
          value={form.allowedActions}
          onChange={(event) => setForm({ ...form, allowedActions: event.target.value })}
        />
        <button type="submit" disabled={busy}>
          Add version
        </button>
      </form>
    </Section>
  );
}

function Knowledge() {
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const knowledge = usePages((cursor) => adminApi.knowledge(query || undefined, cursor), [query]);
  const [form, setForm] = useState({ title: '', content: '', category: 'methodology', contentType: 'guidelines' });
  const { error, busy, run } = useAction();
  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => adminApi.createKnowledge({ ...form, tags: [] }))) await knowledge.reload();
  };
  const remove = async (id: string) => {
    if (await run(() => adminApi.deleteKnowledge(id))) await knowledge.reload();
  };
  return (
    <Section title="Knowledge">
      <form
        role="search"
        aria-label="Search knowledge"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery(q);
        }}
      >
        <Field label="Search by meaning" type="search" value={q} onChange={(event) => setQ(event.target.value)} />
        <button type="submit">Search</button>
      </form>
      <Loading loading={knowledge.loading} />
      <ErrorText error={knowledge.error ?? error} />
      <ul className="cards">
        {knowledge.data?.map((item) => (
          <li key={item.id} className="card">
            <h3>{item.title}</h3>
            <p className="muted">
              {item.category} · {item.contentType} · {formatDate(item.createdAt)}
            </p>
            <p>{item.content}</p>
            <button type="button" className="danger small" onClick={() => void remove(item.id)}>
              Delete “{item.title}”
            </button>
          </li>
        ))}
      </ul>
      <MorePages list={knowledge} label="More knowledge" />
      <form onSubmit={(event) => void create(event)} aria-label="New knowledge">
        <Field label="Title" required value={form.title} onChange={(event) => setForm({ ...form, title: event.target.value })} />
        <Field label="Category" required value={form.category} onChange={(event) => setForm({ ...form, category: event.target.value })} />
        <Field label="Content type" required value={form.contentType} onChange={(event) => setForm({ ...form, contentType: event.target.value })} />
        <TextArea label="Content" required rows={4} value={form.content} onChange={(event) => setForm({ ...form, content: event.target.value })} />
        <button type="submit" disabled={busy}>
          Add knowledge
        </button>
      </form>
    </Section>
  );
}

function TestScenarios() {
  const scenarios = usePages((cursor) => adminApi.scenarios(cursor));
  const [status, setStatus] = useState<ScenarioStatusView | null>(null);
  const [loaded, setLoaded] = useState<LoadedScenarioView | null>(null);
  const [form, setForm] = useState({ name: '', template: '{\n  "users": []\n}' });
  const { error, busy, run } = useAction();
  const create = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      let template: Schemas['CreateTestScenarioDto']['template'];
      try {
        // Checked by the gateway against the contract's schema (a 400 naming the field).
        template = JSON.parse(form.template) as Schemas['CreateTestScenarioDto']['template'];
      } catch {
        throw new Error('template must be valid JSON');
      }
      await adminApi.createScenario({ name: form.name, template, isActive: true });
      await scenarios.reload();
    });
  };
  const act = (action: () => Promise<unknown>) => async () => {
    if (await run(action)) await scenarios.reload();
  };
  return (
    <Section title="Test scenarios">
      <Loading loading={scenarios.loading} />
      <ErrorText error={scenarios.error ?? error} />
      <ul className="cards">
        {scenarios.data?.map((scenario) => (
          <li key={scenario.id} className="card">
            <h3>{scenario.name}</h3>
            <p>
              <span className="badge">{scenario.state}</span> {scenario.description}
            </p>
            <div className="actions">
              <button type="button" className="small" onClick={() => void act(async () => setLoaded(await adminApi.loadScenario(scenario.id)))()}>
                Load {scenario.name}
              </button>
              <button type="button" className="small" onClick={() => void act(async () => setStatus(await adminApi.scenarioStatus(scenario.id)))()}>
                Status of {scenario.name}
              </button>
              <button type="button" className="small secondary" onClick={() => void act(async () => setStatus(await adminApi.resetScenario(scenario.id)))()}>
                Reset {scenario.name}
              </button>
              <button type="button" className="small danger" onClick={() => void act(() => adminApi.deleteScenario(scenario.id))()}>
                Delete {scenario.name}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <MorePages list={scenarios} label="More test scenarios" />
      {loaded && (
        <div role="status">
          <p>
            Loaded {loaded.accounts.length} accounts; their password (shown once): <code>{loaded.password}</code>
          </p>
          <ul>
            {loaded.accounts.map((account) => (
              <li key={account.userId}>
                {account.email} ({account.kind})
              </li>
            ))}
          </ul>
        </div>
      )}
      {status && (
        <div role="status">
          <p>
            State: <strong>{status.state}</strong> · {status.userIds.length} accounts
          </p>
          <ul>
            {status.services.map((service) => (
              <li key={service.service}>
                {service.service}: {service.applied ? 'applied' : `${service.appliedAccounts} accounts applied`}
                {service.clearedAt && `, cleared ${formatDate(service.clearedAt)}`}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form onSubmit={(event) => void create(event)} aria-label="New test scenario">
        <Field label="Name" required value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
        <TextArea label="Template (JSON)" required rows={6} value={form.template} onChange={(event) => setForm({ ...form, template: event.target.value })} />
        <button type="submit" disabled={busy}>
          Add scenario
        </button>
      </form>
    </Section>
  );
}
