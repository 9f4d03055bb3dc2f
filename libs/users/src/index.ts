export * from './user.entity';
export * from './user-profile.dto';
export * from './users.module';
export * from './users.service';
