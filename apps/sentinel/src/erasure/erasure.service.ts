import { Injectable } from '@nestjs/common';

import { UserErased } from '@tandem/contracts';
import type { Transaction } from '@tandem/messaging';

import { ErasureRepository } from './erasure.repository';

/** Erases a deleted user's memory and confirms with user.erased {service: 'sentinel'}. */
@Injectable()
export class ErasureService {
  constructor(private readonly erasure: ErasureRepository) {}

  async erase(tx: Transaction, userId: string): Promise<number> {
    const erasedRows = await this.erasure.eraseUser(tx.em, userId);
    tx.emit(UserErased, { userId, service: 'sentinel', erasedRows }, { userId });
    return erasedRows;
  }
}
