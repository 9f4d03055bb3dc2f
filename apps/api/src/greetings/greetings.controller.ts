import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessTokenClaims, CurrentUser, Public, Roles } from '@app/auth';
import { GreetingDto, PublicGreetingDto } from './greeting.dto';

/**
 * The example feature module: nothing here mentions auth, yet `GET /greetings` needs a bearer
 * token, because the JWT guard is global. Only the handler marked `@Public()` is open.
 */
@ApiTags('example')
@Controller('greetings')
export class GreetingsController {
  @Get()
  @ApiOperation({ summary: 'Greets the signed-in user (an example of a guarded route)' })
  @ApiOkResponse({ type: GreetingDto, description: 'The greeting.' })
  greet(@CurrentUser() user: AccessTokenClaims): GreetingDto {
    return { message: `Hello, ${user.name ?? user.email ?? 'there'}!`, groups: user.groups };
  }

  @Roles('editor')
  @Get('editors')
  @ApiOperation({
    summary: 'Greets editors only (an example of a route restricted to a role)',
    description: 'The `editor` role comes from IdP groups through AUTH_ROLE_MAPPING.',
  })
  @ApiOkResponse({ type: GreetingDto, description: 'The greeting.' })
  greetEditor(@CurrentUser() user: AccessTokenClaims): GreetingDto {
    return {
      message: `Hello, editor ${user.name ?? user.email ?? ''}!`.trim(),
      groups: user.groups,
    };
  }

  @Public()
  @Get('public')
  @ApiOperation({ summary: 'Greets anyone (an example of a public route)' })
  @ApiOkResponse({ type: PublicGreetingDto, description: 'The greeting.' })
  greetAnyone(): PublicGreetingDto {
    return { message: 'Hello, anyone!' };
  }
}
