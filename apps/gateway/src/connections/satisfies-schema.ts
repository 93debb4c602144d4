import { ValidateBy, type ValidationOptions } from 'class-validator';
import type { z } from 'zod';

/**
 * Validates a nested body field against its schema in libs/contracts, so the gateway answers 400
 * with the schema's own words instead of sending a request the contract would refuse.
 */
export function SatisfiesSchema(schema: z.ZodType, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'satisfiesSchema',
      validator: {
        validate: (value: unknown) => schema.safeParse(value).success,
        defaultMessage: (args) => {
          const issue = schema.safeParse(args?.value).error?.issues[0];
          const path = [args?.property, ...(issue?.path ?? [])].join('.');
          return `${path}: ${issue?.message ?? 'invalid'}`;
        },
      },
    },
    options,
  );
}
