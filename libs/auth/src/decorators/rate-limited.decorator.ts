import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * Limits a sign-in endpoint to AUTH_RATE_LIMIT_PER_MINUTE requests per minute and client IP
 * (counted per endpoint, in this process). Past it: 429 with `Retry-After` in seconds.
 * Put it below other `@UseGuards` of the handler so that it runs first: a refused request
 * should cost nothing, least of all a signature check.
 */
export const RateLimited = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    UseGuards(ThrottlerGuard),
    ApiTooManyRequestsResponse({
      description: 'Too many requests from this address; retry after `Retry-After` seconds.',
      headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
    }),
  );
