import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags, ApiOperation } from '@nestjs/swagger';

import { GenerateReportNow, GetReport, ListInsights, ListReports, type ResponseOf } from '@tandem/contracts';

import { CurrentUser, type AuthenticatedUser } from '../auth/auth.decorators';
import { ServiceQueries } from '../http/service-queries';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { GenerateReportDto, InsightListDto, ListReportsQueryDto, ReportDto, ReportListDto } from './reports.dto';

const id = new UuidParamPipe();

/** 2-, 7- and 21-day reports and the insights found in the user's data, answered by progress; another user's report is a 404 there. */
@ApiTags('progress')
@ApiBearerAuth()
@ApiServiceUnavailableResponse({ description: 'progress did not answer in time' })
@Controller()
export class ReportsController {
  constructor(private readonly services: ServiceQueries) {}

  @Get('reports')
  @ApiOperation({ summary: 'My progress reports, newest first' })
  @ApiOkResponse({ type: ReportListDto })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListReportsQueryDto): Promise<ResponseOf<typeof ListReports>> {
    return this.services.ask(ListReports, user.id, query);
  }

  @Get('reports/:id')
  @ApiOperation({ summary: 'One of my progress reports' })
  @ApiOkResponse({ type: ReportDto })
  @ApiNotFoundResponse()
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', id) reportId: string): Promise<ResponseOf<typeof GetReport>> {
    return this.services.ask(GetReport, user.id, { reportId });
  }

  @Post('reports')
  @ApiOperation({ summary: 'Write a progress report now' })
  @ApiCreatedResponse({ type: ReportDto })
  @ApiBadRequestResponse({ description: 'an unknown type' })
  generate(@CurrentUser() user: AuthenticatedUser, @Body() body: GenerateReportDto): Promise<ResponseOf<typeof GenerateReportNow>> {
    return this.services.ask(GenerateReportNow, user.id, body);
  }

  @Get('insights')
  @ApiOperation({ summary: 'Insights drawn from my progress' })
  @ApiOkResponse({ type: InsightListDto })
  insights(@CurrentUser() user: AuthenticatedUser): Promise<ResponseOf<typeof ListInsights>> {
    return this.services.ask(ListInsights, user.id, {});
  }
}
