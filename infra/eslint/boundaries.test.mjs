// The boundary rule itself works (node --test 'infra/eslint/*.test.mjs'; run by the lint step of npm test).
import { join, resolve } from 'node:path';
import { test } from 'node:test';

import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';

import tandem from './boundaries.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const at = (path) => join(ROOT, path);
RuleTester.describe = (_name, fn) => fn();
RuleTester.it = (name, fn) => test(name, fn);
RuleTester.itOnly = RuleTester.it;
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

tester.run('tandem/boundaries', tandem.rules.boundaries, {
  valid: [
    { filename: at('apps/chat/src/a.ts'), code: "import { MessageBus } from '@tandem/messaging'; import { z } from 'zod';" },
    { filename: at('apps/chat/test/a.spec.ts'), code: "import { expectEventually } from '@tandem/testing';" },
    { filename: at('apps/chat/src/a.ts'), code: "import { x } from './turn/x';" },
    { filename: at('libs/contracts/src/a.ts'), code: "import { z } from 'zod'; import { join } from 'node:path';" },
    { filename: at('libs/contracts/src/asyncapi.ts'), code: "import { stringify } from 'yaml';" },
    { filename: at('libs/messaging/test/support.ts'), code: "import { defineServiceConfig } from '@tandem/persistence';" },
    { filename: at('tests/system/test/a.spec.ts'), code: "import { startAppProcess } from '@tandem/testing';" },
  ],
  invalid: [
    { filename: at('apps/gateway/src/a.ts'), code: "import { AppModule } from '@tandem/chat';", errors: [{ message: /apps\/gateway \(type:app\) must not import @tandem\/chat/ }] },
    { filename: at('apps/gateway/test/a.spec.ts'), code: "import { AppModule } from '../../identities/src/app.module';", errors: [{ message: /through a relative path/ }] },
    { filename: at('apps/gateway/test/a.spec.ts'), code: "import { AppModule } from '@tandem/identities';", errors: [{ message: /even in tests/ }] },
    { filename: at('apps/gateway/src/a.ts'), code: "import { startAppProcess } from '@tandem/testing';", errors: 1 },
    { filename: at('libs/messaging/src/a.ts'), code: "export * from '@tandem/gateway';", errors: 1 },
    { filename: at('libs/messaging/src/a.ts'), code: "import { migrate } from '@tandem/persistence';", errors: 1 },
    { filename: at('libs/contracts/src/a.ts'), code: "import { Injectable } from '@nestjs/common';", errors: [{ message: /may import only zod/ }] },
    { filename: at('libs/contracts/src/a.ts'), code: "const orm = require('@mikro-orm/core');", errors: 1 },
    { filename: at('libs/contracts/src/a.ts'), code: "import { stringify } from 'yaml';", errors: 1 },
    { filename: at('libs/contracts/src/a.ts'), code: "import { readEnv } from '@tandem/config';", errors: 1 },
    { filename: at('libs/persistence/src/a.ts'), code: "import { connect } from '@nats-io/transport-node';", errors: [{ message: /must not import @nats-io/ }] },
    { filename: at('libs/llm/src/a.ts'), code: "import { Entity } from '@mikro-orm/decorators/legacy';", errors: 1 },
    { filename: at('libs/llm/src/a.ts'), code: "const m = await import('@tandem/persistence');", errors: 1 },
    { filename: at('tests/system/test/a.spec.ts'), code: "import { gatewayOrmConfig } from '@tandem/gateway';", errors: 1 },
  ],
});
