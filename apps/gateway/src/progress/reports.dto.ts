import { GenerateReportNow, GetReport, ListInsights, ListReports } from '@tandem/contracts';

import { RequestDto, ResponseDto } from '../http/zod-dto';

// progress's contracts (libs/contracts) are the schemas: the caller's id comes from the token.
export class GenerateReportDto extends RequestDto(GenerateReportNow.payload.omit({ userId: true })) {}
export class ListReportsQueryDto extends RequestDto(ListReports.payload.omit({ userId: true })) {}

export class ReportDto extends ResponseDto(GetReport.response) {}
export class ReportListDto extends ResponseDto(ListReports.response) {}
export class InsightListDto extends ResponseDto(ListInsights.response) {}
