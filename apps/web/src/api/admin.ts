// The admin routes, typed by the generated schema (docs/openapi.json → schema.d.ts) like the rest.
import { api, call, type Schemas } from './client';

export type ScenarioStatusView = Schemas['ScenarioStatusDto'];
export type LoadedScenarioView = Schemas['LoadedScenarioDto'];

export const adminApi = {
  prompts: (cursor?: string) => call(api.GET('/v1/admin/prompts', { params: { query: { cursor } } })),
  createPrompt: (body: Schemas['CreatePromptDto']) => call(api.POST('/v1/admin/prompts', { body })),
  activatePrompt: (id: string) => call(api.POST('/v1/admin/prompts/{id}/activate', { params: { path: { id } } })),
  knowledge: (q?: string, cursor?: string) => call(api.GET('/v1/admin/knowledge', { params: { query: { q, cursor } } })),
  createKnowledge: (body: Schemas['CreateKnowledgeDto']) => call(api.POST('/v1/admin/knowledge', { body })),
  deleteKnowledge: (id: string) => call(api.DELETE('/v1/admin/knowledge/{id}', { params: { path: { id } } })),
  scenarios: (cursor?: string) => call(api.GET('/v1/admin/test-scenarios', { params: { query: { cursor } } })),
  createScenario: (body: Schemas['CreateTestScenarioDto']) => call(api.POST('/v1/admin/test-scenarios', { body })),
  loadScenario: (id: string) => call(api.POST('/v1/admin/test-scenarios/{id}/load', { params: { path: { id } } })),
  scenarioStatus: (id: string) => call(api.GET('/v1/admin/test-scenarios/{id}/status', { params: { path: { id } } })),
  resetScenario: (id: string) => call(api.POST('/v1/admin/test-scenarios/{id}/reset', { params: { path: { id } } })),
  deleteScenario: (id: string) => call(api.DELETE('/v1/admin/test-scenarios/{id}', { params: { path: { id } } })),
};
