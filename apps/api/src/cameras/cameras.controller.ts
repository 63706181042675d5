import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@wardwatch/accounts';
import {
  CameraAccessLog,
  CameraRegistryService,
  ConsentService,
  CURRENT_NOTICE_VERSION,
  noticeText,
  toCameraView,
  type ConsentTerms,
} from '@wardwatch/cameras';
import { CurrentUser, Roles } from '../auth/access-policy';
import { encodeCursor } from '../http/cursor';
import { ApiProblems, type ProblemSpec } from '../openapi/api-problems';
import { cursorKeys, keysetPage, wholeList } from '../http/page';
import {
  AccessLogPage,
  AuditCursorQueryDto,
  CameraCredentialsDto,
  CameraIdParam,
  CameraListQueryDto,
  CameraPage,
  CameraResponse,
  CameraWithConsentResponse,
  ClipSettingsDto,
  ConsentNoticeResponse,
  ConsentPage,
  ConsentResponse,
  ConsentTermsDto,
  EnrolCameraDto,
  EnrolmentConflictPage,
  NoticeQueryDto,
} from './dto/camera.dto';

const terms = (dto: ConsentTermsDto): ConsentTerms => ({ ...dto, activeHours: dto.activeHours ?? null, method: dto.method ?? 'api' });

const TOO_MANY_PROBES: ProblemSpec = {
  status: 429,
  description: 'Too many probes by you or of this address; `Retry-After` says when to try again',
};
const PROBES_UNAVAILABLE: ProblemSpec = {
  status: 503,
  description: 'Probes are briefly unavailable (busy, or the rate limiter is not answering)',
};
const WITHDRAWN: ProblemSpec = { status: 409, description: 'The camera’s consent was withdrawn (final), or it was removed meanwhile' };

@ApiTags('cameras')
@Controller()
export class CamerasController {
  constructor(
    private readonly registry: CameraRegistryService,
    private readonly consents: ConsentService,
    private readonly accessLogs: CameraAccessLog,
  ) {}

  @Get('consent-notice')
  @Roles('resident', 'admin')
  @ApiOperation({ operationId: 'getConsentNotice', summary: 'The consent notice residents read before enrolling (Vietnamese or English)' })
  @ApiOkResponse({ type: ConsentNoticeResponse })
  notice(@Query() q: NoticeQueryDto): ConsentNoticeResponse {
    const language = q.language ?? 'vi';
    // The current version has both languages (consent-notices.ts); an empty text would be a bug there.
    return { version: CURRENT_NOTICE_VERSION, language, text: noticeText(CURRENT_NOTICE_VERSION, language) ?? '' };
  }

  @Post('cameras')
  @Roles('resident')
  @ApiOperation({
    operationId: 'enrolCamera',
    summary:
      'Enrol a camera you own: checks the network, probes it over ONVIF, stores it with your consent (or, without consent, pending: see its snapshot, then PUT /cameras/:id/consent)',
  })
  @ApiCreatedResponse({ type: CameraWithConsentResponse })
  @ApiProblems(
    {
      status: 422,
      description:
        'The probe failed; `failure` says why: no_onvif_camera (nothing answered as an ONVIF camera), or for a device that did: auth_refused, clock_unset, no_h264, ...; forbidden_address',
    },
    { status: 409, description: 'The camera (same device, or same address and port) is already enrolled and not withdrawn' },
    TOO_MANY_PROBES,
    PROBES_UNAVAILABLE,
  )
  enrol(@CurrentUser() user: Principal, @Body() body: EnrolCameraDto): Promise<CameraWithConsentResponse> {
    return this.registry.enrol(user, {
      label: body.label,
      address: body.address,
      latitude: body.latitude,
      longitude: body.longitude,
      facingNote: body.facingNote ?? null,
      direction: body.direction ?? null,
      onvif: { ...body.onvif, path: body.onvif.path ?? '/onvif/device_service' },
      consent: body.consent ? terms(body.consent) : null,
    });
  }

  @Get('cameras')
  @Roles('resident', 'admin')
  @ApiOperation({ operationId: 'listCameras', summary: 'Your cameras (admins: all cameras)' })
  @ApiOkResponse({ type: CameraPage })
  async list(@CurrentUser() user: Principal, @Query() q: CameraListQueryDto): Promise<CameraPage> {
    const limit = q.limit ?? 100;
    const after = cursorKeys(q.cursor, ['createdAt', 'id'] as const);
    const rows = await this.registry.list(user, {
      after: after ? { createdAt: new Date(after.createdAt), id: after.id } : null,
      limit: limit + 1,
    });
    return keysetPage(rows, limit, (last) => ({ createdAt: last.createdAt.toISOString(), id: last.id }));
  }

  @Get('cameras/enrolment-conflicts')
  @Roles('admin')
  @ApiOperation({
    operationId: 'listEnrolmentConflicts',
    summary: 'Refused enrolments of a camera someone else had enrolled (who tried, which camera, its owner), newest first',
  })
  @ApiOkResponse({ type: EnrolmentConflictPage })
  async enrolmentConflicts(@Query() q: AuditCursorQueryDto): Promise<EnrolmentConflictPage> {
    const page = await this.accessLogs.conflicts({ before: cursorKeys(q.cursor, ['seq'] as const)?.seq, limit: q.limit ?? 50 });
    return { items: page.items, next: page.nextSeq ? encodeCursor({ seq: page.nextSeq }) : null };
  }

  @Get('cameras/:id')
  @Roles('resident', 'admin')
  @ApiOperation({ operationId: 'getCamera', summary: 'One of your cameras, with its current consent' })
  @ApiOkResponse({ type: CameraWithConsentResponse })
  async get(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam): Promise<CameraWithConsentResponse> {
    return { camera: toCameraView(await this.registry.owned(user, id, 'read')), consent: await this.consents.current(id) };
  }

  @Post('cameras/:id/probe')
  @HttpCode(200)
  @Roles('resident')
  @ApiOperation({
    operationId: 'reprobeCamera',
    summary: 'Probe your camera again and store what it reports now (device, profile, stream, clock offset)',
  })
  @ApiOkResponse({ type: CameraResponse })
  @ApiProblems({ status: 422, description: 'The probe failed; `failure` says why' }, WITHDRAWN, TOO_MANY_PROBES, PROBES_UNAVAILABLE)
  reprobe(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam): Promise<CameraResponse> {
    return this.registry.reprobe(user, id);
  }

  @Put('cameras/:id/credentials')
  @Roles('resident')
  @ApiOperation({
    operationId: 'replaceCameraCredentials',
    summary: 'New camera username/password (after you changed it on the camera): verified by a probe, then stored encrypted',
  })
  @ApiOkResponse({ type: CameraResponse })
  @ApiProblems(
    { status: 422, description: 'The camera refused them or could not be reached; the old credentials stay' },
    WITHDRAWN,
    TOO_MANY_PROBES,
    PROBES_UNAVAILABLE,
  )
  credentials(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam, @Body() body: CameraCredentialsDto): Promise<CameraResponse> {
    return this.registry.reprobe(user, id, { username: body.username, password: body.password });
  }

  @Put('cameras/:id/clip-settings')
  @Roles('resident')
  @ApiOperation({
    operationId: 'setCameraClipSettings',
    summary: 'How much video before and after motion your camera’s clips keep, within the administrators’ limits (audited)',
  })
  @ApiOkResponse({ type: CameraResponse })
  @ApiProblems({ status: 422, description: 'Above CLIP_MAX_PRE_ROLL_S or CLIP_MAX_POST_ROLL_S' }, WITHDRAWN)
  clipSettings(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam, @Body() body: ClipSettingsDto): Promise<CameraResponse> {
    return this.registry.setClipSettings(user, id, { preRollSeconds: body.preRollSeconds, postRollSeconds: body.postRollSeconds });
  }

  @Get('cameras/:id/consents')
  @Roles('resident', 'admin')
  @ApiOperation({ operationId: 'listCameraConsents', summary: 'Every consent version of the camera, oldest first (one page)' })
  @ApiOkResponse({ type: ConsentPage })
  async history(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam): Promise<ConsentPage> {
    await this.registry.owned(user, id, 'read');
    // Bounded by nature: one version per change its owner makes (a handful in a camera's life), so one page.
    return wholeList(await this.consents.history(id));
  }

  @Put('cameras/:id/consent')
  @Roles('resident')
  @ApiOperation({
    operationId: 'changeCameraConsent',
    summary: 'Change what you share: records a new consent version (the first one for a camera enrolled pending)',
  })
  @ApiOkResponse({ type: ConsentResponse })
  @ApiProblems(WITHDRAWN)
  async change(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam, @Body() body: ConsentTermsDto): Promise<ConsentResponse> {
    return this.consents.change(await this.registry.owned(user, id, 'change'), user, terms(body));
  }

  @Post('cameras/:id/consent/pause')
  @HttpCode(200)
  @Roles('resident')
  @ApiOperation({ operationId: 'pauseCameraConsent', summary: 'Pause sharing (capture stops) without withdrawing' })
  @ApiOkResponse({ type: ConsentResponse })
  @ApiProblems({ status: 409, description: 'Not in a state that can be paused (already paused, or withdrawn)' })
  async pause(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam): Promise<ConsentResponse> {
    return this.consents.pause(await this.registry.owned(user, id, 'change'), user);
  }

  @Post('cameras/:id/consent/resume')
  @HttpCode(200)
  @Roles('resident')
  @ApiOperation({ operationId: 'resumeCameraConsent', summary: 'Resume a paused consent' })
  @ApiOkResponse({ type: ConsentResponse })
  @ApiProblems({ status: 409, description: 'Not paused' })
  async resume(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam): Promise<ConsentResponse> {
    return this.consents.resume(await this.registry.owned(user, id, 'change'), user);
  }

  @Post('cameras/:id/consent/withdraw')
  @HttpCode(200)
  @Roles('resident')
  @ApiOperation({
    operationId: 'withdrawCameraConsent',
    summary: 'Withdraw consent: final; capture stops at once and footage not on hold is deleted',
  })
  @ApiOkResponse({ type: ConsentResponse })
  @ApiProblems({ status: 409, description: 'Already withdrawn' })
  async withdraw(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam): Promise<ConsentResponse> {
    return this.consents.withdraw(await this.registry.owned(user, id, 'change'), user);
  }

  @Get('cameras/:id/access-log')
  @Roles('resident')
  @ApiOperation({
    operationId: 'listCameraAccessLog',
    summary:
      'Transparency: who (name and role) searched for, was released, viewed, downloaded or exported this camera’s footage, when and why; your own changes; attempts by others to enrol it. Newest first, paged by `next`',
  })
  @ApiOkResponse({ type: AccessLogPage })
  async accessLog(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam, @Query() q: AuditCursorQueryDto): Promise<AccessLogPage> {
    const camera = await this.registry.owned(user, id, 'read');
    const page = await this.accessLogs.page(id, camera.ownerId, {
      before: cursorKeys(q.cursor, ['seq'] as const)?.seq,
      limit: q.limit ?? 50,
    });
    return { items: page.items, next: page.nextSeq ? encodeCursor({ seq: page.nextSeq }) : null };
  }
}
