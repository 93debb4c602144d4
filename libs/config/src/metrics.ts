import { register, type Metric } from 'prom-client';

/**
 * A Prometheus metric in the process's default registry, created on first use: a module loaded
 * twice in one process (its source and its build, in tests) shares it instead of failing on a
 * duplicate name.
 */
export function sharedMetric<T extends Metric>(name: string, create: (name: string) => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create(name);
}
