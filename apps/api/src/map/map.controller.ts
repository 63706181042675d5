import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiConfig } from '@wardwatch/config';
import { problem } from '@wardwatch/problems';
import { ApiProblems } from '../openapi/api-problems';
import { Roles } from '../auth/access-policy';

/** PMTiles has no registered media type; this is the one its tools and servers use. */
export const PMTILES_CONTENT_TYPE = 'application/vnd.pmtiles';

/** The configured basemap file, when there is one and it is still there. */
export async function basemapFile(config: ApiConfig): Promise<string | null> {
  if (!config.MAP_BASEMAP_PMTILES) return null;
  const path = resolve(config.MAP_BASEMAP_PMTILES);
  try {
    return (await stat(path)).isFile() ? path : null;
  } catch {
    return null;
  }
}

/**
 * The map's optional offline basemap: one PMTiles archive the deployment supplies
 * (MAP_BASEMAP_PMTILES), read by the web app's map in byte ranges, so the map needs no internet.
 */
@ApiTags('map')
@Controller('map')
export class MapController {
  constructor(private readonly config: ApiConfig) {}

  @Get('basemap.pmtiles')
  @Roles('resident', 'officer', 'supervisor', 'admin')
  @ApiOperation({
    operationId: 'getMapBasemap',
    summary:
      'The offline basemap (PMTiles v3), for any signed-in user. Supports HTTP Range (206 with Content-Range, Accept-Ranges), ' +
      'ETag and Last-Modified (304 on a match). GET /settings says whether the deployment has one (map.basemap).',
  })
  @ApiProduces(PMTILES_CONTENT_TYPE)
  @ApiOkResponse({
    description:
      'The whole file without a Range header; with one, 206 Partial Content and the bytes asked for (Content-Range says which ' +
      'of how many). 304 when If-None-Match or If-Modified-Since matches.',
    content: { [PMTILES_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(
    { status: 404, description: 'No basemap is configured (map.no_basemap)' },
    { status: 416, description: 'The range is outside the file (map.range_not_satisfiable); Content-Range gives its size' },
  )
  async basemap(@Res() res: Response): Promise<void> {
    const path = await basemapFile(this.config);
    if (!path) {
      throw problem(
        'map.no_basemap',
        'this deployment has no offline basemap (MAP_BASEMAP_PMTILES is not set, or its file is missing); the map shows its own layers only',
      );
    }
    // Express's sendFile (the `send` module): single ranges as 206, several as the whole file,
    // conditional requests (ETag, Last-Modified, If-Range), HEAD, and 416 for an unsatisfiable range.
    const failure = await new Promise<(Error & { status?: number; statusCode?: number; headers?: Record<string, string> }) | null>((done) =>
      res.sendFile(
        path,
        {
          acceptRanges: true,
          etag: true,
          lastModified: true,
          dotfiles: 'allow',
          // Signed-in users only: never in a shared cache; the browser revalidates with the ETag.
          cacheControl: false,
          headers: { 'Content-Type': PMTILES_CONTENT_TYPE, 'Cache-Control': 'private, no-cache' },
        },
        (e?: Error) => done(e ?? null),
      ),
    );
    if (!failure || res.headersSent) return;
    const status = failure.status ?? failure.statusCode;
    if (status === 416) {
      for (const [name, value] of Object.entries(failure.headers ?? {})) res.setHeader(name, value);
      throw problem(
        'map.range_not_satisfiable',
        `${res.req.headers.range ?? 'the range'} is outside the basemap: ask for bytes within its size`,
      );
    }
    if (status === 404) throw problem('map.no_basemap', 'the offline basemap file has gone missing; tell the deployment’s administrator');
    throw failure;
  }
}
