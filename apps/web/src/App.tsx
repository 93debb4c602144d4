import { useEffect, useRef, type ReactNode } from 'react';

import { AccountPage } from './pages/AccountPage';
import { AdminPage } from './pages/AdminPage';
import { LoginPage, RegisterPage } from './pages/AuthPages';
import { ChatPage } from './pages/ChatPage';
import { CoachPage } from './pages/CoachPage';
import { MemoryPage } from './pages/MemoryPage';
import { ProgressPage } from './pages/ProgressPage';
import { TeamPage } from './pages/TeamPage';
import { Link, Router, useRouter } from './router';
import { SessionProvider, useSession } from './session';

const PAGES: { path: string; label: string; title: string; page: () => ReactNode; admin?: boolean }[] = [
  { path: '/chat', label: 'Chat', title: 'Chat with your coach', page: () => <ChatPage /> },
  { path: '/coach', label: 'Coach', title: 'Your coaching and identities', page: () => <CoachPage /> },
  { path: '/memory', label: 'Memory', title: 'What your coach remembers', page: () => <MemoryPage /> },
  { path: '/team', label: 'Team', title: 'Your team and colleagues', page: () => <TeamPage /> },
  { path: '/progress', label: 'Progress', title: 'Your progress', page: () => <ProgressPage /> },
  { path: '/account', label: 'Account', title: 'Your account', page: () => <AccountPage /> },
  { path: '/admin', label: 'Admin', title: 'Administration', page: () => <AdminPage />, admin: true },
];

export function App() {
  return (
    <Router>
      <SessionProvider>
        <Shell />
      </SessionProvider>
    </Router>
  );
}

function Shell() {
  const { user, ready } = useSession();
  const { path, navigate } = useRouter();
  const main = useRef<HTMLElement>(null);

  const isAuthPage = path === '/login' || path === '/register';
  useEffect(() => {
    if (!ready) return;
    if (!user && !isAuthPage && !path.startsWith('/goodbye')) navigate('/login');
    if (user && (isAuthPage || path === '/')) navigate('/chat');
  }, [ready, user, path, isAuthPage, navigate]);

  const visible = PAGES.filter((page) => !page.admin || user?.isAdmin);
  const current = visible.find((page) => page.path === path);
  const title = !ready ? 'Tandem' : (current?.title ?? (path === '/register' ? 'Create your account' : path.startsWith('/goodbye') ? 'Your account is deleted' : 'Log in'));
  const firstTitle = useRef(true);
  useEffect(() => {
    document.title = `${title} · Tandem`;
    // After a page change (not at load), move focus to the page's heading, as a screen reader user would expect.
    if (!ready) return;
    if (!firstTitle.current) main.current?.querySelector('h1')?.focus();
    firstTitle.current = false;
  }, [title, ready]);

  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <p className="brand">Tandem</p>
        {user && (
          <nav aria-label="Main">
            <ul>
              {visible.map((page) => (
                <li key={page.path}>
                  <Link to={page.path}>{page.label}</Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <h1 tabIndex={-1}>{title}</h1>
        {!ready ? <p>Loading…</p> : user ? current?.page() : path === '/register' ? <RegisterPage /> : path.startsWith('/goodbye') ? <Goodbye /> : <LoginPage />}
      </main>
    </>
  );
}

function Goodbye() {
  const receipt = new URLSearchParams(window.location.search).get('receipt');
  return (
    <>
      <p>Every service has erased your data. Thank you for coaching with Tandem.</p>
      {receipt && (
        <p>
          Your erasure receipt: <code>{receipt}</code>
        </p>
      )}
      <p>
        <Link to="/register">Create a new account</Link>
      </p>
    </>
  );
}
