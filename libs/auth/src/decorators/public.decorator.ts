import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'auth:isPublic';

/**
 * Opens a handler (or a whole controller) to requests without a bearer token. Everything else
 * is closed by the global JWT guard, so forgetting a decorator leaves a route closed, not open.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
