import type { ProjectExperience } from '@tandem/contracts';

import { canonicalTerm } from '../matching/context-terms';

/** Trimmed, lower case, each once: the form `expertise_areas ?| phrases` can find. */
export function canonicalExpertise(areas: readonly string[]): string[] {
  return [...new Set(areas.map(canonicalTerm).filter(Boolean))];
}

/**
 * What the profile embedding says: what the person knows (role and expertise), not who they are.
 * Someone who lists neither is described by their projects, so the nearest-profile search (whose
 * HNSW index holds no empty vectors) still finds them.
 */
export function profileText(role: string | null, expertiseAreas: readonly string[], projects: readonly ProjectExperience[]): string {
  return [role, ...expertiseAreas].filter(Boolean).join('. ') || experienceText(projects);
}

/** What the experience embedding says: the projects and challenges the person has been through. */
export function experienceText(projects: readonly ProjectExperience[]): string {
  return projects.map((project) => [project.project, project.role, project.summary].filter(Boolean).join('. ')).join('\n');
}
