export { parseEnv } from './parse-env';
export { ensureSecretsFile, readSecretsFile } from './secrets-file';
export { sharedMetric } from './metrics';
