import { INestApplication } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { MetadataScanner } from '@nestjs/core/metadata-scanner';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { IS_PUBLIC_KEY } from '@app/auth';
import { ProblemDetailsDto } from './problem-details.dto';

export const BEARER_SCHEME = 'bearer';

const DESCRIPTION = [
  'Signs a frontend in through a SAML 2.0 IdP and issues JWT access tokens and rotating refresh',
  'tokens. Every route needs `Authorization: Bearer <access token>` unless it lists no security.',
  'Errors are RFC 9457 problem details, except the token endpoint (RFC 6749 §5.2).',
].join(' ');

/**
 * The OpenAPI document of every controller. Which operations need a bearer token is read from
 * the same `@Public()` metadata the global JWT guard obeys, so the document cannot drift from
 * what is enforced; error responses without a schema get the problem-details one.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('SAML sign-in API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token.' },
      BEARER_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto] });
  const publicOperations = publicOperationIds(app);
  for (const operation of operationsOf(document)) {
    describeAccess(operation, publicOperations.has(operation.operationId ?? ''));
    describeProblems(operation);
  }
  return document;
}

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

function operationsOf(document: OpenAPIObject): Operation[] {
  const methods = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;
  return Object.values(document.paths).flatMap((item) =>
    methods.flatMap((method) => item[method] ?? []),
  );
}

function describeAccess(operation: Operation, isPublic: boolean): void {
  operation.security = isPublic ? [] : [{ [BEARER_SCHEME]: [] }];
  if (isPublic) {
    return;
  }
  operation.responses['401'] ??= { description: 'No valid access token.' };
}

function describeProblems(operation: Operation): void {
  const problem = { schema: { $ref: getSchemaPath(ProblemDetailsDto) } };
  for (const [status, response] of Object.entries(operation.responses)) {
    if (Number(status) < 400 || !response || !('description' in response)) {
      continue;
    }
    if (response.content) {
      continue;
    }
    response.content = { 'application/problem+json': problem };
  }
}

/** `<Controller>_<method>` of every public handler: swagger's default operation ids. */
function publicOperationIds(app: INestApplication): Set<string> {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const controllers = [...app.get<ModulesContainer>(ModulesContainer).values()].flatMap(
    (module) => [...module.controllers.values()],
  );
  const ids = controllers.flatMap(({ instance, metatype }) => {
    const prototype = instance ? Reflect.getPrototypeOf(instance) : null;
    if (!prototype || !metatype) {
      return [];
    }
    return scanner
      .getAllMethodNames(prototype)
      .filter((name) => {
        const handler: unknown = Reflect.get(prototype, name);
        if (typeof handler !== 'function') {
          return false;
        }
        return reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [handler, metatype]) === true;
      })
      .map((name) => `${metatype.name}_${name}`);
  });
  return new Set(ids);
}
