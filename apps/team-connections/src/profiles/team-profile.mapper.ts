import type { TeamProfileView } from '@tandem/contracts';

import type { TeamProfile } from './team-profile.entity';

/** The contracts' view of a profile, for its owner only: colleagues see a ColleagueCard. */
export function toTeamProfileView(profile: TeamProfile): TeamProfileView {
  return {
    userId: profile.userId,
    displayName: profile.displayName,
    company: profile.company,
    department: profile.department,
    role: profile.role,
    strengths: profile.strengthsSummary,
    expertiseAreas: profile.expertiseAreas,
    projectExperience: profile.projectExperience,
    collaborationPreferences: profile.collaborationPreferences,
    availability: profile.availabilityStatus,
    connectionOptIn: profile.connectionOptIn,
    createdAt: profile.createdAt.toISOString(),
    updatedAt: profile.updatedAt.toISOString(),
  };
}
