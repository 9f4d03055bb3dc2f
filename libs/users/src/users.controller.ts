import { Controller, Get, NotFoundException } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessTokenClaims, CurrentUser } from '@app/auth';
import { UserProfileDto } from './user-profile.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** The signed-in user's profile as last provisioned from the IdP. */
  @Get('me')
  @ApiOperation({ summary: "The signed-in user's profile" })
  @ApiOkResponse({ type: UserProfileDto, description: 'The profile.' })
  @ApiNotFoundResponse({ description: 'The account behind the token no longer exists.' })
  async me(@CurrentUser() claims: AccessTokenClaims): Promise<UserProfileDto> {
    const user = await this.users.findById(claims.sub);
    if (!user) {
      throw new NotFoundException('This account no longer exists');
    }
    return UserProfileDto.fromUser(user);
  }
}
