import { Controller, Get, NotFoundException } from '@nestjs/common';
import { AccessTokenClaims, CurrentUser } from '@app/auth';
import { UserProfileDto } from './user-profile.dto';
import { UsersService } from './users.service';

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** The signed-in user's profile as last provisioned from the IdP. */
  @Get('me')
  async me(@CurrentUser() claims: AccessTokenClaims): Promise<UserProfileDto> {
    const user = await this.users.findById(claims.sub);
    if (!user) {
      throw new NotFoundException('This account no longer exists');
    }
    return UserProfileDto.fromUser(user);
  }
}
