// Query keys shared by loaders, mutations and the live socket, so each piece of data has one cache entry.
export const queryKeys = {
  statistics: ['statistics'] as const,
  recentEvents: ['events', 'recent'] as const,
  alerts: ['alerts', 'recent'] as const,
  cameras: ['cameras'] as const,
  users: ['users'] as const,
  people: ['people'] as const,
  alertRules: ['alert-rules'] as const,
  snapshotUrls: (eventId: number) => ['snapshot-urls', eventId] as const,
  notificationChannels: ['notifications', 'channels'] as const,
  notificationPreferences: ['notifications', 'preferences'] as const,
  webPushKey: ['notifications', 'webpush-key'] as const,
  deliveries: (alertId: number) => ['notifications', 'deliveries', alertId] as const,
};
