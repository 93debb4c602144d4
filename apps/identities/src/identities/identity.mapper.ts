import type { IdentityView } from '@tandem/contracts';

import type { Identity } from './identity.entity';

/** The contracts' view of an identity: what events carry and queries answer. */
export function toIdentityView(identity: Identity): IdentityView {
  return {
    id: identity.id,
    userId: identity.userId,
    category: identity.category,
    name: identity.name,
    affirmation: identity.affirmation,
    visualization: identity.visualization,
    state: identity.state,
    archived: identity.archivedAt !== null,
    createdAt: identity.createdAt.toISOString(),
    updatedAt: identity.updatedAt.toISOString(),
  };
}
