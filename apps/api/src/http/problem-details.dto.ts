import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { problemCodes } from '@wardwatch/problems';

/** The media type of every error body (RFC 9457). */
export const PROBLEM_JSON = 'application/problem+json';

/** The machine-readable error codes (libs/problems), so `ProblemDetails.code` is an enum the typed client can switch over. */
export const PROBLEM_CODES: readonly string[] = problemCodes();

/** One field that failed validation. */
export class ProblemFieldError {
  @ApiProperty({ description: 'The field, as a path into the request (`consent.retentionDays`, `cameraIds[2]`)', example: 'limit' })
  field: string;

  @ApiProperty({ description: 'What is wrong with it, for a person to read', example: 'limit must be a whole number between 1 and 200' })
  detail: string;
}

/**
 * Every error the API answers (RFC 9457 problem details, `application/problem+json`). `code` is the
 * stable thing to program against; `title` and `detail` are for people.
 */
export class ProblemDetails {
  @ApiProperty({
    format: 'uri-reference',
    description: 'A URI reference naming the kind of problem: `urn:wardwatch:problem:<code>`',
    example: 'urn:wardwatch:problem:validation.failed',
  })
  type: string;

  @ApiProperty({
    description: 'Short summary of the kind of problem (the same for every occurrence)',
    example: 'Some fields are not valid',
  })
  title: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status code', example: 400 })
  status: number;

  @ApiProperty({ description: 'This occurrence, for a person to read; always a string', example: 'the request has 1 invalid field' })
  detail: string;

  @ApiPropertyOptional({ description: 'The request path this occurrence is about', example: '/api/v1/users' })
  instance?: string;

  @ApiProperty({
    description: 'Stable machine-readable code of the kind of error (e.g. `probe.unreachable`, `search.window_too_long`)',
    example: 'validation.failed',
    enum: [...PROBLEM_CODES],
  })
  code: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'On 5xx only: the id under which the server logged this error; quote it when reporting it',
    example: '0b8f2f4e-3a55-4c43-9d37-8f61a2c9e5d1',
  })
  errorId?: string;

  @ApiPropertyOptional({ type: [ProblemFieldError], description: 'On validation failures: every field that failed, with why' })
  errors?: ProblemFieldError[];
}
