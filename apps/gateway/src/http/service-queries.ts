import { Inject, Injectable } from '@nestjs/common';
import type { z } from 'zod';

import type { QueryContract } from '@tandem/contracts';
import { QueryClient } from '@tandem/messaging';

import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';

/**
 * How a gateway route asks a service: the caller's id from the token goes in the request, the
 * answer comes back validated, and a slow or absent service becomes a 503 (ErrorFilter) instead
 * of a hang. A service answers 404 for what belongs to someone else.
 */
@Injectable()
export class ServiceQueries {
  constructor(
    private readonly client: QueryClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  ask<C extends QueryContract>(contract: C, userId: string, request: Omit<z.input<C['payload']>, 'userId'>): Promise<z.output<C['response']>> {
    return this.client.ask(contract, { ...request, userId } as z.input<C['payload']>, { timeoutMs: this.config.SERVICE_TIMEOUT_MS });
  }
}
