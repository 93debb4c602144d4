// The admin routes' responses are not described in docs/openapi.json yet (their controllers
// declare no response schema), so their shapes are written here from the contracts
// (libs/contracts/src/chat/chat-admin.ts) and the gateway's test-scenario DTOs. When the document
// describes them, these go and the generated types take over.
import { api, call, type Schemas } from './client';

export interface PromptView {
  id: string;
  coachingPhase: string;
  version: number;
  isActive: boolean;
  template: string;
  allowedActions: string[];
  createdAt: string;
}

export interface KnowledgeView {
  id: string;
  category: string;
  contentType: string;
  title: string;
  content: string;
  tags: string[];
  createdAt: string;
  distance?: number | null;
}

export interface TestScenarioView {
  id: string;
  name: string;
  description: string | null;
  isActive: boolean;
  state: string;
  createdAt: string;
}

export interface ScenarioStatusView {
  scenarioId: string;
  state: string;
  userIds: string[];
  services: { service: string; appliedAccounts: number; applied: boolean; clearedAt: string | null }[];
}

export interface LoadedScenarioView {
  scenarioId: string;
  password: string;
  accounts: { userId: string; email: string; kind: string }[];
}

export const adminApi = {
  prompts: async () => ((await call(api.GET('/v1/admin/prompts', {}))) as unknown as { items: PromptView[] }).items,
  createPrompt: (body: Schemas['CreatePromptDto']) => call(api.POST('/v1/admin/prompts', { body })) as Promise<unknown> as Promise<PromptView>,
  activatePrompt: (id: string) => call(api.POST('/v1/admin/prompts/{id}/activate', { params: { path: { id } } })) as Promise<unknown> as Promise<PromptView>,
  knowledge: async (q?: string) => ((await call(api.GET('/v1/admin/knowledge', { params: { query: q ? { q } : {} } }))) as unknown as { items: KnowledgeView[] }).items,
  createKnowledge: (body: Schemas['CreateKnowledgeDto']) => call(api.POST('/v1/admin/knowledge', { body })) as Promise<unknown> as Promise<KnowledgeView>,
  deleteKnowledge: (id: string) => call(api.DELETE('/v1/admin/knowledge/{id}', { params: { path: { id } } })),
  // A page of up to 100 (the list pages by name with ?cursor=; a deployment keeps a handful).
  scenarios: async () => ((await call(api.GET('/v1/admin/test-scenarios', { params: { query: { limit: 100 } } }))) as unknown as { items: TestScenarioView[] }).items,
  createScenario: (body: Schemas['CreateTestScenarioDto']) => call(api.POST('/v1/admin/test-scenarios', { body })) as Promise<unknown> as Promise<TestScenarioView>,
  loadScenario: (id: string) => call(api.POST('/v1/admin/test-scenarios/{id}/load', { params: { path: { id } } })) as Promise<unknown> as Promise<LoadedScenarioView>,
  scenarioStatus: (id: string) => call(api.GET('/v1/admin/test-scenarios/{id}/status', { params: { path: { id } } })) as Promise<unknown> as Promise<ScenarioStatusView>,
  resetScenario: (id: string) => call(api.POST('/v1/admin/test-scenarios/{id}/reset', { params: { path: { id } } })) as Promise<unknown> as Promise<ScenarioStatusView>,
  deleteScenario: (id: string) => call(api.DELETE('/v1/admin/test-scenarios/{id}', { params: { path: { id } } })),
};
