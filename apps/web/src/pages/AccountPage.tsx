import { useEffect, useState, type FormEvent } from 'react';

import { api, call, type Schemas } from '../api/client';
import { ErrorText, Field, formatDate, Section, useAction } from '../components/ui';
import { useRouter } from '../router';
import { useSession } from '../session';

export function AccountPage() {
  const { user, signedOut } = useSession();
  const { navigate } = useRouter();
  const { error, busy, run } = useAction();
  const logout = async () => {
    if (await run(() => call(api.POST('/v1/auth/browser/logout')))) {
      signedOut();
      navigate('/login');
    }
  };
  return (
    <>
      <Section title="You">
        <dl className="facts">
          <dt>Email</dt>
          <dd>{user?.email}</dd>
          <dt>Name</dt>
          <dd>{[user?.firstName, user?.lastName].filter(Boolean).join(' ')}</dd>
          <dt>Member since</dt>
          <dd>{formatDate(user?.createdAt)}</dd>
        </dl>
        <ErrorText error={error} />
        <button type="button" onClick={() => void logout()} disabled={busy}>
          Log out
        </button>
      </Section>
      <DeleteAccount />
    </>
  );
}

/** DELETE /v1/me, then the erasure's progress service by service until the account is gone. */
function DeleteAccount() {
  const { signedOut } = useSession();
  const { navigate } = useRouter();
  const [password, setPassword] = useState('');
  const [erasure, setErasure] = useState<Schemas['ErasureStatusDto'] | null>(null);
  const { error, busy, run } = useAction();

  useEffect(() => {
    if (!erasure || erasure.completedAt) return;
    const timer = window.setTimeout(() => {
      // Once the account is gone, the public receipt tells the rest.
      void call(api.GET('/v1/erasure-receipts/{id}', { params: { path: { id: erasure.receiptId } } }))
        .then(setErasure)
        .catch(() => undefined);
    }, 500);
    return () => window.clearTimeout(timer);
  }, [erasure]);

  useEffect(() => {
    if (erasure?.completedAt) {
      const receipt = erasure.receiptId;
      const timer = window.setTimeout(() => {
        signedOut();
        navigate(`/goodbye?receipt=${receipt}`);
      }, 1500);
      return () => window.clearTimeout(timer);
    }
  }, [erasure, signedOut, navigate]);

  const remove = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => setErasure(await call(api.DELETE('/v1/me', { body: { password } }))));
  };

  return (
    <Section title="Delete your account">
      {!erasure ? (
        <form onSubmit={(event) => void remove(event)} aria-label="Delete your account">
          <p>Every service erases what it holds about you. This cannot be undone.</p>
          <Field label="Your password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
          <ErrorText error={error} />
          <button type="submit" className="danger" disabled={busy}>
            Delete my account
          </button>
        </form>
      ) : (
        <div aria-live="polite">
          <p role="status">{erasure.completedAt ? `Erasure complete at ${formatDate(erasure.completedAt)}.` : 'Erasing your data…'}</p>
          <p>
            Receipt: <code>{erasure.receiptId}</code>
          </p>
          <p>
            {erasure.services.filter((service) => service.confirmedAt).length} of {erasure.services.length} services have erased your data.
          </p>
          <ul aria-label="Erasure by service">
            {erasure.services.map((service) => (
              <li key={service.service}>
                {service.service}: {service.confirmedAt ? `${service.erasedRows ?? 0} rows erased at ${formatDate(service.confirmedAt)}` : 'waiting…'}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Section>
  );
}
