import { Migration20261130000000Erasures } from './erasure';
import { Migration20261123000000Messaging } from './messaging.entities';

/** The messaging tables' migrations, in order; a service lists them before its own (a consumer needs all of them). */
export const MESSAGING_MIGRATIONS = [Migration20261123000000Messaging, Migration20261130000000Erasures];
