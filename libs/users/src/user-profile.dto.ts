import { ApiProperty } from '@nestjs/swagger';
import { User } from './user.entity';

/** The profile a frontend sees: what the IdP said, plus our id and timestamps. */
export class UserProfileDto {
  @ApiProperty({ format: 'uuid', description: 'Our id of the user; the `sub` of access tokens.' })
  id!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Email address, as the IdP sent it.' })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Given name, as the IdP sent it.' })
  firstName!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Family name, as the IdP sent it.' })
  lastName!: string | null;

  @ApiProperty({ type: [String], description: 'IdP groups at the last sign-in.' })
  groups!: string[];

  @ApiProperty({ description: 'Entity ID of the IdP that signed the user in.' })
  issuer!: string;

  @ApiProperty({ description: 'The NameID the IdP identifies the user by.' })
  nameId!: string;

  @ApiProperty({ format: 'date-time', description: 'First sign-in.' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', description: 'Latest sign-in.' })
  lastLoginAt!: string;

  static fromUser(user: User): UserProfileDto {
    return {
      id: user.id,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      groups: user.groups,
      issuer: user.issuer,
      nameId: user.nameId,
      createdAt: user.createdAt.toISOString(),
      lastLoginAt: user.lastLoginAt.toISOString(),
    };
  }
}
