import { User } from './user.entity';

/** The profile a frontend sees: what the IdP said, plus our id and timestamps. */
export class UserProfileDto {
  id!: string;
  email!: string | null;
  firstName!: string | null;
  lastName!: string | null;
  groups!: string[];
  issuer!: string;
  nameId!: string;
  createdAt!: string;
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
