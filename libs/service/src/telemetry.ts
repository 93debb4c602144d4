// OpenTelemetry tracing, configured by the standard OTEL_* variables. Every app's main.ts imports
// this first: the instrumentations patch `http` and `pg` as they load, so it must run before
// Nest, express or MikroORM are required. Nothing starts unless an exporter is asked for.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';

import { redactRequestUrl } from './request-url';

/** Whether the environment asks for traces: an exporter in OTEL_TRACES_EXPORTER, or an OTLP endpoint, and the SDK not disabled. */
export function tracingRequested(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  if (env.OTEL_TRACES_EXPORTER) return env.OTEL_TRACES_EXPORTER.split(',').some((exporter) => !['', 'none'].includes(exporter.trim()));
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** The app's name from its entry point (dist/apps/<name>/src/main.js), for OTEL_SERVICE_NAME's default. */
function appName(): string {
  return /apps[/\\]([^/\\]+)[/\\]/.exec(process.argv[1] ?? '')?.[1] ?? 'tandem';
}

function startTracing(): NodeSDK {
  // MikroORM is an ES module and imports `pg` as one: this loader hook lets the pg instrumentation see it.
  register('@opentelemetry/instrumentation/hook.mjs', pathToFileURL(__filename), { data: { include: ['pg'] } });
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? `tandem-${appName()}`,
    instrumentations: [
      // Probes and scrapes would be most of the traces.
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => /^\/(health|metrics)(\/|\?|$)/.test(request.url ?? ''),
        // A stream ticket rides in the query (EventSource sends no header): no span keeps it.
        requestHook: (span, request) => {
          if (!('url' in request) || !request.url) return;
          const redacted = redactRequestUrl(request.url);
          if (redacted === request.url) return;
          span.setAttributes({ 'http.target': redacted, 'url.path': redacted.split('?')[0], 'url.query': redacted.split('?')[1] ?? '' });
          if (request.headers.host) span.setAttribute('http.url', `http://${request.headers.host}${redacted}`);
        },
      }),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  // Spans still buffered are sent while Nest's shutdown hooks run (they re-raise the signal after).
  for (const event of ['SIGTERM', 'SIGINT', 'beforeExit'] as const) process.once(event, () => void sdk.shutdown());
  return sdk;
}

export const tracing = tracingRequested(process.env) ? startTracing() : undefined;
