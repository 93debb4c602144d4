import { z } from 'zod';

import { parseEnv } from './parse-env';

describe(parseEnv.name, () => {
  const schema = z.object({ PORT: z.coerce.number().int().positive(), API_SECRET: z.string().min(8) });

  it('should return typed values when the environment is valid', () => {
    expect(parseEnv(schema, { PORT: '3000', API_SECRET: 'long-enough' })).toEqual({ PORT: 3000, API_SECRET: 'long-enough' });
  });

  it('should name each bad variable without echoing its value when validation fails', () => {
    const attempt = () => parseEnv(schema, { PORT: 'abc', API_SECRET: 'short' });
    expect(attempt).toThrow(/PORT: .*; API_SECRET: /);
    expect(attempt).not.toThrow(/short/);
  });
});
