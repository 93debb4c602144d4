import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JetStreamManager } from '@nats-io/jetstream';

import { UserDeleted, UserErased, type PayloadOf } from '@tandem/contracts';
import { BUS_NAMES, JETSTREAM_MANAGER, MessageBus, OnMessage, type BusNames, type HandlerContext } from '@tandem/messaging';
import { SERVICE_NAMES } from '@tandem/persistence';

import { SessionRevocations } from '../auth/session-revocations';
import { GatewayError, GatewayErrorCode } from '../gateway.errors';
import type { ErasureRequest } from './account.entities';
import { ErasureRepository } from './erasure.repository';
import type { ErasureStatusDto } from './me.dto';

/** Every service but the gateway confirms first; the gateway deletes the account last. */
const OTHER_SERVICES = SERVICE_NAMES.filter((service) => service !== 'gateway');

/**
 * Account erasure across services: DELETE /v1/me records a request and publishes user.deleted;
 * each service erases its rows and answers user.erased; when all have, the gateway deletes the
 * account (sessions cascade) and confirms for itself. The request row, which holds no personal
 * data, stays as the record that erasure happened.
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger(ErasureService.name);

  constructor(
    private readonly bus: MessageBus,
    private readonly erasures: ErasureRepository,
    private readonly revocations: SessionRevocations,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
    @Inject(BUS_NAMES) private readonly names: BusNames,
  ) {}

  /** Starts the erasure; the user's open event streams close at once (their sessions stay for its status). */
  async request(userId: string): Promise<ErasureStatusDto> {
    const status = await this.bus.transaction(
      async ({ em, emit }) => {
        const existing = await this.erasures.findInTransaction(em, userId);
        if (existing) return toStatus(existing); // asked twice: the same erasure, the same receipt
        const requestedAt = new Date();
        const request = await this.erasures.start(em, userId, requestedAt);
        emit(UserDeleted, { userId, requestedAt: requestedAt.toISOString() });
        return toStatus(request);
      },
      { userId },
    );
    this.revocations.announce(userId);
    return status;
  }

  async status(userId: string): Promise<ErasureStatusDto> {
    const request = await this.erasures.forUser(userId);
    if (!request) throw new GatewayError(GatewayErrorCode.ERASURE_NOT_FOUND, 'No erasure was requested for this account');
    return toStatus(request);
  }

  /** The record behind a receipt: which service erased how many rows, and when. */
  async receipt(receiptId: string): Promise<ErasureStatusDto> {
    const request = await this.erasures.forReceipt(receiptId);
    if (!request) throw new GatewayError(GatewayErrorCode.ERASURE_NOT_FOUND, 'No erasure has this receipt');
    return toStatus(request);
  }

  @OnMessage(UserErased)
  async onUserErased({ userId, service, erasedRows }: PayloadOf<typeof UserErased>, { em, emit }: HandlerContext): Promise<void> {
    const request = await this.erasures.findInTransaction(em, userId);
    if (!request || request.confirmations[service]) return;
    request.confirmations = { ...request.confirmations, [service]: { confirmedAt: new Date().toISOString(), erasedRows } };
    const othersDone = OTHER_SERVICES.every((other) => request.confirmations[other]);
    if (othersDone && !request.confirmations.gateway) {
      const erased = await this.erasures.eraseAccount(em, userId);
      // Dead-letter copies of the user's messages (any service's): failed here, the whole step is retried.
      const { purged } = await this.jsm.streams.purge(this.names.stream('DEADLETTER'), { filter: this.names.userDeadLetters(userId) });
      const deleted = erased + purged;
      request.confirmations = { ...request.confirmations, gateway: { confirmedAt: new Date().toISOString(), erasedRows: deleted } };
      request.completedAt = new Date();
      emit(UserErased, { userId, service: 'gateway', erasedRows: deleted }, { userId });
      this.logger.log(`account ${userId} erased in every service`);
    }
  }
}

function toStatus(request: ErasureRequest): ErasureStatusDto {
  return {
    receiptId: request.receiptId,
    requestedAt: request.requestedAt.toISOString(),
    completedAt: request.completedAt?.toISOString() ?? null,
    services: [...OTHER_SERVICES, 'gateway'].map((service) => {
      const confirmation = request.confirmations[service];
      return { service, confirmedAt: confirmation?.confirmedAt ?? null, erasedRows: confirmation?.erasedRows ?? null };
    }),
  };
}
