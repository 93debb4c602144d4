export { HealthController, HealthModule } from './health.module';
export { REDACTED_PATHS, loggerModule } from './logger.module';
export { runService } from './run-service';
export { serveMetrics } from './metrics';
export type { RunServiceOptions } from './run-service';
export { IS_PUBLIC, Public } from './public.decorator';
export { Poller } from './poller';
