import { trace } from '@opentelemetry/api';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import { z } from 'zod';

import { parseEnv } from '@tandem/config';

const logEnv = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: z.stringbool().default(false),
});

/** Paths that may carry secrets; pino replaces their values before a line is written. */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token'];

/** A request URL as logged: credentials in its query (a stream ticket, a token) replaced. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:ticket|token|access_token)=)[^&#]*/gi, '$1[redacted]');
}

/** Structured JSON logs (one line per event, request-scoped ids), pretty only when asked. */
export function loggerModule(service: string) {
  return PinoLoggerModule.forRootAsync({
    // Read at start-up, not at import, so tests and tools can set the level first.
    useFactory: () => {
      const { LOG_LEVEL, LOG_PRETTY } = parseEnv(logEnv);
      return {
        pinoHttp: {
          name: service,
          level: LOG_LEVEL,
          // Each line names the trace and span it was written in (when tracing is on), to go from a log to its trace.
          mixin: () => {
            const span = trace.getActiveSpan()?.spanContext();
            return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
          },
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
          // What a request log needs; headers stay out (authorization is redacted anyway).
          serializers: {
            req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url), remoteAddress: req.remoteAddress }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          ...(LOG_PRETTY ? { transport: { target: 'pino-pretty', options: { singleLine: true } } } : {}),
        },
      };
    },
  });
}
