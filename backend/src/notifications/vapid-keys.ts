import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import webpush from 'web-push';
import { Clock } from '../common/time';
import { runSql } from './sql';

const NAME = 'vapid';

export interface VapidKeyPair {
  publicKey: string;
  privateKey: string;
}

/**
 * The deployment's VAPID key pair (base64url, as `web-push` makes them), generated once
 * and kept in `app_keys`, so every instance signs with the same key the browsers
 * subscribed with. The first instance to start inserts it; `ON CONFLICT DO NOTHING` makes
 * a simultaneous second one adopt the winner's pair.
 */
@Injectable()
export class VapidKeys implements OnApplicationBootstrap {
  private keys: VapidKeyPair | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.get();
  }

  async get(): Promise<VapidKeyPair> {
    this.keys ??= await this.load();
    return this.keys;
  }

  private async load(): Promise<VapidKeyPair> {
    const manager = this.dataSource.manager;
    const existing = await this.read();
    if (existing !== null) return existing;
    const generated = webpush.generateVAPIDKeys();
    await runSql(
      manager,
      'INSERT INTO app_keys (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING',
      [NAME, JSON.stringify(generated), this.clock.now().toISOString()],
    );
    const stored = await this.read();
    if (stored === null) throw new Error('VAPID keys missing after insert');
    return stored;
  }

  private async read(): Promise<VapidKeyPair | null> {
    const rows = await runSql<{ value: string }>(
      this.dataSource.manager,
      'SELECT value FROM app_keys WHERE name = $1',
      [NAME],
    );
    if (rows[0] === undefined) return null;
    const { publicKey, privateKey } = JSON.parse(rows[0].value) as VapidKeyPair;
    return { publicKey, privateKey };
  }
}
