import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformTo } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { decodeCursor, encodeCursor, type CursorKey } from './cursor';
import { problemContext } from './validation-problem';

/**
 * The one list format: every list endpoint answers `{ items, next }`. `next` is an opaque cursor to
 * pass back as `?cursor=` for the following page, or null on the last page. Lists bounded by nature
 * (a camera's consent versions, the camera networks) use the same envelope with `next: null`, so a
 * client pages every list the same way. Extra top-level data (a search's window) sits beside `items`.
 */
export interface Page<T> {
  items: T[];
  next: string | null;
}

const BAD_CURSOR = 'cursor is not one this API issued; start again without a cursor';

const pageSchemas = new Map<Type<unknown>, Type<Page<unknown>>>();

/**
 * The OpenAPI response schema `<Item>Page` for a list of `item`: `{ items: Item[], next: string | null }`.
 * One class per item type (memoised), so the document names each page schema once.
 */
export function PageOf<T>(item: Type<T>, description?: string): Type<Page<T>> {
  const known = pageSchemas.get(item);
  if (known) return known as Type<Page<T>>;
  class PageSchema implements Page<T> {
    @ApiProperty({ type: [item], description }) items: T[];
    @ApiProperty({
      nullable: true,
      type: String,
      description: 'Opaque cursor: pass it as `cursor` for the next page; null on the last page',
      example: null,
    })
    next: string | null;
  }
  Object.defineProperty(PageSchema, 'name', { value: `${item.name.replace(/Response$|View$/, '')}Page` });
  pageSchemas.set(item, PageSchema);
  return PageSchema;
}

export interface PageQueryShape {
  cursor?: string;
  limit?: number;
}

/**
 * Query parameters `cursor` and `limit` with this endpoint's default and maximum. Extend it
 * (`class XQuery extends PageQuery({ ... }) { filters }`) so paging reads the same everywhere.
 */
export function PageQuery(bounds: { defaultLimit: number; maxLimit: number }): Type<PageQueryShape> {
  const limitMessage = `limit must be a whole number between 1 and ${bounds.maxLimit}`;
  class PageQueryDto implements PageQueryShape {
    @ApiPropertyOptional({ description: '`next` of the previous page (opaque); omit for the first page', maxLength: 1000 })
    @IsOptional()
    @Matches(/^[A-Za-z0-9_-]{1,1000}$/, { message: BAD_CURSOR, context: problemContext('validation.bad_cursor') })
    cursor?: string;

    @ApiPropertyOptional({ default: bounds.defaultLimit, minimum: 1, maximum: bounds.maxLimit, description: 'Items per page' })
    @IsOptional()
    @TransformTo(() => Number)
    @IsInt({ message: limitMessage })
    @Min(1, { message: limitMessage })
    @Max(bounds.maxLimit, { message: limitMessage })
    limit?: number;
  }
  return PageQueryDto;
}

/** A list that is complete in one answer (bounded by nature: say why where it is used). */
export const wholeList = <T>(items: T[]): Page<T> => ({ items, next: null });

/**
 * A keyset page from rows fetched with `LIMIT limit + 1`: the extra row only says there is more,
 * so the last page never costs a request that answers nothing.
 */
export function keysetPage<T>(rows: T[], limit: number, keyOf: (last: T) => Partial<Record<CursorKey, string>>): Page<T> {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null };
}

/** The keys of a cursor this API issued (a 400 `validation.bad_cursor` otherwise). */
export const cursorKeys = <K extends CursorKey>(cursor: string | undefined, keys: readonly K[]): Record<K, string> | null =>
  cursor ? decodeCursor(cursor, keys) : null;
