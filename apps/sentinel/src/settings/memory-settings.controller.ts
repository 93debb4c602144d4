import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { GetMemorySettings, UpdateMemorySettings, type MemorySettingsView, type PayloadOf, type ResponseOf } from '@tandem/contracts';
import { AnswerQuery } from '@tandem/messaging';

import { MemorySettingsService } from './memory-settings.service';

/** Request/reply for the gateway's `GET` and `PUT /v1/memory/settings`. */
@Controller()
export class MemorySettingsController {
  constructor(private readonly settings: MemorySettingsService) {}

  @AnswerQuery(GetMemorySettings)
  get(@Payload() request: PayloadOf<typeof GetMemorySettings>): Promise<MemorySettingsView> {
    return this.settings.get(request);
  }

  @AnswerQuery(UpdateMemorySettings)
  update(@Payload() request: PayloadOf<typeof UpdateMemorySettings>): Promise<ResponseOf<typeof UpdateMemorySettings>> {
    return this.settings.update(request);
  }
}
