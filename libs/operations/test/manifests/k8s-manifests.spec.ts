import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { BUS_ACCESS } from '@tandem/contracts';
import { BusNames } from '@tandem/messaging';

import { generatedFiles, parseYaml, renderKustomization } from '../../src/k8s/kustomize';
import type { Manifest } from '../../src/k8s/manifests';
import { validateManifests } from '../../src/k8s/validate';

const ROOT = join(__dirname, '..', '..', '..', '..');
const K8S_DIR = join(ROOT, 'infra', 'k8s');
const SCHEMAS = join(K8S_DIR, 'schemas');

type Container = {
  name: string;
  image: string;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string } } }>;
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  resources?: { requests?: object; limits?: object };
};
const podOf = (manifest: Manifest) => (manifest.spec as { template: { spec: { containers: Container[] } } }).template.spec;
const clone = (manifest: Manifest) => structuredClone(manifest);

describe('Kubernetes manifests (infra/k8s)', () => {
  const rendered = renderKustomization(K8S_DIR);
  const ofKind = (kind: string) => rendered.filter((manifest) => manifest.kind === kind);

  it('should match what npm run k8s:generate writes', () => {
    const stale = Object.entries(generatedFiles()).filter(([path, content]) => !existsSync(join(K8S_DIR, path)) || readFileSync(join(K8S_DIR, path), 'utf8') !== content);
    expect(stale.map(([path]) => path)).toEqual([]);
  });

  it('should validate every rendered manifest and the example secrets against their schemas', () => {
    const all = [...rendered, ...parseYaml(join(K8S_DIR, 'secrets.example.yaml'))];
    const problems = validateManifests(all, SCHEMAS).flatMap((found, index) => found.map((problem) => `${all[index]!.kind}/${all[index]!.metadata.name}: ${problem}`));
    expect(problems).toEqual([]);
    expect(new Set(all.map((manifest) => manifest.kind))).toEqual(
      new Set(['Namespace', 'ConfigMap', 'Job', 'Cluster', 'Deployment', 'HorizontalPodAutoscaler', 'ScaledObject', 'PodDisruptionBudget', 'Service', 'Secret']),
    );
    expect(rendered.filter((manifest) => manifest.kind !== 'Namespace').every((manifest) => manifest.metadata.namespace === 'tandem')).toBe(true);
  });

  it('should fail a broken manifest of each kind of schema', () => {
    const deployment = clone(ofKind('Deployment')[0]!);
    podOf(deployment).containers[0]!.resources = { requests: { cpu: { many: true } } };
    const scaled = clone(ofKind('ScaledObject')[0]!);
    delete (scaled.spec as { scaleTargetRef?: unknown }).scaleTargetRef;
    const cluster = clone(ofKind('Cluster')[0]!);
    (cluster.spec as Record<string, unknown>).instaces = 3;
    const job = clone(ofKind('Job')[0]!);
    (job.spec as { backoffLimit: unknown }).backoffLimit = 'six';
    const unknownKind: Manifest = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    const problems = validateManifests([deployment, scaled, cluster, job, unknownKind], SCHEMAS);
    expect(problems.map((found) => found.length > 0)).toEqual([true, true, true, true, true]);
    expect(problems[2]!.join()).toMatch(/instaces/);
    expect(problems[4]!.join()).toMatch(/No schema/);
  });

  it('should give every service of BUS_ACCESS a Deployment with probes and resources, an autoscaler and a disruption budget', () => {
    for (const service of Object.keys(BUS_ACCESS)) {
      const deployment = ofKind('Deployment').find((manifest) => manifest.metadata.name === service);
      const [container] = deployment ? podOf(deployment).containers : [];
      expect(container).toMatchObject({
        livenessProbe: { httpGet: { path: '/health/live' } },
        readinessProbe: { httpGet: { path: '/health/ready' } },
        resources: { requests: expect.anything(), limits: expect.anything() },
      });
      expect(ofKind('PodDisruptionBudget').map((manifest) => manifest.metadata.name)).toContain(service);
      expect([...ofKind('ScaledObject'), ...ofKind('HorizontalPodAutoscaler')].map((manifest) => manifest.metadata.name)).toContain(service);
    }
  });

  it('should scale each consumer-driven service on the lag of exactly the durable consumers it owns', () => {
    const names = new BusNames();
    for (const scaled of ofKind('ScaledObject')) {
      const service = scaled.metadata.name as keyof typeof BUS_ACCESS;
      const consumers = (scaled.spec as { triggers: Array<{ type: string; metadata: Record<string, string> }> }).triggers
        .filter((trigger) => trigger.type === 'nats-jetstream')
        .map((trigger) => trigger.metadata.consumer);
      const owned = BUS_ACCESS[service].consumes.map(({ contract, handler }: { contract: { subject: string }; handler?: string }) =>
        names.durable(handler ? `${service}__${handler}` : service, contract.subject),
      );
      expect(consumers.sort()).toEqual([...owned].sort());
    }
  });

  it('should give the database superuser and the provisioner seed to the migrate Job only, and each service only its own secret', () => {
    for (const manifest of [...ofKind('Deployment'), ...ofKind('Job')]) {
      const secrets = podOf(manifest).containers.flatMap((container) => (container.env ?? []).flatMap((variable) => (variable.valueFrom?.secretKeyRef ? [variable.valueFrom.secretKeyRef.name] : [])));
      if (manifest.kind === 'Job') expect(secrets).toEqual(expect.arrayContaining(['tandem-postgres-superuser', 'tandem-provisioner']));
      else expect(new Set(secrets)).toEqual(new Set([`tandem-${manifest.metadata.name}`, ...(secrets.includes('tandem-llm') ? ['tandem-llm'] : [])]));
    }
  });
});

describe('NATS chart values (infra/k8s/nats/values.yaml)', () => {
  const values = parse(readFileSync(join(K8S_DIR, 'nats', 'values.yaml'), 'utf8')) as Record<string, unknown>;
  const chart = parse(readFileSync(join(SCHEMAS, 'nats-chart-2.14.2-values.yaml'), 'utf8')) as Record<string, unknown>;
  // Below these keys the chart takes any map (NATS config, pod fields, environment).
  const FREE = new Set(['merge', 'patch', 'env', 'resources', 'topologySpreadConstraints', 'data', 'labels']);
  const unknownKeys = (ours: unknown, theirs: unknown, path: string): string[] => {
    if (!ours || typeof ours !== 'object' || Array.isArray(ours)) return [];
    return Object.entries(ours).flatMap(([key, value]) => {
      if (FREE.has(key)) return [];
      const known = theirs && typeof theirs === 'object' ? (theirs as Record<string, unknown>)[key] : undefined;
      if (known === undefined && !(theirs && typeof theirs === 'object' && key in theirs)) return [`${path}${key}`];
      return unknownKeys(value, known, `${path}${key}.`);
    });
  };

  it('should use only keys the chart knows', () => {
    expect(unknownKeys(values, chart, '')).toEqual([]);
    expect(unknownKeys({ config: { jetstream: { fileStorage: {} } } }, chart, '')).toEqual(['config.jetstream.fileStorage']);
  });

  it('should run three clustered servers with JetStream on file storage, fsynced, behind the generated users', () => {
    expect(values).toMatchObject({
      config: {
        cluster: { enabled: true, replicas: 3 },
        jetstream: { enabled: true, fileStore: { enabled: true, pvc: { enabled: true } }, merge: { sync_interval: 'always' } },
        merge: { '00$include': 'users.conf' },
      },
    });
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, string>; healthcheck?: { test?: unknown; disable?: boolean }; build?: unknown }>;
  };
  const apps = Object.keys(BUS_ACCESS);

  it('should health-check every app', () => {
    for (const app of apps) expect(compose.services[app]?.healthcheck?.test).toEqual(expect.arrayContaining([expect.stringContaining('/health')]));
  });

  it('should give the admin database URL to the migrate job alone', () => {
    const holders = Object.entries(compose.services).filter(([, service]) =>
      Object.entries(service.environment ?? {}).some(([name, value]) => name === 'DATABASE_URL' || /POSTGRES_PASSWORD/.test(String(value))),
    );
    expect(holders.map(([name]) => name).sort()).toEqual(['migrate', 'postgres']);
  });
});

describe('infra/Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'infra', 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('should build in one stage and run compiled JavaScript with production dependencies as a non-root user in another, with a HEALTHCHECK', () => {
    expect(dockerfile).toMatch(/^FROM \S+ AS build$/m);
    expect(dockerfile).toMatch(/RUN npm ci\b.*nx run-many --target=build/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/health\/ready/m);
    expect(runtime).toMatch(/^CMD .*node --enable-source-maps dist\/apps\/\$APP\/src\/main\.js/m);
    expect(runtime).not.toMatch(/npm (ci|install)|nx run-many/);
  });
});
