import { useCallback, useEffect, useId, useState, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';

/** Loads data on mount and on `reload()`; `error` holds the gateway's message. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await run());
      setError(undefined);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setLoading(false);
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload, setData };
}

/** One page of a list, as every list route answers it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A paged list: `useLoad` of the first page (on mount, on `reload()`, when `deps` change), and
 * `more()` to append the next one. `data` holds every item read so far, in the list's order.
 */
export function usePages<T>(loadPage: (cursor?: string) => Promise<Page<T>>, deps: unknown[] = []) {
  const [next, setNext] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | undefined>(undefined);
  const list = useLoad(async () => {
    const page = await loadPage();
    setNext(page.nextCursor);
    setMoreError(undefined);
    return page.items;
  }, deps);
  const { setData } = list;
  const more = useCallback(async () => {
    if (next === null) return;
    setLoadingMore(true);
    try {
      const page = await loadPage(next);
      setData((items) => [...(items ?? []), ...page.items]);
      setNext(page.nextCursor);
      setMoreError(undefined);
    } catch (caught) {
      setMoreError((caught as Error).message);
    } finally {
      setLoadingMore(false);
    }
  }, [next, setData, ...deps]);
  return { ...list, error: list.error ?? moreError, hasMore: next !== null, loadingMore, more };
}

/**
 * The one "load the next page" control of every list: a button named for what it loads (say
 * "More notes"), reachable and pressed from the keyboard like any button; nothing on the last page.
 */
export function MorePages({ list, label }: { list: { hasMore: boolean; loadingMore: boolean; more(): Promise<void> }; label: string }) {
  if (!list.hasMore) return null;
  return (
    <button type="button" className="secondary small more" onClick={() => void list.more()} disabled={list.loadingMore} aria-busy={list.loadingMore}>
      {label}
    </button>
  );
}

/** Runs an action, keeping its error to show; returns whether it succeeded. */
export function useAction() {
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (caught) {
      setError((caught as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { error, busy, run };
}

export function ErrorText({ error }: { error?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {error}
    </p>
  );
}

export function Field({ label, hint, ...input }: { label: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

export function TextArea({ label, ...input }: { label: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} {...input} />
    </div>
  );
}

export function Select({ label, value, options, onChange }: { label: string; value: string; options: string[]; onChange(value: string): void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {option === '' ? 'any' : option}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function Loading({ loading }: { loading: boolean }) {
  return loading ? <p aria-live="polite">Loading…</p> : null;
}

export const formatDate = (value: string | null | undefined) => (value ? new Date(value).toLocaleString() : '');
