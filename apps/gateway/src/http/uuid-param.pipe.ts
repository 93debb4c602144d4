import { BadRequestException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { z } from 'zod';

const uuid = z.uuid();

/** A path id that must be a UUID: a 400 whose `errors` names the parameter, as the body and query validation do. */
export class UuidParamPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    const parsed = uuid.safeParse(value);
    if (parsed.success) return parsed.data;
    const field = metadata.data ?? 'id';
    throw new BadRequestException({ message: `${field} must be a UUID`, errors: [{ field, message: `${field} must be a UUID` }] });
  }
}
