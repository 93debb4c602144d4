import { useState, type FormEvent } from 'react';

import { api, call, type Schemas } from '../api/client';
import { useLiveEvents } from '../api/live-events';
import { ErrorText, Field, formatDate, Loading, MorePages, Section, Select, useAction, useLoad, usePages } from '../components/ui';

export function ProgressPage() {
  return (
    <>
      <Goals />
      <Commitments />
      <Energy />
      <Reports />
    </>
  );
}

function Goals() {
  const goals = usePages((cursor) => call(api.GET('/v1/goals', { params: { query: { cursor } } })));
  useLiveEvents(['progress.goal.'], () => void goals.reload());
  const [title, setTitle] = useState('');
  const { error, busy, run } = useAction();
  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => call(api.POST('/v1/goals', { body: { title } })))) {
      setTitle('');
      await goals.reload();
    }
  };
  return (
    <Section title="Goals">
      <Loading loading={goals.loading} />
      <ErrorText error={goals.error} />
      <ul>
        {goals.data?.length === 0 && <li>No goals yet.</li>}
        {goals.data?.map((goal) => (
          <li key={goal.id}>
            {goal.title} <span className="badge">{goal.status}</span> <progress max={100} value={goal.progress} aria-label={`Progress of ${goal.title}`} />
          </li>
        ))}
      </ul>
      <MorePages list={goals} label="More goals" />
      <form onSubmit={(event) => void create(event)} aria-label="New goal">
        <Field label="New goal" required value={title} onChange={(event) => setTitle(event.target.value)} />
        <ErrorText error={error} />
        <button type="submit" disabled={busy}>
          Add goal
        </button>
      </form>
    </Section>
  );
}

function Commitments() {
  const commitments = usePages((cursor) => call(api.GET('/v1/commitments', { params: { query: { cursor } } })));
  useLiveEvents(['progress.commitment.'], () => void commitments.reload());
  const [form, setForm] = useState({ title: '', dueAt: '', schedule: 'ONCE' });
  const { error, busy, run } = useAction();
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const body = { title: form.title, dueAt: new Date(form.dueAt).toISOString(), schedule: form.schedule as Schemas['CreateCommitmentDto']['schedule'] };
    if (await run(() => call(api.POST('/v1/commitments', { body })))) {
      setForm({ title: '', dueAt: '', schedule: 'ONCE' });
      await commitments.reload();
    }
  };
  const settle = async (id: string, how: 'complete' | 'skip') => {
    const options = { params: { path: { id } }, body: {} };
    if (await run(() => call(how === 'complete' ? api.POST('/v1/commitments/{id}/complete', options) : api.POST('/v1/commitments/{id}/skip', options)))) await commitments.reload();
  };
  return (
    <Section title="Commitments">
      <Loading loading={commitments.loading} />
      <ErrorText error={commitments.error} />
      <ul>
        {commitments.data?.length === 0 && <li>No commitments yet.</li>}
        {commitments.data?.map((commitment) => (
          <li key={commitment.id}>
            {commitment.title} · due {formatDate(commitment.dueAt)} <span className="badge">{commitment.status}</span>
            {(commitment.status === 'PENDING' || commitment.status === 'SCHEDULED') && (
              <>
                {' '}
                <button type="button" className="small" onClick={() => void settle(commitment.id, 'complete')} aria-label={`Done: ${commitment.title}`}>
                  Done
                </button>{' '}
                <button type="button" className="small secondary" onClick={() => void settle(commitment.id, 'skip')} aria-label={`Skip: ${commitment.title}`}>
                  Skip
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <MorePages list={commitments} label="More commitments" />
      <form onSubmit={(event) => void create(event)} aria-label="New commitment">
        <Field label="Commitment" required value={form.title} onChange={(event) => setForm({ ...form, title: event.target.value })} />
        <Field label="Due" type="datetime-local" required value={form.dueAt} onChange={(event) => setForm({ ...form, dueAt: event.target.value })} />
        <Select label="Repeats" value={form.schedule} options={['ONCE', 'DAILY', 'WEEKDAYS', 'WEEKLY']} onChange={(schedule) => setForm({ ...form, schedule })} />
        <ErrorText error={error} />
        <button type="submit" disabled={busy}>
          Add commitment
        </button>
      </form>
    </Section>
  );
}

function Energy() {
  const energy = useLoad(async () => (await call(api.GET('/v1/energy', { params: { query: { days: 30 } } }))).items);
  useLiveEvents(['progress.energy.'], () => void energy.reload());
  const [level, setLevel] = useState('6');
  const { error, busy, run } = useAction();
  const log = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => call(api.POST('/v1/energy', { body: { level: Number(level) } })))) await energy.reload();
  };
  const items = [...(energy.data ?? [])].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
  const width = 320;
  const height = 100;
  const points = items.map((entry, index) => `${(items.length > 1 ? (index / (items.length - 1)) * width : width / 2).toFixed(1)},${(height - (entry.level / 10) * (height - 8) - 4).toFixed(1)}`);
  return (
    <Section title="Energy">
      <Loading loading={energy.loading} />
      <ErrorText error={energy.error} />
      {items.length > 0 ? (
        <figure>
          <svg viewBox={`0 0 ${width} ${height}`} className="chart" role="img" aria-label={`Energy over the last 30 days: ${items.map((entry) => entry.level).join(', ')} out of 10`}>
            <polyline points={points.join(' ')} className="line" />
            {points.map((point, index) => {
              const [x, y] = point.split(',');
              return <circle key={index} cx={x} cy={y} r="3" className="dot" />;
            })}
          </svg>
          <figcaption>Energy, 1 to 10, over the last 30 days</figcaption>
        </figure>
      ) : (
        <p>No energy logged in the last 30 days.</p>
      )}
      <form onSubmit={(event) => void log(event)} aria-label="Log energy">
        <Field label="Energy now (1-10)" type="number" min={1} max={10} required value={level} onChange={(event) => setLevel(event.target.value)} />
        <ErrorText error={error} />
        <button type="submit" disabled={busy}>
          Log energy
        </button>
      </form>
    </Section>
  );
}

function Reports() {
  const reports = usePages((cursor) => call(api.GET('/v1/reports', { params: { query: { cursor } } })));
  useLiveEvents(['progress.report.'], () => void reports.reload());
  const [type, setType] = useState('SEVEN_DAY');
  const { error, busy, run } = useAction();
  const generate = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => call(api.POST('/v1/reports', { body: { type: type as Schemas['GenerateReportDto']['type'] } })))) await reports.reload();
  };
  return (
    <Section title="Reports">
      <Loading loading={reports.loading} />
      <ErrorText error={reports.error} />
      <ul>
        {reports.data?.length === 0 && <li>No reports yet.</li>}
        {reports.data?.map((report) => (
          <li key={report.id}>
            <strong>
              {report.type} · {formatDate(report.periodStart)} – {formatDate(report.periodEnd)}
            </strong>
            <p>{report.summary}</p>
          </li>
        ))}
      </ul>
      <MorePages list={reports} label="More reports" />
      <form onSubmit={(event) => void generate(event)} aria-label="New report">
        <Select label="Period" value={type} options={['TWO_DAY', 'SEVEN_DAY', 'TWENTY_ONE_DAY']} onChange={setType} />
        <ErrorText error={error} />
        <button type="submit" disabled={busy}>
          Write a report
        </button>
      </form>
    </Section>
  );
}
