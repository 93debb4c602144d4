import { BadRequestException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import type { Observable } from 'rxjs';
import { z } from 'zod';

/** JSON bodies nested deeper than this are refused before validation walks them (recursively). */
export const MAX_BODY_DEPTH = 32;

/** How deep a parsed JSON value nests, counted without recursion; stops once past `limit`. */
export function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Refuses a request body nested past MAX_BODY_DEPTH with 400, before any pipe sees it. */
export class BodyDepthInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const body = context.switchToHttp().getRequest<{ body?: unknown }>().body;
    if (depthOf(body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) throw new BadRequestException(`The JSON body nests deeper than ${MAX_BODY_DEPTH} levels`);
    return next.handle();
  }
}

/** The bus contracts' own email rule (zod), so an address the gateway takes never breaks user.registered. */
const contractEmail = z.email();

export function IsContractEmail(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isContractEmail', validator: { validate: (value: unknown) => contractEmail.safeParse(value).success, defaultMessage: () => '$property must be a valid email address (ASCII)' } },
    options,
  );
}
