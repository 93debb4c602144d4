import { DomainError } from '@tandem/messaging';

/** Why the gateway itself refused something; the error filter answers each as a problem with this code and status. */
export enum GatewayErrorCode {
  TEST_SCENARIO_NOT_FOUND = 'TEST_SCENARIO_NOT_FOUND',
  TEST_SCENARIO_NAME_TAKEN = 'TEST_SCENARIO_NAME_TAKEN',
  TEST_SCENARIO_INACTIVE = 'TEST_SCENARIO_INACTIVE',
  TEST_SCENARIO_LOADED = 'TEST_SCENARIO_LOADED',
  TEST_SCENARIO_NOT_LOADED = 'TEST_SCENARIO_NOT_LOADED',
  TEST_SCENARIO_LOADING = 'TEST_SCENARIO_LOADING',
  ERASURE_NOT_FOUND = 'ERASURE_NOT_FOUND',
  USERNAME_TAKEN = 'USERNAME_TAKEN',
  TOO_MANY_STREAMS = 'TOO_MANY_STREAMS',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  WRONG_CREDENTIALS = 'WRONG_CREDENTIALS',
  WRONG_PASSWORD = 'WRONG_PASSWORD',
  TOO_MANY_LOGINS = 'TOO_MANY_LOGINS',
}

const STATUS: Record<GatewayErrorCode, number> = {
  [GatewayErrorCode.TEST_SCENARIO_NOT_FOUND]: 404,
  [GatewayErrorCode.TEST_SCENARIO_NAME_TAKEN]: 409,
  [GatewayErrorCode.TEST_SCENARIO_INACTIVE]: 409,
  [GatewayErrorCode.TEST_SCENARIO_LOADED]: 409,
  [GatewayErrorCode.TEST_SCENARIO_NOT_LOADED]: 409,
  [GatewayErrorCode.TEST_SCENARIO_LOADING]: 409,
  [GatewayErrorCode.ERASURE_NOT_FOUND]: 404,
  [GatewayErrorCode.USERNAME_TAKEN]: 409,
  [GatewayErrorCode.TOO_MANY_STREAMS]: 429,
  [GatewayErrorCode.EMAIL_TAKEN]: 409,
  [GatewayErrorCode.WRONG_CREDENTIALS]: 401,
  [GatewayErrorCode.WRONG_PASSWORD]: 401,
  [GatewayErrorCode.TOO_MANY_LOGINS]: 429,
};

/** The gateway's one domain exception, as the other services have theirs: services throw it, never an HttpException. */
export class GatewayError extends DomainError<GatewayErrorCode> {
  constructor(code: GatewayErrorCode, message: string) {
    super(code, message, STATUS[code]);
  }
}
