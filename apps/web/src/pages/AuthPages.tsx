import { useState, type FormEvent } from 'react';

import { api, call } from '../api/client';
import { ErrorText, Field, useAction } from '../components/ui';
import { Link, useRouter } from '../router';
import { useSession } from '../session';

export function LoginPage() {
  const { signedIn } = useSession();
  const { navigate } = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      signedIn(await call(api.POST('/v1/auth/browser/login', { body: { email, password } })));
      navigate('/chat');
    });
  };
  return (
    <form onSubmit={(event) => void submit(event)} className="card narrow" aria-label="Log in">
      <Field label="Email" type="email" autoComplete="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
      <Field label="Password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
      <ErrorText error={error} />
      <button type="submit" disabled={busy}>
        Log in
      </button>
      <p>
        New here? <Link to="/register">Create an account</Link>
      </p>
    </form>
  );
}

export function RegisterPage() {
  const { signedIn } = useSession();
  const { navigate } = useRouter();
  const [form, setForm] = useState({ email: '', password: '', firstName: '', lastName: '', username: '' });
  const { error, busy, run } = useAction();
  const set = (field: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      email: form.email,
      password: form.password,
      ...(form.firstName && { firstName: form.firstName }),
      ...(form.lastName && { lastName: form.lastName }),
      ...(form.username && { username: form.username }),
    };
    await run(async () => {
      signedIn(await call(api.POST('/v1/auth/browser/register', { body })));
      navigate('/chat');
    });
  };
  return (
    <form onSubmit={(event) => void submit(event)} className="card narrow" aria-label="Create your account">
      <Field label="Email" type="email" autoComplete="email" required value={form.email} onChange={set('email')} />
      <Field label="Password" type="password" autoComplete="new-password" required minLength={10} hint="At least 10 characters" value={form.password} onChange={set('password')} />
      <Field label="First name" autoComplete="given-name" value={form.firstName} onChange={set('firstName')} />
      <Field label="Last name" autoComplete="family-name" value={form.lastName} onChange={set('lastName')} />
      <Field label="Username" autoComplete="username" hint="3-32 letters, digits, dots, dashes or underscores (optional)" value={form.username} onChange={set('username')} />
      <ErrorText error={error} />
      <button type="submit" disabled={busy}>
        Create account
      </button>
      <p>
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </form>
  );
}
