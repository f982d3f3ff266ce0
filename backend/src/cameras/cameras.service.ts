import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Repository } from 'typeorm';
import {
  SNOOZE_MAX_SECONDS,
  type Camera,
  type CameraSource,
  type CreateCameraRequest,
  type CreatedCamera,
  type IngestKeyResponse,
  type UpdateCameraRequest,
} from '@argus/shared';
import { Clock } from '../common/time';
import { CameraEntity } from './camera.entity';
import { generateIngestKey, hashIngestKey, ingestKeyHashesEqual } from './ingest-key';

/** Whose key a presented `X-Camera-Key` is, relative to the camera it is used for. */
export type IngestKeyCheck = 'own' | 'other_camera' | 'unknown';

/** The wire camera at `now` (ISO): a snooze that has run out shows as none. */
export function toCamera(entity: CameraEntity, now: string): Camera {
  return {
    id: entity.id,
    name: entity.name,
    location: entity.location,
    status: entity.status,
    enabled: Boolean(entity.enabled),
    last_seen_at: entity.lastSeenAt,
    source: entity.source,
    snoozed_until: entity.snoozedUntil !== null && entity.snoozedUntil > now ? entity.snoozedUntil : null,
  };
}

@Injectable()
export class CamerasService {
  constructor(
    @InjectRepository(CameraEntity) private readonly cameras: Repository<CameraEntity>,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<Camera[]> {
    const now = this.now();
    return (await this.cameras.find({ order: { id: 'ASC' } })).map((camera) => toCamera(camera, now));
  }

  /** Cameras registered by the built-in simulator. */
  async listSimulated(): Promise<Camera[]> {
    const now = this.now();
    const cameras = await this.cameras.find({ where: { source: 'simulator' }, order: { id: 'ASC' } });
    return cameras.map((camera) => toCamera(camera, now));
  }

  /** The camera `source` knows as `externalId` (Frigate's camera name), or null. */
  async findExternal(source: CameraSource, externalId: string): Promise<CameraEntity | null> {
    return this.cameras.findOne({ where: { source, externalId } });
  }

  /** Ids of enabled, online cameras of `sources` last seen before `cutoff` (ISO); never-seen ones are not included. */
  async listOverdue(cutoff: string, sources: CameraSource[]): Promise<number[]> {
    const rows = await this.cameras.find({
      select: { id: true },
      where: { status: 'online', enabled: true, lastSeenAt: LessThan(cutoff), source: In(sources) },
      order: { id: 'ASC' },
    });
    return rows.map((row) => row.id);
  }

  /** The stored rows of a source's cameras. */
  async listEntitiesBySource(source: CameraSource): Promise<CameraEntity[]> {
    return this.cameras.find({ where: { source }, order: { id: 'ASC' } });
  }

  /** Cameras a source registered by itself (the Frigate bridge caps their number). */
  async countBySource(source: CameraSource): Promise<number> {
    return this.cameras.count({ where: { source } });
  }

  /**
   * Registers a camera a source saw for the first time, named as the source names it; when
   * another instance registered it at the same moment (the unique (source, external_id)
   * index refuses the second), answers that one.
   */
  async registerExternal(source: CameraSource, externalId: string): Promise<CameraEntity> {
    const existing = await this.findExternal(source, externalId);
    if (existing) return existing;
    try {
      await this.create({ name: externalId }, { source, externalId });
    } catch (error) {
      const raced = await this.findExternal(source, externalId);
      if (raced) return raced;
      throw error;
    }
    const created = await this.findExternal(source, externalId);
    if (!created) throw new Error(`camera ${source}:${externalId} vanished after registration`);
    return created;
  }

  async get(id: number): Promise<Camera> {
    return toCamera(await this.getEntity(id), this.now());
  }

  /** The stored row, or 404. */
  async getEntity(id: number): Promise<CameraEntity> {
    const camera = await this.cameras.findOne({ where: { id } });
    if (!camera) throw new NotFoundException(`camera ${id} not found`);
    return camera;
  }

  /** New cameras start offline and unseen; the answer carries the only copy of the ingest key. */
  async create(
    input: CreateCameraRequest,
    options: { source?: CameraSource; externalId?: string } = {},
  ): Promise<CreatedCamera> {
    const ingestKey = generateIngestKey();
    const saved = await this.cameras.save(
      this.cameras.create({
        name: input.name,
        location: input.location ?? '',
        enabled: input.enabled ?? true,
        status: 'offline',
        lastSeenAt: null,
        ingestKeyHash: hashIngestKey(ingestKey),
        source: options.source ?? 'api',
        externalId: options.externalId ?? null,
        snoozedUntil: null,
        createdAt: this.clock.now().toISOString(),
      }),
    );
    return { ...toCamera(saved, this.now()), ingest_key: ingestKey };
  }

  async update(id: number, input: UpdateCameraRequest): Promise<Camera> {
    const camera = await this.getEntity(id);
    const changes: Partial<Pick<CameraEntity, 'name' | 'location' | 'enabled'>> = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.location !== undefined) changes.location = input.location;
    if (input.enabled !== undefined) changes.enabled = input.enabled;
    if (Object.keys(changes).length > 0) await this.cameras.update({ id }, changes);
    return toCamera({ ...camera, ...changes }, this.now());
  }

  /**
   * No alerts from the camera's events until `until` (contract §10); its events are still
   * stored. 400 unless `until` is in the future and at most SNOOZE_MAX_SECONDS (30 days) away.
   */
  async snooze(id: number, until: string): Promise<Camera> {
    const camera = await this.getEntity(id);
    const now = this.clock.now().getTime();
    const time = Date.parse(until);
    if (time <= now) throw new BadRequestException('until must be in the future');
    if (time > now + SNOOZE_MAX_SECONDS * 1000) throw new BadRequestException('until must be at most 30 days ahead');
    const snoozedUntil = new Date(time).toISOString();
    await this.cameras.update({ id }, { snoozedUntil });
    return toCamera({ ...camera, snoozedUntil }, this.now());
  }

  /** Ends a snooze (none running is fine: idempotent). */
  async unsnooze(id: number): Promise<Camera> {
    const camera = await this.getEntity(id);
    await this.cameras.update({ id }, { snoozedUntil: null });
    return toCamera({ ...camera, snoozedUntil: null }, this.now());
  }

  /** Stored events stay: they carry the camera's name. */
  async remove(id: number): Promise<void> {
    const result = await this.cameras.delete({ id });
    if (!result.affected) throw new NotFoundException(`camera ${id} not found`);
  }

  /** Replaces the ingest key; the old one stops working at once. */
  async rotateIngestKey(id: number): Promise<IngestKeyResponse> {
    await this.getEntity(id);
    const ingestKey = generateIngestKey();
    await this.cameras.update({ id }, { ingestKeyHash: hashIngestKey(ingestKey) });
    return { ingest_key: ingestKey };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  /** Checks `key` against camera `cameraId` (null: not a valid id, so the key cannot be its own). */
  async checkIngestKey(cameraId: number | null, key: string): Promise<IngestKeyCheck> {
    const hash = hashIngestKey(key);
    if (cameraId !== null) {
      const camera = await this.cameras.findOne({ where: { id: cameraId }, select: { id: true, ingestKeyHash: true } });
      if (camera && ingestKeyHashesEqual(hash, camera.ingestKeyHash)) return 'own';
    }
    const owner = await this.cameras.findOne({ where: { ingestKeyHash: hash }, select: { id: true } });
    return owner ? 'other_camera' : 'unknown';
  }
}
