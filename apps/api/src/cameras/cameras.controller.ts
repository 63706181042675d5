import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
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
import { cursorKeys, keysetPage, wholeList } from '../http/page';
import {
  AuditCursorQueryDto,
  CameraCredentialsDto,
  CameraIdParam,
  CameraListQueryDto,
  ClipSettingsDto,
  ConsentTermsDto,
  EnrolCameraDto,
  NoticeQueryDto,
} from './dto/camera.dto';

const terms = (dto: ConsentTermsDto): ConsentTerms => ({ ...dto, activeHours: dto.activeHours ?? null, method: dto.method ?? 'api' });

const TOO_MANY_PROBES = 'Too many probes by you or of this address; `Retry-After` says when to try again';

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
  @ApiOperation({ summary: 'The consent notice residents read before enrolling (Vietnamese or English)' })
  notice(@Query() q: NoticeQueryDto) {
    const language = q.language ?? 'vi';
    return { version: CURRENT_NOTICE_VERSION, language, text: noticeText(CURRENT_NOTICE_VERSION, language) };
  }

  @Post('cameras')
  @Roles('resident')
  @ApiOperation({
    summary:
      'Enrol a camera you own: checks the network, probes it over ONVIF, stores it with your consent (or, without consent, pending: see its snapshot, then PUT /cameras/:id/consent)',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'The probe failed; `failure` says why: no_onvif_camera (nothing answered as an ONVIF camera), or for a device that did: auth_refused, clock_unset, no_h264, ...; forbidden_address',
  })
  @ApiConflictResponse({ description: 'The camera (same device, or same address and port) is already enrolled and not withdrawn' })
  @ApiTooManyRequestsResponse({ description: TOO_MANY_PROBES })
  enrol(@CurrentUser() user: Principal, @Body() body: EnrolCameraDto) {
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
  @ApiOperation({ summary: 'Your cameras (admins: all cameras)' })
  async list(@CurrentUser() user: Principal, @Query() q: CameraListQueryDto) {
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
    summary: 'Refused enrolments of a camera someone else had enrolled (who tried, which camera, its owner), newest first',
  })
  async enrolmentConflicts(@Query() q: AuditCursorQueryDto) {
    const page = await this.accessLogs.conflicts({ before: cursorKeys(q.cursor, ['seq'] as const)?.seq, limit: q.limit ?? 50 });
    return { items: page.items, next: page.nextSeq ? encodeCursor({ seq: page.nextSeq }) : null };
  }

  @Get('cameras/:id')
  @Roles('resident', 'admin')
  @ApiOperation({ summary: 'One of your cameras' })
  async get(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam) {
    return { camera: toCameraView(await this.registry.owned(user, id, 'read')), consent: await this.consents.current(id) };
  }

  @Post('cameras/:id/probe')
  @HttpCode(200)
  @Roles('resident')
  @ApiOperation({ summary: 'Probe your camera again and store what it reports now (device, profile, stream, clock offset)' })
  @ApiUnprocessableEntityResponse({ description: 'The probe failed; `failure` says why' })
  @ApiTooManyRequestsResponse({ description: TOO_MANY_PROBES })
  reprobe(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam) {
    return this.registry.reprobe(user, id);
  }

  @Put('cameras/:id/credentials')
  @Roles('resident')
  @ApiOperation({
    summary: 'New camera username/password (after you changed it on the camera): verified by a probe, then stored encrypted',
  })
  @ApiUnprocessableEntityResponse({ description: 'The camera refused them or could not be reached; the old credentials stay' })
  @ApiTooManyRequestsResponse({ description: TOO_MANY_PROBES })
  credentials(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam, @Body() body: CameraCredentialsDto) {
    return this.registry.reprobe(user, id, { username: body.username, password: body.password });
  }

  @Put('cameras/:id/clip-settings')
  @Roles('resident')
  @ApiOperation({ summary: 'How much video before and after motion your camera’s clips keep, within the administrators’ limits (audited)' })
  @ApiUnprocessableEntityResponse({ description: 'Above CLIP_MAX_PRE_ROLL_S or CLIP_MAX_POST_ROLL_S' })
  clipSettings(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam, @Body() body: ClipSettingsDto) {
    return this.registry.setClipSettings(user, id, { preRollSeconds: body.preRollSeconds, postRollSeconds: body.postRollSeconds });
  }

  @Get('cameras/:id/consents')
  @Roles('resident', 'admin')
  @ApiOperation({ summary: 'Every consent version of the camera, oldest first' })
  async history(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam) {
    await this.registry.owned(user, id, 'read');
    // Bounded by nature: one version per change its owner makes (a handful in a camera's life), so one page.
    return wholeList(await this.consents.history(id));
  }

  @Put('cameras/:id/consent')
  @Roles('resident')
  @ApiOperation({ summary: 'Change what you share: records a new consent version (the first one for a camera enrolled pending)' })
  async change(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam, @Body() body: ConsentTermsDto) {
    return this.consents.change(await this.registry.owned(user, id, 'change'), user, terms(body));
  }

  @Post('cameras/:id/consent/pause')
  @HttpCode(200)
  @Roles('resident')
  @ApiOperation({ summary: 'Pause sharing (capture stops) without withdrawing' })
  async pause(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam) {
    return this.consents.pause(await this.registry.owned(user, id, 'change'), user);
  }

  @Post('cameras/:id/consent/resume')
  @HttpCode(200)
  @Roles('resident')
  @ApiOperation({ summary: 'Resume a paused consent' })
  async resume(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam) {
    return this.consents.resume(await this.registry.owned(user, id, 'change'), user);
  }

  @Post('cameras/:id/consent/withdraw')
  @HttpCode(200)
  @Roles('resident')
  @ApiOperation({ summary: 'Withdraw consent: final; capture stops at once and footage not on hold is deleted' })
  async withdraw(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam) {
    return this.consents.withdraw(await this.registry.owned(user, id, 'change'), user);
  }

  @Get('cameras/:id/access-log')
  @Roles('resident')
  @ApiOperation({
    summary:
      'Transparency: who (name and role) searched for, was released, viewed, downloaded or exported this camera’s footage, when and why; your own changes; attempts by others to enrol it. Newest first, paged by `next`',
  })
  async accessLog(@CurrentUser() user: Principal, @Param() { id }: CameraIdParam, @Query() q: AuditCursorQueryDto) {
    const camera = await this.registry.owned(user, id, 'read');
    const page = await this.accessLogs.page(id, camera.ownerId, {
      before: cursorKeys(q.cursor, ['seq'] as const)?.seq,
      limit: q.limit ?? 50,
    });
    return { items: page.items, next: page.nextSeq ? encodeCursor({ seq: page.nextSeq }) : null };
  }
}
