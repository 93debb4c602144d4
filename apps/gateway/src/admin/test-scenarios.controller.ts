import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { AdminOnly, CurrentUser, type AuthenticatedUser } from '../auth/auth.decorators';
import { TestScenarioService } from '../scenarios/test-scenario.service';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { CreateTestScenarioDto, ListTestScenariosQueryDto, LoadedScenarioDto, ScenarioStatusDto, TestScenarioDto, TestScenarioPageDto } from './test-scenarios.dto';

const uuid = new UuidParamPipe();

/** Test scenarios: named test data loaded into every service and reset again (docs/test-scenarios.md). Admins only. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'The caller is not an admin (an operator grants it: npm run admin -- grant <email>)' })
@AdminOnly()
@Controller('admin/test-scenarios')
export class TestScenariosController {
  constructor(private readonly scenarios: TestScenarioService) {}

  @Post()
  @ApiOperation({ summary: 'Create a test scenario from a template' })
  @ApiCreatedResponse({ type: TestScenarioDto })
  @ApiConflictResponse({ description: 'The name is taken' })
  create(@CurrentUser() admin: AuthenticatedUser, @Body() body: CreateTestScenarioDto): Promise<TestScenarioDto> {
    return this.scenarios.create(admin.id, body);
  }

  @Get()
  @ApiOperation({ summary: 'The test scenarios' })
  @ApiOkResponse({ type: TestScenarioPageDto })
  list(@Query() query: ListTestScenariosQueryDto): Promise<TestScenarioPageDto> {
    return this.scenarios.list(query);
  }

  @Post(':id/load')
  @HttpCode(202)
  @ApiOperation({ summary: 'Creates the accounts and has every service apply the template; answers before they have (see status)' })
  @ApiAcceptedResponse({ type: LoadedScenarioDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Already loaded, or inactive' })
  load(@Param('id', uuid) id: string): Promise<LoadedScenarioDto> {
    return this.scenarios.load(id);
  }

  @Get(':id/status')
  @ApiOperation({ summary: 'Which services have applied a loaded test scenario' })
  @ApiOkResponse({ type: ScenarioStatusDto })
  @ApiNotFoundResponse()
  status(@Param('id', uuid) id: string): Promise<ScenarioStatusDto> {
    return this.scenarios.status(id);
  }

  @Post(':id/reset')
  @HttpCode(202)
  @ApiOperation({ summary: "Has every service delete the scenario's rows; the gateway deletes the accounts once all have" })
  @ApiAcceptedResponse({ type: ScenarioStatusDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Not loaded, or still loading' })
  reset(@Param('id', uuid) id: string): Promise<ScenarioStatusDto> {
    return this.scenarios.reset(id);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a test scenario that is not loaded' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @HttpCode(204)
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'It is loaded: reset it first' })
  remove(@Param('id', uuid) id: string): Promise<void> {
    return this.scenarios.remove(id);
  }
}
