import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { LANGUAGES, ROLES, type Language, type Principal } from '@wardwatch/accounts';
import { NOTIFICATION_KINDS, NotificationsService, type NotificationKind } from '@wardwatch/notifications';
import { CurrentUser, Roles } from '../auth/access-policy';
import { cursorKeys, keysetPage, PageOf, PageQuery, type Page } from '../http/page';
import { ApiProblems } from '../openapi/api-problems';

class NotificationSubject {
  @ApiProperty({ example: 'footage_request' }) type: string;
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty({ description: "In the reader's preferred language" }) title: string;
  @ApiProperty() text: string;
  @ApiProperty({ description: 'Where in the web app it leads (a path)', example: '/requests' }) link: string;
  @ApiProperty({ type: NotificationSubject }) subject: NotificationSubject;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) readAt: Date | null;
}

export class NotificationPage extends PageOf(NotificationResponse) {}

export class ListNotificationsQuery extends PageQuery({ defaultLimit: 20, maxLimit: 100 }) {
  @ApiPropertyOptional({ description: 'Only notifications not read yet' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;
}

export class NotificationIdParam {
  @ApiProperty({ format: 'uuid', description: 'The notification' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class UnreadCountResponse {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Notifications not read yet' }) unread: number;
}

export class NotificationSettingsResponse {
  @ApiProperty({ description: 'Where e-mail notifications go (the account e-mail)' }) email: string;
  @ApiProperty({ description: 'Notifications also by e-mail (they always appear in the app)' }) emailNotifications: boolean;
  @ApiProperty({ enum: LANGUAGES, description: 'vi by default; hmn uses Vietnamese words until its catalogue is reviewed' })
  preferredLanguage: Language;
}

export class UpdateNotificationSettingsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'emailNotifications must be true or false' })
  emailNotifications?: boolean;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `preferredLanguage must be one of ${LANGUAGES.join(', ')}` })
  preferredLanguage?: Language;
}

/** Every signed-in user's own notifications; nobody reads or marks another's. */
@ApiTags('notifications')
@Controller('notifications')
@Roles(...ROLES)
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ operationId: 'listNotifications', summary: 'Your notifications, newest first (unread=true for the unread ones)' })
  @ApiOkResponse({ type: NotificationPage })
  async list(@CurrentUser() user: Principal, @Query() q: ListNotificationsQuery): Promise<Page<NotificationResponse>> {
    const after = cursorKeys(q.cursor, ['createdAt', 'id'] as const);
    const limit = q.limit ?? 20;
    const rows = await this.notifications.list(user.userId, {
      unreadOnly: q.unread === true,
      after: after ? { createdAt: new Date(after.createdAt), id: after.id } : null,
      limit,
    });
    return keysetPage(rows, limit, (last) => ({ createdAt: last.createdAt.toISOString(), id: last.id }));
  }

  @Get('unread-count')
  @ApiOperation({ operationId: 'countUnreadNotifications', summary: 'How many of your notifications are unread (for a badge)' })
  @ApiOkResponse({ type: UnreadCountResponse })
  async unreadCount(@CurrentUser() user: Principal): Promise<UnreadCountResponse> {
    return { unread: await this.notifications.unreadCount(user.userId) };
  }

  @Get('settings')
  @ApiOperation({ operationId: 'getNotificationSettings', summary: 'Your notification settings: e-mail on or off, and the language' })
  @ApiOkResponse({ type: NotificationSettingsResponse })
  settings(@CurrentUser() user: Principal): Promise<NotificationSettingsResponse> {
    return this.notifications.settings(user.userId);
  }

  @Put('settings')
  @ApiOperation({ operationId: 'updateNotificationSettings', summary: 'Turn e-mail notifications on or off, or choose their language' })
  @ApiOkResponse({ type: NotificationSettingsResponse })
  updateSettings(@CurrentUser() user: Principal, @Body() body: UpdateNotificationSettingsDto): Promise<NotificationSettingsResponse> {
    return this.notifications.updateSettings(user.userId, body);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ operationId: 'markNotificationRead', summary: 'Mark one of your notifications read' })
  @ApiOkResponse({ type: NotificationResponse })
  @ApiProblems({ status: 404, description: 'You have no notification with this id' })
  markRead(@CurrentUser() user: Principal, @Param() { id }: NotificationIdParam): Promise<NotificationResponse> {
    return this.notifications.markRead(user.userId, id);
  }
}
