import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@wardwatch/accounts';
import { FootageRequestsService, ReleasesService } from '@wardwatch/investigations';
import { ApiProblems } from '../openapi/api-problems';
import { CurrentUser, Roles } from '../auth/access-policy';
import { decodeCursor } from '../http/cursor';
import {
  FootageRequestPage,
  FootageRequestResponse,
  IdParam,
  ListRequestsQueryDto,
  OwnerDecisionDto,
  OwnerRequestPage,
  OwnerRequestResponse,
  OwnerRequestsQueryDto,
  ReleasedClipPage,
  ReleasedClipsQueryDto,
  RequestCameraParams,
  SupervisorDecisionDto,
} from './dto/investigation.dto';
import { clipsAfter, nextCursor, pageAfter, releasedClipPage } from './investigations.controller';

@ApiTags('footage-requests')
@Controller('footage-requests')
export class FootageRequestsController {
  constructor(
    private readonly requests: FootageRequestsService,
    private readonly releases: ReleasesService,
  ) {}

  @Get()
  @Roles('supervisor')
  @ApiOperation({
    operationId: 'listFootageRequests',
    summary:
      "Every footage request, newest first; filter state=pending_supervisor (or decision=pending) for the approval queue, decision=approved|rejected for the supervisors' decided ones, investigationId for one case",
  })
  @ApiOkResponse({ type: FootageRequestPage })
  async list(@Query() q: ListRequestsQueryDto): Promise<FootageRequestPage> {
    const page = await this.requests.listAll(
      { state: q.state, decision: q.decision, investigationId: q.investigationId },
      pageAfter(q.cursor),
      q.limit ?? 50,
    );
    return { items: page.items, next: nextCursor(page.next) };
  }

  @Get(':id')
  @Roles('officer', 'supervisor')
  @ApiOperation({
    operationId: 'getFootageRequest',
    summary: 'One request with the state of each camera and its release (members; supervisors)',
  })
  @ApiOkResponse({ type: FootageRequestResponse })
  @ApiProblems({ status: 404, description: 'No such request' })
  get(@CurrentUser() user: Principal, @Param() { id }: IdParam): Promise<FootageRequestResponse> {
    return this.requests.get(user, id);
  }

  @Post(':id/supervisor-decision')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({
    operationId: 'decideFootageRequestAsSupervisor',
    summary: 'Approve (owners are asked next, auto-release cameras are released) or reject the request',
  })
  @ApiOkResponse({ type: FootageRequestResponse })
  @ApiProblems({
    status: 400,
    description: 'A rejection without a note of at least 10 characters (footage_request.rejection_reason_required)',
  })
  @ApiProblems({ status: 403, description: 'The supervisor filed the request or is a member of its investigation' })
  @ApiProblems({ status: 404, description: 'No such request' })
  @ApiProblems({ status: 409, description: 'The request is not waiting for a supervisor, or it expired' })
  decide(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() body: SupervisorDecisionDto): Promise<FootageRequestResponse> {
    return this.requests.supervisorDecision(user, id, body.decision === 'approve', body.note ?? null);
  }

  @Get(':id/clips')
  @Roles('officer', 'supervisor')
  @ApiOperation({
    operationId: 'listFootageRequestClips',
    summary: "Clips this request released that are fetchable now (members of the request's investigation)",
  })
  @ApiOkResponse({ type: ReleasedClipPage })
  async clips(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Query() q: ReleasedClipsQueryDto): Promise<ReleasedClipPage> {
    const request = await this.requests.get(user, id);
    return releasedClipPage(
      await this.releases.releasedClips(user, request.investigationId, {
        requestId: id,
        after: clipsAfter(q.cursor),
        limit: q.limit ?? 100,
      }),
    );
  }
}

@ApiTags('footage-requests')
@Controller('owner/footage-requests')
@Roles('resident')
export class OwnerFootageRequestsController {
  constructor(private readonly requests: FootageRequestsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listOwnerFootageRequests',
    summary: 'Requests for footage of your cameras that a supervisor let through: the case number, reason, window and legal basis',
  })
  @ApiOkResponse({ type: OwnerRequestPage })
  async list(@CurrentUser() user: Principal, @Query() q: OwnerRequestsQueryDto): Promise<OwnerRequestPage> {
    const after = q.cursor ? decodeCursor(q.cursor, ['createdAt', 'id', 'cameraId'] as const) : null;
    const page = await this.requests.ownerInbox(user, {
      state: q.state,
      after: after ? { createdAt: new Date(after.createdAt), id: after.id, cameraId: after.cameraId } : null,
      limit: q.limit ?? 50,
    });
    return { items: page.items, next: nextCursor(page.next) };
  }

  @Post(':id/cameras/:cameraId/decision')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'decideFootageRequestAsOwner',
    summary: 'Approve (releases this camera now) or decline (this camera only) a request for one of your cameras',
  })
  @ApiOkResponse({ type: OwnerRequestResponse })
  @ApiProblems({ status: 404, description: 'No such request for a camera of yours' })
  @ApiProblems({ status: 409, description: 'Already answered, expired, or your consent no longer allows release' })
  decide(@CurrentUser() user: Principal, @Param() p: RequestCameraParams, @Body() body: OwnerDecisionDto): Promise<OwnerRequestResponse> {
    return this.requests.ownerDecision(user, p.id, p.cameraId, body.decision === 'approve', body.note ?? null);
  }
}
