import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@wardwatch/accounts';
import { FootageRequestsService, InvestigationsService, ReleasesService } from '@wardwatch/investigations';
import { ApiProblems } from '../openapi/api-problems';
import { CurrentUser, Roles } from '../auth/access-policy';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { cursorKeys } from '../http/page';
import {
  AddMemberDto,
  CloseInvestigationDto,
  FileFootageRequestDto,
  FootageRequestPage,
  FootageRequestResponse,
  HandOverLeadDto,
  IdParam,
  InvestigationPage,
  InvestigationResponse,
  ListInvestigationsQueryDto,
  MemberParams,
  OpenInvestigationDto,
  PageQueryDto,
  ReleasedClipPage,
  ReleasedClipResponse,
  ReleasedClipsQueryDto,
} from './dto/investigation.dto';

/** Keyset cursors of lists ordered newest first by (time, id). */
export const pageAfter = (cursor?: string) => {
  if (!cursor) return null;
  const c = decodeCursor(cursor, ['createdAt', 'id'] as const);
  return { createdAt: new Date(c.createdAt), id: c.id };
};
export const nextCursor = (next: { createdAt: Date; id: string; cameraId?: string } | null) =>
  next
    ? encodeCursor({ createdAt: next.createdAt.toISOString(), id: next.id, ...(next.cameraId ? { cameraId: next.cameraId } : {}) })
    : null;

/** Keyset cursors of released clips, ordered by when they start. */
export const clipsAfter = (cursor?: string) => {
  const c = cursorKeys(cursor, ['at', 'clipId'] as const);
  return c ? { at: new Date(c.at), clipId: c.clipId } : null;
};
export const releasedClipPage = (page: { items: ReleasedClipResponse[]; next: { at: Date; clipId: string } | null }): ReleasedClipPage => ({
  items: page.items,
  next: page.next ? encodeCursor({ at: page.next.at.toISOString(), clipId: page.next.clipId }) : null,
});

@ApiTags('investigations')
@Controller('investigations')
export class InvestigationsController {
  constructor(
    private readonly investigations: InvestigationsService,
    private readonly requests: FootageRequestsService,
    private readonly releases: ReleasesService,
  ) {}

  @Post()
  @Roles('officer')
  @ApiOperation({ operationId: 'openInvestigation', summary: 'Open an investigation: you become its lead officer and first member' })
  @ApiCreatedResponse({ type: InvestigationResponse })
  @ApiProblems({ status: 409, description: 'The case number already has an investigation' })
  open(@CurrentUser() user: Principal, @Body() body: OpenInvestigationDto): Promise<InvestigationResponse> {
    return this.investigations.open(user, body);
  }

  @Get()
  @Roles('officer', 'supervisor')
  @ApiOperation({
    operationId: 'listInvestigations',
    summary: 'Investigations, newest first: officers see those they are members of, supervisors all',
  })
  @ApiOkResponse({ type: InvestigationPage })
  async list(@CurrentUser() user: Principal, @Query() q: ListInvestigationsQueryDto): Promise<InvestigationPage> {
    const page = await this.investigations.list(user, { status: q.status, after: pageAfter(q.cursor), limit: q.limit ?? 50 });
    return { items: page.items, next: nextCursor(page.next) };
  }

  @Get(':id')
  @Roles('officer', 'supervisor')
  @ApiOperation({ operationId: 'getInvestigation', summary: 'One investigation with its members (members; supervisors)' })
  @ApiOkResponse({ type: InvestigationResponse })
  @ApiProblems({ status: 404, description: 'No such investigation' })
  get(@CurrentUser() user: Principal, @Param() { id }: IdParam): Promise<InvestigationResponse> {
    return this.investigations.get(user, id);
  }

  @Post(':id/members')
  @Roles('officer')
  @ApiOperation({
    operationId: 'addInvestigationMember',
    summary: 'Add an officer or supervisor as a member (members only); audited. A removed member can be added again',
  })
  @ApiCreatedResponse({ type: InvestigationResponse })
  @ApiProblems({ status: 422, description: 'The user is not an active officer or supervisor' })
  @ApiProblems({ status: 409, description: 'Already a member, or the investigation is closed' })
  addMember(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() body: AddMemberDto): Promise<InvestigationResponse> {
    return this.investigations.addMember(user, id, body.userId);
  }

  @Delete(':id/members/:userId')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({
    operationId: 'removeInvestigationMember',
    summary: 'Remove a member (the lead officer or a supervisor); audited. The lead cannot be removed: hand the lead over first',
    description:
      'The member loses access at once (requests, released clips, links); the record keeps who was a member and who removed them. ' +
      'Requests they filed stay with the investigation.',
  })
  @ApiOkResponse({ type: InvestigationResponse })
  @ApiProblems({ status: 403, description: 'Neither the lead officer nor a supervisor' })
  @ApiProblems({ status: 404, description: 'No such investigation, or the user is not a member' })
  @ApiProblems({ status: 409, description: 'The user leads the investigation, or it is closed' })
  removeMember(@CurrentUser() user: Principal, @Param() p: MemberParams): Promise<InvestigationResponse> {
    return this.investigations.removeMember(user, p.id, p.userId);
  }

  @Post(':id/lead')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({
    operationId: 'handOverInvestigationLead',
    summary: 'Hand the lead to another member, an active officer or supervisor (the lead officer or a supervisor); audited',
  })
  @ApiOkResponse({ type: InvestigationResponse })
  @ApiProblems({ status: 403, description: 'Neither the lead officer nor a supervisor' })
  @ApiProblems({ status: 404, description: 'No such investigation' })
  @ApiProblems({ status: 409, description: 'The investigation is closed' })
  @ApiProblems({ status: 422, description: 'The new lead is not an active officer or supervisor who is a member, or leads already' })
  handOverLead(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() body: HandOverLeadDto): Promise<InvestigationResponse> {
    return this.investigations.handOverLead(user, id, body.userId);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({
    operationId: 'closeInvestigation',
    summary: 'Close the investigation: cancels pending requests, revokes releases, lifts its legal holds',
  })
  @ApiOkResponse({ type: InvestigationResponse })
  @ApiProblems({ status: 409, description: 'Already closed' })
  close(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() body: CloseInvestigationDto): Promise<InvestigationResponse> {
    return this.investigations.close(user, id, body.reason);
  }

  @Post(':id/footage-requests')
  @Roles('officer')
  @ApiOperation({
    operationId: 'fileFootageRequest',
    summary:
      'Ask for footage (members): cameras from a search, or an area (point and radius, polygon, or ward), a window, a reason and a legal basis',
    description:
      'Footage in the window is put on a preservation hold at once. A supervisor decides first (when FOOTAGE_SUPERVISOR_APPROVAL is on), ' +
      'then each owner whose consent says "ask"; "auto_release" cameras are released without asking the owner. ' +
      'A request whose area is larger than FOOTAGE_REQUEST_MAX_AREA_KM2 or whose window is longer than FOOTAGE_REQUEST_MAX_WINDOW_HOURS ' +
      '(GET /settings: footageRequestLimits) is refused with footage_request.exceeds_limits unless it carries a justification; ' +
      'with one it is stored flagged (exceedsLimits) and always goes to a supervisor first.',
  })
  @ApiCreatedResponse({ type: FootageRequestResponse })
  @ApiProblems({
    status: 400,
    description:
      'Not one selection, a bad window, or beyond the area/window limits without a justification (footage_request.exceeds_limits)',
  })
  @ApiProblems({
    status: 422,
    description: 'Cameras that cannot be requested, each with the reason; or an area with no consenting camera',
  })
  file(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() body: FileFootageRequestDto): Promise<FootageRequestResponse> {
    return this.requests.file(user, id, body);
  }

  @Get(':id/footage-requests')
  @Roles('officer', 'supervisor')
  @ApiOperation({
    operationId: 'listInvestigationFootageRequests',
    summary: "The investigation's footage requests, newest first (members; supervisors)",
  })
  @ApiOkResponse({ type: FootageRequestPage })
  async listRequests(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Query() q: PageQueryDto): Promise<FootageRequestPage> {
    const page = await this.requests.listForInvestigation(user, id, pageAfter(q.cursor), q.limit ?? 50);
    return { items: page.items, next: nextCursor(page.next) };
  }

  @Get(':id/clips')
  @Roles('officer', 'supervisor')
  @ApiOperation({ operationId: 'listInvestigationClips', summary: 'Clips released to the investigation and fetchable now (members only)' })
  @ApiOkResponse({ type: ReleasedClipPage })
  async clips(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Query() q: ReleasedClipsQueryDto): Promise<ReleasedClipPage> {
    return releasedClipPage(await this.releases.releasedClips(user, id, { after: clipsAfter(q.cursor), limit: q.limit ?? 100 }));
  }
}
