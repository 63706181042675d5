import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@wardwatch/accounts';
import { ClipLinksService, STORE_URL_SECONDS, type ClipLinkView } from '@wardwatch/investigations';
import { encodeCursor } from '../http/cursor';
import { API_PREFIX } from '../http/api-prefix';
import { cursorKeys } from '../http/page';
import { ApiProblems } from '../openapi/api-problems';
import { CurrentUser, Roles } from '../auth/access-policy';
import { ClipLinkPage, ClipLinkResponse, IdParam, IssueLinkDto, LinkResponse, PageQueryDto, RevokeLinkDto } from './dto/investigation.dto';

/** The API's own path of a link: what the web app puts in <video src> and <a href>. */
export const linkPath = (id: string) => `${API_PREFIX}/links/${id}`;

const REFUSALS =
  '`link.revoked` (with `revokedAt`, `revokedBy.role` and `reason`), `link.expired` (`expiredAt`), ' +
  '`link.release_ended` (the release expired, or was revoked when the case closed), `link.consent_withdrawn`';

/**
 * Links to released clips. Issuing records a link issued to the caller; the link is the API's own
 * URL, and every opening goes through here (checked, counted, audited as link.opened) before a
 * short redirect to the object store. Supervisors list and revoke them per investigation.
 */
@ApiTags('investigations')
@Controller()
export class ClipLinksController {
  constructor(private readonly links: ClipLinksService) {}

  @Post('clips/:id/links')
  @Roles('officer', 'supervisor')
  @ApiOperation({
    operationId: 'issueClipLink',
    summary: 'A short-lived, revocable link to view or download a released clip (or its thumbnail); audited as link.issued',
    description:
      'Only for members of an investigation with a live (not expired, not revoked) release covering the clip. ' +
      "`url` is the API's own path (GET /links/{id}), not a store URL: it opens only for you, until `expiresAt`, unless revoked.",
  })
  @ApiCreatedResponse({ type: LinkResponse })
  @ApiProblems({ status: 403, description: 'Not a member, or no live release covers the clip' })
  async issue(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() body: IssueLinkDto): Promise<LinkResponse> {
    const link = await this.links.issue(user, {
      clipId: id,
      investigationId: body.investigationId,
      kind: body.kind,
      asset: body.asset ?? 'clip',
    });
    return { ...link, url: linkPath(link.id) };
  }

  @Get('links/:id')
  @HttpCode(302)
  @Roles('officer', 'supervisor')
  @ApiOperation({
    operationId: 'openClipLink',
    summary: 'Opens a link issued to you: audited as link.opened, then a redirect to the footage',
    description:
      'Only the user the link was issued to opens it (bearer token or session cookie). Each opening is checked again, as issuing was ' +
      '(not revoked, not expired, release live, consent not withdrawn, still a member), counted and audited as link.opened, and answered ' +
      `302 to an object-store URL valid for min(the link's remaining time, ${STORE_URL_SECONDS} s); download links carry the file name. ` +
      'Media players follow the redirect and fetch byte ranges from it. After a revocation no new opening succeeds; a player that ' +
      `opened the link before keeps the store URL it was given for at most ${STORE_URL_SECONDS} s.`,
  })
  @ApiResponse({
    status: 302,
    description: 'To the footage on the object store (short-lived presigned URL); not cacheable',
    headers: { Location: { description: 'Presigned object-store URL', schema: { type: 'string', format: 'uri' } } },
  })
  @ApiProblems(
    { status: 403, description: '`link.not_yours`: issued to another user; or `investigation.not_member`: you left the investigation' },
    { status: 404, description: '`link.not_found`: no such link (or its clip was deleted)' },
    { status: 410, description: `The link no longer opens: ${REFUSALS}` },
  )
  async open(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Res() res: Response): Promise<void> {
    const { url } = await this.links.open(user, id);
    // Never cached: a cached redirect would outlive a revocation.
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, url);
  }

  @Get('links/:id/status')
  @Roles('officer', 'supervisor')
  @ApiOperation({
    operationId: 'getClipLink',
    summary: 'A link without opening it: its state, openings, revocation, and what opening it would answer now',
    description:
      'For the user it was issued to, members of its investigation and supervisors. Not audited and not counted: it fetches no ' +
      'footage. The web player asks it when a video or download fails, to say why (revoked by whom and why, expired, ...).',
  })
  @ApiOkResponse({ type: ClipLinkResponse })
  @ApiProblems({ status: 404, description: '`link.not_found`' })
  status(@CurrentUser() user: Principal, @Param() { id }: IdParam): Promise<ClipLinkResponse> {
    return this.links.view(user, id);
  }

  @Post('links/:id/revoke')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({
    operationId: 'revokeClipLink',
    summary: 'Ends a link before it expires (a supervisor; or the officer it was issued to); audited as link.revoked',
    description:
      `No opening succeeds after the revocation; a player that opened it before keeps its store URL for at most ${STORE_URL_SECONDS} s. ` +
      'The release itself goes on: its members can ask for new links.',
  })
  @ApiOkResponse({ type: ClipLinkResponse })
  @ApiProblems(
    { status: 403, description: '`link.not_yours`: an officer revoking a link issued to someone else' },
    { status: 404, description: '`link.not_found`' },
    { status: 409, description: '`link.not_live`: already revoked or expired (`state`)' },
  )
  revoke(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Body() body: RevokeLinkDto): Promise<ClipLinkResponse> {
    return this.links.revoke(user, id, body.reason);
  }

  @Get('investigations/:id/links')
  @Roles('officer', 'supervisor')
  @ApiOperation({
    operationId: 'listInvestigationLinks',
    summary: "An investigation's links, newest first: to whom, which clip, view or download, state, openings, revocation",
    description: 'For its members and for supervisors.',
  })
  @ApiOkResponse({ type: ClipLinkPage })
  @ApiProblems({ status: 403, description: 'Not a member (and not a supervisor)' }, { status: 404, description: 'No such investigation' })
  async list(@CurrentUser() user: Principal, @Param() { id }: IdParam, @Query() q: PageQueryDto): Promise<ClipLinkPage> {
    const c = cursorKeys(q.cursor, ['at', 'id'] as const);
    const page = await this.links.list(user, id, { after: c ? { issuedAt: new Date(c.at), id: c.id } : null, limit: q.limit ?? 50 });
    return {
      items: page.items satisfies ClipLinkView[],
      next: page.next ? encodeCursor({ at: page.next.issuedAt.toISOString(), id: page.next.id }) : null,
    };
  }
}
