import { Controller, Get } from '@nestjs/common';
import { AccessTokenClaims, CurrentUser, Public } from '@app/auth';

/**
 * The example feature module: nothing here mentions auth, yet `GET /greetings` needs a bearer
 * token, because the JWT guard is global. Only the handler marked `@Public()` is open.
 */
@Controller('greetings')
export class GreetingsController {
  @Get()
  greet(@CurrentUser() user: AccessTokenClaims): { message: string; groups: string[] } {
    return { message: `Hello, ${user.name ?? user.email ?? 'there'}!`, groups: user.groups };
  }

  @Public()
  @Get('public')
  greetAnyone(): { message: string } {
    return { message: 'Hello, anyone!' };
  }
}
