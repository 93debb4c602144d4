import { BUS_ACCESS, type BusService } from '@tandem/contracts';
import { BusNames, PROVISIONER, streamForSubject } from '@tandem/messaging';

import { K8S, SERVICE_SETTINGS } from './settings';

/** A Kubernetes object as plain data (what `kubectl apply` reads). */
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } } & Record<
  string,
  unknown
>;

export const SERVICES = Object.keys(BUS_ACCESS) as BusService[];

const envName = (service: string) => service.replaceAll('-', '_').toUpperCase();
const roleOf = (service: string) => `tandem_${service.replaceAll('-', '_')}`;
const labelsOf = (service: string) => ({ 'app.kubernetes.io/name': service, 'app.kubernetes.io/part-of': 'tandem' });
/** Each service's secret holds its database role's password and its NATS seed, nothing of any other service. */
export const secretOf = (identity: string) => `tandem-${identity}`;

const fromSecret = (name: string, secret: string, key: string, optional = false) => ({ name, valueFrom: { secretKeyRef: { name: secret, key, ...(optional ? { optional: true } : {}) } } });

const securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
const podSecurity = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } };

export function configMap(): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'tandem-config', labels: { 'app.kubernetes.io/part-of': 'tandem' } },
    data: { NATS_URL: K8S.natsUrl, NATS_STREAM_REPLICAS: String(K8S.streamReplicas), LOG_LEVEL: 'info', DATABASE_NAME: K8S.database, DATABASE_POOL_MAX: '10' },
  };
}

/** The example secrets (infra/k8s/secrets.example.yaml): every key the manifests read, with placeholders that fail validation at start-up until replaced. */
export function exampleSecrets(): Manifest[] {
  const secret = (name: string, stringData: Record<string, string>): Manifest => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, labels: { 'app.kubernetes.io/part-of': 'tandem' } },
    type: 'Opaque',
    stringData,
  });
  return [
    ...SERVICES.map((service) => secret(secretOf(service), { DATABASE_PASSWORD: 'REPLACE_ME', NATS_NKEY_SEED: 'REPLACE_ME', METRICS_TOKEN: 'REPLACE_ME' })),
    secret(secretOf(PROVISIONER), { NATS_NKEY_SEED: 'REPLACE_ME' }),
    // The offline model by default; a provider's LLM_BASE_URL, LLM_MODEL and LLM_API_KEY go beside it (docs/llm.md).
    secret('tandem-llm', { LLM_PROVIDER: 'offline' }),
  ];
}

function deployment(service: BusService): Manifest {
  const settings = SERVICE_SETTINGS[service];
  const variable = envName(service);
  const probe = (path: string, extra: Record<string, number>) => ({ httpGet: { path, port: 'http' }, timeoutSeconds: 3, ...extra });
  const llm = ['LLM_PROVIDER', 'LLM_BASE_URL', 'LLM_MODEL', 'LLM_API_KEY'].map((key) => fromSecret(key, 'tandem-llm', key, true));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: service, labels: labelsOf(service) },
    spec: {
      // The autoscaler owns the count; this is the count before it first acts.
      replicas: settings.replicas.min,
      selector: { matchLabels: labelsOf(service) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: labelsOf(service) },
        spec: {
          securityContext: podSecurity,
          // A coach turn in flight keeps its message (in-progress acks); SIGTERM lets it finish.
          terminationGracePeriodSeconds: 45,
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labelsOf(service) } }],
          containers: [
            {
              name: service,
              image: K8S.image,
              ports: [{ name: 'http', containerPort: K8S.port }],
              envFrom: [{ configMapRef: { name: 'tandem-config' } }],
              env: [
                { name: 'APP', value: service },
                { name: 'PORT', value: String(K8S.port) },
                fromSecret(`${variable}_DATABASE_PASSWORD`, secretOf(service), 'DATABASE_PASSWORD'),
                // Its own role only: the admin URL never reaches a service.
                { name: `${variable}_DATABASE_URL`, value: `postgres://${roleOf(service)}:$(${variable}_DATABASE_PASSWORD)@${K8S.postgres}-rw:5432/${K8S.database}` },
                fromSecret('NATS_NKEY_SEED', secretOf(service), 'NATS_NKEY_SEED'),
                // Prometheus scrapes GET /metrics on the http port with this bearer token.
                fromSecret('METRICS_TOKEN', secretOf(service), 'METRICS_TOKEN'),
                ...(settings.usesModel ? llm : []),
              ],
              resources: { requests: { cpu: settings.cpu.request, memory: settings.memory.request }, limits: { cpu: settings.cpu.limit, memory: settings.memory.limit } },
              // Start-up loads the offline embeddings: up to 2.5 minutes before liveness counts.
              startupProbe: probe('/health/live', { periodSeconds: 5, failureThreshold: 30 }),
              livenessProbe: probe('/health/live', { periodSeconds: 10, failureThreshold: 3 }),
              // Ready only while PostgreSQL and NATS answer: a replica cut off from either gets no traffic.
              readinessProbe: probe('/health/ready', { periodSeconds: 5, failureThreshold: 2 }),
              securityContext,
            },
          ],
        },
      },
    },
  };
}

function disruptionBudget(service: BusService): Manifest {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: service, labels: labelsOf(service) }, spec: { minAvailable: 1, selector: { matchLabels: labelsOf(service) } } };
}

/** KEDA triggers: the lag of every durable consumer the service owns (BUS_ACCESS), so replicas follow the work waiting for them. */
export function lagTriggers(service: BusService): Array<{ type: string; metadata: Record<string, string> }> {
  const names = new BusNames();
  const settings = SERVICE_SETTINGS[service];
  return BUS_ACCESS[service].consumes.map(({ contract, handler }: { contract: { subject: string }; handler?: string }) => ({
    type: 'nats-jetstream',
    metadata: {
      natsServerMonitoringEndpoint: K8S.natsMonitoring,
      account: '$G',
      stream: streamForSubject(names, contract.subject),
      consumer: names.durable(handler ? `${service}__${handler}` : service, contract.subject),
      lagThreshold: String((handler && settings.slowConsumers?.[handler]) ?? settings.lagPerReplica),
      useHttps: 'false',
    },
  }));
}

function autoscaler(service: BusService): Manifest {
  const { replicas } = SERVICE_SETTINGS[service];
  // The gateway holds users' HTTP and live streams: CPU, not a queue, says when it is short.
  if (service === 'gateway') {
    return {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: service, labels: labelsOf(service) },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: service },
        minReplicas: replicas.min,
        maxReplicas: replicas.max,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    };
  }
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: service, labels: labelsOf(service) },
    spec: {
      scaleTargetRef: { name: service },
      minReplicaCount: replicas.min,
      maxReplicaCount: replicas.max,
      pollingInterval: 15,
      cooldownPeriod: 300,
      triggers: [...lagTriggers(service), { type: 'cpu', metricType: 'Utilization', metadata: { value: '80' } }],
    },
  };
}

function gatewayService(): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'gateway', labels: labelsOf('gateway') },
    spec: { selector: labelsOf('gateway'), ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
}

/** Everything one service needs: its Deployment, its autoscaler, its disruption budget (and the gateway's Service). */
export function serviceManifests(service: BusService): Manifest[] {
  return [deployment(service), autoscaler(service), disruptionBudget(service), ...(service === 'gateway' ? [gatewayService()] : [])];
}

/**
 * The migrate step as a Job: roles, schemas, migrations and streams (infra/bootstrap/prepare.ts).
 * The only pod that sees the database superuser (CloudNativePG's secret) and the provisioner's seed.
 */
export function migrateJob(): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'tandem-migrate', labels: labelsOf('migrate') },
    spec: {
      backoffLimit: 6,
      ttlSecondsAfterFinished: 86_400,
      template: {
        metadata: { labels: labelsOf('migrate') },
        spec: {
          restartPolicy: 'OnFailure',
          securityContext: podSecurity,
          containers: [
            {
              name: 'migrate',
              image: K8S.image,
              command: ['node', '-r', '@swc-node/register', 'infra/bootstrap/prepare.ts'],
              envFrom: [{ configMapRef: { name: 'tandem-config' } }],
              env: [
                fromSecret('PGUSER', `${K8S.postgres}-superuser`, 'username'),
                fromSecret('PGPASSWORD', `${K8S.postgres}-superuser`, 'password'),
                { name: 'DATABASE_URL', value: `postgres://$(PGUSER):$(PGPASSWORD)@${K8S.postgres}-rw:5432/postgres` },
                fromSecret('NATS_NKEY_SEED', secretOf(PROVISIONER), 'NATS_NKEY_SEED'),
                ...SERVICES.map((service) => fromSecret(`${envName(service)}_DATABASE_PASSWORD`, secretOf(service), 'DATABASE_PASSWORD')),
              ],
              resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '2', memory: '1Gi' } },
              securityContext,
            },
          ],
        },
      },
    },
  };
}

/** The PostgreSQL cluster (CloudNativePG): 3 instances, pgvector as an image-volume extension (CloudNativePG 1.27+, Kubernetes 1.33+). */
export function postgresCluster(): Manifest {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: K8S.postgres, labels: { 'app.kubernetes.io/part-of': 'tandem' } },
    spec: {
      instances: 3,
      imageName: 'ghcr.io/cloudnative-pg/postgresql:17-minimal-trixie',
      // The migrate step logs in as the superuser to create the roles, schemas and the extension.
      enableSuperuserAccess: true,
      bootstrap: { initdb: { database: K8S.database, owner: 'tandem_owner' } },
      postgresql: {
        extensions: [{ name: 'pgvector', image: { reference: 'ghcr.io/cloudnative-pg/pgvector:0.8.1-17-trixie' } }],
        // Every replica of every service holds up to DATABASE_POOL_MAX connections.
        parameters: { max_connections: '400', shared_buffers: '512MB' },
      },
      storage: { size: '20Gi' },
      resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' } },
    },
  };
}
