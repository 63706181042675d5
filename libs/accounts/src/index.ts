export * from './accounts.module';
export * from './accounts.service';
export * from './authentication.service';
export * from './password-hasher';
export * from './roles';
export * from './user.entity';
export * from './users.repository';
