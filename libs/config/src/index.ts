export { parseEnv } from './parse-env';
