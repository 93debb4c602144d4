import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

import { api, call, setCsrfToken, type User } from './api/client';
import { closeLiveEvents, openLiveEvents } from './api/live-events';

interface SessionValue {
  user: User | null;
  ready: boolean;
  signedIn(session: { user: User; csrfToken: string }): void;
  signedOut(): void;
}

const SessionContext = createContext<SessionValue>({ user: null, ready: false, signedIn: () => undefined, signedOut: () => undefined });

/** The browser session: the cookie is httpOnly, so the page asks the gateway who it is at start. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    call(api.GET('/v1/auth/browser/session'))
      .then((session) => {
        setCsrfToken(session.csrfToken);
        setUser(session.user);
      })
      .catch(() => setUser(null))
      .finally(() => setReady(true));
  }, []);
  // One live event stream while someone is signed in; the gateway closes it when the session ends.
  useEffect(() => {
    if (user) openLiveEvents();
    else closeLiveEvents();
  }, [user]);
  const value: SessionValue = {
    user,
    ready,
    signedIn: (session) => {
      setCsrfToken(session.csrfToken);
      setUser(session.user);
    },
    signedOut: () => {
      setCsrfToken('');
      setUser(null);
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext);
