/**
 * A fetch that gives up after `timeoutMs` (connecting and reading the body alike), for clients
 * such as Ollama's that take a fetch but no timeout. The caller's own abort signal still works.
 */
export function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
  };
}
