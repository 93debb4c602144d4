import type { Provider } from '@nestjs/common';

import { createChatModel, readLlmConfig } from '@tandem/llm';

import { EXTRACTOR, type Extractor } from './extraction';
import { ModelExtractor } from './model-extractor';
import { OfflineExtractor } from './offline-extractor';

/** The offline extractor, unless a real chat model is configured (LLM_PROVIDER other than offline). */
export const extractorProvider: Provider = {
  provide: EXTRACTOR,
  useFactory: (): Extractor => {
    const config = readLlmConfig();
    const offline = new OfflineExtractor();
    return config.chat.provider === 'offline' ? offline : new ModelExtractor(createChatModel(config), offline);
  },
};
