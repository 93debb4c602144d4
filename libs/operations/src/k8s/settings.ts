import type { BusService } from '@tandem/contracts';

/** Where the pieces of a Kubernetes deployment meet: names shared by the manifests, the NATS chart's values and docs/operations.md. */
export const K8S = {
  namespace: 'tandem',
  /** One image for every app (infra/Dockerfile); `kustomize edit set image` pins the release. */
  image: 'tandem-app:0.1.0',
  /** Every app listens here inside its container (the image sets PORT). */
  port: 3000,
  /** The CloudNativePG cluster: its read-write service is `<name>-rw`. */
  postgres: 'tandem-postgres',
  database: 'tandem',
  /** The official NATS chart installed as release `nats` in namespace `nats` (infra/k8s/nats/values.yaml). */
  natsUrl: 'nats://nats.nats.svc.cluster.local:4222',
  /** KEDA reads consumer lag from the monitoring port of every node (the headless service resolves them all). */
  natsMonitoring: 'nats-headless.nats.svc.cluster.local:8222',
  streamReplicas: 3,
} as const;

export interface ServiceSettings {
  /** CPU and memory requests and limits: starting points, to be tuned from the dashboards. */
  cpu: { request: string; limit: string };
  memory: { request: string; limit: string };
  replicas: { min: number; max: number };
  /** Pending messages per replica KEDA aims at (lagThreshold), per consumer; a coach turn is slow, so chat's turn consumer gets a low one. */
  lagPerReplica: number;
  /** Consumers (by handler name) that get their own, lower, lag target. */
  slowConsumers?: Record<string, number>;
  /** Model-provider settings it reads (chat, sentinel): optional keys of the `tandem-llm` secret. */
  usesModel?: boolean;
}

const small = { cpu: { request: '100m', limit: '1' }, memory: { request: '256Mi', limit: '512Mi' } };
// Offline embeddings keep a word-vector table in memory.
const embedding = { cpu: { request: '250m', limit: '2' }, memory: { request: '512Mi', limit: '1Gi' } };

/** Every service of BUS_ACCESS must be here (the type says so), so a new service cannot ship without its deployment. */
export const SERVICE_SETTINGS: Record<BusService, ServiceSettings> = {
  gateway: { ...small, replicas: { min: 2, max: 10 }, lagPerReplica: 100 },
  'coach-state': { ...small, replicas: { min: 2, max: 6 }, lagPerReplica: 50 },
  identities: { ...small, replicas: { min: 2, max: 6 }, lagPerReplica: 50 },
  chat: { ...embedding, replicas: { min: 2, max: 20 }, lagPerReplica: 50, slowConsumers: { 'coach-turn': 4 }, usesModel: true },
  sentinel: { ...embedding, replicas: { min: 2, max: 10 }, lagPerReplica: 10, usesModel: true },
  'team-connections': { ...embedding, replicas: { min: 2, max: 6 }, lagPerReplica: 20 },
  progress: { ...small, replicas: { min: 2, max: 6 }, lagPerReplica: 50 },
};
