import { CallHandler, ExecutionContext, HttpException, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, throwError, type Observable } from 'rxjs';

/**
 * A 429 whose body carries `retryAfterSeconds` (the probe limits) also gets the standard
 * `Retry-After` header, so clients and proxies that know HTTP wait the right time.
 */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof HttpException && error.getStatus() === (HttpStatus.TOO_MANY_REQUESTS as number)) {
          const body = error.getResponse() as { retryAfterSeconds?: unknown };
          if (typeof body === 'object' && typeof body.retryAfterSeconds === 'number') {
            context
              .switchToHttp()
              .getResponse<Response>()
              .setHeader('Retry-After', String(Math.ceil(body.retryAfterSeconds)));
          }
        }
        return throwError(() => error);
      }),
    );
  }
}
